"""OidSet: exact membership over merges of its buffer into the sorted array."""

from __future__ import annotations

import hashlib

import pytest

from pushguard.git import oidset
from pushguard.git.oidset import OidSet


def test_each_id_is_new_once_across_merges(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(oidset, "_BUFFER", 7)  # merge often
    ids = [
        hashlib.sha1(str(n).encode(), usedforsecurity=False).hexdigest().encode()
        for n in range(100)
    ]
    seen = OidSet()
    assert all(seen.add(oid) for oid in ids)
    assert not any(seen.add(oid) for oid in reversed(ids))
    assert len(seen) == 100
    assert seen.add(hashlib.sha256(b"x").hexdigest().encode())  # SHA-256 ids too
