"""Service metrics kept in Redis, so every gunicorn and RQ process adds to the same numbers.

Counters are hashes updated with HINCRBY (atomic across processes); recording never fails
the caller: a metric lost while Redis is down is better than a lost webhook.
"""

from __future__ import annotations

import logging

import redis

log = logging.getLogger(__name__)

DELIVERIES_KEY = "pushguard:metrics:deliveries"
SCANS_KEY = "pushguard:metrics:scans"
SCAN_SECONDS_KEY = "pushguard:metrics:scan_seconds"
SCAN_BUCKETS = (0.1, 0.5, 1.0, 5.0, 30.0, 120.0, 600.0)
"""Histogram upper bounds (seconds) for scan durations: pushes take ~0.1 s, full history minutes."""


def record_delivery(connection: redis.Redis | None, platform: str, outcome: str) -> None:
    if connection is None:
        return
    try:
        connection.hincrby(DELIVERIES_KEY, f"{platform}|{outcome}", 1)
    except redis.exceptions.RedisError:
        log.debug("metrics: Redis unavailable, delivery not counted")


def record_scan(
    connection: redis.Redis, status: str, seconds: float, findings: int, new_findings: int
) -> None:
    try:
        with connection.pipeline(transaction=False) as pipe:
            pipe.hincrby(SCANS_KEY, f"status|{status}", 1)
            pipe.hincrby(SCANS_KEY, "findings", findings)
            pipe.hincrby(SCANS_KEY, "new_findings", new_findings)
            for bound in SCAN_BUCKETS:
                if seconds <= bound:
                    pipe.hincrby(SCAN_SECONDS_KEY, f"le|{bound}", 1)
            pipe.hincrby(SCAN_SECONDS_KEY, "count", 1)
            pipe.hincrbyfloat(SCAN_SECONDS_KEY, "sum", seconds)
            pipe.execute()
    except redis.exceptions.RedisError:
        log.debug("metrics: Redis unavailable, scan not counted")


def _decode(raw: dict[bytes, bytes]) -> dict[str, str]:
    return {k.decode(): v.decode() for k, v in raw.items()}


def snapshot(connection: redis.Redis) -> dict[str, dict[str, str]]:
    with connection.pipeline(transaction=False) as pipe:
        pipe.hgetall(DELIVERIES_KEY)
        pipe.hgetall(SCANS_KEY)
        pipe.hgetall(SCAN_SECONDS_KEY)
        deliveries, scans, seconds = pipe.execute()
    return {
        "deliveries": _decode(deliveries),
        "scans": _decode(scans),
        "scan_seconds": _decode(seconds),
    }
