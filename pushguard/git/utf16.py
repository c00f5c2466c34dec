"""Text that git calls binary: UTF-16.

Windows PowerShell 5 writes UTF-16 LE with a byte-order mark for ``>`` and ``Out-File``
(``echo "GITHUB_TOKEN=..." > .env``), and so do SQL Server's script generator, .NET resource
tools and ``reg export``. Every other character of such a file is a NUL, so git, and the
printable-runs reading of binary blobs, see no text at all: a token in it passed unseen.
Read as UTF-16, the file is ordinary text with its lines where they were (a line feed is
one character in both encodings), and is scanned as such.
"""

from __future__ import annotations

import codecs

_SAMPLE = 4000
"""Characters (pairs of bytes) looked at to tell UTF-16 text from other binary content."""

_MOSTLY = 0.9
"""Share of one byte of each pair that must be NUL in UTF-16 text without a byte-order mark:
ASCII and Latin text in UTF-16 has a NUL high byte in nearly every character; an image or
an archive has NULs anywhere."""

_WITH_MARK = 0.5
"""The same share after a byte-order mark."""


def utf16_text(data: bytes) -> bytes | None:
    """``data`` as UTF-8 if it is UTF-16 text, else None: a NUL in nearly every high byte of
    its start (in at least half of them after a byte-order mark, which says the encoding:
    text beside the Latin letters of a token), and little that decodes to control
    characters. Undecodable pairs become U+FFFD."""
    if data.startswith(codecs.BOM_UTF16_LE):
        encoding, data, needed = "utf-16-le", data[2:], _WITH_MARK
    elif data.startswith(codecs.BOM_UTF16_BE):
        encoding, data, needed = "utf-16-be", data[2:], _WITH_MARK
    else:
        encoding, needed = "", _MOSTLY
    head = data[: 2 * _SAMPLE]
    pairs = len(head) // 2
    if pairs < 8:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)  # NULs: a high byte in LE, low in BE
    little = odd >= needed * pairs and even <= (1 - needed) * pairs
    big = even >= needed * pairs and odd <= (1 - needed) * pairs
    if little and encoding != "utf-16-be":
        encoding = "utf-16-le"
    elif big and encoding != "utf-16-le":
        encoding = "utf-16-be"
    else:
        return None
    text = data.decode(encoding, "replace")
    sample = text[:_SAMPLE]
    if sum(1 for c in sample if c in _NOT_TEXT) > (1 - _MOSTLY) * len(sample):
        return None  # NULs in a pattern by chance, in binary data
    return text.encode("utf-8")


_NOT_TEXT = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r\f") | {"\ufffd"}
"""Characters that text holds rarely: control characters, and what did not decode."""
