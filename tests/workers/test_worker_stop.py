"""`pushguard worker` stops within seconds, every time, and outlives Redis going away."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import redis
from rq import Queue
from rq.job import JobStatus
from rq.worker import BaseWorker

from pushguard.workers.queue import QUEUE_NAME, queues
from pushguard.workers.redis_server import RedisServer
from pushguard.workers.rq_workers import PUBSUB_JOIN, HeartbeatSimpleWorker, StoppableWorker

STOP_LIMIT = 5.0
"""Seconds a stop may take (systemd, `serve`)."""


@pytest.mark.parametrize("worker_class", [StoppableWorker, HeartbeatSimpleWorker])
def test_command_channel_thread_stops_without_waiting_for_a_message(
    redis_conn: redis.Redis, worker_class: type[BaseWorker]
) -> None:
    worker = worker_class(queues(redis_conn), connection=redis_conn)
    worker.subscribe()
    try:
        assert worker.pubsub is not None and worker.pubsub_thread is not None
        # The race behind the one-minute stops: the thread has taken its last message
        # (here: the unsubscribe confirmation) and waits for the next when asked to stop.
        worker.pubsub.unsubscribe()
        time.sleep(0.3)
        started = time.monotonic()
        worker.pubsub_thread.stop()
        assert time.monotonic() - started < PUBSUB_JOIN
    finally:
        worker.unsubscribe()


def _workers(conn: redis.Redis) -> set[bytes]:
    return set(conn.smembers("rq:workers"))


def _start_worker(conn: redis.Redis, before: set[bytes]) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "pushguard", "worker", "--no-fork"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while _workers(conn) == before:  # registered: RQ's loop (and its thread) are running
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        assert time.monotonic() < deadline, "worker did not start"
        time.sleep(0.05)
    return proc


def test_worker_stops_within_seconds_every_time(pg_home: Path, redis_conn: redis.Redis) -> None:
    durations = []
    for _ in range(6):
        before = _workers(redis_conn)
        proc = _start_worker(redis_conn, before)
        time.sleep(0.2)  # into the blocking dequeue
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=STOP_LIMIT * 3)
        finally:
            if proc.poll() is None:
                proc.kill()
            err = proc.stderr.read().decode() if proc.stderr else ""
            if proc.stderr:
                proc.stderr.close()
        durations.append(time.monotonic() - started)
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    assert max(durations) < STOP_LIMIT, durations


def test_worker_waits_for_redis_and_carries_on(
    pg_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # unix socket paths are limited to ~107 bytes: pytest's tmp_path can be longer
    directory = Path(tempfile.mkdtemp(prefix="pg-r2-"))
    server = RedisServer(directory, persist=False).start()
    monkeypatch.setenv("PUSHGUARD_REDIS_URL", server.url)
    conn = redis.Redis.from_url(server.url)
    try:
        proc = _start_worker(conn, set())
        try:
            busy = Queue(QUEUE_NAME, connection=conn).enqueue("time.sleep", 1.0)
            while busy.get_status(refresh=True) != JobStatus.STARTED:
                time.sleep(0.02)
            server.stop()  # Redis killed under the worker, in the middle of a job
            time.sleep(2.0)
            assert proc.poll() is None, "the worker exited when Redis went away"
            server.start()
            # a job queued once Redis is back runs, in the same worker process
            job = Queue(QUEUE_NAME, connection=conn).enqueue("os.getpid")
            deadline = time.monotonic() + 30
            while job.get_status(refresh=True) != JobStatus.FINISHED:
                assert proc.poll() is None and time.monotonic() < deadline, job.get_status()
                time.sleep(0.1)
            assert job.return_value() == proc.pid
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=STOP_LIMIT * 3)
            assert proc.returncode == 0
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            if proc.stderr:
                print(proc.stderr.read().decode()[-3000:])
                proc.stderr.close()
    finally:
        conn.close()
        server.stop()
        shutil.rmtree(directory, ignore_errors=True)
