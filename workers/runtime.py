"""Running workers: the RQ worker plus the maintenance loop (outbox drain, spool ingest).

``pushguard worker`` and ``pushguard serve`` both use this. Maintenance runs once at start-up
(a delivery stored while Redis was down is queued as soon as a worker is back) and then
every ``drain_interval`` seconds in a background thread.

Redis going away does not end the worker (issue #13): RQ's work loop quits on a connection
error, so the worker waits for Redis to answer again and starts a new RQ worker; deliveries
meanwhile wait in the outbox. Only SIGTERM/SIGINT (or ``--burst``) end it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

import redis
from rq.exceptions import StopRequested
from rq.worker import BaseWorker

from pushguard.config import Config
from pushguard.signals import StopSignals
from pushguard.store.db import Database
from pushguard.workers.outbox import Progress, drain_outbox
from pushguard.workers.queue import QUEUE_NAMES, connect, queues
from pushguard.workers.rq_workers import JOB_MONITORING_INTERVAL, worker_class
from pushguard.workers.spool import ingest_spool

log = logging.getLogger(__name__)

MAINTENANCE_INTERVAL = 60
"""Seconds between RQ's own registry cleanups (abandoned jobs of killed workers are retried
once their heartbeat expires); RQ's default of 10 minutes delays that recovery."""

RECONNECT_MAX = 5.0
"""Longest wait (seconds) between two attempts to reach Redis after it went away."""


def maintain(
    config: Config, db: Database, connection: redis.Redis, progress: Progress | None = None
) -> None:
    """One round: enqueue stored deliveries, ingest the hook's spool. Never raises."""
    try:
        drain_outbox(db, connection, config.service, progress=progress)
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
        progress = Progress()
        try:
            while not self.stopping.wait(self.config.service.drain_interval):
                maintain(self.config, db, connection, progress)
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
    """Run an RQ worker on ``queue_names`` (default: responses, then rescans) until stopped
    (SIGTERM/SIGINT: warm shutdown, the job in progress finishes). Returns whether any job
    ran."""
    assert config.service.redis_url
    preload()
    connection = connect(config.service.redis_url)
    stop = StopSignals()  # while no RQ worker runs (RQ installs its own handlers in work)
    if not _wait_for_redis(connection, stop):
        return False
    db = Database(config.database_url)
    maintain(config, db, connection)
    db.dispose()
    maintenance = Maintenance(config)
    if not burst:
        maintenance.start()
    worked = False
    try:
        while True:
            worker = worker_class(fork=fork)(
                queues(connection, queue_names),
                connection=connection,
                maintenance_interval=MAINTENANCE_INTERVAL,
                job_monitoring_interval=JOB_MONITORING_INTERVAL,
            )
            try:
                worked |= bool(worker.work(burst=burst, with_scheduler=True, logging_level="INFO"))
            except redis.exceptions.RedisError as exc:  # in RQ's start-up or teardown
                log.warning("worker lost Redis: %s", exc)
            except StopRequested:  # signalled after RQ's loop ended, its handler still set
                return worked
            if burst or _stop_requested(worker):
                return worked
            # RQ's loop quit on its own: Redis went away. Wait for it and start again.
            log.warning("worker: waiting for Redis to come back")
            if not _wait_for_redis(connection, stop):
                return worked
    except StopRequested:
        return worked
    finally:
        maintenance.stop()
        connection.close()


def _stop_requested(worker: BaseWorker) -> bool:
    return getattr(worker, "_shutdown_requested_date", None) is not None


def _wait_for_redis(connection: redis.Redis, stop: StopSignals) -> bool:
    """Block until Redis answers PING (True) or a stop signal arrives (False)."""
    delay = 0.1
    with stop:
        while not stop.event.is_set():
            try:
                connection.ping()
                return True
            except redis.exceptions.RedisError:
                stop.event.wait(delay)
                delay = min(delay * 2, RECONNECT_MAX)
    return False
