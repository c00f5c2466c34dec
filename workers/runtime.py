"""Running workers: the RQ worker plus the maintenance loop (outbox drain, spool ingest).

``pushguard worker`` and ``pushguard serve`` both use this. Maintenance runs once at start-up
(a delivery stored while Redis was down is queued as soon as a worker is back) and then
every ``drain_interval`` seconds in a background thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

import redis
from rq import SimpleWorker, Worker

from pushguard.config import Config
from pushguard.store.db import Database
from pushguard.workers.outbox import drain_outbox
from pushguard.workers.queue import QUEUE_NAMES, connect, queues
from pushguard.workers.spool import ingest_spool

log = logging.getLogger(__name__)

MAINTENANCE_INTERVAL = 60
"""Seconds between RQ's own registry cleanups (abandoned jobs of killed workers are retried
once their heartbeat expires); RQ's default of 10 minutes delays that recovery."""


def maintain(config: Config, db: Database, connection: redis.Redis) -> None:
    """One round: enqueue stored deliveries, ingest the hook's spool. Never raises."""
    try:
        drain_outbox(db, connection, config.service)
    except Exception:
        log.exception("outbox drain failed; will retry")
    try:
        ingest_spool(config, db, connection)
    except Exception:
        log.exception("spool ingest failed; will retry")


class Maintenance(threading.Thread):
    def __init__(self, config: Config) -> None:
        super().__init__(name="pushguard-maintenance", daemon=True)
        self.config = config
        self.stopping = threading.Event()

    def run(self) -> None:
        assert self.config.service.redis_url
        db = Database(self.config.database_url)
        connection = connect(self.config.service.redis_url)
        try:
            while not self.stopping.wait(self.config.service.drain_interval):
                maintain(self.config, db, connection)
        finally:
            db.dispose()
            connection.close()

    def stop(self) -> None:
        self.stopping.set()


def preload() -> None:
    """Import the jobs and build the detectors once in the parent: every forked work-horse
    inherits them instead of paying the imports (about a second) per job."""
    import pushguard.workers.scan_jobs  # noqa: F401
    from pushguard.scan.plugins import all_detectors

    all_detectors()


def run_worker(
    config: Config,
    *,
    burst: bool = False,
    fork: bool = True,
    queue_names: Sequence[str] = tuple(QUEUE_NAMES),
) -> bool:
    """Run one RQ worker on ``queue_names`` (default: responses, then rescans) until stopped
    (SIGTERM/SIGINT: warm shutdown)."""
    assert config.service.redis_url
    preload()
    connection = connect(config.service.redis_url)
    db = Database(config.database_url)
    maintain(config, db, connection)
    db.dispose()
    maintenance = Maintenance(config)
    if not burst:
        maintenance.start()
    worker_class = Worker if fork else SimpleWorker
    worker = worker_class(
        queues(connection, queue_names),
        connection=connection,
        maintenance_interval=MAINTENANCE_INTERVAL,
    )
    try:
        return bool(worker.work(burst=burst, with_scheduler=True, logging_level="INFO"))
    finally:
        maintenance.stop()
