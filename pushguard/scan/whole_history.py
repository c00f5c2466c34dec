"""A whole history scanned blob by blob: ``pushguard scan`` of all refs, or of branches with
no commit excluded (issue 9).

Each blob the history introduces is read once per path it comes in at
(``pushguard.git.blobs``: why this finds what the commits' diffs would, at a fraction of the
cost), so a finding's line is its line in that version of the file. A version is scanned
where it differs from the file's version listed before it in its chunk, with the lines
around that (``new_lines.new_segments``): the rest, neighbours included, was scanned with
that version. In a file whose unchanged line may make a new one a secret (a detector's
``context_files``: a Secret's ``kind:`` line far above a changed value), the new lines are
judged within the whole version instead. The first version of a file in a chunk is scanned
whole; so what a version is read against, and what is found, depends on the listing alone,
never on which worker happened to scan what before.
Lines with prefilter hits that an earlier version had anyway (on another branch, say) are
passed over, as a diff passes over them (``new_lines.SeenLines``); a secret is reported
once per path, at the oldest commit that brought it in.

The blobs are cut, oldest first, into windows grouped by path and then into chunks that a
pool of forked processes reads (one ``cat-file --batch`` each) and scans, as ``parallel``
does with commits; a blob without a prefilter hit is never decoded. The parent scans the
commits' messages meanwhile, then the tags. Memory stays small as history grows: the (blob,
path) pairs already listed (8 bytes each), the commit ids (20 bytes each), a bounded set of
scanned lines per process, one window, and the findings.
"""

from __future__ import annotations

import dataclasses
import itertools
import multiprocessing
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence

from pushguard.config import AllowEntry, Config
from pushguard.git import DiffStats, Git
from pushguard.git.blobs import Introduction, check, introductions, missing_blobs, read_blobs
from pushguard.git.image_data import readable_spans
from pushguard.git.listing import Listing
from pushguard.git.messages import listed_commits, message_blocks, messages_command
from pushguard.git.objects import MISSING, as_text, blob_blocks, printable_runs
from pushguard.git.patch import MAX_BLOCK_BYTES, split_block
from pushguard.git.processes import start_stdin
from pushguard.git.repo import reap
from pushguard.scan.engine import Engine, ScanResult, build_engine, on_spans
from pushguard.scan.new_lines import SeenLines, new_segments, regions_around
from pushguard.scan.parallel import add_stats, message_chunks, tag_items
from pushguard.scan.types import AddedBlock, Finding, Skipped

CHUNK_BLOBS = 1024
"""Blobs per chunk: each chunk costs a ``cat-file`` process and a cold delta cache, and is
the unit the pool balances (flask's 15,000 blobs: 16 chunks)."""

WINDOW_CHUNKS = (8, 16)
"""Chunks whose blobs are grouped by path before the pool gets them (``_chunks``): in the
first window, which the workers start on as soon as it is listed, and in each later one.
A file's first version in a chunk is scanned whole: on TruffleHog's history with all refs
(58,202 versions of 6,639 paths) windows of 8 chunks scan 16,938 versions whole, 8 then 16
chunks 12,180, 8 then 64 chunks 8,050. But the parent holds a window: with 8 then 64
chunks its peak RSS grew 1.60x from a 10k- to a 100k-commit history (bench/memory_growth.py,
target 1.25x), with 8 then 32 1.36x, with 8 then 16 1.25x."""

MESSAGE_CHUNK = 1024
"""Commits whose messages the parent scans at a time (it never holds all of them)."""


@dataclasses.dataclass(frozen=True)
class _Job:
    git: Git
    engine: Engine
    max_blob_bytes: int
    absent: frozenset[str]  # blobs a partial clone lacks (``missing_blobs``)
    # the lines scanned so far: each forked worker has its own copy (``SeenLines``)
    seen: SeenLines = dataclasses.field(default_factory=SeenLines)


_JOB: _Job | None = None
"""The forked workers' job, set in the parent just before the pool forks (see ``parallel``)."""


def scan_whole_history(
    git: Git,
    config: Config,
    repo: str | None,
    revs: Sequence[str],
    jobs: int,
    *,
    triaged: Sequence[AllowEntry] | None = None,
    progress: Callable[[int], None] | None = None,
) -> ScanResult:
    """``scan_git``'s findings for whole histories (``git.repo.covers_whole_history``), read
    blob by blob by ``jobs`` processes. ``triaged``: as for ``build_engine``. ``progress``
    is told, after each chunk, about how many commits are scanned (those the listing has
    given blobs from: it runs a little ahead, and commits that add no blob are not counted)."""
    global _JOB
    started = time.monotonic()
    git = git.offline()
    listing = Listing(git, revs)  # git works while the engine loads
    try:
        engine = build_engine(config, repo, git=git, triaged=triaged)
        engine.interesting(b"")  # load the offsets database now: the workers inherit it
        absent = missing_blobs(git, revs)
        listed = _Listed(introductions(listing))
        # while the catalogue loads (its thread leaves the GIL free), read the first window,
        # which the workers start on as soon as they are forked; and git is not left waiting
        # on a full pipe meanwhile
        intros = iter(listed)
        first = list(itertools.islice(intros, CHUNK_BLOBS * WINDOW_CHUNKS[0]))
        engine.before_fork()
        stats = DiffStats()
        found: list[Finding] = []
        skipped: list[Skipped] = []
        _JOB = _Job(git, engine, config.scan_for(repo).max_blob_bytes, absent)
        chunks = _chunks(itertools.chain(first, intros), CHUNK_BLOBS)
        tell = progress or (lambda count: None)
        try:
            if jobs > 1:
                # fork: the workers start in milliseconds with the engine already built
                with multiprocessing.get_context("fork").Pool(jobs) as pool:
                    parts: Iterable[_ChunkResult] = pool.imap_unordered(_scan_chunk, chunks)
                    commits = _messages(git, revs, engine)  # while the workers scan
                    for part in parts:
                        _gather(part, found, skipped, stats)
                        tell(listed.count)
            else:
                for chunk in chunks:
                    _gather(_scan_chunk(chunk), found, skipped, stats)
                    tell(listed.count)
                commits = _messages(git, revs, engine)
        finally:
            _JOB = None
        listing.finish()
    finally:
        listing.close()
    stats.commits = commits.count
    tags = engine.scan(tag_items(git, revs, stats, config.scan_for(repo).max_blob_bytes))
    rank = commits.ranks({f.commit for f in found} | {s.commit for s in skipped})
    findings = [*_first_seen(found, rank), *commits.findings, *tags.findings]
    skipped += tags.skipped
    return ScanResult(
        tuple(sorted(findings, key=lambda f: (rank.get(f.commit, -1), f.path, f.line))),
        tuple(sorted(skipped, key=lambda s: (rank.get(s.commit, -1), s.path))),
        stats,
        time.monotonic() - started,
        shallow=(git.git_dir / "shallow").exists(),
        catalogue=engine.catalogue_status,
    )


_ChunkResult = tuple[list[Finding], list[Skipped], DiffStats]


def _gather(
    part: _ChunkResult, found: list[Finding], skipped: list[Skipped], stats: DiffStats
) -> None:
    found += part[0]
    skipped += part[1]
    add_stats(stats, part[2])


class _Listed:
    """The listing's introductions, counting the commits they came from so far."""

    def __init__(self, intros: Iterator[Introduction]) -> None:
        self._intros = intros
        self.count = 0

    def __iter__(self) -> Iterator[Introduction]:
        last = ""
        for intro in self._intros:
            if intro.commit != last:  # a commit's blobs are listed together
                last = intro.commit
                self.count += 1
            yield intro


def _chunks(intros: Iterator[Introduction], size: int) -> Iterator[list[Introduction]]:
    """``intros`` cut into chunks of ``size``, each window of ``WINDOW_CHUNKS`` chunks sorted
    by path first (stable: oldest first): a file's versions in a window come mostly in one
    chunk, each read against the one before (``new_lines.new_segments``)."""
    window = size * WINDOW_CHUNKS[0]
    while batch := list(itertools.islice(intros, window)):
        batch.sort(key=_path_of)
        for start in range(0, len(batch), size):
            yield batch[start : start + size]
        window = size * WINDOW_CHUNKS[1]


def _scan_chunk(chunk: list[Introduction]) -> _ChunkResult:
    """In a worker (or the parent, with one job): read and scan one chunk of blobs."""
    job = _JOB
    assert job is not None, "scan_whole_history sets the job before scanning"
    stats = DiffStats(files=len(chunk))
    findings: list[Finding] = []
    skipped: list[Skipped] = []
    before: tuple[str, bytes | None] = ("", None)  # the path and text of the blob before
    for blob in read_blobs(job.git, chunk, job.max_blob_bytes, job.absent):
        intro = blob.intro
        data = as_text(blob.data) if blob.data is not None else None
        # the version read against: the file's version listed before, if that one was
        # scanned as one text (not missing, oversize, binary or beyond a block)
        earlier = before[1] if before[0] == intro.path else None
        before = (intro.path, data if data is not None and len(data) <= MAX_BLOCK_BYTES else None)
        if blob.data is None:
            stats.skipped += 1
            if blob.size < 0:
                skipped.append(Skipped(intro.commit, intro.path, MISSING, intro.oid))
            else:
                skipped.append(Skipped(intro.commit, intro.path, "oversize"))
            continue
        if data is None:
            stats.bytes += len(blob.data)
            findings += _scan_binary(job, intro, blob.data, stats)
            continue
        if len(data) > MAX_BLOCK_BYTES:
            # beyond one block: read as a diff's new file is, unless no prefilter matches
            # anywhere in it
            if not job.engine.interesting(data):
                stats.bytes += len(data)
                continue
            for item in blob_blocks(intro.commit, intro.path, data, stats):
                if isinstance(item, Skipped):
                    skipped.append(item)
                else:
                    findings += job.engine.scan_block(item)
            continue
        stats.bytes += len(data)
        findings += _scan_text(job, intro, data, earlier, stats)
    return findings, skipped, stats


def _scan_binary(job: _Job, intro: Introduction, data: bytes, stats: DiffStats) -> list[Finding]:
    """The findings in a binary blob's printable runs (a token in a compiled file or an
    uncompressed archive), read only around where a prefilter matched: most images and
    archives have no match, or a few by chance in their data (``new_lines.regions_around``),
    and turning a whole blob into its printable runs cost more than scanning them."""
    findings: list[Finding] = []
    line = counted = 0
    for start, end in regions_around(data, _prefilter_offsets(job.engine, data)):
        line += data.count(b"\n", counted, start)
        counted = start
        text = printable_runs(data[start:end])
        if not text.strip():
            continue
        stats.lines += text.count(b"\n") + 1
        for first, part in split_block(text, line + 1):
            findings += job.engine.scan_block(AddedBlock(intro.commit, intro.path, first, part))
    return findings


def _prefilter_offsets(engine: Engine, data: bytes) -> list[int]:
    """Where prefilters match in a binary blob, an image's compressed pixels passed over
    (``image_data``)."""
    # a blob read whole is one span, whose slice is the blob itself (bytes are not copied)
    spans = readable_spans(data)
    return [start + at for start, end in spans for at in engine.interesting(data[start:end])]


def _path_of(intro: Introduction) -> str:
    return intro.path


def _scan_text(
    job: _Job, intro: Introduction, data: bytes, earlier: bytes | None, stats: DiffStats
) -> list[Finding]:
    """The findings on the new lines of a text file's version: all of them, or, given an
    ``earlier`` version of the file (scanned before), those around where the two differ:
    each segment read alone, or in a ``context_file`` within the whole version (a Secret's
    entry changed far below its unchanged ``kind: Secret`` line)."""
    if earlier is None:
        return _scan_lines(job, intro, data, 0, [(0, sys.maxsize)], stats)
    parts = new_segments(data, earlier)
    starts = []  # the file's line on which each part starts
    line = counted = 0  # the file's line at byte ``counted``
    for part in parts:
        line += data.count(b"\n", counted, part.start)
        counted = part.start
        starts.append(line)
    if parts and job.engine.context_file(intro.path):
        spans = [(at + part.first, at + part.last) for at, part in zip(starts, parts, strict=True)]
        return _scan_lines(job, intro, data, 0, spans, stats)
    findings: list[Finding] = []
    for at, part in zip(starts, parts, strict=True):
        segment = data[part.start : part.end]
        findings += _scan_lines(job, intro, segment, at, [(part.first, part.last)], stats)
    return findings


def _scan_lines(
    job: _Job,
    intro: Introduction,
    segment: bytes,
    line: int,
    spans: list[tuple[int, int]],
    stats: DiffStats,
) -> list[Finding]:
    """The findings on the new lines of ``segment`` of a version, which starts on the
    file's line ``line`` (counted from 0): those of ``spans`` (first, last; counted in the
    segment), the others read with them."""
    hits, ends = job.engine.line_hits(intro.path, segment)
    new = on_spans(hits, spans)
    # a hit on an old line may make a new one a finding: a Secret's changed entry below
    # its unchanged ``kind: Secret`` line
    if not new and not job.engine.anchors(hits):  # nothing to report: never decoded
        return []
    text = segment.decode("utf-8", "replace")
    lines = text.split("\n")
    last = len(lines) - 1 - (not lines[-1])
    stats.lines += sum(min(b, last) - a + 1 for a, b in spans if a <= last)
    # nothing is reported again on lines already scanned, nor on the context around new ones
    fresh = job.seen.fresh(intro.path, lines, new, line)
    block = AddedBlock(intro.commit, intro.path, line + 1, text)
    return job.engine.scan_new_lines(block, lines, hits, fresh, spans, ends)


@dataclasses.dataclass
class _Commits:
    """The scanned commits in listing order (newest first) as one bytes object of binary
    ids (20 bytes each, 32 in a SHA-256 repository): only the reported ones are ever looked
    up. And what their messages hold."""

    ids: bytearray
    count: int
    findings: list[Finding]

    def ranks(self, commits: Iterable[str]) -> dict[str, int]:
        """Listing position (0: newest) of each of ``commits`` that was listed."""
        found = {}
        for commit in commits:
            try:
                key = bytes.fromhex(commit)
            except ValueError:
                key = b""
            if not key:  # not a commit id: never listed
                continue
            at = self.ids.find(key)
            while at > 0 and at % len(key):  # found across two ids: not one of them
                at = self.ids.find(key, at + 1)
            if at >= 0:
                found[commit] = at // len(key)
        return found


def _messages(git: Git, revs: Sequence[str], engine: Engine) -> _Commits:
    """List the commits and scan their messages."""
    ids = bytearray()
    count = 0
    found: list[Finding] = []
    args = messages_command(revs)
    proc, errors = start_stdin(git, args, b"", bufsize=0)
    try:
        assert proc.stdout is not None
        for records in message_chunks(proc.stdout, MESSAGE_CHUNK):
            found += engine.scan(message_blocks(records, engine.interesting)).findings
            for commit in listed_commits(records):
                ids += bytes.fromhex(commit)
                count += 1
        check(proc, errors, args)
    finally:
        reap(proc)
        errors.close()
    return _Commits(ids, count, found)


def _first_seen(found: list[Finding], rank: dict[str, int]) -> list[Finding]:
    """Per secret and path, the findings in the oldest commit that has it (largest rank):
    every line of that version, none of the later versions that kept it. A secret that
    only warned where it came in and blocks in a later version (its provider named next to
    it there) is reported at both: a warning never hides a block."""
    kept: dict[tuple[str, str, bool], list[Finding]] = {}
    for finding in found:
        key = (finding.path, finding.fingerprint, finding.blocking)
        group = kept.setdefault(key, [finding])
        if group[0] is finding:
            continue
        older = rank.get(finding.commit, -1) - rank.get(group[0].commit, -1)
        if older > 0:
            kept[key] = [finding]
        elif older == 0 and finding.commit == group[0].commit and finding not in group:
            group.append(finding)
    return [finding for group in kept.values() for finding in group]
