"""Suppressions that live outside the pushed content: server allowlist and trusted baselines."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Sequence
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Protocol

from pushguard.config import MIN_PREFIX_HEX, AllowEntry
from pushguard.errors import ConfigError

BASELINE_PATH = ".secrets.baseline"


class BlobReader(Protocol):
    def read_blob(self, rev: str, path: str, max_bytes: int | None = None) -> bytes | None: ...


class ServerAllowlist:
    """``[[allowlist]]`` entries, keyed by fingerprint or an unambiguous prefix of one."""

    def __init__(self, entries: Iterable[AllowEntry], today: dt.date | None = None) -> None:
        today = today or dt.date.today()
        # indexed by the first MIN_PREFIX_HEX digits: a lookup stays one dict probe
        self._by_prefix: dict[str, list[AllowEntry]] = {}
        for entry in entries:
            if entry.expires is None or entry.expires >= today:
                key = entry.fingerprint.strip().lower()
                if len(key) >= MIN_PREFIX_HEX:  # shorter ones are config errors
                    self._by_prefix.setdefault(key[:MIN_PREFIX_HEX], []).append(entry)

    def allows(self, fingerprint: str, rule: str, path: str) -> bool:
        return any(
            fingerprint.startswith(entry.fingerprint.strip().lower())
            and (entry.rule is None or entry.rule == rule)
            and (entry.path is None or fnmatchcase(path, entry.path))
            for entry in self._by_prefix.get(fingerprint[:MIN_PREFIX_HEX], ())
        )


class LazyAllowlist(ServerAllowlist):
    """A ``ServerAllowlist`` built on its first lookup: a push without findings (nearly
    every push) never reads the exported file, however many entries it holds."""

    def __init__(self, load: Callable[[], Iterable[AllowEntry]]) -> None:
        self._load: Callable[[], Iterable[AllowEntry]] | None = load

    def allows(self, fingerprint: str, rule: str, path: str) -> bool:
        if self._load is not None:
            load, self._load = self._load, None
            super().__init__(load())
        return super().allows(fingerprint, rule, path)


MAX_PUBLISHED_BYTES = 16 * 1024 * 1024
"""An exported allowlist larger than this is not ours (~100,000 entries fit)."""

_published: dict[Path, tuple[tuple[int, int, int], tuple[AllowEntry, ...]]] = {}
"""The last read of each exported file by (mtime, size, inode): the warm hook-daemon reads
it once per change, not once per push."""


def load_published(path: Path) -> tuple[AllowEntry, ...]:
    """Entries from the file ``pushguard.triage.publish`` writes; none when it is missing.

    A damaged file is an error (``ConfigError``): silently dropping false positives would
    reject pushes the admins accepted, and the hook's ``on_error`` policy decides instead.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return ()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the allowlist file: {exc.strerror}") from None
    stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
    cached = _published.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    if st.st_size > MAX_PUBLISHED_BYTES:
        raise ConfigError(f"{path}: allowlist file larger than {MAX_PUBLISHED_BYTES} bytes")
    try:
        data = json.loads(path.read_bytes())
        entries = tuple(
            AllowEntry(
                fingerprint=str(e["fingerprint"]),
                reason=str(e.get("reason", "")),
                # any rule: a value marked not-a-secret is none under the catalogue's rule
                # for the same token either ("rule" in the file says who found it)
                rule=None,
                expires=dt.date.fromisoformat(e["expires"]) if e.get("expires") else None,
            )
            for e in data["entries"]
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"{path}: not a pushguard allowlist file ({exc})") from None
    _published[path] = (stamp, entries)
    return entries


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
