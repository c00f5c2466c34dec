"""The outbox drainer: enqueue deliveries (and queued scans) stored while Redis was down.

Runs at worker/serve start-up and every ``drain_interval`` seconds. The webhook leaves every
row ``pending`` (one database write per delivery); its job confirms the row (``enqueued``)
when it starts. Rows younger than ``GRACE`` seconds are left to the web process that is
enqueueing them right now. Older pending rows are *stranded* only when their job is missing
from Redis: only those are enqueued and marked, so a busy worker's long queue costs reads,
not writes. One delivery gives one job either way: job ids derive from the row id (never
reused, see the ``0004`` migration) and the enqueue is atomic-unique.

The drainer must not hurt intake (issue #13): it reads without SQLite's write lock, never
talks to Redis inside a transaction, and writes at most ``WRITE_BATCH`` rows per short
transaction. (It used to rewrite every pending row in 500-row transactions that also waited on
Redis: p99 intake latency went from 27 ms to 569 ms with the worker busy.)
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Sequence

import redis
from rq.job import Job
from sqlalchemy import String, cast, literal, select, update

from pushguard.config import ServiceConfig
from pushguard.store.db import Database
from pushguard.store.models import Delivery, Scan, utcnow
from pushguard.workers.queue import (
    enqueue_delivery,
    enqueue_scan,
    push_job_id,
    scan_job_id,
)

log = logging.getLogger(__name__)

GRACE = 5.0
"""Seconds a fresh pending row belongs to the request that stored it."""

READ_BATCH = 500
"""Pending rows read (and checked in Redis, one pipeline) at a time."""

WRITE_BATCH = 50
"""Rows marked per transaction: the write lock is held for a few milliseconds at most."""

FULL_SWEEP = 300.0
"""Seconds between drains that look again at every pending row. In between, a drainer only
looks at rows newer than the last one it found queued: a pending row whose job was in Redis
loses it only if Redis loses its data, which this catches within minutes."""


class Progress:
    """A drainer's memory between rounds (``pushguard worker``'s maintenance loop keeps one):
    the newest pending row it found queued, and when it last looked at all of them. Without
    it, every drain reads a busy worker's whole queue."""

    def __init__(self) -> None:
        self.checked_through = 0
        self.last_full_sweep = float("-inf")


def drain_outbox(
    db: Database,
    connection: redis.Redis,
    service: ServiceConfig,
    *,
    grace: float = GRACE,
    progress: Progress | None = None,
) -> int:
    """Enqueue stranded deliveries; returns how many jobs were created. Without ``progress``
    every pending row is looked at."""
    cutoff = utcnow() - dt.timedelta(seconds=grace)
    created = 0
    progress = progress or Progress()
    now = time.monotonic()
    if now - progress.last_full_sweep >= FULL_SWEEP:
        progress.last_full_sweep, progress.checked_through = now, 0
    after = progress.checked_through
    while True:
        with db.engine.connect() as sql:  # a read: no write lock, in WAL mode no waiting
            ids = list(
                sql.execute(
                    select(Delivery.id)
                    .where(
                        Delivery.status == "pending",
                        Delivery.received_at <= cutoff,
                        Delivery.id > after,
                    )
                    .order_by(Delivery.id)
                    .limit(READ_BATCH)
                ).scalars()
            )
        if not ids:
            break
        after = ids[-1]
        stranded = _without_job(connection, ids, push_job_id)
        for delivery_id in stranded:
            # atomic-unique: False when the web process (or another drainer) queued it
            if enqueue_delivery(connection, service, delivery_id):
                created += 1
        for start in range(0, len(stranded), WRITE_BATCH):
            _mark_enqueued(db, stranded[start : start + WRITE_BATCH])
        progress.checked_through = after  # every row up to here has its job now
        if len(ids) < READ_BATCH:
            break
    created += _drain_scans(db, connection, service, cutoff)
    if created:
        log.info("outbox: enqueued %d stored deliveries and scans", created)
    return created


def _without_job(
    connection: redis.Redis, ids: Sequence[int], job_id: Callable[[int], str]
) -> list[int]:
    """The ids among ``ids`` whose job (``job_id(id)``) is not in Redis."""
    with connection.pipeline(transaction=False) as pipe:
        for row_id in ids:
            pipe.exists(Job.key_for(job_id(row_id)))
        found = pipe.execute()
    return [row_id for row_id, exists in zip(ids, found, strict=True) if not exists]


def _mark_enqueued(db: Database, ids: Sequence[int]) -> None:
    with db.engine.begin() as sql:
        sql.execute(
            update(Delivery)
            .where(Delivery.id.in_(ids), Delivery.status == "pending")
            .values(
                status="enqueued",
                enqueued_at=utcnow(),
                job_id=literal("push-") + cast(Delivery.id, String),
            )
        )


def _drain_scans(
    db: Database, connection: redis.Redis, service: ServiceConfig, cutoff: dt.datetime
) -> int:
    """Queued scans without a job (admin or spool rescans created while Redis was down)."""
    with db.engine.connect() as sql:
        ids = list(
            sql.execute(
                select(Scan.id)
                .where(
                    Scan.status == "queued",
                    Scan.job_id.is_(None),
                    Scan.delivery_id.is_(None),
                    Scan.queued_at <= cutoff,
                )
                .order_by(Scan.id)
                .limit(READ_BATCH)
            ).scalars()
        )
    stranded = set(_without_job(connection, ids, scan_job_id))
    for scan_id in stranded:
        enqueue_scan(connection, service, scan_id)  # atomic-unique
    for start in range(0, len(ids), WRITE_BATCH):
        with db.engine.begin() as sql:
            for scan_id in ids[start : start + WRITE_BATCH]:
                sql.execute(
                    update(Scan)
                    .where(Scan.id == scan_id, Scan.job_id.is_(None))
                    .values(job_id=scan_job_id(scan_id))
                )
    return len(stranded)
