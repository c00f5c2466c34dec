"""PNG and JPEG files built as encoders write them, for the tests of what a scan reads of an
image (``pushguard.git.image_data``)."""

from __future__ import annotations

import random
import struct
import zlib


def chunk(kind: bytes, data: bytes) -> bytes:
    """A PNG chunk: length, type, data, CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(*middle: bytes, after: bytes = b"") -> bytes:
    """A 16x16 RGB PNG with ``middle``'s chunks between its header and its end, and
    ``after`` appended past its end."""
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + header + b"".join(middle) + chunk(b"IEND", b"") + after


def pixels(size: int, rng: random.Random) -> bytes:
    """``size`` bytes of pixel rows, deflated as an IDAT chunk holds them."""
    return zlib.compress(bytes(rng.randrange(256) for _ in range(size)), 9)


def segment(marker: int, payload: bytes) -> bytes:
    """A JPEG marker segment: 0xFF, the marker, the length (itself included), the payload."""
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def scan_data(size: int, rng: random.Random) -> bytes:
    """A JPEG scan's entropy-coded bytes as an encoder writes them: 0xFF stuffed with 0x00,
    a restart marker every 700 bytes."""
    out = bytearray()
    for index in range(size):
        byte = rng.randrange(256)
        out.append(byte)
        if byte == 0xFF:
            out.append(0x00)
        if index % 700 == 699:
            out += bytes([0xFF, 0xD0 + (index // 700) % 8])
    return bytes(out)
