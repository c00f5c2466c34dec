"""Findings: an upsert that keeps one row per (repository, fingerprint, path), and queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, func, literal, literal_column, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from pushguard.store.models import Finding, utcnow


class NewFinding(NamedTuple):
    """What a scan reports about one secret occurrence (no raw secret: preview + fingerprint)."""

    commit: str
    path: str
    line: int
    rule: str
    blocking: bool
    fingerprint: str
    redacted: str
    provider: str = ""
    confidence: str = ""


class Upserted(NamedTuple):
    id: int
    created: bool  # False: the row existed and only last_seen/scan_id moved on
    status: str


def upsert_finding(
    session: Session,
    repository_id: int,
    finding: NewFinding,
    *,
    scan_id: int | None = None,
    seen_at: dt.datetime | None = None,
) -> Upserted:
    """Insert a finding, or touch the existing one (``last_seen``, ``scan_id``).

    One atomic ``INSERT ... ON CONFLICT DO UPDATE`` on SQLite and PostgreSQL, so two workers
    rescanning the same push never duplicate a row. An existing row keeps its first commit,
    line and status: a finding marked false-positive stays so on rescans.
    """
    now = seen_at or utcnow()
    values: dict[str, Any] = {
        "repository_id": repository_id,
        "scan_id": scan_id,
        "commit": finding.commit,
        "path": finding.path,
        "line": finding.line,
        "rule": finding.rule,
        "blocking": finding.blocking,
        "fingerprint": finding.fingerprint,
        "redacted": finding.redacted,
        "provider": finding.provider,
        "confidence": finding.confidence,
        "status": "open",
        "first_seen": now,
        "last_seen": now,
    }
    stmt: Any
    inserted: ColumnElement[Any]
    if session.get_bind().dialect.name == "postgresql":
        stmt = postgresql.insert(Finding).values(values)
        # xmax is 0 only on a freshly inserted row version (the usual upsert idiom).
        inserted = literal_column("xmax = 0")
    else:
        stmt = sqlite.insert(Finding).values(values)
        # Our SQLite transactions start with BEGIN IMMEDIATE (db.py): nobody else can insert
        # between this check and the upsert.
        existing = session.scalar(
            select(Finding.id).where(
                Finding.repository_id == repository_id,
                Finding.fingerprint == finding.fingerprint,
                Finding.path == finding.path,
            )
        )
        inserted = literal(existing is None)
    upsert = stmt.on_conflict_do_update(
        index_elements=[Finding.repository_id, Finding.fingerprint, Finding.path],
        set_={
            "last_seen": stmt.excluded.last_seen,
            "scan_id": func.coalesce(stmt.excluded.scan_id, Finding.scan_id),
        },
    ).returning(Finding.id, Finding.status, inserted.label("created"))
    row = session.execute(upsert).one()
    return Upserted(id=row.id, created=bool(row.created), status=row.status)


def query_findings(
    *,
    repository_id: int | None = None,
    status: str | Sequence[str] | None = None,
    limit: int | None = None,
    after_id: int | None = None,
    rules: Sequence[str] | None = None,
    seen_since: dt.datetime | None = None,
    seen_before: dt.datetime | None = None,
    provider: str | None = None,
) -> Select[Finding]:
    """A ``select(Finding)`` filtered and ordered by id (for keyset pagination).

    ``rules``: any of these rule ids; ``seen_since``/``seen_before``: bounds on
    ``first_seen`` (a finding's age).
    """
    stmt = select(Finding).order_by(Finding.id)
    if rules is not None:
        stmt = stmt.where(Finding.rule.in_(list(rules)))
    if seen_since is not None:
        stmt = stmt.where(Finding.first_seen >= seen_since)
    if seen_before is not None:
        stmt = stmt.where(Finding.first_seen < seen_before)
    if repository_id is not None:
        stmt = stmt.where(Finding.repository_id == repository_id)
    if isinstance(status, str):
        stmt = stmt.where(Finding.status == status)
    elif status is not None:
        stmt = stmt.where(Finding.status.in_(list(status)))
    if after_id is not None:
        stmt = stmt.where(Finding.id > after_id)
    if provider is not None:
        stmt = stmt.where(Finding.provider == provider)
    if limit is not None:
        stmt = stmt.limit(limit)
    return stmt


def set_status(session: Session, finding_id: int, status: str) -> bool:
    finding = session.get(Finding, finding_id)
    if finding is None:
        return False
    finding.status = status
    return True
