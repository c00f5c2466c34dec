"""The store as the response pipeline's tests need it: a leak's finding recorded as a scan
would, and the response steps the pipeline wrote for it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from pushguard.scan.secrets import fingerprint, redact
from pushguard.store import models
from pushguard.store.db import Database
from pushguard.store.findings import NewFinding, upsert_finding


def store_finding(
    db: Database,
    repo_path: Path,
    name: str,
    commit: str,
    path: str,
    rule: str,
    secret: str,
    key: bytes,
    line: int = 2,
) -> int:
    """A repository, a finished push scan and its blocking finding of ``secret`` (kept
    as the scan keeps it: keyed fingerprint and redacted form); the finding's id."""
    with db.session() as s:
        repo = models.Repository(platform="local", name=name, clone_url=str(repo_path))
        s.add(repo)
        s.flush()
        scan = models.Scan(repository_id=repo.id, kind="push", status="done")
        s.add(scan)
        s.flush()
        found = NewFinding(commit, path, line, rule, True, fingerprint(key, secret), redact(secret))
        return upsert_finding(s, repo.id, found, scan_id=scan.id).id


def steps(db: Database, finding_id: int) -> list[tuple[str, str]]:
    """(step, outcome) of each response row of a finding, in order."""
    with db.session() as s:
        rows = s.scalars(
            select(models.Response)
            .where(models.Response.finding_id == finding_id)
            .order_by(models.Response.id)
        )
        return [(r.step, r.outcome) for r in rows]
