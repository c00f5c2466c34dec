"""`pushguard worker --queue`: rescans and responses have their own queues, so a worker can
serve one of them (a slow provider never holds up rescans on rescan-only workers)."""

from __future__ import annotations

import subprocess
import sys

import pytest
import redis

from pushguard.config import Config
from pushguard.workers.queue import enqueue_scan, respond_queue, scan_queue
from pushguard.workers.respond_jobs import enqueue_response


@pytest.mark.parametrize(("served", "left"), [("respond", "scan"), ("scan", "respond")])
def test_a_worker_serves_only_the_queues_it_is_given(
    service_config: Config, redis_conn: redis.Redis, served: str, left: str
) -> None:
    # jobs for rows that do not exist: each job ends at once, what matters is who ran it
    enqueue_scan(redis_conn, service_config.service, 424242)
    enqueue_response(redis_conn, service_config.service, 434343)
    queues = {"scan": scan_queue(redis_conn), "respond": respond_queue(redis_conn)}
    assert [q.count for q in queues.values()] == [1, 1]
    worker = subprocess.run(
        [sys.executable, "-m", "pushguard", "worker", "--burst", "--queue", served],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert worker.returncode == 0, worker.stderr
    assert queues[served].count == 0 and queues[left].count == 1
