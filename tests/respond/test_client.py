"""Retries, backoff, Retry-After and the token bucket, against a real local HTTP server."""

from __future__ import annotations

import time

import pytest
import redis
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from pushguard.respond.client import TokenBucket, TransportError
from pushguard.respond.ratelimit import RedisTokenBucket
from tests.respond.conftest import MakeHttp


def test_retries_5xx_with_exponential_backoff_then_succeeds(
    httpserver: HTTPServer, make_http: MakeHttp
) -> None:
    for status in (503, 502):
        httpserver.expect_ordered_request("/x").respond_with_data("busy", status=status)
    httpserver.expect_ordered_request("/x").respond_with_json({"ok": True})
    http = make_http(backoff=0.5)
    assert http.request("GET", "/x").status_code == 200
    assert http.sleeps == [0.5, 1.0]  # type: ignore[attr-defined]


def test_honours_retry_after_on_429(httpserver: HTTPServer, make_http: MakeHttp) -> None:
    httpserver.expect_ordered_request("/x").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "7"}
    )
    httpserver.expect_ordered_request("/x").respond_with_data("ok")
    http = make_http()
    assert http.request("GET", "/x").status_code == 200
    assert http.sleeps == [7.0]  # type: ignore[attr-defined]


def test_gives_back_the_last_answer_when_retries_are_spent(
    httpserver: HTTPServer, make_http: MakeHttp
) -> None:
    httpserver.expect_request("/x").respond_with_data("down", status=500)
    http = make_http(retries=2)
    assert http.request("GET", "/x").status_code == 500
    assert len(httpserver.log) == 3


def test_a_retry_after_beyond_the_job_limit_is_returned_not_waited(
    httpserver: HTTPServer, make_http: MakeHttp
) -> None:
    httpserver.expect_request("/x").respond_with_data(
        "", status=429, headers={"Retry-After": "3600"}
    )
    http = make_http()
    assert http.request("GET", "/x").status_code == 429
    assert http.sleeps == []  # type: ignore[attr-defined]
    assert len(httpserver.log) == 1


def test_4xx_is_not_retried(httpserver: HTTPServer, make_http: MakeHttp) -> None:
    httpserver.expect_request("/x").respond_with_data("", status=422)
    assert make_http().request("POST", "/x").status_code == 422
    assert len(httpserver.log) == 1


def test_timeout_raises_without_the_url(httpserver: HTTPServer, make_http: MakeHttp) -> None:
    finished: list[bool] = []

    def slow(request: Request) -> Response:
        time.sleep(0.3)
        finished.append(True)
        return Response("late")

    httpserver.expect_request("/botSECRETVALUE/getMe").respond_with_handler(slow)
    http = make_http(retries=1)
    http.timeout = 0.05
    with pytest.raises(TransportError) as caught:
        http.request("GET", "/botSECRETVALUE/getMe")
    assert "SECRETVALUE" not in str(caught.value)
    assert "timed out" in str(caught.value)
    deadline = time.monotonic() + 5
    while len(finished) < 2 and time.monotonic() < deadline:  # let the server finish both
        time.sleep(0.05)
    assert len(finished) == 2  # the first attempt timed out and was retried once


def test_connection_refused_is_a_transport_error(make_http: MakeHttp) -> None:
    http = make_http(retries=0)
    http.base_url = "http://127.0.0.1:9"
    with pytest.raises(TransportError):
        http.request("GET", "/")


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_token_bucket_allows_a_burst_then_reports_the_wait() -> None:
    clock = FakeClock()
    bucket = TokenBucket(60, 60 / 3600, clock=clock, sleep=clock.sleep)
    assert all(bucket.take() == 0.0 for _ in range(60))
    assert bucket.take() == pytest.approx(60.0)  # one token per minute
    clock.now += 60
    assert bucket.take() == 0.0


def test_token_bucket_waits_when_allowed_to() -> None:
    clock = FakeClock()
    bucket = TokenBucket(1, 2.0, clock=clock, sleep=clock.sleep)
    assert bucket.take() == 0.0
    assert bucket.take(max_wait=1.0) == 0.0
    assert clock.now == pytest.approx(0.5)


def test_redis_bucket_is_shared_by_every_worker(redis_conn: redis.Redis) -> None:
    """Two processes' limiters on one Redis spend one budget: GitHub's 60/hour is global."""
    first = RedisTokenBucket(redis_conn, "pushguard:ratelimit:test", 2, 2 / 3600)
    second = RedisTokenBucket(redis_conn, "pushguard:ratelimit:test", 2, 2 / 3600)
    assert first.take() == 0.0
    assert second.take() == 0.0
    assert first.take() == pytest.approx(1800, abs=2)
    assert second.take() == pytest.approx(1800, abs=2)
    assert redis_conn.ttl("pushguard:ratelimit:test") > 3600


def test_redis_bucket_waits_when_allowed_to(redis_conn: redis.Redis) -> None:
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        time.sleep(seconds)

    bucket = RedisTokenBucket(redis_conn, "pushguard:ratelimit:fast", 1, 20.0, sleep=sleep)
    assert bucket.take() == 0.0
    assert bucket.take(max_wait=1.0) == 0.0  # waited for the next token instead of failing
    assert len(slept) == 1 and 0 < slept[0] <= 0.05


def test_a_zero_budget_never_allows_a_call(redis_conn: redis.Redis) -> None:
    assert RedisTokenBucket(redis_conn, "pushguard:ratelimit:none", 0, 0).take() == float("inf")
    assert TokenBucket(0, 0).take() == float("inf")
