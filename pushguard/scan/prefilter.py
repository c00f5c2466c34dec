"""Which lines of a block may hold a secret, and for which detectors.

Every detector declares a ``prefilter``: a lowercase regular expression that matches
every line it could flag. Two interchangeable implementations answer the question:

- ``RegexPrefilter``: Python's ``re`` over the ASCII-lowercased bytes of a block, one search
  per detector. No set-up cost, so it suits small scans (a typical push).
- ``HyperscanPrefilter``: all prefilters in one Hyperscan database, one pass per block. About
  40x faster on large inputs (full histories, initial pushes) but compiling the database costs
  ~0.2 s, so the compiled form is cached on disk and only loaded afterwards.

Both return ``{line index: [detector index, ...]}``; a line index counts ``\\n`` in the block.
Both also answer ``offsets``: where in a raw ``git log -p`` buffer any prefilter matches, so
that the diff parser can skip the file sections no detector could flag (``git.patch``).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from pushguard.scan.anchors import literal_form

LineHits = dict[int, list[int]]
LineEnds = dict[int, dict[int, list[int]]]
"""Per line, per pattern: the offsets in the line where its matches end (``located``)."""


class Prefilter(Protocol):
    bulk: frozenset[int]  # pattern indices reported per block (on line 0), not per line

    def hits(self, data: bytes, skip: frozenset[int] = frozenset()) -> LineHits:
        """``data``: the block encoded as UTF-8 (any case). The patterns ``skip`` are left
        out (a line only they hit is no hit)."""
        ...

    def offsets(self, data: bytes) -> list[int]:
        """Offsets in ``data`` (any bytes, any case) of one byte inside matches of the
        prefilters: every line on which some prefilter matches gets at least one offset."""
        ...

    def line_hits(self, data: bytes) -> LineHits:
        """``hits`` with every pattern located on its lines, ``bulk`` ones included: for a
        whole file, where a detector that scans blocks is given only the lines around its
        hits."""
        ...

    def line_ends(
        self, data: bytes, longer_than: int, skip: frozenset[int] = frozenset()
    ) -> tuple[LineHits, LineEnds]:
        """``line_hits``, and what ``located`` would answer for each hit line longer than
        ``longer_than`` bytes, where the same pass tells it (else nothing for that line).
        ``skip``: as for ``hits``."""
        ...

    def located(self, data: bytes, indices: frozenset[int]) -> dict[int, list[int]]:
        """For each of the patterns ``indices``, offsets in ``data`` (one line, any case)
        where a match of it ends (none listed: it has no match)."""
        ...


class RegexPrefilter:
    def __init__(self, patterns: Sequence[str]) -> None:
        self._sources = [p.encode("utf-8") for p in patterns]
        # compiled on first use: behind Hyperscan only the few patterns that match are
        # needed, and compiling all of them costs a one-commit push ~5 ms
        self._compiled: list[re.Pattern[bytes] | None] = [None] * len(patterns)
        self._every: list[re.Pattern[bytes]] | None = None
        self._bulk: frozenset[int] = frozenset()

    @property
    def bulk(self) -> frozenset[int]:
        """Patterns whose detector scans whole blocks (the catalogue): a hit is reported on
        line 0 without finding its lines, since the detector does not need them; and each is
        searched by its literal anchors (``anchors.literal_form``), as whether its detector
        runs at all is all a hit decides."""
        return self._bulk

    @bulk.setter
    def bulk(self, indices: frozenset[int]) -> None:
        self._bulk = indices
        self._compiled = [None] * len(self._sources)
        self._every = None

    def _patterns(self) -> list[re.Pattern[bytes]]:
        if self._every is None:
            self._every = [self.pattern(index) for index in range(len(self._sources))]
        return self._every

    def hits(self, data: bytes, skip: frozenset[int] = frozenset()) -> LineHits:
        return self._search(data, skip, located=False)

    def line_hits(self, data: bytes) -> LineHits:
        return self._search(data, frozenset(), located=True)

    def line_ends(
        self, data: bytes, longer_than: int, skip: frozenset[int] = frozenset()
    ) -> tuple[LineHits, LineEnds]:
        # each pattern's search stops at a line's first match: no ends
        return self._search(data, skip, located=True), {}

    def _search(self, data: bytes, skip: frozenset[int], *, located: bool) -> LineHits:
        lowered = data.lower()  # bytes.lower() is ASCII-only: offsets are preserved
        found: LineHits = {}
        for index, pattern in enumerate(self._patterns()):
            if index not in skip:
                self.hits_for(index, pattern, lowered, found, located=located)
        return found

    def hits_for(
        self,
        index: int,
        pattern: re.Pattern[bytes],
        lowered: bytes,
        found: LineHits,
        *,
        located: bool = False,
    ) -> None:
        if index in self.bulk and not located:
            if pattern.search(lowered) is not None:
                found.setdefault(0, []).append(index)
            return
        match = pattern.search(lowered)
        line, counted = 0, 0
        while match is not None:
            # the line of the match's last byte, as Hyperscan reports it: a pattern that
            # reads a name's line to find the value on the next (a YAML block scalar's) hits
            # the value's line
            last = max(match.start(), match.end() - 1)
            start = lowered.rfind(b"\n", 0, last) + 1
            line += lowered.count(b"\n", counted, start)
            counted = start
            found.setdefault(line, []).append(index)
            end = lowered.find(b"\n", last)
            if end < 0:
                break
            match = pattern.search(lowered, end + 1)

    def located(self, data: bytes, indices: frozenset[int]) -> dict[int, list[int]]:
        lowered = data.lower()
        found: dict[int, list[int]] = {}
        for index in indices:
            ends = [match.end() for match in self.pattern(index).finditer(lowered)]
            if ends:
                found[index] = ends
        return found

    def pattern(self, index: int) -> re.Pattern[bytes]:
        compiled = self._compiled[index]
        if compiled is None:
            source = self._sources[index]
            if index in self._bulk:
                source = literal_form(source.decode("utf-8")).encode("utf-8")
            compiled = self._compiled[index] = re.compile(source)
        return compiled

    def offsets(self, data: bytes) -> list[int]:
        lowered = data.lower()
        found: list[int] = []
        for pattern in self._patterns():
            # Restart at each next line: the leftmost match from a line's start begins on
            # that line whenever one lies entirely on it, so no matching line is missed.
            match = pattern.search(lowered)
            while match is not None:
                found.append(match.start())
                end = lowered.find(b"\n", match.start())
                if end < 0:
                    break
                match = pattern.search(lowered, end + 1)
        return found


class HyperscanPrefilter:
    """Hyperscan finds which detectors hit a block and on which lines, in one pass of the
    database that reports every match; where that one is not at hand (a small scan, which
    may not compile it), the single-match database tells which detectors hit and a regex
    per detector then finds the lines."""

    def __init__(
        self,
        database: Any,
        patterns: Sequence[str],
        all_matches: Callable[[], Any] | None = None,
    ) -> None:
        import hyperscan

        self._db = database
        self._scratch = hyperscan.Scratch(database)
        self._local = threading.local()  # a scratch space serves one scan at a time
        self._regex = RegexPrefilter(patterns)
        # The database for ``offsets`` (every match, not one per pattern) is only needed for
        # large scans: loaded (or compiled) on first use; None -> regex offsets.
        self._all_matches = all_matches
        self._offsets_db: Any = None
        self._offsets_lock = threading.Lock()

    @property
    def bulk(self) -> frozenset[int]:
        """As ``RegexPrefilter.bulk``; its regexes (where the database does not answer) are
        told them too."""
        return self._regex.bulk

    @bulk.setter
    def bulk(self, indices: frozenset[int]) -> None:
        self._regex.bulk = indices

    def _scratch_for(self, name: str, database: Any) -> Any:
        import hyperscan

        scratch = getattr(self._local, name, None)
        if scratch is None:
            scratch = hyperscan.Scratch(database)
            setattr(self._local, name, scratch)
        return scratch

    def hits(self, data: bytes, skip: frozenset[int] = frozenset()) -> LineHits:
        if self._every_match() is not False:
            # one pass that also tells the lines: compiling and running a regex per
            # pattern that hit cost a large diff 5-20% more CPU, and a process that starts
            # cold more (an initial push through the in-process hook: 1.0 s against 0.7)
            return _bulk_on_line_0(self.line_ends(data, len(data), skip)[0], self.bulk)
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = self._scratch.clone()
        matched: list[int] = []
        self._db.scan(data, match_event_handler=_collect, context=matched, scratch=scratch)
        if not matched:
            return {}
        lowered = data.lower()
        found: LineHits = {}
        for index in sorted(set(matched) - skip):
            if index in self.bulk:  # Hyperscan's word is enough: no regex pass
                found.setdefault(0, []).append(index)
                continue
            self._regex.hits_for(index, self._regex.pattern(index), lowered, found)
        return found

    def _every_match(self) -> Any:
        """The database reporting every match (not one per pattern), or False: regexes."""
        with self._offsets_lock:
            if self._offsets_db is None:
                loaded = self._all_matches() if self._all_matches is not None else None
                self._offsets_db = loaded if loaded is not None else False
                self._all_matches = None
        return self._offsets_db

    def offsets(self, data: bytes) -> list[int]:
        database = self._every_match()
        if database is False:
            return self._regex.offsets(data)
        found: list[int] = []
        database.scan(
            data,
            match_event_handler=_collect_end,
            context=found,
            scratch=self._scratch_for("offsets_scratch", database),
        )
        return found

    def _matches(self, database: Any, data: bytes) -> list[tuple[int, int]]:
        matches: list[tuple[int, int]] = []
        database.scan(
            data,
            match_event_handler=_collect_located,
            context=matches,
            scratch=self._scratch_for("offsets_scratch", database),
        )
        return matches

    def located(self, data: bytes, indices: frozenset[int]) -> dict[int, list[int]]:
        database = self._every_match()
        if database is False:
            return self._regex.located(data, indices)
        found: dict[int, list[int]] = {}
        for offset, index in self._matches(database, data):
            if index in indices:
                found.setdefault(index, []).append(offset + 1)
        return found

    def line_hits(self, data: bytes) -> LineHits:
        return self.line_ends(data, len(data))[0]

    def line_ends(
        self, data: bytes, longer_than: int, skip: frozenset[int] = frozenset()
    ) -> tuple[LineHits, LineEnds]:
        database = self._every_match()
        if database is False:
            return self._regex.line_ends(data, longer_than, skip)
        matches = self._matches(database, data)
        if skip:
            # dropped before the lines are found: on vendored code half the matches are the
            # generic patterns' (keyword, entropy)
            matches = [match for match in matches if match[1] not in skip]
        found: LineHits = {}
        long_lines: LineEnds = {}
        line, start, end = -1, 0, -1
        indices: list[int] = []
        ends: dict[int, list[int]] | None = None
        for offset, index in sorted(matches):  # one pass: no regex per pattern
            if offset > end:  # a later line: count the newlines up to it, once
                line += data.count(b"\n", start, offset) + (line < 0)
                start = data.rfind(b"\n", 0, offset) + 1
                end = data.find(b"\n", offset)
                end = len(data) if end < 0 else end
                indices = found.setdefault(line, [])
                # a long line's match ends, as located() gives them, read off this pass
                # rather than by scanning the line again
                ends = long_lines.setdefault(line, {}) if end - start > longer_than else None
            if index not in indices:
                indices.append(index)
            if ends is not None:
                ends.setdefault(index, []).append(offset - start + 1)
        return found, long_lines


def _bulk_on_line_0(found: LineHits, bulk: frozenset[int]) -> LineHits:
    """``found`` with the ``bulk`` patterns reported once, on line 0, as ``hits`` has them:
    a line that only they hit is no line to scan."""
    if not bulk:
        return found
    kept: LineHits = {}
    anywhere: set[int] = set()
    for line, indices in found.items():
        anywhere.update(i for i in indices if i in bulk)
        if rest := [i for i in indices if i not in bulk]:
            kept[line] = rest
    if anywhere:
        kept.setdefault(0, []).extend(sorted(anywhere))
    return kept


def _collect(pattern_id: int, start: int, end: int, flags: int, context: list[int]) -> None:
    context.append(pattern_id)


def _collect_end(pattern_id: int, start: int, end: int, flags: int, context: list[int]) -> None:
    # Hyperscan reports every end offset of every pattern (no SINGLEMATCH): the last byte of
    # each match lies on the matching line.
    context.append(end - 1 if end else 0)


def _collect_located(
    pattern_id: int, start: int, end: int, flags: int, context: list[tuple[int, int]]
) -> None:
    context.append((end - 1 if end else 0, pattern_id))


def make_prefilter(
    patterns: Sequence[str], cache_dir: Path | None, *, compile_if_missing: bool
) -> Prefilter:
    """Hyperscan when installed and (cached or allowed to compile), else plain regexes."""
    try:
        import hyperscan  # noqa: F401  (is it installed?)
    except ImportError:
        return RegexPrefilter(patterns)
    database = _database(patterns, cache_dir, "prefilter", True, compile_if_missing)
    if database is None:
        return RegexPrefilter(patterns)
    return HyperscanPrefilter(
        database,
        patterns,
        lambda: _database(patterns, cache_dir, "offsets", False, compile_if_missing),
    )


def _database(
    patterns: Sequence[str],
    cache_dir: Path | None,
    kind: str,
    single_match: bool,
    compile_if_missing: bool,
) -> Any:
    """A block-mode database of ``patterns`` (caseless), from the disk cache or compiled
    (and cached) when allowed; None otherwise."""
    import hyperscan

    path = None
    if cache_dir is not None:
        key = hashlib.sha256(
            "\0".join([getattr(hyperscan, "__version__", ""), *patterns]).encode()
        ).hexdigest()[:24]
        path = cache_dir / f"{kind}-{key}.hsdb"
        try:
            return _load(str(path))
        except (OSError, hyperscan.error):
            pass  # no cache yet, or an unusable one: compile or fall back
    if not compile_if_missing:
        return None
    flags = hyperscan.HS_FLAG_CASELESS
    if single_match:
        flags |= hyperscan.HS_FLAG_SINGLEMATCH
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(
        expressions=[p.encode("utf-8") for p in patterns],
        ids=list(range(len(patterns))),
        elements=len(patterns),
        flags=[flags] * len(patterns),
    )
    if path is not None:
        _write_atomically(path, hyperscan.dumpb(database))
    return database


@functools.lru_cache(maxsize=8)
def _load(path: str) -> Any:
    """A cached database, read once per process: its name is its patterns' digest, so what
    a name holds never changes (a warm hook daemon builds an engine per push)."""
    import hyperscan

    with open(path, "rb") as fh:
        return hyperscan.loadb(fh.read(), hyperscan.HS_MODE_BLOCK)


def _write_atomically(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".prefilter-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        pass  # a cache we cannot write only costs the next run a compile
