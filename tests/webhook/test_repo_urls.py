"""Per-repository webhook URLs: the URL names the repository, so the signature is verified
before the body is parsed (issue #3); the plain URL stays for existing registrations."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pytest
import redis
from flask.testing import FlaskClient

from pushguard.config import Config
from pushguard.store.db import Database
from tests.helpers.webhooks import (
    body_of,
    gitea_headers,
    gitea_push,
    github_headers,
    github_push,
    gitlab_push,
)
from tests.webhook.test_intake import PAYLOADS, SECRET, A, B, C, deliveries, queued_jobs

PLATFORMS = sorted(PAYLOADS)


def post(client: FlaskClient, url: str, body: bytes, headers: dict[str, str]) -> Any:
    return client.post(url, data=body, headers=headers)


def counted(client: FlaskClient, platform: str, outcome: str) -> float:
    text = client.get("/metrics").get_data(as_text=True)
    found = re.search(
        rf'^pushguard_deliveries_total\{{platform="{platform}",outcome="{outcome}"\}} (\S+)$',
        text,
        re.M,
    )
    return float(found.group(1)) if found else 0.0


@pytest.mark.parametrize("platform", PLATFORMS)
def test_signed_push_to_repository_url_is_queued(
    platform: str,
    client: FlaskClient,
    register: Callable[..., int],
    database: Database,
    redis_conn: redis.Redis,
) -> None:
    repo_id = register(platform, "acme/widgets", secret=SECRET)
    build, sign = PAYLOADS[platform]
    body = body_of(build("acme/widgets", "refs/heads/main", A, B, commits=[B]))
    response = post(client, f"/webhooks/{platform}/acme/widgets", body, sign(SECRET, body))
    assert response.status_code == 202, response.get_json()
    assert response.get_json()["status"] == "queued"
    [row] = deliveries(database)
    assert (row.repository_id, row.ref, row.before, row.after) == (repo_id, "refs/heads/main", A, B)
    [job] = queued_jobs(redis_conn)
    assert job.args == (row.id,)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_unknown_repository_url_answers_as_a_wrong_signature_does(
    platform: str, client: FlaskClient, register: Callable[..., int], database: Database
) -> None:
    register(platform, "acme/widgets", secret=SECRET)
    build, sign = PAYLOADS[platform]
    answers = []
    for name in ("acme/gadgets", "acme/widgets"):  # unregistered, registered
        body = body_of(build(name, "refs/heads/main", A, B))
        response = post(client, f"/webhooks/{platform}/{name}", body, sign("guessed", body))
        answers.append((response.status_code, response.get_json()))
    assert answers[0] == answers[1] == (401, {"error": "bad signature"})
    assert deliveries(database) == []


@pytest.mark.parametrize("platform", PLATFORMS)
def test_unknown_repository_url_is_404_when_the_operator_opts_in(
    platform: str, service_config: Config, register: Callable[..., int], database: Database
) -> None:
    import dataclasses

    from pushguard.webhook import create_app

    service = dataclasses.replace(service_config.service, reveal_unknown_repositories=True)
    config = dataclasses.replace(service_config, service=service)
    app = create_app({"TESTING": True, "PUSHGUARD": config})
    register(platform, "acme/widgets", secret=SECRET)
    build, sign = PAYLOADS[platform]
    body = body_of(build("acme/gadgets", "refs/heads/main", A, B))
    try:
        response = post(
            app.test_client(), f"/webhooks/{platform}/acme/gadgets", body, sign(SECRET, body)
        )
    finally:
        app.extensions["pushguard.db"].dispose()
    assert response.status_code == 404
    assert response.get_json() == {"error": "unknown repository 'acme/gadgets'"}


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("body", [b"{not json", b"\xff\xfe binary", b"[1, 2]", b""])
def test_bad_signature_is_401_before_the_body_is_parsed(
    platform: str,
    body: bytes,
    client: FlaskClient,
    register: Callable[..., int],
    database: Database,
) -> None:
    register(platform, "acme/widgets", secret=SECRET)
    _, sign = PAYLOADS[platform]
    url = f"/webhooks/{platform}/acme/widgets"
    response = post(client, url, body, sign("not-the-secret", body))
    assert response.status_code == 401, response.get_json()
    assert response.get_json() == {"error": "bad signature"}
    assert counted(client, platform, "unauthorized") == 1
    # the plain URL has to parse first to learn the name: it answers 400 to the same request
    plain = post(client, f"/webhooks/{platform}", body, sign("not-the-secret", body))
    assert plain.status_code == 400
    # correctly signed, the same body is parsed and refused as malformed
    signed = post(client, url, body, sign(SECRET, body))
    assert signed.status_code == 400
    assert "JSON" in signed.get_json()["error"]
    assert deliveries(database) == []


def test_forgejo_form_delivery_to_repository_url(
    client: FlaskClient, register: Callable[..., int], database: Database
) -> None:
    register("gitea", "acme/widgets", secret=SECRET)
    payload = body_of(gitea_push("acme/widgets", "refs/heads/main", A, B))
    form = urlencode({"payload": payload.decode()}).encode()
    headers = {
        **gitea_headers(SECRET, payload, forgejo=True),
        "Content-Type": "application/x-www-form-urlencoded",
    }
    assert post(client, "/webhooks/gitea/acme/widgets", form, headers).status_code == 202
    # a form whose payload field is not JSON, signed with the wrong secret: still 401
    junk = urlencode({"payload": "{not json"}).encode()
    wrong = gitea_headers("not-the-secret", b"{not json", forgejo=True)
    wrong["Content-Type"] = "application/x-www-form-urlencoded"
    assert post(client, "/webhooks/gitea/acme/widgets", junk, wrong).status_code == 401
    assert len(deliveries(database)) == 1


@pytest.mark.parametrize("platform", PLATFORMS)
def test_payload_for_another_repository_is_400_and_not_stored(
    platform: str,
    client: FlaskClient,
    register: Callable[..., int],
    database: Database,
    redis_conn: redis.Redis,
) -> None:
    # two repositories sharing a secret: a delivery signed for one must not count for the other
    register(platform, "acme/widgets", secret=SECRET)
    register(platform, "acme/gadgets", secret=SECRET)
    build, sign = PAYLOADS[platform]
    body = body_of(build("acme/gadgets", "refs/heads/main", A, B))
    response = post(client, f"/webhooks/{platform}/acme/widgets", body, sign(SECRET, body))
    assert response.status_code == 400
    answer = response.get_json()
    assert answer["repository"] == "acme/gadgets"
    assert "'acme/gadgets'" in answer["error"] and "'acme/widgets'" in answer["error"]
    assert counted(client, platform, "malformed") == 1
    assert deliveries(database) == []
    assert queued_jobs(redis_conn) == []


def test_nested_gitlab_group_path(
    client: FlaskClient, register: Callable[..., int], database: Database
) -> None:
    name = "group/sub/project"
    repo_id = register("gitlab", name, secret=SECRET)
    _, sign = PAYLOADS["gitlab"]
    body = body_of(gitlab_push(name, "refs/heads/main", A, B))
    response = post(client, f"/webhooks/gitlab/{name}", body, sign(SECRET, body))
    assert response.status_code == 202, response.get_json()
    # a prefix of the path is another (unknown) project, not a partial match
    assert post(client, "/webhooks/gitlab/group/sub", body, sign(SECRET, body)).status_code == 401
    assert [row.repository_id for row in deliveries(database)] == [repo_id]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_redelivery_to_repository_url_of_a_plain_url_delivery_is_a_duplicate(
    platform: str,
    client: FlaskClient,
    register: Callable[..., int],
    database: Database,
    redis_conn: redis.Redis,
) -> None:
    # a registration moved from the plain URL to its own: the platform redelivers the old one
    register(platform, "acme/widgets", secret=SECRET)
    build, sign = PAYLOADS[platform]
    body = body_of(build("acme/widgets", "refs/heads/main", A, B))
    headers = sign(SECRET, body)
    assert post(client, f"/webhooks/{platform}", body, headers).status_code == 202
    again = post(client, f"/webhooks/{platform}/acme/widgets", body, headers)
    assert again.status_code == 200
    assert again.get_json() == {"status": "duplicate"}
    assert len(deliveries(database)) == 1
    assert len(queued_jobs(redis_conn)) == 1


def test_ping_and_rotated_secret_on_repository_url(
    client: FlaskClient,
    register: Callable[..., int],
    database: Database,
    service_config: Config,
) -> None:
    from pushguard.crypto.factory import load_provider
    from pushguard.store.models import Repository
    from pushguard.store.sealed import replace_secret

    repo_id = register("github", "acme/widgets", secret=SECRET)
    url = "/webhooks/github/acme/widgets"
    ping = body_of({"zen": "Design for failure.", "repository": {"full_name": "acme/widgets"}})
    answer = post(client, url, ping, github_headers(SECRET, ping, "ping"))
    assert answer.get_json() == {"status": "pong"}
    with database.session() as s:
        repo = s.get(Repository, repo_id)
        assert repo is not None and repo.webhook_secret_id
        replace_secret(s, load_provider(service_config), repo.webhook_secret_id, "rotated")
    # the old secret is still cached: the failed check re-reads the stored one
    body = body_of(github_push("acme/widgets", "refs/heads/main", B, C))
    assert post(client, url, body, github_headers("rotated", body)).status_code == 202
    body = body_of(github_push("acme/widgets", "refs/heads/main", C, A))
    assert post(client, url, body, github_headers(SECRET, body)).status_code == 401
    assert len(deliveries(database)) == 1
