"""A worker killed mid-job loses nothing; spool fail-open events become rescans."""

from __future__ import annotations

import contextlib
import json
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psutil
import redis
from flask.testing import FlaskClient
from rq.job import Job, JobStatus
from rq.registry import StartedJobRegistry
from sqlalchemy import select

from pushguard.config import Config
from pushguard.store.db import Database
from pushguard.store.models import AuditEvent, Finding, Scan
from pushguard.workers.mirror import fetch_lock
from pushguard.workers.queue import scan_queue
from pushguard.workers.runtime import maintain
from tests.helpers import tokens
from tests.helpers.gitrepo import MakeRepo
from tests.helpers.webhooks import body_of, github_headers, github_push

SECRET = "test-webhook-secret"


def _wait_for(predicate: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_worker_killed_mid_job_is_retried_without_duplicates(
    client: FlaskClient,
    register: Callable[..., int],
    run_jobs: Callable[[], int],
    database: Database,
    make_repo: MakeRepo,
    redis_conn: redis.Redis,
) -> None:
    remote = make_repo("widgets.git", bare=True)
    base = remote.commit({"README.md": "hi\n"}, "initial")
    after = remote.commit({"app.env": f"OPENAI_API_KEY={tokens.openai_key()}\n"}, "env")
    repo_id = register("github", "acme/widgets", str(remote.path), secret=SECRET)
    body = body_of(github_push("acme/widgets", "refs/heads/main", base, after))
    response = client.post("/webhooks/github", data=body, headers=github_headers(SECRET, body))
    job_id = response.get_json()["job"]
    # Hold the repository's fetch lock: the job starts, then waits inside the scan.
    lock = fetch_lock(redis_conn, repo_id)
    assert lock.acquire(blocking=False)
    worker = subprocess.Popen(
        [sys.executable, "-m", "pushguard", "worker", "--burst"],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    registry = StartedJobRegistry(queue=scan_queue(redis_conn))
    try:
        _wait_for(
            lambda: job_id in registry.get_job_ids(cleanup=False) or worker.poll() is not None
        )
        assert worker.poll() is None, worker.stderr.read() if worker.stderr else ""
        _wait_for(lambda: any(s.status == "running" for s in _scans(database)))
    finally:
        # The worker and its work-horse (RQ puts the horse in its own process group), as
        # when the machine or container dies: no goodbye from either.
        victims = [psutil.Process(worker.pid)]
        with contextlib.suppress(psutil.NoSuchProcess):
            victims += victims[0].children(recursive=True)
        for proc in victims:
            with contextlib.suppress(psutil.NoSuchProcess):
                proc.send_signal(signal.SIGKILL)
        psutil.wait_procs(victims, timeout=10)
        worker.wait()
        if worker.stderr:
            worker.stderr.close()
        lock.release()
    assert len(victims) >= 2  # the horse was running the job
    job = Job.fetch(job_id, connection=redis_conn)
    assert job.get_status() == JobStatus.STARTED  # nobody is left to finish it
    # RQ's abandoned-job handling, run as if the dead worker's heartbeat had expired
    registry.cleanup(timestamp=time.time() + 24 * 3600)
    assert job.get_status(refresh=True) == JobStatus.QUEUED
    assert run_jobs() == 1
    [scan] = _scans(database)
    assert (scan.status, scan.findings_count) == ("done", 1)
    with database.session() as s:
        assert len(s.scalars(select(Finding)).all()) == 1


def _scans(database: Database) -> list[Scan]:
    with database.session() as s:
        return list(s.scalars(select(Scan).order_by(Scan.id)))


def test_spool_fail_open_event_becomes_a_rescan_and_an_audit_event(
    service_config: Config,
    register: Callable[..., int],
    run_jobs: Callable[[], int],
    database: Database,
    make_repo: MakeRepo,
    redis_conn: redis.Redis,
) -> None:
    remote = make_repo("local.git", bare=True)
    base = remote.commit({"README.md": "hi\n"}, "initial")
    register("local", "team/local", str(remote.path))
    after = remote.commit({"id_rsa": tokens.private_key_block("OPENSSH") + "\n"}, "key")
    spool = service_config.spool_dir
    spool.mkdir(parents=True)
    event = {
        "v": 1,
        "id": "e1",
        "time": "2026-11-29T12:00:00+00:00",
        "action": "fail-open",
        "accepted": True,
        "repo": "team/local",
        "repo_path": str(remote.path),
        "pusher": "alice",
        "refs": [{"old": base, "new": after, "ref": "refs/heads/main"}],
        "findings": [],
        "reason": "timeout",
        "rescan": True,
    }
    path = spool / "hook-2026-11-29.jsonl"
    # the second line is still being written by a hook: it must wait for its newline
    path.write_text(json.dumps(event) + "\n" + '{"v": 1, "id": "e2"')
    maintain(service_config, database, redis_conn)
    maintain(service_config, database, redis_conn)  # idempotent: offsets are remembered
    assert run_jobs() == 1
    [scan] = _scans(database)
    assert (scan.kind, scan.before, scan.after, scan.status) == ("push", base, after, "done")
    assert scan.findings_count == 1
    with database.session() as s:
        actions = [e.action for e in s.scalars(select(AuditEvent))]
    assert actions.count("hook.fail-open") == 1
    assert Path(spool / ".ingest-state.json").exists()
