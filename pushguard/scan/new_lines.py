"""Which lines of a file's version are new, in a history read blob by blob: what its diff
would add, and the lines a detector judges them with.

A version is compared with the file's version listed before it: where the two differ
(``pushguard.scan.changed``), with ``CONTEXT_LINES`` either side, is new (``new_segments``);
every other line, neighbours included, is as that version had it. Lines another version had
with the same neighbours, on another branch say, are passed over too (``SeenLines``).
"""

from __future__ import annotations

from typing import NamedTuple

from pushguard.scan.changed import changed_regions
from pushguard.scan.engine import CONTEXT_LINES, KEY_LINES, PUTTY_HEADER


class Segment(NamedTuple):
    """The segment of a file's version that is scanned: bytes ``[start, end)``; its lines
    ``first`` to ``last`` (counted in the segment) are the new ones, the others only their
    context."""

    start: int
    end: int
    first: int
    last: int


def new_segments(data: bytes, earlier: bytes) -> list[Segment]:
    """The lines of ``data`` that differ from ``earlier``'s or have a neighbour that does
    (within ``CONTEXT_LINES``: what a line yields depends on them), with the lines they are
    judged with around them, in order. Every other line, neighbours included, is as
    ``earlier`` had it, so it was scanned there (or in a version before that). A private
    key's header above changed key material counts as new: the key is read from below its
    header."""
    segments: list[Segment] = []
    for region in changed_regions(earlier, data, SPLIT_REGION):
        segment = _segment(data, region.start, region.end)
        if segments and segment.start <= segments[-1].end:
            segment = _joined(data, segments.pop(), segment)
        segments.append(segment)
    return segments


SPLIT_REGION = 8 << 10
"""A changed region this long or longer (edits far apart: a list grown in two places, a
generated file's table and its index) is cut around what lies unchanged between its edits
(``changed.changed_regions``). On TruffleHog's history with all refs that cut the bytes
scanned again from 375 to 145 MB and one process's scan from 10.7 to 9.6 s; 4 KiB cut
little more, 32 KiB left 214 MB. Shorter regions are scanned whole."""


def _segment(data: bytes, region_start: int, region_end: int) -> Segment:
    """The segment around the changed bytes ``[region_start, region_end)`` of ``data``."""
    new_start = _lines_back(data, region_start, CONTEXT_LINES)
    new_end = _lines_forward(data, max(region_start, region_end - 1), CONTEXT_LINES)
    above = max(0, new_start - KEY_LINES * KEY_LINE_BYTES)
    header = max(data.rfind(b"-----BEGIN", above, new_start), data.rfind(PUTTY, above, new_start))
    if header >= 0 and data.count(b"\n", header, new_start) < KEY_LINES:
        new_start = data.rfind(b"\n", 0, header) + 1
    start = _lines_back(data, new_start, CONTEXT_LINES + 1)  # + the pragma line above
    end = _lines_forward(data, new_end, CONTEXT_LINES)
    if data.find(b"-----BEGIN", start, end) >= 0 or data.find(PUTTY, start, end) >= 0:
        end = _lines_forward(data, end, KEY_LINES)  # a new key's material, read whole
    first = data.count(b"\n", start, new_start)
    return Segment(start, end, first, first + data.count(b"\n", new_start, new_end))


def _joined(data: bytes, one: Segment, other: Segment) -> Segment:
    """One segment for two that overlap (``other`` starting inside ``one``)."""
    shift = data.count(b"\n", one.start, other.start)
    last = max(one.last, shift + other.last)
    return Segment(one.start, max(one.end, other.end), min(one.first, shift + other.first), last)


def regions_around(data: bytes, offsets: list[int]) -> list[tuple[int, int]]:
    """Byte ranges of the lines of ``data`` within ``CONTEXT_LINES`` of one holding an
    offset, merged, a range holding a private key's header reaching ``KEY_LINES`` further
    (its material): what the detectors read of a binary blob around where a prefilter
    matched, the rest (image data, compressed streams) left unread."""
    regions: list[tuple[int, int]] = []
    for offset in sorted(offsets):
        if regions and offset < regions[-1][1]:
            continue  # inside the last range
        start = _lines_back(data, offset, CONTEXT_LINES)
        end = _lines_forward(data, offset, CONTEXT_LINES)
        if data.find(b"-----BEGIN", start, end) >= 0 or data.find(PUTTY, start, end) >= 0:
            end = _lines_forward(data, end, KEY_LINES)
        if regions and start <= regions[-1][1] + 1:
            regions[-1] = (regions[-1][0], max(end, regions[-1][1]))
        else:
            regions.append((start, end))
    return regions


PUTTY = PUTTY_HEADER.encode()
KEY_LINE_BYTES = 128
"""Longer than the lines of any private key format (PEM's are 64 characters): a header
whose key material may reach a changed line is at most ``KEY_LINES`` such lines above."""


def _lines_back(data: bytes, offset: int, count: int) -> int:
    """Where the line ``count`` lines above the one holding ``offset`` starts."""
    start = data.rfind(b"\n", 0, offset) + 1
    for _ in range(count):
        if start == 0:
            break
        start = data.rfind(b"\n", 0, start - 1) + 1
    return start


def _lines_forward(data: bytes, offset: int, count: int) -> int:
    """Where the line ``count`` lines below the one holding ``offset`` ends (its newline,
    or the end of ``data``)."""
    end = data.find(b"\n", offset)
    for _ in range(count):
        if end < 0:
            break
        end = data.find(b"\n", end + 1)
    return len(data) if end < 0 else end


class SeenLines:
    """The lines with a prefilter hit this process has scanned, per path, each with the
    lines around it: in a later version of the file such a line, with the same neighbours,
    is not new and is passed over, as its diff passes it over (a finding there was reported
    with the version that brought it). Most of a dense history's versions change a few
    lines of a file full of hits: on TruffleHog's own history (its detectors' sources) this
    is most of the scan. The neighbours belong to the key because what a line yields
    depends on them (a provider named nearby, a pragma above, the catalogue's window) and
    the earlier version may be on another branch; a private key's header, whose key lines
    may run far below it, is never passed over. Bounded: forgotten at once when full,
    which only costs a line scanned again."""

    LIMIT = 65536
    AROUND = CONTEXT_LINES

    def __init__(self) -> None:
        self._by_path: dict[str, set[int]] = {}
        self._count = 0

    def fresh(
        self, path: str, lines: list[str], hits: dict[int, list[int]], offset: int = 0
    ) -> dict[int, list[int]]:
        """``hits`` without the lines already scanned in ``path``; remembers the rest.
        ``lines`` start at the file's line index ``offset``, with every hit's neighbours."""
        known = self._by_path.get(path)
        if known is None:
            if self._count >= self.LIMIT:
                self._by_path.clear()
                self._count = 0
            known = self._by_path[path] = set()
        fresh = {}
        around = self.AROUND
        for index, found in hits.items():
            if index >= len(lines):
                continue
            line = lines[index]
            if "-----BEGIN" in line or PUTTY_HEADER in line:
                fresh[index] = found
                continue
            first = max(0, index - around)
            # how near the file's start it is: a window cut short there differs
            above = min(around, offset + index)
            key = hash((path, above, *lines[first : index + around + 1]))
            if key not in known:
                known.add(key)
                fresh[index] = found
        self._count += len(fresh)
        return fresh
