"""Objects a scan could not read: which ones git names, and which the scanned commits lack.

Which objects are missing is learnt once per scan (per ``Missing``), on the first failure,
from ``rev-list --objects --missing=print`` (0.2 s on flask's 12k commits with all refs,
0.65 s on TruffleHog's 18k), which reads no blob and never fetches.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence

from pushguard.git.repo import Git
from pushguard.scan.types import Skipped

OID_PATTERN = re.compile(rb"\b(?:[0-9a-f]{64}|[0-9a-f]{40})\b")
_UNREADABLE = re.compile(
    rb"unable to read|could not read|missing|bad object|promisor|corrupt|not a valid|"
    rb"inflate|invalid object|failed to read",
    re.I,
)
ZERO_PATTERN = re.compile(rb"^0+$")


def unreadable_oid(stderr: bytes) -> str | None:
    """The object a git failure names as unreadable (missing or corrupt), else None."""
    for line in stderr.splitlines():
        if (b"fatal: " in line or b"error: " in line) and _UNREADABLE.search(line):
            found = OID_PATTERN.search(line)
            if found:
                return found.group().decode("ascii")
    return None


class Missing:
    """The objects the scanned commits lack, listed once on first need (thread-safe: each
    lane may ask from its own reader thread), plus those git named as unreadable."""

    def __init__(self, git: Git, revs: Sequence[str], stdin: bytes) -> None:
        self._git, self._revs, self._stdin = git, list(revs), stdin
        self._oids: set[str] | None = None
        self._lock = threading.Lock()
        self.skipped: list[Skipped] = []
        """What the lanes could not scan, for ``added_blocks`` to report."""

    def oids(self) -> set[str]:
        with self._lock:
            if self._oids is None:
                # --missing=print: never fetches (it turns lazy fetching off), reads no blob
                out = self._git.run_large(
                    ["rev-list", "--objects", "--missing=print", *self._revs, "--stdin"],
                    self._stdin,
                )
                self._oids = {
                    line[1:].decode("ascii") for line in out.splitlines() if line[:1] == b"?"
                }
            return self._oids

    def add(self, oid: str) -> None:
        self.oids().add(oid)

    def report(self, item: Skipped) -> None:
        with self._lock:
            self.skipped.append(item)
