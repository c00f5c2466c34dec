"""The webhook's one-round-trip enqueue: RQ's own job format, atomic-unique, counted once."""

from __future__ import annotations

import redis
from rq.job import Job, JobStatus

from pushguard.config import ServiceConfig
from pushguard.workers import metrics
from pushguard.workers.queue import (
    PUSH_JOB,
    RESULT_TTL,
    enqueue_delivery,
    push_job_id,
    retry_policy,
    scan_queue,
)

# timestamps and the per-row fields differ between two jobs; everything else must not
PER_JOB = {b"created_at", b"enqueued_at", b"data", b"description"}


def test_job_is_stored_exactly_as_rq_enqueue_stores_it(redis_conn: redis.Redis) -> None:
    service = ServiceConfig()
    assert enqueue_delivery(redis_conn, service, 7) is True
    scan_queue(redis_conn).enqueue(
        PUSH_JOB,
        8,
        job_id=push_job_id(8),
        retry=retry_policy(service),
        job_timeout=service.job_timeout,
        result_ttl=RESULT_TTL,
        description="rescan_push(8)",
    )
    ours = redis_conn.hgetall(Job.key_for(push_job_id(7)))
    theirs = redis_conn.hgetall(Job.key_for(push_job_id(8)))
    assert set(ours) == set(theirs)
    assert {k: v for k, v in ours.items() if k not in PER_JOB} == {
        k: v for k, v in theirs.items() if k not in PER_JOB
    }
    job = Job.fetch(push_job_id(7), connection=redis_conn)
    assert (job.func_name, job.args, job.kwargs) == (PUSH_JOB, (7,), {})
    assert job.description == "rescan_push(7)"
    assert job.get_status() == JobStatus.QUEUED
    assert job.enqueued_at is not None and job.created_at is not None
    assert scan_queue(redis_conn).job_ids == [push_job_id(7), push_job_id(8)]
    assert scan_queue(redis_conn).key.encode() in redis_conn.smembers("rq:queues")


def test_second_enqueue_of_a_row_adds_nothing(redis_conn: redis.Redis) -> None:
    service = ServiceConfig()
    assert enqueue_delivery(redis_conn, service, 3, count_as="github|queued") is True
    before = redis_conn.hgetall(Job.key_for(push_job_id(3)))
    # the drainer (or a request stalled past the drainer's grace period) on the same row
    assert enqueue_delivery(redis_conn, service, 3, count_as="github|queued") is False
    assert enqueue_delivery(redis_conn, service, 3) is False
    assert scan_queue(redis_conn).job_ids == [push_job_id(3)]
    assert redis_conn.hgetall(Job.key_for(push_job_id(3))) == before
    assert redis_conn.hgetall(metrics.DELIVERIES_KEY) == {b"github|queued": b"1"}


def test_enqueue_survives_a_flushed_script_cache(redis_conn: redis.Redis) -> None:
    # a Redis restart forgets loaded scripts: the next call loads it again
    service = ServiceConfig()
    assert enqueue_delivery(redis_conn, service, 1) is True
    redis_conn.script_flush()
    assert enqueue_delivery(redis_conn, service, 2) is True
    assert scan_queue(redis_conn).job_ids == [push_job_id(1), push_job_id(2)]
