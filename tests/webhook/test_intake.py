from __future__ import annotations

import io
import json
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import redis
from flask.testing import FlaskClient
from rq.job import Job
from sqlalchemy import select

from pushguard import config as config_mod
from pushguard.config import Config
from pushguard.store.db import Database
from pushguard.store.models import Delivery
from pushguard.webhook import create_app
from pushguard.workers.outbox import drain_outbox
from pushguard.workers.queue import scan_queue
from tests.helpers.webhooks import (
    NULL,
    body_of,
    gitea_headers,
    gitea_push,
    github_headers,
    github_push,
    gitlab_headers,
    gitlab_push,
)

SECRET = "test-webhook-secret"
A, B, C = "a" * 40, "b" * 40, "c" * 40


def deliveries(database: Database) -> list[Delivery]:
    with database.session() as s:
        return list(s.scalars(select(Delivery).order_by(Delivery.id)))


def queued_jobs(redis_conn: redis.Redis) -> list[Job]:
    queue = scan_queue(redis_conn)
    return [j for j in (queue.fetch_job(i) for i in queue.job_ids) if j is not None]


def post(client: FlaskClient, platform: str, body: bytes, headers: dict[str, str]) -> Any:
    return client.post(f"/webhooks/{platform}", data=body, headers=headers)


PAYLOADS: dict[str, tuple[Callable[..., dict[str, Any]], Callable[..., dict[str, str]]]] = {
    "github": (github_push, github_headers),
    "gitlab": (gitlab_push, gitlab_headers),
    "gitea": (gitea_push, gitea_headers),
}


@pytest.mark.parametrize("platform", sorted(PAYLOADS))
def test_push_is_stored_and_queued_with_ids_only(
    platform: str,
    client: FlaskClient,
    service_config: Config,
    register: Callable[..., int],
    database: Database,
    redis_conn: redis.Redis,
) -> None:
    repo_id = register(platform, "acme/widgets", secret=SECRET)
    build, sign = PAYLOADS[platform]
    body = body_of(build("acme/widgets", "refs/heads/main", A, B, commits=[B]))
    response = post(client, platform, body, sign(SECRET, body))
    assert response.status_code == 202, response.get_json()
    assert response.get_json()["status"] == "queued"
    [row] = deliveries(database)
    assert (row.repository_id, row.ref, row.before, row.after) == (repo_id, "refs/heads/main", A, B)
    assert row.status == "pending"  # confirmed by its job, or by the drainer:
    [job] = queued_jobs(redis_conn)
    assert job.id == f"push-{row.id}"
    assert job.args == (row.id,)  # an id, never a secret or the payload
    assert job.func_name == "pushguard.workers.scan_jobs.rescan_push"
    # its job is queued: the drainer neither queues another nor rewrites the row (a busy
    # worker's long queue must not cost a write per row per drain)
    assert drain_outbox(database, redis_conn, service_config.service, grace=0) == 0
    assert deliveries(database)[0].status == "pending"
    assert len(queued_jobs(redis_conn)) == 1
    # the job was lost (Redis restarted without its data): now the row is stranded
    redis_conn.flushall()
    assert drain_outbox(database, redis_conn, service_config.service, grace=0) == 1
    assert deliveries(database)[0].status == "enqueued"
    assert [job.id for job in queued_jobs(redis_conn)] == [f"push-{row.id}"]


@pytest.mark.parametrize("platform", sorted(PAYLOADS))
def test_bad_or_missing_signature_is_401(
    platform: str, client: FlaskClient, register: Callable[..., int], database: Database
) -> None:
    register(platform, "acme/widgets", secret=SECRET)
    build, sign = PAYLOADS[platform]
    body = body_of(build("acme/widgets", "refs/heads/main", A, B))
    wrong = post(client, platform, body, sign("not-the-secret", body))
    assert wrong.status_code == 401
    if platform != "gitlab":  # X-Gitlab-Token is the secret itself: it signs nothing
        tampered = post(client, platform, body.replace(B.encode(), C.encode()), sign(SECRET, body))
        assert tampered.status_code == 401
    unsigned = {
        k: v for k, v in sign(SECRET, body).items() if "Signature" not in k and "Token" not in k
    }
    missing = post(client, platform, body, unsigned)
    assert missing.status_code == 401
    assert missing.get_json() == {"error": "missing signature or token"}
    assert deliveries(database) == []


def test_github_ping_and_other_events(
    client: FlaskClient, register: Callable[..., int], database: Database
) -> None:
    register("github", "acme/widgets", secret=SECRET)
    ping = body_of(
        {
            "zen": "Keep it logically awesome.",
            "hook_id": 42,
            "repository": {"full_name": "acme/widgets"},
        }
    )
    assert post(client, "github", ping, github_headers(SECRET, ping, "ping")).status_code == 200
    issue = body_of({"action": "opened", "repository": {"full_name": "acme/widgets"}})
    response = post(client, "github", issue, github_headers(SECRET, issue, "issues"))
    assert response.status_code == 202
    assert response.get_json()["status"] == "ignored"
    assert deliveries(database) == []


def test_unknown_repository_is_401_like_a_bad_signature(
    client: FlaskClient, register: Callable[..., int]
) -> None:
    register("github", "acme/widgets", secret=SECRET)
    body = body_of(github_push("acme/other", "refs/heads/main", A, B))
    response = post(client, "github", body, github_headers(SECRET, body))
    assert (response.status_code, response.get_json()) == (401, {"error": "bad signature"})
    # same name on another platform is another repository
    body = body_of(gitea_push("acme/widgets", "refs/heads/main", A, B))
    assert post(client, "gitea", body, gitea_headers(SECRET, body)).status_code == 401


def test_removed_repository_is_404_even_while_its_secret_is_cached(
    client: FlaskClient, register: Callable[..., int], database: Database
) -> None:
    from pushguard.store.models import Repository
    from pushguard.workers.repositories import remove_repository

    repo_id = register("github", "acme/widgets", secret=SECRET)
    body = body_of(github_push("acme/widgets", "refs/heads/main", A, B))
    assert post(client, "github", body, github_headers(SECRET, body)).status_code == 202
    with database.session() as s:  # `pushguard repos remove`, in another process
        repo = s.get(Repository, repo_id)
        assert repo is not None
        remove_repository(s, repo)
    answers = []
    for before, after in ((B, C), (C, A)):  # the first finds the entry stale, drops it
        body = body_of(github_push("acme/widgets", "refs/heads/main", before, after))
        response = post(client, "github", body, github_headers(SECRET, body))
        answers.append((response.status_code, response.get_json()["error"]))
    # signed with the removed repository's secret: told so; then it is unknown, as any name
    assert answers == [(404, "unknown repository"), (401, "bad signature")]
    assert deliveries(database) == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "not JSON"),
        (b"[1, 2]", "not a JSON object"),
        (b'{"ref": "refs/heads/main"}', "repository.full_name"),
    ],
)
def test_malformed_bodies_are_400_with_json_error(
    client: FlaskClient, register: Callable[..., int], body: bytes, message: str
) -> None:
    register("github", "acme/widgets", secret=SECRET)
    response = post(client, "github", body, github_headers(SECRET, body))
    assert response.status_code == 400
    assert message in response.get_json()["error"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"after": None}, "after"),
        ({"before": "not-a-commit"}, "before"),
        ({"ref": ""}, "ref"),
    ],
)
def test_push_missing_fields_is_400(
    client: FlaskClient,
    register: Callable[..., int],
    change: dict[str, Any],
    message: str,
    database: Database,
) -> None:
    register("github", "acme/widgets", secret=SECRET)
    payload = github_push("acme/widgets", "refs/heads/main", A, B)
    payload.update(change)
    if change.get("after", "") is None:
        del payload["after"]
    body = body_of(payload)
    response = post(client, "github", body, github_headers(SECRET, body))
    assert response.status_code == 400
    assert message in response.get_json()["error"]
    assert deliveries(database) == []


def test_redelivery_and_replay_queue_one_scan(
    client: FlaskClient,
    register: Callable[..., int],
    database: Database,
    redis_conn: redis.Redis,
) -> None:
    register("github", "acme/widgets", secret=SECRET)
    register("gitea", "acme/widgets", secret=SECRET)
    body = body_of(github_push("acme/widgets", "refs/heads/main", A, B))
    headers = github_headers(SECRET, body, delivery="72d3162e-cc78-11e3-81ab-4c9367dc0958")
    assert post(client, "github", body, headers).status_code == 202
    again = post(client, "github", body, headers)  # GitHub's manual redelivery: same GUID
    assert again.status_code == 200
    assert again.get_json() == {"status": "duplicate"}
    # Gitea's replay gets a new delivery id: the push itself is recognised
    body = body_of(gitea_push("acme/widgets", "refs/heads/main", A, B))
    assert post(client, "gitea", body, gitea_headers(SECRET, body)).status_code == 202
    replay = post(client, "gitea", body, gitea_headers(SECRET, body))
    assert replay.get_json() == {"status": "duplicate"}
    assert len(deliveries(database)) == 2
    assert len(queued_jobs(redis_conn)) == 2


def test_branch_deletion_is_ignored(
    client: FlaskClient, register: Callable[..., int], database: Database
) -> None:
    register("github", "acme/widgets", secret=SECRET)
    body = body_of(github_push("acme/widgets", "refs/heads/old", A, NULL))
    response = post(client, "github", body, github_headers(SECRET, body))
    assert response.status_code == 202
    assert response.get_json()["status"] == "ignored"
    assert deliveries(database) == []


def test_truncated_commits_list_is_not_trusted(
    client: FlaskClient, register: Callable[..., int], database: Database
) -> None:
    # GitLab sends the newest 20 commits of a 500-commit push: the row records before/after
    register("gitlab", "group/project", secret=SECRET)
    ids = [f"{i:040x}" for i in range(1, 501)]
    body = body_of(gitlab_push("group/project", "refs/heads/main", A, ids[-1], commits=ids))
    assert len(json.loads(body)["commits"]) == 20
    assert post(client, "gitlab", body, gitlab_headers(SECRET, body)).status_code == 202
    [row] = deliveries(database)
    assert (row.before, row.after) == (A, ids[-1])


def test_gitlab_signing_token_and_tag_push(
    client: FlaskClient, register: Callable[..., int], database: Database
) -> None:
    signing = "whsec_" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3"
    register("gitlab", "group/project", secret=signing)
    body = body_of(gitlab_push("group/project", "refs/tags/v1.0", NULL, B, kind="tag_push"))
    headers = gitlab_headers(signing, body, "Tag Push Hook", signed=True)
    assert post(client, "gitlab", body, headers).status_code == 202
    stale = gitlab_headers(signing, body, "Tag Push Hook", signed=True, timestamp=1_000_000_000)
    assert post(client, "gitlab", body, stale).status_code == 401
    tampered = body.replace(B.encode(), C.encode())
    assert post(client, "gitlab", tampered, headers).status_code == 401
    assert [d.ref for d in deliveries(database)] == ["refs/tags/v1.0"]


def test_forgejo_headers_and_form_encoding(
    client: FlaskClient, register: Callable[..., int], database: Database
) -> None:
    register("gitea", "acme/widgets", secret=SECRET)
    payload = body_of(gitea_push("acme/widgets", "refs/heads/main", A, B))
    headers = gitea_headers(SECRET, payload, forgejo=True)
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    form = urlencode({"payload": payload.decode()}).encode()
    response = post(client, "gitea", form, headers)
    assert response.status_code == 202, response.get_json()
    assert len(deliveries(database)) == 1


def test_oversized_body_is_413(
    pg_home: Path,
    register: Callable[..., int],
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PUSHGUARD_SERVICE_MAX_BODY_BYTES", "4096")
    app = create_app({"TESTING": True, "PUSHGUARD": config_mod.load()})
    client = app.test_client()
    register("github", "acme/widgets", secret=SECRET)
    payload = github_push("acme/widgets", "refs/heads/main", A, B)
    payload["padding"] = "x" * 5000
    body = body_of(payload)
    assert post(client, "github", body, github_headers(SECRET, body)).status_code == 413
    # no Content-Length (chunked): the limit applies while reading
    response = client.post(
        "/webhooks/github",
        input_stream=io.BytesIO(body),
        headers={**github_headers(SECRET, body), "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},  # what gunicorn sets for chunked
    )
    assert response.status_code == 413
    small = body_of(github_push("acme/widgets", "refs/heads/main", A, B))
    assert post(client, "github", small, github_headers(SECRET, small)).status_code == 202
    app.extensions["pushguard.db"].dispose()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_redis_down_stores_then_drains_exactly_one_job(
    service_config: Config,
    register: Callable[..., int],
    database: Database,
    redis_conn: redis.Redis,
) -> None:
    down = config_mod.Config(
        home=service_config.home,
        service=config_mod.ServiceConfig(
            database_url=service_config.service.database_url,
            redis_url=f"redis://127.0.0.1:{_closed_port()}/0",
        ),
        keys=service_config.keys,
    )
    app = create_app({"TESTING": True, "PUSHGUARD": down})
    client = app.test_client()
    register("github", "acme/widgets", secret=SECRET)
    body = body_of(github_push("acme/widgets", "refs/heads/main", A, B))
    response = post(client, "github", body, github_headers(SECRET, body))
    assert response.status_code == 202
    assert response.get_json()["status"] == "stored"
    [row] = deliveries(database)
    assert row.status == "pending"
    assert queued_jobs(redis_conn) == []
    # Redis is back: the drainer enqueues it once, however often it runs
    assert drain_outbox(database, redis_conn, service_config.service, grace=0) == 1
    assert drain_outbox(database, redis_conn, service_config.service, grace=0) == 0
    [job] = queued_jobs(redis_conn)
    assert job.id == f"push-{row.id}"
    assert deliveries(database)[0].status == "enqueued"
    app.extensions["pushguard.db"].dispose()


def test_database_down_is_503(
    service_config: Config, tmp_path: Path, redis_conn: redis.Redis
) -> None:
    broken = tmp_path / "is-a-directory.db"
    broken.mkdir()
    down = config_mod.Config(
        home=service_config.home,
        service=config_mod.ServiceConfig(
            database_url=f"sqlite:///{broken}", redis_url=service_config.service.redis_url
        ),
        keys=service_config.keys,
    )
    client = create_app({"TESTING": True, "PUSHGUARD": down}).test_client()
    body = body_of(github_push("acme/widgets", "refs/heads/main", A, B))
    response = post(client, "github", body, github_headers(SECRET, body))
    assert response.status_code == 503
    assert client.get("/readyz").status_code == 503
    assert queued_jobs(redis_conn) == []


def test_rotated_secret_works_at_once_and_old_one_stops(
    client: FlaskClient,
    register: Callable[..., int],
    database: Database,
    service_config: Config,
) -> None:
    from pushguard.crypto.factory import load_provider
    from pushguard.store.models import Repository
    from pushguard.store.sealed import replace_secret

    repo_id = register("github", "acme/widgets", secret=SECRET)
    body = body_of(github_push("acme/widgets", "refs/heads/main", A, B))
    assert post(client, "github", body, github_headers(SECRET, body)).status_code == 202
    with database.session() as s:
        repo = s.get(Repository, repo_id)
        assert repo is not None and repo.webhook_secret_id
        replace_secret(s, load_provider(service_config), repo.webhook_secret_id, "rotated")
    body = body_of(github_push("acme/widgets", "refs/heads/main", B, C))
    assert post(client, "github", body, github_headers("rotated", body)).status_code == 202
    body = body_of(github_push("acme/widgets", "refs/heads/main", C, A))
    assert post(client, "github", body, github_headers(SECRET, body)).status_code == 401
