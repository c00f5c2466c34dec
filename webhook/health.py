"""``/healthz`` (process up), ``/readyz`` (database writable), ``/metrics`` (Prometheus).

Metrics come from shared state, never from this process's memory: delivery and scan counters
are Redis hashes (``pushguard.workers.metrics``), queue depth is RQ's, findings are counted in the
database. So every gunicorn worker answers the same numbers.
"""

from __future__ import annotations

import logging

import redis
from flask import Blueprint, Flask, Response, current_app, jsonify
from rq.registry import FailedJobRegistry, StartedJobRegistry
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from pushguard.scan import catalogue
from pushguard.store.db import Database
from pushguard.store.models import Delivery, Finding
from pushguard.workers import metrics
from pushguard.workers.queue import QUEUE_NAMES, queues

log = logging.getLogger(__name__)
bp = Blueprint("health", __name__)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


@bp.get("/healthz")
def healthz() -> Response:
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz() -> Response:
    db: Database = current_app.extensions["pushguard.db"]
    conn: redis.Redis | None = current_app.extensions["pushguard.redis"]
    checks: dict[str, str] = {}
    try:
        _check_writable(db)
        checks["database"] = "ok"
    except SQLAlchemyError as exc:
        checks["database"] = f"down: {_reason(exc)}"
    if conn is None:
        checks["redis"] = "not configured"
    else:
        try:
            conn.ping()
            checks["redis"] = "ok"
        except redis.exceptions.RedisError as exc:
            # deliveries are still accepted into the outbox: degraded, not unready
            checks["redis"] = f"down: {type(exc).__name__}"
    # the workers' scans run without the catalogue tier where its package has no wheel:
    # ready either way, but never silently
    tier = catalogue.status()
    checks["catalogue"] = "ok" if tier.available else f"off: {tier.detail}"
    response = jsonify(checks)
    response.status_code = 200 if checks["database"] == "ok" else 503
    return response


WRITE_PROBE = text("UPDATE audit_head SET count = count WHERE 1 = 0")
"""A write that changes nothing: it fails on a read-only or locked database as a delivery's
insert would (``SELECT 1`` succeeded while every write failed)."""


def _check_writable(db: Database) -> None:
    with db.engine.connect() as c, c.begin() as tx:
        # SQLite: the transaction begins IMMEDIATE, taking the write lock within the web
        # process's short busy timeout; PostgreSQL: a read-only server refuses the UPDATE
        if db.dialect == "postgresql":
            c.execute(text("SET LOCAL lock_timeout = '2s'"))
        c.execute(WRITE_PROBE)
        tx.rollback()


def _reason(exc: SQLAlchemyError) -> str:
    detail = str(getattr(exc, "orig", None) or "").splitlines()
    return f"{type(exc).__name__}: {detail[0]}" if detail else type(exc).__name__


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _redis_lines(conn: redis.Redis) -> list[str]:
    lines: list[str] = []
    snap = metrics.snapshot(conn)
    lines += [
        "# HELP pushguard_deliveries_total Webhook deliveries by platform and outcome.",
        "# TYPE pushguard_deliveries_total counter",
    ]
    for key, value in sorted(snap["deliveries"].items()):
        platform, _, outcome = key.partition("|")
        lines.append(
            f'pushguard_deliveries_total{{platform="{_label(platform)}",'
            f'outcome="{_label(outcome)}"}} {value}'
        )
    lines += [
        "# HELP pushguard_scans_total Finished scans by status.",
        "# TYPE pushguard_scans_total counter",
    ]
    for key, value in sorted(snap["scans"].items()):
        if key.startswith("status|"):
            lines.append(f'pushguard_scans_total{{status="{_label(key[7:])}"}} {value}')
    lines += [
        "# HELP pushguard_scan_findings_total Findings reported by scans (with repeats).",
        "# TYPE pushguard_scan_findings_total counter",
        f"pushguard_scan_findings_total {snap['scans'].get('findings', '0')}",
    ]
    seconds = snap["scan_seconds"]
    lines += [
        "# HELP pushguard_scan_duration_seconds Scan job durations.",
        "# TYPE pushguard_scan_duration_seconds histogram",
    ]
    for bound in metrics.SCAN_BUCKETS:
        lines.append(
            f'pushguard_scan_duration_seconds_bucket{{le="{bound}"}} '
            f"{seconds.get(f'le|{bound}', '0')}"
        )
    count = seconds.get("count", "0")
    lines += [
        f'pushguard_scan_duration_seconds_bucket{{le="+Inf"}} {count}',
        f"pushguard_scan_duration_seconds_sum {seconds.get('sum', '0')}",
        f"pushguard_scan_duration_seconds_count {count}",
    ]
    lines += [
        "# HELP pushguard_queue_jobs Jobs by queue (scan, respond) and state.",
        "# TYPE pushguard_queue_jobs gauge",
    ]
    for name, queue in zip(QUEUE_NAMES, queues(conn), strict=True):
        lines += [
            f'pushguard_queue_jobs{{queue="{name}",state="{state}"}} {count}'
            for state, count in (
                ("queued", queue.count),
                ("started", StartedJobRegistry(queue=queue).count),
                ("failed", FailedJobRegistry(queue=queue).count),
            )
        ]
    return lines


def _db_lines(db: Database) -> list[str]:
    with db.session() as s:
        findings = s.execute(select(Finding.status, func.count()).group_by(Finding.status)).all()
        outbox = s.scalar(
            select(func.count()).select_from(Delivery).where(Delivery.status == "pending")
        )
    lines = [
        "# HELP pushguard_findings Stored findings by status.",
        "# TYPE pushguard_findings gauge",
    ]
    lines += [f'pushguard_findings{{status="{_label(st)}"}} {n}' for st, n in sorted(findings)]
    lines += [
        "# HELP pushguard_outbox_pending Deliveries stored whose job has not started yet.",
        "# TYPE pushguard_outbox_pending gauge",
        f"pushguard_outbox_pending {outbox or 0}",
    ]
    return lines


@bp.get("/metrics")
def metrics_endpoint() -> Response:
    lines: list[str] = []
    conn: redis.Redis | None = current_app.extensions["pushguard.redis"]
    up = 0
    if conn is not None:
        try:
            lines += _redis_lines(conn)
            up = 1
        except redis.exceptions.RedisError:
            log.warning("metrics: Redis unavailable")
    lines += [
        "# HELP pushguard_redis_up Whether Redis answered.",
        "# TYPE pushguard_redis_up gauge",
        f"pushguard_redis_up {up}",
    ]
    try:
        lines += _db_lines(current_app.extensions["pushguard.db"])
    except SQLAlchemyError:
        log.warning("metrics: database unavailable")
    return Response("\n".join(lines) + "\n", mimetype=None, content_type=CONTENT_TYPE)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
