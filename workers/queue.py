"""Enqueue helpers shared by the webhook, the admin API, the CLI and the outbox drainer.

Jobs are referenced by dotted path (the web process never imports the scanner) and carry ids
only. Job ids are derived from the row they work on (``push-<delivery id>``,
``scan-<scan id>``), so enqueueing the same row twice is detectable and never runs two jobs.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import redis
from rq import Queue, Retry
from rq.exceptions import DuplicateJobError
from rq.job import Job, JobStatus
from rq.utils import now as rq_now

from pushguard.config import Config, ServiceConfig
from pushguard.errors import ConfigError
from pushguard.workers import metrics

QUEUE_NAME = "pushguard"
"""The queue rescans go through (its RQ entry points are in ``pushguard.workers.scan_jobs``)."""

RESPOND_QUEUE_NAME = "pushguard-respond"
"""The queue of responses (verify -> revoke -> notify; RQ entry points in ``respond_jobs``). Apart
from the rescans so that a slow provider never holds up workers that serve only rescans, and so that
response workers can be scaled, or given their network access to providers, on their own."""

QUEUE_NAMES = {"respond": RESPOND_QUEUE_NAME, "scan": QUEUE_NAME}
"""``pushguard worker --queue`` names, in the order a worker serving both takes jobs: a
confirmed leak's revocation first, it is short and urgent."""

REDIS_CONNECT_TIMEOUT = 1.0
"""Seconds: a webhook answers 202 from the outbox when Redis is down, so fail fast."""

REDIS_SOCKET_TIMEOUT = 5.0

RESULT_TTL = 24 * 3600
"""Finished jobs stay visible to `pushguard jobs` for a day; the scans table keeps history."""

PUSH_JOB = "pushguard.workers.scan_jobs.rescan_push"
SCAN_JOB = "pushguard.workers.scan_jobs.rescan_repository"


def embedded_socket(home: Path) -> Path:
    """Where `pushguard serve` puts its embedded Redis (see ``redis_server``)."""
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


def respond_queue(connection: redis.Redis) -> Queue:
    return Queue(RESPOND_QUEUE_NAME, connection=connection)


def queues(connection: redis.Redis, names: Sequence[str] = tuple(QUEUE_NAMES)) -> list[Queue]:
    """The queues ``names`` (keys of ``QUEUE_NAMES``), in priority order."""
    return [Queue(key, connection=connection) for name, key in QUEUE_NAMES.items() if name in names]


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
    connection: redis.Redis, service: ServiceConfig, func: str, arg: int, job_id: str
) -> str:
    # unique: one atomic Lua script checks, saves and pushes, so two callers racing on the
    # same row still create one job; a duplicate is already queued (or running, or finished
    # recently): nothing to add
    with contextlib.suppress(DuplicateJobError):
        scan_queue(connection).enqueue(
            func, arg, unique=True, **_options(service, func, arg, job_id)
        )
    return job_id


def _options(service: ServiceConfig, func: str, arg: int, job_id: str) -> dict[str, Any]:
    return {
        "job_id": job_id,
        "retry": retry_policy(service),
        "job_timeout": service.job_timeout,
        "result_ttl": RESULT_TTL,
        "description": f"{func.rsplit('.', 1)[-1]}({arg})",
    }


# What Queue.enqueue(unique=True) does in two round trips (the queue set, then RQ's own
# check-save-push script), plus the delivery counter, in one: this is on the webhook's path.
# KEYS: job hash, queue list, RQ's set of queues, counter hash. ARGV: job id, queue key,
# counter field ("" for none), then the job hash's field/value pairs.
_ENQUEUE_UNIQUE = """
if redis.call("EXISTS", KEYS[1]) == 1 then
    return 0
end
redis.call("SADD", KEYS[3], ARGV[2])
redis.call("HSET", KEYS[1], unpack(ARGV, 4))
redis.call("RPUSH", KEYS[2], ARGV[1])
if ARGV[3] ~= "" then
    redis.call("HINCRBY", KEYS[4], ARGV[3], 1)
end
return 1
"""


def _job_fields(
    queue: Queue, service: ServiceConfig, func: str, arg: int, job_id: str
) -> list[Any]:
    """The hash RQ's own enqueue would store for this job (RQ builds it: same format,
    checked field by field against Queue.enqueue in tests/workers/test_queue.py)."""
    options = _options(service, func, arg, job_id)
    job = queue.create_job(
        func,
        args=(arg,),
        job_id=job_id,
        retry=options["retry"],
        timeout=options["job_timeout"],
        result_ttl=RESULT_TTL,
        description=options["description"],
    )
    job.enqueued_at = rq_now()
    fields: list[Any] = ["status", JobStatus.QUEUED.value]
    for key, value in job.to_dict().items():
        if value is not None:
            fields += [key, value if isinstance(value, bytes | str) else str(value)]
    return fields


def enqueue_delivery(
    connection: redis.Redis,
    service: ServiceConfig,
    delivery_id: int,
    *,
    count_as: str | None = None,
) -> bool:
    """Queue the rescan of one webhook delivery (the outbox row's id) unless its job exists;
    True when this call created it. One atomic round trip: the webhook and the outbox drainer
    racing on the same row still create one job. ``count_as``: the delivery counter field
    (``platform|outcome``, see ``pushguard.workers.metrics``) to add 1 to when the job is
    created."""
    queue = scan_queue(connection)
    job_id = push_job_id(delivery_id)
    created = connection.register_script(_ENQUEUE_UNIQUE)(
        keys=[
            Job.key_for(job_id),
            queue.key,
            queue.redis_queues_keys,
            metrics.DELIVERIES_KEY,
        ],
        args=[
            job_id,
            queue.key,
            count_as or "",
            *_job_fields(queue, service, PUSH_JOB, delivery_id, job_id),
        ],
    )
    return bool(created)


def enqueue_scan(connection: redis.Redis, service: ServiceConfig, scan_id: int) -> str:
    """Queue an admin or spool rescan (a ``scans`` row in status ``queued``)."""
    return _enqueue(connection, service, SCAN_JOB, scan_id, scan_job_id(scan_id))
