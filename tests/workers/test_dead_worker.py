"""A worker killed mid-job (as under `serve`, without fork): its job is given up and retried
within minutes, not after RQ's job timeout plus a minute (issue #13)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable

import psutil
import redis
from flask.testing import FlaskClient
from rq.job import Job, JobStatus
from rq.registry import StartedJobRegistry

from pushguard.config import Config
from pushguard.workers.mirror import fetch_lock
from pushguard.workers.queue import scan_queue
from tests.helpers.gitrepo import MakeRepo
from tests.helpers.webhooks import body_of, github_headers, github_push

SECRET = "test-webhook-secret"
GIVEN_UP_WITHIN = 120.0
"""Seconds after its last heartbeat a dead worker's job is taken back."""


def test_job_of_a_killed_no_fork_worker_is_retried_within_minutes(
    client: FlaskClient,
    register: Callable[..., int],
    make_repo: MakeRepo,
    redis_conn: redis.Redis,
    service_config: Config,
) -> None:
    remote = make_repo("widgets.git", bare=True)
    base = remote.commit({"README.md": "hi\n"}, "initial")
    after = remote.commit({"b.txt": "more\n"}, "change")
    repo_id = register("github", "acme/widgets", str(remote.path), secret=SECRET)
    body = body_of(github_push("acme/widgets", "refs/heads/main", base, after))
    job_id = client.post(
        "/webhooks/github", data=body, headers=github_headers(SECRET, body)
    ).get_json()["job"]
    lock = fetch_lock(redis_conn, repo_id)  # the job starts, then waits inside the scan
    assert lock.acquire(blocking=False)
    worker = subprocess.Popen(
        [sys.executable, "-m", "pushguard", "worker", "--no-fork"],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    registry = StartedJobRegistry(queue=scan_queue(redis_conn))
    try:
        deadline = time.monotonic() + 60
        while job_id not in registry.get_job_ids(cleanup=False):
            assert worker.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        killed_at = time.time()
        psutil.Process(worker.pid).send_signal(signal.SIGKILL)  # no goodbye
        worker.wait()
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
        lock.release()
    job = Job.fetch(job_id, connection=redis_conn)
    assert job.get_status() == JobStatus.STARTED
    [(_, expires)] = redis_conn.zrange(registry.key, 0, -1, withscores=True)
    assert expires <= killed_at + GIVEN_UP_WITHIN  # not job_timeout (an hour) + a minute
    # RQ's registry cleanup (every worker runs it each minute) once that time has come
    registry.cleanup(timestamp=killed_at + GIVEN_UP_WITHIN)
    assert job.get_status(refresh=True) in (JobStatus.QUEUED, JobStatus.SCHEDULED)
    assert service_config.service.job_retries > 0
