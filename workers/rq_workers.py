"""RQ worker classes that stop in bounded time and keep a running job's heartbeat.

Two RQ behaviours are changed, both for `pushguard worker` and `pushguard serve`:

- **Stopping.** RQ reads its command channel in redis-py's ``PubSubWorkerThread`` with
  ``get_message(timeout=60)``, and ``Worker.unsubscribe()`` joins that thread without a bound:
  when the thread re-entered its read just before the stop flag was cleared, a stop took up to
  a minute (issue #10). Here the thread polls every ``PUBSUB_POLL`` seconds and the join is
  bounded, so a worker stops within a few seconds of SIGTERM.
- **Signals.** RQ's SIGTERM handler asks Redis whether a job runs (it cannot tell while Redis
  is down) and raises ``StopRequested`` wherever the main thread is, where an ``except
  Exception`` can swallow it: the worker then blocked in its next dequeue for minutes. Here
  the handler knows without Redis whether a job runs, sets the stop flag RQ's loop checks, and
  raises only when no job runs; the dequeue also checks the flag before it blocks.
- **Heartbeats without fork.** RQ's ``SimpleWorker`` (``--no-fork``, what `serve` runs) marks a
  job started for its whole timeout plus a minute and never refreshes it: a worker killed
  mid-job left the job "started" for 61 minutes before RQ's registry cleanup retried it. Here a
  thread refreshes the heartbeat every ``job_monitoring_interval`` seconds, with the same short
  expiry the forking worker uses, so a dead worker's job is retried within minutes.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Sequence
from types import FrameType
from typing import Any

import redis
from rq import SimpleWorker, Worker
from rq.exceptions import StopRequested
from rq.job import Job
from rq.queue import Queue
from rq.utils import now
from rq.worker import BaseWorker, WorkerStatus

log = logging.getLogger(__name__)

PUBSUB_POLL = 1.0
"""Seconds the command-channel thread waits for a message before checking its stop flag."""

PUBSUB_JOIN = 3.0
"""Seconds a stop waits for that thread (it may sleep 2 s after a connection error)."""

JOB_MONITORING_INTERVAL = 30
"""Seconds between heartbeats of a running job; it is given up (retried) 60 s after the last."""


class _Dequeue:
    """Where this process's worker is (signal handlers run in the main thread, as RQ's
    work loop does): ``blocking`` while in the blocking dequeue, ``stop`` once asked to."""

    blocking = False
    stop = False


class InterruptibleQueue(Queue):
    @classmethod
    def dequeue_any(cls, *args: Any, **kwargs: Any) -> Any:
        _Dequeue.blocking = True  # before the check: a signal from here on raises
        try:
            if _Dequeue.stop:
                raise StopRequested
            return super().dequeue_any(*args, **kwargs)
        finally:
            _Dequeue.blocking = False


class _BoundedStop(BaseWorker):
    queue_class = InterruptibleQueue

    def __init__(self, queues: Sequence[Queue | str], *args: Any, **kwargs: Any) -> None:
        # by name: RQ builds them as ``queue_class`` (it refuses other Queue instances)
        names = [q.name if isinstance(q, Queue) else q for q in queues]
        super().__init__(names, *args, **kwargs)

    def work(self, *args: Any, **kwargs: Any) -> bool:
        _Dequeue.stop = False
        return bool(super().work(*args, **kwargs))

    def request_stop(self, signum: int, frame: FrameType | None) -> None:
        """Warm shutdown: the job in progress finishes, then the worker stops."""
        self._shutdown_requested_date = now()
        self._stop_requested = True
        _Dequeue.stop = True
        signal.signal(signal.SIGINT, self.request_force_stop)
        signal.signal(signal.SIGTERM, self.request_force_stop)
        self.handle_warm_shutdown_request()
        if _Dequeue.blocking or not self._pushguard_busy:
            raise StopRequested

    _pushguard_busy = False

    def execute_job(self, job: Job, queue: Queue) -> None:
        self._pushguard_busy = True  # a stop now waits for the job (warm shutdown)
        try:
            super().execute_job(job, queue)
        finally:
            self._pushguard_busy = False

    def subscribe(self) -> None:
        self.pubsub = self.connection.pubsub()
        self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
        self.pubsub_thread = self.pubsub.run_in_thread(  # type: ignore[assignment]
            sleep_time=PUBSUB_POLL, daemon=True, exception_handler=self._pubsub_exception_handler
        )

    def unsubscribe(self) -> None:
        if self.pubsub_thread is None or self.pubsub is None:
            return
        # Redis may be gone (that is often why we stop): nothing to tell it then
        with contextlib.suppress(redis.exceptions.RedisError):
            self.pubsub.unsubscribe()
        self.pubsub_thread.stop(timeout=PUBSUB_JOIN)
        with contextlib.suppress(redis.exceptions.RedisError):
            self.pubsub.close()
        self.pubsub_thread = None


class StoppableWorker(_BoundedStop, Worker):
    """RQ's forking worker (a work-horse per job) with a bounded stop."""


class HeartbeatSimpleWorker(_BoundedStop, SimpleWorker):
    """RQ's in-process worker with a bounded stop and a heartbeat while a job runs."""

    def get_heartbeat_ttl(self, job: Job, working_time: float = 0.0) -> int:
        # the forking worker's formula: at most a monitoring interval plus a minute
        return int(BaseWorker.get_heartbeat_ttl(self, job, working_time))

    def execute_job(self, job: Job, queue: Queue) -> None:
        self._pushguard_busy = True  # the job runs in this thread: a stop must not raise
        try:
            execution = self.prepare_execution(job)
            beat = _Heartbeat(self, job, execution)
            beat.start()
            try:
                self.perform_job(job, queue, execution)
            finally:
                beat.stop()
        finally:
            self._pushguard_busy = False
        self.set_state(WorkerStatus.IDLE)


class _Heartbeat(threading.Thread):
    def __init__(self, worker: HeartbeatSimpleWorker, job: Job, execution: Any) -> None:
        super().__init__(name=f"pushguard-heartbeat-{job.id}", daemon=True)
        self.worker, self.job, self.execution = worker, job, execution
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(self.worker.job_monitoring_interval):
            try:
                self.worker.maintain_heartbeats(self.job, self.execution)
            except redis.exceptions.RedisError as exc:
                # the job keeps running; if Redis stays away its entry expires and it is retried
                log.warning("heartbeat of job %s failed: %s", self.job.id, exc)

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=PUBSUB_JOIN)


def worker_class(*, fork: bool) -> type[BaseWorker]:
    return StoppableWorker if fork else HeartbeatSimpleWorker
