"""Enqueue helpers shared by the webhook, the admin API, the CLI and the outbox drainer.

Jobs are referenced by dotted path (the web process never imports the scanner) and carry ids
only. Job ids are derived from the row they work on (``push-<delivery id>``,
``scan-<scan id>``), so enqueueing the same row twice is detectable and never runs two jobs.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import redis
from redis.client import Pipeline
from rq import Queue, Retry
from rq.exceptions import DuplicateJobError
from rq.job import Job

from pushguard.config import Config, ServiceConfig
from pushguard.errors import ConfigError

QUEUE_NAME = "pushguard"
"""The one queue rescans go through (one module per job kind lives in ``workers.jobs``)."""

REDIS_CONNECT_TIMEOUT = 1.0
"""Seconds: a webhook answers 202 from the outbox when Redis is down, so fail fast."""

REDIS_SOCKET_TIMEOUT = 5.0

RESULT_TTL = 24 * 3600
"""Finished jobs stay visible to `pushguard jobs` for a day; the scans table keeps history."""

PUSH_JOB = "workers.jobs.rescan_push"
SCAN_JOB = "workers.jobs.rescan_repository"


def embedded_socket(home: Path) -> Path:
    """Where `pushguard serve` puts its embedded Redis (under HOME, see workers.redis_server)."""
    return home / "redis" / "redis.sock"


def redis_url_for(config: Config) -> str:
    """The configured Redis, else the embedded one of a running `pushguard serve`."""
    if config.service.redis_url:
        return config.service.redis_url
    socket = embedded_socket(config.home)
    if socket.exists():
        return f"unix://{socket}"
    raise ConfigError(
        "no Redis: set [service] redis_url (PUSHGUARD_REDIS_URL) or start `pushguard serve`"
    )


def connect(url: str) -> redis.Redis:
    return redis.Redis.from_url(
        url, socket_connect_timeout=REDIS_CONNECT_TIMEOUT, socket_timeout=REDIS_SOCKET_TIMEOUT
    )


def scan_queue(connection: redis.Redis) -> Queue:
    return Queue(QUEUE_NAME, connection=connection)


def push_job_id(delivery_id: int) -> str:
    return f"push-{delivery_id}"


def scan_job_id(scan_id: int) -> str:
    return f"scan-{scan_id}"


def retry_policy(service: ServiceConfig) -> Retry | None:
    if service.job_retries <= 0:
        return None
    intervals = list(service.job_retry_intervals) or [0]
    return Retry(max=service.job_retries, interval=intervals)


def job_exists(connection: redis.Redis, job_id: str) -> bool:
    return bool(Job.exists(job_id, connection=connection))


def _enqueue(
    connection: redis.Redis,
    service: ServiceConfig,
    func: str,
    arg: int,
    job_id: str,
    pipeline: Pipeline | None = None,
) -> str:
    options = {
        "job_id": job_id,
        "retry": retry_policy(service),
        "job_timeout": service.job_timeout,
        "result_ttl": RESULT_TTL,
        "description": f"{func.rsplit('.', 1)[-1]}({arg})",
    }
    if pipeline is not None:
        # the caller just created the row, so nobody else can have queued it yet: the job
        # rides in the caller's pipeline (one round trip with whatever else it sends)
        scan_queue(connection).enqueue(func, arg, pipeline=pipeline, **options)
        return job_id
    # unique: one atomic Lua script checks, saves and pushes, so the webhook and the outbox
    # drainer racing on the same row still create one job; a duplicate is already queued
    # (or running, or finished recently): nothing to add
    with contextlib.suppress(DuplicateJobError):
        scan_queue(connection).enqueue(func, arg, unique=True, **options)
    return job_id


def enqueue_delivery(
    connection: redis.Redis,
    service: ServiceConfig,
    delivery_id: int,
    pipeline: Pipeline | None = None,
) -> str:
    """Queue the rescan of one webhook delivery (the outbox row's id). With ``pipeline``
    the job is only added to it (the caller executes it; only for a row it just created)."""
    return _enqueue(connection, service, PUSH_JOB, delivery_id, push_job_id(delivery_id), pipeline)


def enqueue_scan(connection: redis.Redis, service: ServiceConfig, scan_id: int) -> str:
    """Queue an admin or spool rescan (a ``scans`` row in status ``queued``)."""
    return _enqueue(connection, service, SCAN_JOB, scan_id, scan_job_id(scan_id))
