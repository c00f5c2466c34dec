"""The outbox drainer: enqueue deliveries (and queued scans) stored while Redis was down.

Runs at worker/serve start-up and every ``drain_interval`` seconds. The webhook leaves every
row ``pending`` (one database write per delivery); the row becomes ``enqueued`` when its job
starts or when this drainer finds the job in Redis. Rows younger than ``GRACE`` seconds are
left to the web process that is enqueueing them right now; older pending rows without a job
are enqueued. Either way one delivery gives one job: job ids derive from the row id and the
enqueue is atomic-unique.
"""

from __future__ import annotations

import datetime as dt
import logging

import redis
from sqlalchemy import select

from pushguard.config import ServiceConfig
from pushguard.store.db import Database
from pushguard.store.models import Delivery, Scan, utcnow
from pushguard.workers.queue import (
    enqueue_delivery,
    enqueue_scan,
    job_exists,
    push_job_id,
    scan_job_id,
)

log = logging.getLogger(__name__)

GRACE = 5.0
"""Seconds a fresh pending row belongs to the request that stored it."""

BATCH = 500


def drain_outbox(
    db: Database, connection: redis.Redis, service: ServiceConfig, *, grace: float = GRACE
) -> int:
    """Enqueue pending deliveries; returns how many jobs were created."""
    cutoff = utcnow() - dt.timedelta(seconds=grace)
    created = 0
    while True:
        with db.session() as s:
            rows = s.scalars(
                select(Delivery)
                .where(Delivery.status == "pending", Delivery.received_at <= cutoff)
                .order_by(Delivery.id)
                .limit(BATCH)
            ).all()
            for delivery in rows:
                # atomic-unique: False when the web process (or another drainer) queued it
                if enqueue_delivery(connection, service, delivery.id):
                    created += 1
                delivery.status, delivery.enqueued_at, delivery.job_id = (
                    "enqueued",
                    utcnow(),
                    push_job_id(delivery.id),
                )
        if len(rows) < BATCH:
            break
    created += _drain_scans(db, connection, service, cutoff)
    if created:
        log.info("outbox: enqueued %d stored deliveries and scans", created)
    return created


def _drain_scans(
    db: Database, connection: redis.Redis, service: ServiceConfig, cutoff: dt.datetime
) -> int:
    """Queued scans without a job (admin or spool rescans created while Redis was down)."""
    created = 0
    with db.session() as s:
        rows = s.scalars(
            select(Scan)
            .where(
                Scan.status == "queued",
                Scan.job_id.is_(None),
                Scan.delivery_id.is_(None),
                Scan.queued_at <= cutoff,
            )
            .order_by(Scan.id)
            .limit(BATCH)
        ).all()
        for scan in rows:
            job_id = scan_job_id(scan.id)
            if not job_exists(connection, job_id):
                enqueue_scan(connection, service, scan.id)  # atomic-unique
                created += 1
            scan.job_id = job_id
    return created
