"""A large history scanned by several processes (``pushguard scan --jobs N``).

One Python process cannot use more than one core for the engine (the GIL), and on a dense
history the engine, not git, is most of the work. So the commits, listed with their
messages by one ``git log``, are cut as they arrive into contiguous chunks (neighbouring
commits share delta bases in git's cache) that a pool of forked processes diffs and scans,
each chunk with its own ``diff-tree --stdin`` (``recover.Lane``: unreadable objects are
reported, as everywhere) and its commits' messages. Chunks are handed out as processes free
up, so a dense stretch of history does not leave the others idle. The parent scans the tags.

The engine is built once, before the fork: the workers share its compiled prefilter and
imported detectors copy-on-write instead of each loading them. Memory does not grow with
history: the listing is read only as fast as the workers take chunks (the pool's task pipe
is bounded), a worker holds one chunk at a time, and findings are ordered by (chunk,
position in chunk) instead of a map of every commit.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import time
from collections.abc import Iterator, Sequence
from typing import IO

from pushguard.config import Config
from pushguard.git import DiffStats, Git
from pushguard.git.diff import blob_items
from pushguard.git.messages import listed_commits, message_blocks, messages_command
from pushguard.git.missing import Missing
from pushguard.git.objects import Objects
from pushguard.git.patch import parse_patch
from pushguard.git.processes import start_stdin
from pushguard.git.recover import list_lane
from pushguard.git.repo import failure, reap
from pushguard.git.tags import TAG_REFS_COMMAND, tag_blocks, wants_tag_refs
from pushguard.scan.engine import Engine, ScanResult, build_engine
from pushguard.scan.types import AddedBlock, Finding, InFile, Skipped

CHUNKS_PER_JOB = 8
"""Chunks per process: enough to balance dense and sparse stretches of history."""

CHUNK_COMMITS = (128, 1024)
"""Bounds of a chunk: each costs a git process and its cold delta cache (on flask, 128-commit
chunks cost 30% more CPU than 512-commit ones), and holds its output in memory."""

READ_SIZE = 1024 * 1024

Rank = tuple[int, int]
"""(chunk number, position of the commit in its chunk): the listing's order."""


@dataclasses.dataclass(frozen=True)
class _Job:
    git: Git
    engine: Engine
    revs: tuple[str, ...]
    max_blob_bytes: int


_JOB: _Job | None = None
"""The forked workers' job: set in the parent just before the pool forks (fork copies it;
nothing is pickled), cleared after."""


def scan_parallel(
    git: Git, config: Config, repo: str | None, revs: Sequence[str], total: int, jobs: int
) -> ScanResult:
    """``scan_git``'s result for ``revs`` (which select about ``total`` commits), diffed
    and scanned by ``jobs`` processes."""
    global _JOB
    started = time.monotonic()
    git = git.offline()
    engine = build_engine(config, repo, git=git)
    engine.interesting(b"")  # loads the offsets database now, so the workers inherit it
    engine.before_fork()
    low, high = CHUNK_COMMITS
    size = max(low, min(high, total // (jobs * CHUNKS_PER_JOB) + 1))
    max_blob_bytes = config.scan_for(repo).max_blob_bytes
    stats = DiffStats()
    findings: list[tuple[Rank, Finding]] = []
    skipped: list[tuple[Rank, Skipped]] = []
    _JOB = _Job(git, engine, tuple(revs), max_blob_bytes)
    try:
        # fork: the workers start in milliseconds with the engine already built
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            args = messages_command(revs)
            proc, errors = start_stdin(git, args, b"", bufsize=0)
            try:
                assert proc.stdout is not None
                chunks = enumerate(message_chunks(proc.stdout, size))
                for part in pool.imap_unordered(_scan_chunk, chunks):
                    findings += part[0]
                    skipped += part[1]
                    add_stats(stats, part[2])
                if proc.wait() != 0:
                    errors.seek(0)
                    raise failure(args, errors.read())
            finally:
                reap(proc)
                errors.close()
    finally:
        _JOB = None
    tags = engine.scan(tag_items(git, revs, stats, max_blob_bytes))
    findings += [((-1, 0), f) for f in tags.findings]
    skipped += [((-1, 0), s) for s in tags.skipped]
    return ScanResult(
        tuple(f for _, f in sorted(findings, key=lambda r: (r[0], r[1].path, r[1].line))),
        tuple(s for _, s in sorted(skipped, key=lambda r: (r[0], r[1].path))),
        stats,
        time.monotonic() - started,
        shallow=(git.git_dir / "shallow").exists(),
        catalogue=engine.catalogue_status,
    )


def add_stats(stats: DiffStats, part: DiffStats) -> None:
    for field in dataclasses.fields(DiffStats):
        setattr(stats, field.name, getattr(stats, field.name) + getattr(part, field.name))


def message_chunks(stream: IO[bytes], size: int) -> Iterator[bytes]:
    """``size`` NUL-terminated records of ``messages_command``'s output at a time, as it is
    read (the pool pulls them as its task pipe drains)."""
    pending = b""
    while True:
        data = stream.read(READ_SIZE)
        pending += data
        while True:
            end, count = 0, 0
            while count < size:
                found = pending.find(b"\0", end)
                if found < 0:
                    break
                end, count = found + 1, count + 1
            if count < size and data:
                break  # read more
            if not end:
                break
            yield pending[:end]
            pending = pending[end:]
        if not data:
            if pending.strip(b"\0"):
                yield pending
            return


def tag_items(
    git: Git, revs: Sequence[str], stats: DiffStats, max_blob_bytes: int
) -> Iterator[AddedBlock | Skipped]:
    tag_refs = git.run(TAG_REFS_COMMAND) if wants_tag_refs(revs) else b""
    objects = Objects(git)
    try:
        # no set of listed commits: a tip that is a commit is found to be one and skipped
        yield from tag_blocks(objects, revs, (), set(), tag_refs, max_blob_bytes, stats)
    finally:
        objects.close()


def _scan_chunk(
    chunk: tuple[int, bytes],
) -> tuple[list[tuple[Rank, Finding]], list[tuple[Rank, Skipped]], DiffStats]:
    """In a worker: diff one chunk of commits and scan what they add and their messages."""
    job = _JOB
    assert job is not None, "scan_parallel forks the workers with their job"
    number, records = chunk
    commits = listed_commits(records)
    stats = DiffStats()
    missing = Missing(job.git, job.revs, b"")
    lane = list_lane(job.git, commits, missing, job.max_blob_bytes)
    objects = Objects(job.git)
    try:
        patch = parse_patch(lane, stats, job.engine.patch_offsets)
        items = blob_items(patch, objects, job.max_blob_bytes, stats, job.engine.context_file)
        result = job.engine.scan(_then_messages(items, records, job.engine))
        stats.skipped += len(missing.skipped)
    finally:
        lane.close()
        objects.close()
    position = {commit: (number, index) for index, commit in enumerate(commits)}
    return (
        [(position.get(f.commit, (number, 0)), f) for f in result.findings],
        [(position.get(s.commit, (number, 0)), s) for s in [*result.skipped, *missing.skipped]],
        stats,
    )


def _then_messages(
    items: Iterator[AddedBlock | InFile | Skipped], records: bytes, engine: Engine
) -> Iterator[AddedBlock | InFile | Skipped]:
    yield from items
    yield from message_blocks(records, engine.interesting)
