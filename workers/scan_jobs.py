"""RQ job entry points: module-level functions taking ids only (never secrets).

Each is idempotent: a retry (after an exception, or after the worker was killed and RQ
found the job abandoned) re-runs the scan of the same row, and findings are upserted on
(repository, fingerprint, path), so nothing is duplicated.
"""

from __future__ import annotations

import logging

from rq import get_current_job
from sqlalchemy import select

from pushguard.store.models import Delivery, Scan, utcnow
from pushguard.workers.context import job_context
from pushguard.workers.scan_pipeline import execute_scan

log = logging.getLogger(__name__)


def _job_id() -> str | None:
    job = get_current_job()
    return job.id if job is not None else None


def rescan_push(delivery_id: int) -> int | None:
    """Scan what one webhook delivery pushed; returns the scan id."""
    ctx = job_context()
    with ctx.db.session() as s:
        delivery = s.get(Delivery, delivery_id)
        if delivery is None:
            log.warning("delivery %s no longer exists", delivery_id)
            return None
        if delivery.status == "pending":  # the outbox row is confirmed here, off the web path
            delivery.status, delivery.enqueued_at = "enqueued", utcnow()
            delivery.job_id = _job_id()
        scan = s.scalar(select(Scan).where(Scan.delivery_id == delivery_id))
        if scan is None:
            scan = Scan(
                repository_id=delivery.repository_id,
                kind="push",
                ref=delivery.ref,
                before=delivery.before,
                after=delivery.after,
                delivery_id=delivery_id,
                job_id=_job_id(),
            )
            s.add(scan)
            s.flush()
        scan_id = scan.id
    execute_scan(ctx, scan_id)
    return scan_id


def rescan_repository(scan_id: int) -> int:
    """Run a queued ``scans`` row (admin rescan, spool fail-open rescan)."""
    ctx = job_context()
    with ctx.db.session() as s:
        scan = s.get(Scan, scan_id)
        if scan is not None and scan.job_id is None:
            scan.job_id = _job_id()
    execute_scan(ctx, scan_id)
    return scan_id
