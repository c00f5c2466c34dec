"""A set of 64-bit keys that stays small as a history grows: 8 bytes per key.

A whole-history scan remembers every (blob, path) it has listed (``blobs.introductions``).
As a Python set of digests that cost ~85 bytes each: 15 MB for a 100k-commit history, most
of what its scan grew by over a 10k-commit one (issue 9 wants flat memory). Here 64-bit
hashes of them sit in a sorted ``array`` (merged from a small set now and then) and are
found by bisection. Two entries sharing 64 bits by chance (about one in 10^9 for 200,000)
would only make the second one be treated as already read.

A merge never turns the array back into Python ints (``sorted`` over all keys costs ~36
bytes a key while it runs, a peak that grows with history): the new keys are sorted alone
and spliced in by bisection.
"""

from __future__ import annotations

import bisect
from array import array

_BUFFER = 16384
"""Keys kept in a plain set (~70 bytes each) before they are merged into the sorted array:
a merge costs a bisection per new key and one copy of the array."""


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
            self._merge()
        return True

    def _merge(self) -> None:
        old, merged, at = self._sorted, array("Q"), 0
        for key in sorted(self._recent):
            cut = bisect.bisect_left(old, key, at)
            merged.extend(old[at:cut])
            merged.append(key)
            at = cut
        merged.extend(old[at:])
        self._sorted = merged
        self._recent.clear()

    def __len__(self) -> int:
        return len(self._sorted) + len(self._recent)
