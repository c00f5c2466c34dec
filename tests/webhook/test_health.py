from __future__ import annotations

import re
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from pushguard.config import Config
from pushguard.webhook import create_app
from tests.helpers.webhooks import body_of, github_headers, github_push

SECRET = "test-webhook-secret"


def metric(text: str, name: str, **labels: str) -> float:
    wanted = ",".join(f'{k}="{v}"' for k, v in labels.items())
    pattern = re.escape(name) + (r"\{" + re.escape(wanted) + r"\}" if labels else "") + r" (\S+)"
    found = re.search(r"^" + pattern + "$", text, re.M)
    assert found, f"{name} {labels} not in metrics"
    return float(found.group(1))


def test_healthz_and_readyz(client: FlaskClient) -> None:
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json() == {"database": "ok", "redis": "ok", "catalogue": "ok"}


def test_metrics_are_shared_between_app_instances(
    webhook_app: Flask,
    service_config: Config,
    register: Callable[..., int],
    run_jobs: Callable[[], int],
) -> None:
    # two app instances stand for two gunicorn workers: counters live in Redis, not memory
    first = webhook_app.test_client()
    second_app = create_app({"TESTING": True, "PUSHGUARD": service_config})
    second = second_app.test_client()
    register("github", "acme/widgets", secret=SECRET)
    a, b, c = "a" * 40, "b" * 40, "c" * 40
    for client, (before, after) in ((first, (a, b)), (second, (b, c))):
        body = body_of(github_push("acme/widgets", "refs/heads/main", before, after))
        assert (
            client.post(
                "/webhooks/github", data=body, headers=github_headers(SECRET, body)
            ).status_code
            == 202
        )
    body = body_of(github_push("acme/widgets", "refs/heads/main", a, b))
    second.post("/webhooks/github", data=body, headers=github_headers("wrong", body))
    for client in (first, second):
        response = client.get("/metrics")
        assert response.content_type.startswith("text/plain; version=0.0.4")
        text = response.get_data(as_text=True)
        assert metric(text, "pushguard_deliveries_total", platform="github", outcome="queued") == 2
        assert (
            metric(text, "pushguard_deliveries_total", platform="github", outcome="unauthorized")
            == 1
        )
        assert metric(text, "pushguard_queue_jobs", queue="scan", state="queued") == 2
        assert metric(text, "pushguard_redis_up") == 1
    run_jobs()  # both fail: the clone URL does not exist; retries run at once
    text = first.get("/metrics").get_data(as_text=True)
    assert metric(text, "pushguard_queue_jobs", queue="scan", state="queued") == 0
    assert metric(text, "pushguard_scans_total", status="failed") >= 2
    assert metric(text, "pushguard_scan_duration_seconds_count") >= 2
    second_app.extensions["pushguard.db"].dispose()
