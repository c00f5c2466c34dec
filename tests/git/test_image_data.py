"""Which bytes of a PNG or a JPEG are compressed image data, passed over by the scan: built at
run time as encoders write them (zlib pixel rows, entropy-coded scans with stuffed 0xFF
bytes and restart markers), with text in their metadata, between a progressive JPEG's scans
and after their end; and what a malformed file leaves readable."""

from __future__ import annotations

import random

from pushguard.git.image_data import image_data_spans, readable_spans, without_image_data
from tests.helpers.images import chunk, pixels, png, scan_data, segment

RNG = random.Random(5)


def test_a_png_s_pixel_chunks_are_its_image_data_and_its_text_chunks_are_not() -> None:
    first, second = pixels(3000, RNG), pixels(2000, RNG)
    text = chunk(b"tEXt", b"Comment\x00deploy key here")
    blob = png(text, chunk(b"IDAT", first), chunk(b"IDAT", second), after=b"appended\n")
    start = blob.index(first)
    # two adjacent IDAT chunks: one span, from the first's data to the second's end
    assert image_data_spans(blob) == [(start, blob.index(second) + len(second))]
    readable = b"".join(blob[a:b] for a, b in readable_spans(blob))
    assert b"deploy key here" in readable and readable.endswith(b"appended\n")
    assert first not in readable and second not in readable


def test_a_truncated_png_is_read_from_where_its_chunks_stop_parsing() -> None:
    data = pixels(500, RNG)
    blob = png(chunk(b"IDAT", data))
    cut = blob[: blob.index(data) + 10]  # the IDAT chunk runs past the end
    assert image_data_spans(cut) == []
    assert readable_spans(cut) == [(0, len(cut))]


def test_a_progressive_jpeg_s_scans_are_its_image_data_its_segments_are_not() -> None:
    first, second = scan_data(4000, RNG), scan_data(3000, RNG)
    blob = (
        b"\xff\xd8"
        + segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
        + segment(0xFE, b"made with key one")  # a comment before the first scan
        + segment(0xC2, b"\x08\x00\x10\x00\x10\x01\x01\x11\x00")
        + segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
        + first
        + segment(0xFE, b"and key two between scans")
        + segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
        + second
        + b"\xff\xff\xd9"  # fill, then the end of the image
        + b"trailer\n"
    )
    start_first, start_second = blob.index(first), blob.index(second)
    assert image_data_spans(blob) == [
        (start_first, start_first + len(first)),
        (start_second, start_second + len(second)),
    ]
    readable = b"".join(blob[a:b] for a, b in readable_spans(blob))
    for text in (b"made with key one", b"and key two between scans", b"trailer\n"):
        assert text in readable


def test_other_blobs_are_read_whole() -> None:
    blob = b"\x00\x01ELF" + bytes(RNG.randrange(256) for _ in range(2000))
    assert image_data_spans(blob) == [] and readable_spans(blob) == [(0, len(blob))]
    assert without_image_data(blob) is blob


def test_leaving_the_image_data_out_keeps_the_line_numbers() -> None:
    data = pixels(4000, RNG)
    blob = png(chunk(b"IDAT", data), after=b"\nafter\n")
    kept = without_image_data(blob)
    assert kept.count(b"\n") == blob.count(b"\n") and data not in kept
    assert kept.splitlines()[-1] == b"after"
