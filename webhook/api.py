"""The admin JSON API under ``/api/v1``, behind scoped bearer tokens (``pushguard.tokens``).

Routes and scopes: ``GET /findings`` and ``GET /scans`` (findings:read), ``PATCH
/findings/<id>`` (findings:write: triage, see ``pushguard.triage``), ``POST
/repos/<id>/rescan`` (scans:write), ``GET /audit`` (audit:read). Lists are ordered by id and
paged with ``?limit=`` and ``?after=<last id>``; the response's ``next`` is the next ``after``.

Failed authentications are audited (``api.auth_failed``, subject = client address) and
counted from the audit log, so the limit holds across gunicorn workers and restarts: after
``AUTH_FAILURES_PER_WINDOW`` failures in ``AUTH_WINDOW`` an address gets 429 for every request
without a valid token until the window passes; a valid token from that address still passes
(tokens are too long to guess, and an operator must not be locked out by someone else's
scanner). The lock-out is audited once per window (``api.rate_limited``, with the count of
failures). Behind a reverse proxy, configure ``ProxyFix`` so ``remote_addr`` is the client's.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, Final

import redis
from flask import Blueprint, Flask, Response, current_app, g, jsonify, request
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pushguard import audit, finding_filters
from pushguard.errors import ConfigError, UsageError
from pushguard.store.db import Database
from pushguard.store.findings import query_findings
from pushguard.store.models import (
    FINDING_STATUSES,
    AuditEvent,
    Finding,
    Repository,
    Scan,
    utcnow,
)
from pushguard.tokens import AuthError, TokenInfo, authenticate, load_token_key

AUTH_FAILURES_PER_WINDOW: Final = 10
AUTH_WINDOW: Final = dt.timedelta(minutes=1)
"""Failed authentications allowed per client address per window (then 429)."""
MAX_ID: Final = 2**63 - 1
"""Row ids are 64-bit: a larger number names nothing (and overflows the database driver)."""
MAX_BODY: Final = 64 * 1024
"""Admin API request bodies are small JSON objects."""
MAX_RANGE: Final = 1024
DEFAULT_LIMIT: Final = 100
MAX_LIMIT: Final = 1000
AUTH_FAILED = "api.auth_failed"
RATE_LIMITED = "api.rate_limited"

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


def _error(status: int, message: str, **headers: str) -> Response:
    response = jsonify({"error": message})
    response.status_code = status
    response.headers.update(headers)
    return response


def _db() -> Database:
    db: Database = current_app.extensions["pushguard.db"]
    return db


def _token_key() -> bytes | None:
    # Read per request (a small file): `tokens create` may make it after the app started.
    try:
        return load_token_key(current_app.config["PUSHGUARD"].token_key_file)
    except ConfigError:
        return None


def _client() -> str:
    return request.remote_addr or "unknown"


def recent_failures(session: Session, client: str, now: dt.datetime) -> int:
    """Failed authentications from ``client`` in the window (the console counts with it too)."""
    return (
        session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(
                AuditEvent.action == AUTH_FAILED,
                AuditEvent.subject == client,
                AuditEvent.created_at > now - AUTH_WINDOW,
            )
        )
        or 0
    )


def _authorize(scope: str) -> TokenInfo | Response:
    client, now = _client(), utcnow()
    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    with _db().session() as session:
        failures = recent_failures(session, client, now)
        try:
            key = _token_key()
            if scheme.lower() != "bearer" or not raw.strip() or key is None:
                raise AuthError("missing" if not header else "unknown")
            return authenticate(session, key, raw.strip(), scope, now=now)
        except AuthError as exc:
            forbidden = exc.reason == "scope"
            if failures >= AUTH_FAILURES_PER_WINDOW and not forbidden:
                audit_lockout(session, client, failures, now)
                locked = True
            else:
                locked = False
                _audit_failure(session, exc, client, scope, now)
    if locked:
        seconds = str(int(AUTH_WINDOW.total_seconds()))
        return _error(
            429, "too many failed authentications; retry later", **{"Retry-After": seconds}
        )
    if forbidden:
        return _error(403, f"this token lacks the {scope} scope")
    return _error(
        401,
        "a valid, unexpired bearer token is required",
        **{"WWW-Authenticate": 'Bearer realm="pushguard"'},
    )


def audit_lockout(session: Session, client: str, failures: int, now: dt.datetime) -> None:
    """Once per window and address: the lock-out began, after ``failures`` failures."""
    already = session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(
            AuditEvent.action == RATE_LIMITED,
            AuditEvent.subject == client,
            AuditEvent.created_at > now - AUTH_WINDOW,
        )
    )
    if not already:
        audit.append(
            session,
            actor=f"client:{client}",
            action=RATE_LIMITED,
            subject=client,
            details={
                "failures": failures,
                "window_seconds": int(AUTH_WINDOW.total_seconds()),
                "path": request.path,
            },
            at=now,
        )


def _audit_failure(
    session: Session, exc: AuthError, client: str, scope: str, now: dt.datetime
) -> None:
    forbidden = exc.reason == "scope"
    audit.append(
        session,
        actor=f"token:{exc.token_id}" if exc.token_id else f"client:{client}",
        action="api.forbidden" if forbidden else AUTH_FAILED,
        subject=client,
        details={"reason": exc.reason, "path": request.path, "scope": scope},
        at=now,
    )


def requires(scope: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            result = _authorize(scope)
            if isinstance(result, Response):
                return result
            g.api_token = result
            return view(*args, **kwargs)

        return wrapped

    return decorate


def _paging() -> tuple[int, int | None]:
    try:
        limit = int(request.args.get("limit", str(DEFAULT_LIMIT))[:20])
        after = request.args.get("after")
        after_id = _id(after) if after else None
        return max(1, min(limit, MAX_LIMIT)), after_id
    except ValueError:
        raise _BadRequest("limit and after must be integers") from None


def _id(value: str) -> int:
    """A row id from the URL; ValueError unless it is one."""
    if not (value.isascii() and value.isdigit()) or len(value) > 19 or int(value) > MAX_ID:
        raise ValueError(value)
    return int(value)


def _json_object() -> dict[str, Any]:
    """The request's JSON object ({} without a body), refusing what cannot be one: a body
    that cannot be read, too large, too deeply nested, not JSON."""
    from pushguard.webhook.intake import BadPayload, BrokenBody, TooLarge, parse_json, read_body

    try:
        body = read_body(request, MAX_BODY)
    except TooLarge:
        raise _BadRequest(f"request body larger than {MAX_BODY} bytes") from None
    except BrokenBody:
        raise _BadRequest("malformed or incomplete body") from None
    if not body.strip():
        return {}
    try:
        return parse_json(body)
    except BadPayload as exc:
        raise _BadRequest(str(exc)) from None


class _BadRequest(Exception):
    pass


@bp.errorhandler(_BadRequest)
def _bad_request(exc: _BadRequest) -> Response:
    return _error(400, str(exc))


def _repository_id(session: Session, value: str | None) -> int | None:
    """``?repo=`` as a numeric id or a name (``owner/repo``, optionally ``platform:``)."""
    if not value:
        return None
    if value.isdigit():
        try:
            return _id(value)
        except ValueError:
            raise _BadRequest(f"repo {value!r} is not a repository id") from None
    platform, sep, name = value.partition(":")
    stmt = select(Repository.id).where(Repository.name == (name if sep else value))
    if sep:
        stmt = stmt.where(Repository.platform == platform)
    ids = session.scalars(stmt).all()
    if len(ids) != 1:
        raise _BadRequest(f"repo {value!r} matches {len(ids)} repositories; use its id")
    return ids[0]


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _finding_json(f: Finding, repos: dict[int, str]) -> dict[str, Any]:
    return {
        "id": f.id,
        "repository_id": f.repository_id,
        "repository": repos.get(f.repository_id),
        "commit": f.commit,
        "path": f.path,
        "line": f.line,
        "rule": f.rule,
        "provider": f.provider,
        "confidence": f.confidence,
        "blocking": f.blocking,
        "fingerprint": f.fingerprint,
        "redacted": f.redacted,
        "status": f.status,
        "first_seen": _iso(f.first_seen),
        "last_seen": _iso(f.last_seen),
        "scan_id": f.scan_id,
    }


def _scan_json(s: Scan) -> dict[str, Any]:
    return {
        "id": s.id,
        "repository_id": s.repository_id,
        "kind": s.kind,
        "ref": s.ref,
        "before": s.before,
        "after": s.after,
        "range": s.range_spec,
        "status": s.status,
        "commits_total": s.commits_total,
        "commits_scanned": s.commits_scanned,
        "findings": s.findings_count,
        "error": s.error,
        "error_kind": s.error_kind,  # permanent (not retried) | transient | internal
        "job_id": s.job_id,
        "queued_at": _iso(s.queued_at),
        "started_at": _iso(s.started_at),
        "finished_at": _iso(s.finished_at),
    }


def _page(items: list[dict[str, Any]], limit: int) -> Any:
    return items[-1]["id"] if len(items) == limit else None


def _finding_filters() -> dict[str, Any]:
    """``?status=&rule=&provider=&newer_than=&older_than=`` as ``query_findings`` arguments."""
    from pushguard import timespec
    statuses = request.args.getlist("status")
    unknown = [s for s in statuses if s not in FINDING_STATUSES]
    if unknown:
        raise _BadRequest(f"status must be one of {', '.join(FINDING_STATUSES)}")
    rules: list[str] | None = request.args.getlist("rule") or None
    provider = request.args.get("provider") or None
    now = utcnow()
    try:
        since, before = (
            timespec.ago(request.args[name], name, now) if request.args.get(name) else None
            for name in ("newer_than", "older_than")
        )
    except UsageError as exc:
        raise _BadRequest(str(exc)) from None
    return {
        "status": statuses or None,
        "rules": rules,
        "provider": provider,
        "seen_since": since,
        "seen_before": before,
    }


@bp.get("/findings")
@requires("findings:read")
def findings() -> Response:
    limit, after = _paging()
    filters = _finding_filters()
    with _db().session() as session:
        try:
            config = current_app.config["PUSHGUARD"]
            finding_filters.check(session, config, filters["rules"] or (), filters["provider"])
        except UsageError as exc:
            raise _BadRequest(str(exc).replace("--", "", 1)) from None
        repo_id = _repository_id(session, request.args.get("repo"))
        rows = session.scalars(
            query_findings(repository_id=repo_id, limit=limit, after_id=after, **filters)
        ).all()
        names = session.execute(select(Repository.id, Repository.name))
        repos = {row.id: row.name for row in names}
        items = [_finding_json(f, repos) for f in rows]
    return jsonify({"findings": items, "next": _page(items, limit)})


TRIAGE_BY_STATUS: Final = {"resolved": "resolve", "false-positive": "false-positive",
                           "open": "reopen"}
"""``PATCH`` body ``status`` -> the triage action that sets it."""


@bp.patch("/findings/<int:finding_id>")
@requires("findings:write")
def triage_finding(finding_id: int) -> Response:
    """``{"status": "resolved"|"false-positive"|"open", "reason": ..., "expires": date?}``."""
    from pushguard.triage import NotFound, TriageError, apply

    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _error(400, "send a JSON object: {\"status\": ..., \"reason\": ...}")
    action = TRIAGE_BY_STATUS.get(body.get("status"))  # type: ignore[arg-type]
    if action is None:
        return _error(400, f"status must be one of {', '.join(TRIAGE_BY_STATUS)}")
    reason, expires_raw = body.get("reason"), body.get("expires")
    if reason is not None and not isinstance(reason, str):
        return _error(400, "reason must be a string")
    expires = None
    if expires_raw is not None:
        try:
            expires = dt.date.fromisoformat(str(expires_raw))
        except ValueError:
            return _error(400, "expires must be a date like 2027-01-31")
    token: TokenInfo = g.api_token
    config = current_app.config["PUSHGUARD"]
    try:
        (result,) = apply(
            _db(), config.allowlist_file, [finding_id], action, reason, f"token:{token.id}",
            expires,
        )
    except NotFound as exc:
        return _error(404, str(exc))
    except TriageError as exc:
        return _error(400, str(exc))
    with _db().session() as session:
        finding = session.get(Finding, finding_id)
        assert finding is not None
        repo = session.get(Repository, finding.repository_id)
        item = _finding_json(finding, {finding.repository_id: repo.name if repo else ""})
    return jsonify({"finding": item, "changed": result.changed})


@bp.get("/scans")
@requires("findings:read")
def scans() -> Response:
    limit, after = _paging()
    with _db().session() as session:
        stmt = select(Scan).order_by(Scan.id.desc()).limit(limit)
        repo_id = _repository_id(session, request.args.get("repo"))
        if repo_id is not None:
            stmt = stmt.where(Scan.repository_id == repo_id)
        if request.args.get("status"):
            stmt = stmt.where(Scan.status == request.args["status"])
        if after is not None:
            stmt = stmt.where(Scan.id < after)  # newest first: page towards older scans
        items = [_scan_json(s) for s in session.scalars(stmt)]
    return jsonify({"scans": items, "next": _page(items, limit)})


@bp.post("/repos/<int:repo_id>/rescan")
@requires("scans:write")
def rescan(repo_id: int) -> Response:
    from pushguard.webhook.intake import encodable

    range_spec = _json_object().get("range")
    if range_spec is not None and (
        not isinstance(range_spec, str)
        or not range_spec.strip()
        or range_spec.startswith("-")
        or len(range_spec) > MAX_RANGE
        or not encodable(range_spec)
    ):
        return _error(400, "range must be a revision range like A..B")
    token: TokenInfo = g.api_token
    with _db().session() as session:
        repo = session.get(Repository, repo_id) if repo_id <= MAX_ID else None
        if repo is None:
            return _error(404, f"no repository {repo_id}")
        scan = Scan(
            repository_id=repo.id,
            kind="range" if range_spec else "full",
            range_spec=range_spec,
            status="queued",
        )
        session.add(scan)
        session.flush()
        audit.append(
            session,
            actor=f"token:{token.id}",
            action="scan.request",
            subject=f"repo:{repo.id}",
            details={"scan_id": scan.id, "range": range_spec},
        )
        scan_id = scan.id
    job_id = _enqueue(scan_id)
    response = jsonify({"scan_id": scan_id, "status": "queued", "job_id": job_id})
    response.status_code = 202
    return response


def _enqueue(scan_id: int) -> str | None:
    """Queue the job now if Redis answers; otherwise the outbox drainer queues the stored
    ``queued`` scan (workers/outbox.py), so the request still succeeds."""
    from pushguard.workers.queue import enqueue_scan

    connection: redis.Redis | None = current_app.extensions.get("pushguard.redis")
    if connection is None:
        return None
    try:
        job_id = enqueue_scan(connection, current_app.config["PUSHGUARD"].service, scan_id)
    except redis.exceptions.RedisError:
        current_app.logger.warning(
            "rescan %d stored; Redis unavailable, outbox will queue it", scan_id
        )
        return None
    with _db().session() as session:
        scan = session.get(Scan, scan_id)
        if scan is not None and scan.job_id is None:
            scan.job_id = job_id
    return job_id


@bp.get("/audit")
@requires("audit:read")
def audit_events() -> Response:
    limit, after = _paging()
    since = request.args.get("since")
    stmt = select(AuditEvent).order_by(AuditEvent.id).limit(limit)
    if after is not None:
        stmt = stmt.where(AuditEvent.id > after)
    if since:
        try:
            start = dt.datetime.fromisoformat(since)
        except ValueError:
            return _error(400, "since must be an ISO 8601 time")
        stmt = stmt.where(
            AuditEvent.created_at >= (start if start.tzinfo else start.replace(tzinfo=dt.UTC))
        )
    with _db().session() as session:
        items = [audit.event_dict(e) for e in session.scalars(stmt)]
    return jsonify({"events": items, "next": _page(items, limit)})
