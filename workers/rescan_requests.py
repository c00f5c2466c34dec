"""Admin rescans (CLI, admin API): a queued ``scans`` row, then its job.

The row is committed first, so a rescan requested while Redis is down is not lost: the
outbox drainer enqueues queued scans that have no job yet.
"""

from __future__ import annotations

import logging

import redis

from pushguard.config import ServiceConfig
from pushguard.store.db import Database
from pushguard.store.models import Scan
from pushguard.workers.queue import enqueue_scan, scan_job_id

log = logging.getLogger(__name__)


def request_rescan(
    db: Database,
    connection: redis.Redis | None,
    service: ServiceConfig,
    repository_id: int,
    *,
    range_spec: str | None = None,
) -> int:
    """Queue a full (``range_spec`` None) or range rescan; returns the scan id."""
    with db.session() as s:
        scan = Scan(
            repository_id=repository_id,
            kind="range" if range_spec else "full",
            range_spec=range_spec,
        )
        s.add(scan)
        s.flush()
        scan_id = scan.id
    if connection is None:
        return scan_id
    try:
        enqueue_scan(connection, service, scan_id)
    except redis.exceptions.RedisError:
        log.warning("Redis unavailable: scan %s will be queued by the outbox drainer", scan_id)
        return scan_id
    with db.session() as s:
        row = s.get(Scan, scan_id)
        if row is not None:
            row.job_id = scan_job_id(scan_id)
    return scan_id
