"""A set of 64-bit keys that stays small as a history grows: 8 bytes per key.

A whole-history scan remembers every (blob, path) it has listed (``blobs.introductions``).
As a Python set of digests that cost ~85 bytes each: 15 MB for a 100k-commit history, most
of what its scan grew by over a 10k-commit one (issue 9 wants flat memory). Here 64-bit
hashes of them sit in a sorted ``array`` (merged from a small set now and then) and are
found by bisection. Two entries sharing 64 bits by chance (about one in 10^9 for 200,000)
would only make the second one be treated as already read.
"""

from __future__ import annotations

import bisect
from array import array

_BUFFER = 65536
"""Ids kept in a plain set before they are merged into the sorted array."""


class KeySet:
    def __init__(self) -> None:
        self._sorted = array("Q")
        self._recent: set[int] = set()

    def add(self, key: int) -> bool:
        """Add a 64-bit key (a hash of what is kept); False if it was already there."""
        if key in self._recent:
            return False
        at = bisect.bisect_left(self._sorted, key)
        if at < len(self._sorted) and self._sorted[at] == key:
            return False
        self._recent.add(key)
        if len(self._recent) >= _BUFFER:
            self._sorted = array("Q", sorted([*self._sorted, *self._recent]))
            self._recent.clear()
        return True

    def __len__(self) -> int:
        return len(self._sorted) + len(self._recent)
