"""Which part of a file's new version an earlier version did not have, found without a diff.

Most versions of a file in a dense history change a few lines of it; the rest, unchanged
and with unchanged neighbours, was scanned with the earlier version. The common prefix and
suffix of two versions take a few ``memcmp`` calls (bytes slices compared in growing, then
halving steps; the last few bytes XORed as one integer), where a line diff in Python costs
more than scanning the file: on flask's and TruffleHog's histories with all refs they leave
40-50% of the bytes to scan. A long region is then cut where a run between its edits is
found in the earlier version (``changed_regions``).
"""

from __future__ import annotations

from typing import NamedTuple

_FIRST_STEP = 256
"""Bytes compared first; each further step compares four times as many."""

_BYTEWISE = 64
"""Below this many bytes the halving stops: the span's XOR, as one integer, names the byte."""


class Region(NamedTuple):
    """Byte offsets in a new version: ``[start, end)`` is where it differs from the earlier
    one (empty for a pure deletion: the offset where bytes went)."""

    start: int
    end: int


def changed_region(earlier: bytes, new: bytes) -> Region:
    """The smallest region of ``new`` outside which it equals ``earlier`` byte for byte."""
    prefix = _common_prefix(earlier, new, 0, 0, min(len(earlier), len(new)))
    room = min(len(earlier), len(new)) - prefix  # a suffix may not overlap the prefix
    return Region(prefix, len(new) - _common_suffix(earlier, new, len(earlier), len(new), room))


def changed_regions(earlier: bytes, new: bytes, least: int) -> list[Region]:
    """Regions of ``new``, in order, outside which each byte of it lies in a run at least
    ``least / 4`` long that ``earlier`` has too: ``changed_region``, cut where it holds such
    a run. Edits far apart (a list grown in two places, a generated file's table and its
    index) leave what lies between them out; a region shorter than ``least`` is not cut."""
    region = changed_region(earlier, new)
    return _cut(earlier, new, region, region.start, len(earlier) - (len(new) - region.end), least)


_ANCHOR = 128
"""Bytes of a long region looked for in the earlier version, from where the two are then
compared outwards: a ``bytes.find`` and a few ``memcmp`` calls, where finding its unchanged
lines one by one cost more than scanning them."""


def _cut(
    earlier: bytes, new: bytes, region: Region, old_start: int, old_end: int, least: int
) -> list[Region]:
    """``region`` of ``new``, whose counterpart in ``earlier`` is ``[old_start, old_end)``,
    cut around runs both have (looked for at its middle, then its quarters)."""
    size = region.end - region.start
    if size < least:
        return [region]
    for at in (region.start + size // 2, region.start + size // 4, region.end - size // 4):
        found = earlier.find(new[at : at + _ANCHOR], old_start, old_end)
        if found < 0:
            continue
        back = _common_suffix(earlier, new, found, at, min(found - old_start, at - region.start))
        ahead = _common_prefix(earlier, new, found, at, min(old_end - found, region.end - at))
        if back + ahead < least // 4:
            continue  # a run too short to be worth a cut (repeated text, say)
        return [
            *_cut(earlier, new, Region(region.start, at - back), old_start, found - back, least),
            *_cut(earlier, new, Region(at + ahead, region.end), found + ahead, old_end, least),
        ]
    return [region]


def _common_prefix(a: bytes, b: bytes, at_a: int, at_b: int, limit: int) -> int:
    """How many bytes from ``a[at_a]`` on equal those from ``b[at_b]`` on, at most ``limit``."""
    low, step = 0, _FIRST_STEP
    while True:
        if low >= limit:
            return limit
        high = min(limit, low + step)
        if a[at_a + low : at_a + high] != b[at_b + low : at_b + high]:
            break  # the first difference lies in [low, high)
        low, step = high, step * 4
    while high - low > _BYTEWISE:
        middle = (low + high) // 2
        if a[at_a + low : at_a + middle] == b[at_b + low : at_b + middle]:
            low = middle
        else:
            high = middle
    # the first difference is the highest bit set in the two spans' XOR
    diff = int.from_bytes(a[at_a + low : at_a + high], "big") ^ int.from_bytes(
        b[at_b + low : at_b + high], "big"
    )
    return high - 1 - (diff.bit_length() - 1) // 8


def _common_suffix(a: bytes, b: bytes, end_a: int, end_b: int, limit: int) -> int:
    """How many bytes before ``a[end_a]`` equal those before ``b[end_b]``, at most ``limit``."""
    low, step = 0, _FIRST_STEP
    while True:
        if low >= limit:
            return limit
        high = min(limit, low + step)
        if a[end_a - high : end_a - low] != b[end_b - high : end_b - low]:
            break  # the first difference from the end lies in [low, high)
        low, step = high, step * 4
    while high - low > _BYTEWISE:
        middle = (low + high) // 2
        if a[end_a - middle : end_a - low] == b[end_b - middle : end_b - low]:
            low = middle
        else:
            high = middle
    # the last difference is the lowest bit set in the two spans' XOR
    diff = int.from_bytes(a[end_a - high : end_a - low], "big") ^ int.from_bytes(
        b[end_b - high : end_b - low], "big"
    )
    return low + ((diff & -diff).bit_length() - 1) // 8
