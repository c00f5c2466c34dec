"""UTF-16 text, which git calls binary, is read as the text it is; other binary content is
not taken for it."""

from __future__ import annotations

import codecs
import random

import pytest

from pushguard.git.utf16 import utf16_text

TEXT = "# settings\r\nREGION=eu-west-1\nNAME=demo\n"


@pytest.mark.parametrize(
    "encoded",
    [
        TEXT.encode("utf-16"),  # PowerShell 5's > and Out-File: LE with a byte-order mark
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-16-le"),  # no mark: told by the NUL in every high byte
        TEXT.encode("utf-16-be"),
    ],
    ids=["le-bom", "be-bom", "le", "be"],
)
def test_utf16_text_is_read_with_its_lines_where_they_were(encoded: bytes) -> None:
    assert utf16_text(encoded) == TEXT.encode("utf-8")


def test_text_beside_latin_letters_with_a_byte_order_mark_is_text() -> None:
    text = "# 設定 (settings)\nTOKEN=abcdefghijklmnopqrstuvwxyz\n"
    assert utf16_text(text.encode("utf-16")) == text.encode("utf-8")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(1).randbytes(600),
        random.Random(2).randbytes(4000),
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + random.Random(3).randbytes(600),
        # a NUL in a text file (issue 13) is not UTF-16: its printable runs are read
        b"name = 'demo'\x00 padding\nTOKEN = 'x'\n",
        "short".encode("utf-16-le"),
        # a byte-order mark by chance before binary data
        codecs.BOM_UTF16_LE + random.Random(4).randbytes(600),
    ],
    ids=["png", "random", "zip", "nul-in-text", "too-short", "mark-then-binary"],
)
def test_other_binary_content_is_not_utf16(data: bytes) -> None:
    assert utf16_text(data) is None
