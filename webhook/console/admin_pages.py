"""Repositories (with rescans and their live progress) and the audit log."""

from __future__ import annotations

import json
from typing import Final

from flask import Response, abort, jsonify, redirect, render_template, request, url_for
from sqlalchemy import select

from pushguard import audit
from pushguard.store.models import AuditEvent, Repository, Scan
from pushguard.webhook.console.auth import requires
from pushguard.webhook.console.blueprint import bp, config, db, redis_conn, viewer
from pushguard.workers.rescan_requests import request_rescan

READ: Final = "findings:read"
RESCAN: Final = "scans:write"
AUDIT: Final = "audit:read"
SCANS_PER_REPO: Final = 5
AUDIT_PAGE: Final = 100
MAX_RANGE: Final = 1024


def _webhook_url(repo: Repository) -> str | None:
    if repo.platform == "local":
        return None
    base = (config().service.public_url or request.host_url).rstrip("/")
    return f"{base}/webhooks/{repo.platform}/{repo.name}"


@bp.get("/repos")
@requires(READ)
def repos() -> str:
    return _repos_page()


def _repos_page(error: str | None = None, error_repo: int | None = None) -> str:
    with db().session() as s:
        rows = list(s.scalars(select(Repository).order_by(Repository.platform, Repository.name)))
        scans = {
            r.id: list(
                s.scalars(
                    select(Scan)
                    .where(Scan.repository_id == r.id)
                    .order_by(Scan.id.desc())
                    .limit(SCANS_PER_REPO)
                )
            )
            for r in rows
        }
    who = viewer()
    return render_template(
        "repos.html",
        repos=rows,
        scans=scans,
        webhook_url=_webhook_url,
        can_rescan=who is not None and who.can(RESCAN),
        rescan_scope=RESCAN,
        error=error,
        error_repo=error_repo,
    )


@bp.post("/repos/<int:repo_id>/rescan")
@requires(RESCAN)
def rescan(repo_id: int) -> Response | tuple[str, int]:
    """Queue a whole-history or range rescan, as ``pushguard rescan`` and the API do."""
    who = viewer()
    assert who is not None
    range_spec = request.form.get("range", "").strip() or None
    if range_spec is not None and (
        range_spec.startswith("-")
        or len(range_spec) > MAX_RANGE
        or any(c.isspace() for c in range_spec)
    ):
        return _repos_page("The range must be a revision range like A..B.", repo_id), 400
    with db().session() as s:
        if s.get(Repository, repo_id) is None:
            abort(404, f"no repository {repo_id}")
    scan_id = request_rescan(db(), redis_conn(), config().service, repo_id, range_spec=range_spec)
    with db().session() as s:
        audit.append(
            s,
            actor=f"token:{who.token_id}",
            action="scan.request",
            subject=f"repo:{repo_id}",
            details={"scan_id": scan_id, "range": range_spec, "via": "console"},
        )
    return redirect(url_for("console.scan", scan_id=scan_id), code=303)  # type: ignore[return-value]


def _scan_state(scan: Scan) -> dict[str, object]:
    return {
        "id": scan.id,
        "status": scan.status,
        "commits_scanned": scan.commits_scanned,
        "commits_total": scan.commits_total,
        "findings": scan.findings_count,
        "error": scan.error,
        "finished": scan.status in ("done", "failed"),
    }


@bp.get("/scans/<int:scan_id>")
@requires(READ)
def scan(scan_id: int) -> str:
    with db().session() as s:
        row = s.get(Scan, scan_id)
        if row is None:
            abort(404, f"no scan {scan_id}")
        repo = s.get(Repository, row.repository_id)
    return render_template("scan.html", scan=row, repo=repo, state=_scan_state(row))


@bp.get("/scans/<int:scan_id>/progress")
@requires(READ)
def scan_progress(scan_id: int) -> Response:
    """Polled by console.js for live progress (JSON; no page reload)."""
    with db().session() as s:
        row = s.get(Scan, scan_id)
        if row is None:
            abort(404, f"no scan {scan_id}")
        return jsonify(_scan_state(row))


@bp.get("/audit")
@requires(AUDIT)
def audit_log() -> str:
    action = (request.args.get("action") or "").strip()[:64]
    actor = (request.args.get("actor") or "").strip()[:255]
    subject = (request.args.get("subject") or "").strip()[:512]
    before = request.args.get("before", "")
    stmt = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(AUDIT_PAGE + 1)
    if action:
        stmt = stmt.where(AuditEvent.action.startswith(action, autoescape=True))
    if actor:
        stmt = stmt.where(AuditEvent.actor == actor)
    if subject:
        stmt = stmt.where(AuditEvent.subject == subject)
    if before.isdigit():
        stmt = stmt.where(AuditEvent.id < int(before))
    with db().session() as s:
        events = list(s.scalars(stmt))
        broken = audit.verify_report(s)
    more = len(events) > AUDIT_PAGE
    events = events[:AUDIT_PAGE]
    return render_template(
        "audit.html",
        events=events,
        details={e.id: json.loads(e.details) for e in events},
        broken=broken,
        filters={"action": action, "actor": actor, "subject": subject},
        next_before=events[-1].id if more and events else None,
    )
