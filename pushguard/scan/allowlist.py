"""Suppressions that live outside the pushed content: server allowlist and trusted baselines."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from fnmatch import fnmatchcase
from typing import Protocol

from pushguard.config import AllowEntry

BASELINE_PATH = ".secrets.baseline"


class BlobReader(Protocol):
    def read_blob(self, rev: str, path: str, max_bytes: int | None = None) -> bytes | None: ...


class ServerAllowlist:
    """``[[allowlist]]`` entries from the server config, keyed by fingerprint."""

    def __init__(self, entries: Iterable[AllowEntry], today: dt.date | None = None) -> None:
        today = today or dt.date.today()
        self._by_fingerprint: dict[str, list[AllowEntry]] = {}
        for entry in entries:
            if entry.expires is None or entry.expires >= today:
                self._by_fingerprint.setdefault(entry.fingerprint.lower(), []).append(entry)

    def allows(self, fingerprint: str, rule: str, path: str) -> bool:
        return any(
            (entry.rule is None or entry.rule == rule)
            and (entry.path is None or fnmatchcase(path, entry.path))
            for entry in self._by_fingerprint.get(fingerprint, ())
        )


class Baseline:
    """A detect-secrets ``.secrets.baseline`` read from commits that existed before the push.

    detect-secrets stores SHA-1 hashes of audited secrets per file; a secret listed there for
    a file is treated as known. Only revisions the server already had are trusted: a pusher
    must not be able to allowlist a secret by pushing a baseline along with it.
    """

    def __init__(self, hashes: dict[str, set[str]]) -> None:
        self._hashes = hashes

    @classmethod
    def load(cls, git: BlobReader, revs: Sequence[str]) -> Baseline:
        hashes: dict[str, set[str]] = {}
        for rev in revs:
            raw = git.read_blob(rev, BASELINE_PATH, max_bytes=16 * 1024 * 1024)
            if raw is None:
                continue
            try:
                results = json.loads(raw).get("results", {})
                for filename, entries in results.items():
                    for entry in entries:
                        # audited as a real secret: still a leak, never a suppression
                        if entry.get("is_secret") is not True:
                            hashes.setdefault(filename, set()).add(entry["hashed_secret"])
            except (ValueError, AttributeError, KeyError, TypeError):
                continue  # an unreadable baseline allowlists nothing
        return cls(hashes)

    def allows(self, secret: str, path: str) -> bool:
        known = self._hashes.get(path)
        if not known:
            return False
        return hashlib.sha1(secret.encode("utf-8"), usedforsecurity=False).hexdigest() in known
