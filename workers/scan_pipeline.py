"""Run one ``scans`` row: sync the mirror, pick the commits, scan, upsert findings.

What a push adds is computed here from the mirror, never from the payload's ``commits[]``
(truncated on every platform): ``before..after`` when ``before`` is known, else ``after``
minus every ref the mirror had before this fetch (new branch, or a force push whose
``before`` is gone). Deletions scan nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from pushguard.git import DiffStats
from pushguard.scan.types import AddedBlock, InFile, Skipped
from pushguard.store.findings import NewFinding, upsert_finding
from pushguard.store.models import Repository, Scan, utcnow
from pushguard.workers import metrics
from pushguard.workers.context import JobContext
from pushguard.workers.credentials import clone_credential
from pushguard.workers.mirror import Mirror, fetch_lock
from pushguard.workers.respond_jobs import enqueue_response
from pushguard.workers.scan_errors import ScanAborted, classify

log = logging.getLogger(__name__)

PROGRESS_EVERY = 1.0
"""Seconds between progress writes (commits scanned) to the scans row."""


class Selection(NamedTuple):
    revs: tuple[str, ...]  # rev-list arguments (commit ids, or one validated range)
    stdin_revs: tuple[str, ...]  # exclusions as ^oid, passed on stdin (no argv limit)
    note: str = ""


def is_null(oid: str | None) -> bool:
    return not oid or set(oid) == {"0"}


def select_push(
    mirror: Mirror, ref: str, before: str | None, after: str, known: dict[str, str]
) -> Selection:
    """The commits a push added, given ``known`` = the mirror's refs before this fetch."""
    if not mirror.has_commit(after) and not mirror.fetch_commit(after):
        raise ScanAborted(f"commit {after} is no longer on the server")
    if before and not is_null(before) and mirror.has_commit(before):
        return Selection((after,), (f"^{before}",))
    exclude = sorted({oid for name, oid in known.items() if mirror.has_commit(oid)})
    note = "new ref" if is_null(before) else "before vanished (force push)"
    return Selection((after,), tuple(f"^{oid}" for oid in exclude), note)


def select_range(mirror: Mirror, range_spec: str | None, kind: str) -> Selection:
    if kind == "full" or not range_spec:
        # every ref of the mirror, which holds the server's branches and tags and nothing
        # else: the whole history, read blob by blob (``_scan``)
        return Selection(("--all",), ())
    if range_spec.startswith("-") or any(c.isspace() for c in range_spec):
        raise ScanAborted(f"not a revision range: {range_spec!r}")
    if not mirror.git().resolves(range_spec):  # a typo: no retry will make it resolve
        raise ScanAborted(
            f"--range {range_spec!r}: unknown revision or range in the repository's "
            "branches and tags"
        )
    return Selection((range_spec,), ())


def count_commits(mirror: Mirror, selection: Selection) -> int:
    return mirror.git().count_commits(selection.revs, selection.stdin_revs)


def execute_scan(ctx: JobContext, scan_id: int) -> None:
    """Run the scan; a failure is recorded on the row and re-raised so RQ retries it."""
    started = time.monotonic()
    with ctx.db.session() as s:
        scan = s.get(Scan, scan_id)
        if scan is None:
            log.warning("scan %s no longer exists", scan_id)
            return
        if scan.status == "done":
            return  # a retry of a job whose scan finished: nothing to redo
        repo = s.get(Repository, scan.repository_id)
        assert repo is not None
        credential = clone_credential(s, ctx.keys, repo)
        scan.status, scan.started_at = "running", utcnow()
        kind, ref, before, after, range_spec = (
            scan.kind,
            scan.ref,
            scan.before,
            scan.after,
            scan.range_spec,
        )
        repo_id, repo_name, url = repo.id, repo.name, repo.clone_url
    try:
        if kind == "push" and is_null(after):
            _finish(ctx, scan_id, [], 0, "deletion: nothing to scan", started)
            return
        mirror = Mirror.for_repository(ctx.config.home, repo_id, url, credential)
        with fetch_lock(ctx.redis, repo_id):
            known = mirror.refs()
            mirror.sync()
        if kind == "push":
            assert after is not None and ref is not None
            selection = select_push(mirror, ref, before, after, known)
        else:
            selection = select_range(mirror, range_spec, kind)
        total = count_commits(mirror, selection)
        _set(ctx, scan_id, commits_total=total)
        findings, partial = _scan(ctx, scan_id, mirror, repo_name, selection)
        _finish(ctx, scan_id, findings, total, selection.note, started, partial)
    except Exception as exc:
        kind = classify(exc)
        reason = str(exc) if kind != "internal" else f"{type(exc).__name__}: {exc}"
        if kind == "permanent":
            _fail(ctx, scan_id, reason, started, kind)  # recorded; retrying cannot help
            return
        _fail(ctx, scan_id, reason, started, kind, retrying=_retries_left() > 0)
        raise  # RQ retries it (Retry) or moves it to the failed jobs


def _scan(
    ctx: JobContext, scan_id: int, mirror: Mirror, repo_name: str, selection: Selection
) -> tuple[list[NewFinding], str]:
    """The findings, and a note naming the objects git could not read (empty if none):
    the scan goes on without them and records them on the scan (``Scan.error``)."""
    from pushguard.git import added_blocks
    from pushguard.git.repo import covers_whole_history
    from pushguard.scan.engine import build_engine
    from pushguard.scan.whole_history import scan_whole_history
    from pushguard.triage import entries as triaged_entries

    git = mirror.git().offline()  # a scan never fetches: missing objects are reported
    with ctx.db.session() as s:  # false positives marked in the store, not its export
        triaged = triaged_entries(s)
    if covers_whole_history(selection.revs) and not selection.stdin_revs:
        # a whole history (rescan --all): each blob once, as ``pushguard scan`` reads it,
        # in this process (a service runs several workers side by side)
        result = scan_whole_history(
            git, ctx.config, repo_name, selection.revs, 1,
            triaged=triaged, progress=_Progress(ctx, scan_id),
        )  # fmt: skip
    else:
        engine = build_engine(ctx.config, repo_name, git=git, triaged=triaged)
        stats = DiffStats()
        items = added_blocks(
            git,
            list(selection.revs),
            stdin_revs=list(selection.stdin_revs),
            max_blob_bytes=ctx.config.scan_for(repo_name).max_blob_bytes,
            stats=stats,
            in_file=engine.context_file,
        )
        try:
            result = engine.scan(_progress(ctx, scan_id, items, stats), stats=stats)
        finally:
            items.close()
    findings = [
        NewFinding(
            f.commit,
            f.path,
            f.line,
            f.rule,
            f.blocking,
            f.fingerprint,
            f.redacted,
            f.provider,
            f.confidence,
        )
        for f in result.findings
    ]
    return findings, _partial_note(result.missing)


def _partial_note(missing: Sequence[Skipped]) -> str:
    if not missing:
        return ""
    listed = "; ".join(f"{s.oid} ({s.path or '-'} in {s.commit})" for s in missing[:20])
    more = f"; and {len(missing) - 20} more" if len(missing) > 20 else ""
    return f"partial scan: {len(missing)} object(s) could not be read: {listed}{more}"


def _progress(
    ctx: JobContext, scan_id: int, items: Iterator[AddedBlock | InFile | Skipped], stats: DiffStats
) -> Iterator[AddedBlock | InFile | Skipped]:
    """Pass items through, writing the commits walked so far about once a second."""
    tell = _Progress(ctx, scan_id)
    for item in items:
        tell(stats.commits)
        yield item


class _Progress:
    """Writes the commits scanned so far to the scans row, about once a second."""

    def __init__(self, ctx: JobContext, scan_id: int) -> None:
        self._ctx, self._scan_id = ctx, scan_id
        self._last = time.monotonic()

    def __call__(self, commits: int) -> None:
        if time.monotonic() - self._last > PROGRESS_EVERY:
            _set(self._ctx, self._scan_id, commits_scanned=commits)
            self._last = time.monotonic()


def _set(ctx: JobContext, scan_id: int, **values: object) -> None:
    with ctx.db.session() as s:
        scan = s.get(Scan, scan_id)
        if scan is not None:
            for key, value in values.items():
                setattr(scan, key, value)


def _finish(
    ctx: JobContext,
    scan_id: int,
    findings: list[NewFinding],
    total: int,
    note: str,
    started: float,
    partial: str = "",
) -> None:
    with ctx.db.session() as s:
        scan = s.get(Scan, scan_id)
        assert scan is not None
        created = 0
        for finding in findings:
            created += upsert_finding(s, scan.repository_id, finding, scan_id=scan_id).created
        scan.status, scan.finished_at = "done", utcnow()
        scan.commits_total = scan.commits_scanned = total
        scan.findings_count = len(findings)
        scan.error = partial[:2000] or None  # done, but without the objects named here
        scan.error_kind = None
    if ctx.config.respond.enabled and any(f.blocking for f in findings):
        # After the commit, so the job sees the findings. Failing here fails the scan, and
        # its retry rescans (idempotently) and enqueues again; the job id dedupes.
        enqueue_response(ctx.redis, ctx.config.service, scan_id)
    metrics.record_scan(ctx.redis, "done", time.monotonic() - started, len(findings), created)
    log.info(
        "scan %s done: %d commits, %d findings (%d new) %s %s",
        scan_id,
        total,
        len(findings),
        created,
        note,
        partial,
    )


def _retries_left() -> int:
    from rq import get_current_job

    job = get_current_job()
    return (job.retries_left or 0) if job is not None else 0


def _fail(
    ctx: JobContext,
    scan_id: int,
    reason: str,
    started: float,
    kind: str,
    *,
    retrying: bool = False,
) -> None:
    """Record a failure; one RQ will retry leaves the scan ``queued`` with the reason."""
    with ctx.db.session() as s:
        scan = s.get(Scan, scan_id)
        if scan is not None:
            scan.status = "queued" if retrying else "failed"
            scan.finished_at = None if retrying else utcnow()
            scan.error = (f"{reason} (retrying)" if retrying else reason)[:2000]
            scan.error_kind = kind
    metrics.record_scan(ctx.redis, "failed", time.monotonic() - started, 0, 0)
    log.warning("scan %s failed: %s", scan_id, reason)
