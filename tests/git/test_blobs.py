"""The whole-history listing: KeySet membership over merges, and how listed paths decode."""

from __future__ import annotations

import hashlib

import pytest

from pushguard.git import keyset
from pushguard.git.keyset import KeySet


def _key(digest: str) -> int:
    return int(digest[:16], 16)


def test_each_key_is_new_once_across_merges(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyset, "_BUFFER", 7)  # merge often
    ids = [
        _key(hashlib.sha1(str(n).encode(), usedforsecurity=False).hexdigest())
        for n in range(100)
    ]
    seen = KeySet()
    assert all(seen.add(oid) for oid in ids)
    assert not any(seen.add(oid) for oid in reversed(ids))
    assert len(seen) == 100
    assert seen.add(_key(hashlib.sha256(b"x").hexdigest()))


def test_listed_paths_that_are_not_utf8_are_reported_printable() -> None:
    """A file name git stores as raw bytes decodes as the diff parser decodes it (U+FFFD),
    never to surrogates that a text report cannot print."""
    import io

    from pushguard.git.blobs import introductions

    blob = hashlib.sha1(b"x", usedforsecurity=False).hexdigest().encode()
    entry = b":000000 100644 " + b"0" * 40 + b" " + blob + b" A"
    stream = io.BytesIO(b"\x01" + b"c" * 40 + b"\x00\n" + entry + b"\x00bad\xff name.py\x00")
    (intro,) = introductions(stream)
    assert intro.path == "bad\ufffd name.py" and intro.oid == blob.decode()
    intro.path.encode("utf-8")  # printable
