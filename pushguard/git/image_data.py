"""Where a PNG or JPEG blob holds its compressed image data: the part of a binary blob that
cannot hold text, so the scan passes over it.

A repository's binary bytes are mostly images (on laravel's history with all refs, 140 of
its 195 MB of binary blobs are PNG and JPEG), and reading them for credentials cost a scan
more than any other kind of binary. Their pixels are deflate streams (PNG's ``IDAT`` and
APNG's ``fdAT`` chunks) or entropy-coded scans (JPEG, after each start-of-scan header), where
a token cannot appear as written. Everything else is still read: a PNG's text chunks, a
JPEG's comment and APP segments (EXIF, XMP), between scans too, and whatever a file carries
after its end marker. The structure is walked from the chunk lengths and segment markers
alone; where it does not parse, the rest of the blob is read as before.
"""

from __future__ import annotations

import re

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_START = b"\xff\xd8\xff"
_PNG_PIXELS = frozenset({b"IDAT", b"fdAT"})
_PNG_CHUNK_GAP = 12
"""Bytes between two chunks' data (a CRC, then the next length and type): adjacent pixel
chunks make one span."""
# In a JPEG's entropy-coded data a 0xFF byte is followed by 0x00 (stuffing) or is a restart
# marker (0xD0-0xD7) or fill (0xFF): any other byte after it starts the next segment
_JPEG_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")


def image_data_spans(data: bytes) -> list[tuple[int, int]]:
    """The ``[start, end)`` byte ranges of ``data``'s compressed image data, in order; none
    for a blob that is not a PNG or a JPEG."""
    if data.startswith(PNG_SIGNATURE):
        return _png(data)
    if data.startswith(JPEG_START):
        return _jpeg(data)
    return []


def readable_spans(data: bytes) -> list[tuple[int, int]]:
    """The ranges of ``data`` outside its compressed image data: all of it but for a PNG or
    JPEG's pixels."""
    readable: list[tuple[int, int]] = []
    done = 0
    for start, end in image_data_spans(data):
        if start > done:
            readable.append((done, start))
        done = end
    if done < len(data):
        readable.append((done, len(data)))
    return readable


def without_image_data(data: bytes) -> bytes:
    """``data`` with its compressed image data left out but for its newlines, so that the
    lines after it keep their numbers."""
    spans = image_data_spans(data)
    if not spans:
        return data
    parts: list[bytes] = []
    done = 0
    for start, end in spans:
        parts += (data[done:start], b"\n" * data.count(b"\n", start, end))
        done = end
    parts.append(data[done:])
    return b"".join(parts)


def _png(data: bytes) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    position = len(PNG_SIGNATURE)
    while position + 8 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        start, end = position + 8, position + 8 + length
        if end + 4 > len(data):
            break  # truncated or not a chunk: read the rest
        if kind in _PNG_PIXELS:
            if spans and start - spans[-1][1] <= _PNG_CHUNK_GAP:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
        position = end + 4
        if kind == b"IEND":
            break  # what follows is no chunk of the image's: read it
    return spans


def _jpeg(data: bytes) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    position = 2
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker == 0xFF:  # fill before a marker
            position += 1
            continue
        if marker == 0xD9:  # end of image: what follows is read
            break
        if 0xD0 <= marker <= 0xD8 or marker == 0x01:  # markers without a length
            position += 2
            continue
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        if length < 2:
            break  # not a segment: read the rest
        position += 2 + length
        if marker == 0xDA:  # start of scan: its entropy-coded data runs to the next marker
            found = _JPEG_MARKER.search(data, position)
            end = len(data) if found is None else found.start()
            while end > position and data[end - 1] == 0xFF:
                end -= 1  # fill before the marker (in the data, 0xFF is followed by 0x00)
            if end > position:
                spans.append((position, end))
            position = end
    return spans
