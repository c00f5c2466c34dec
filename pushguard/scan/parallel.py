"""A large history scanned by several processes (``pushguard scan --jobs N``).

One Python process cannot use more than one core for the engine (the GIL), and on a dense
history the engine, not git, is most of the work. So the commits, listed once with their
messages, are cut into contiguous chunks (neighbouring commits share delta bases in git's
cache) that a pool of forked processes diffs and scans, each chunk with its own
``diff-tree --stdin`` (``recover.Lane``: unreadable objects are reported, as everywhere).
Chunks are handed out as processes free up, so a dense stretch of history does not leave
the others idle. The parent scans the commit messages and tags meanwhile.

The engine is built once, before the fork: the workers share its compiled prefilter and
imported detectors copy-on-write instead of each loading them. Each worker holds one chunk
at a time, so memory does not grow with history.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import time
from collections.abc import Iterator, Sequence

from pushguard.config import Config
from pushguard.git import DiffStats, Git
from pushguard.git.diff import blob_items
from pushguard.git.messages import listed_commits, message_blocks
from pushguard.git.objects import Objects
from pushguard.git.patch import parse_patch
from pushguard.git.recover import Missing, list_lane
from pushguard.git.tags import TAG_REFS_COMMAND, tag_blocks, wants_tag_refs
from pushguard.scan.engine import Engine, ScanResult, build_engine
from pushguard.scan.types import AddedBlock, Finding, Skipped

CHUNKS_PER_JOB = 8
"""Chunks per process: enough to balance dense and sparse stretches of history."""

CHUNK_COMMITS = (128, 1024)
"""Bounds of a chunk: each costs a git process and its cold delta cache (on flask, 128-commit
chunks cost 30% more CPU than 512-commit ones), and holds its output in memory."""


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
    git: Git, config: Config, repo: str | None, revs: Sequence[str], listing: bytes, jobs: int
) -> ScanResult:
    """``scan_git``'s result for ``revs`` (whose ``messages_command`` output is
    ``listing``), diffed and scanned by ``jobs`` processes."""
    global _JOB
    started = time.monotonic()
    git = git.offline()
    engine = build_engine(config, repo, git=git)
    engine.interesting(b"")  # loads the offsets database now, so the workers inherit it
    commits = listed_commits(listing)
    low, high = CHUNK_COMMITS
    size = max(low, min(high, len(commits) // (jobs * CHUNKS_PER_JOB) + 1))
    chunks = [commits[i : i + size] for i in range(0, len(commits), size)]
    max_blob_bytes = config.scan_for(repo).max_blob_bytes
    _JOB = _Job(git, engine, tuple(revs), max_blob_bytes)
    stats = DiffStats()
    findings: list[Finding] = []
    skipped: list[Skipped] = []
    try:
        # fork: the workers start in milliseconds with the engine already built
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            parts = pool.imap_unordered(_scan_chunk, chunks)
            own = engine.scan(
                _messages_and_tags(git, revs, listing, engine, stats, max_blob_bytes)
            )
            findings += own.findings
            skipped += own.skipped
            for part_findings, part_skipped, part_stats in parts:
                findings += part_findings
                skipped += part_skipped
                for field in dataclasses.fields(DiffStats):
                    name = field.name
                    setattr(stats, name, getattr(stats, name) + getattr(part_stats, name))
    finally:
        _JOB = None
    rank = {commit: index for index, commit in enumerate(commits)}
    return ScanResult(
        tuple(sorted(findings, key=lambda f: (rank.get(f.commit, -1), f.path, f.line))),
        tuple(sorted(skipped, key=lambda s: (rank.get(s.commit, -1), s.path))),
        stats,
        time.monotonic() - started,
        shallow=(git.git_dir / "shallow").exists(),
        catalogue=engine.catalogue_status,
    )


def _messages_and_tags(
    git: Git,
    revs: Sequence[str],
    listing: bytes,
    engine: Engine,
    stats: DiffStats,
    max_blob_bytes: int,
) -> Iterator[AddedBlock | Skipped]:
    yield from message_blocks(listing, engine.interesting)
    tag_refs = git.run(TAG_REFS_COMMAND) if wants_tag_refs(revs) else b""
    objects = Objects(git)
    try:
        commits = set(listed_commits(listing))
        yield from tag_blocks(objects, revs, (), commits, tag_refs, max_blob_bytes, stats)
    finally:
        objects.close()


def _scan_chunk(commits: list[str]) -> tuple[list[Finding], list[Skipped], DiffStats]:
    """In a worker: diff and scan one chunk of commits."""
    job = _JOB
    assert job is not None, "scan_parallel forks the workers with their job"
    stats = DiffStats()
    missing = Missing(job.git, job.revs, b"")
    lane = list_lane(job.git, commits, missing, job.max_blob_bytes)
    objects = Objects(job.git)
    try:
        items = blob_items(
            parse_patch(lane, stats, job.engine.interesting), objects, job.max_blob_bytes, stats
        )
        result = job.engine.scan(items)
        stats.skipped += len(missing.skipped)
        return list(result.findings), [*result.skipped, *missing.skipped], stats
    finally:
        lane.close()
        objects.close()
