"""After an end-to-end run no table, Redis key, job argument, log line or console page holds a
raw secret (nor the API token a responder signed in to the console with)."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
import redis
from flask.testing import FlaskClient
from sqlalchemy import select

from pushguard.config import Config
from pushguard.store.db import Database
from pushguard.store.models import Finding, Scan
from pushguard.tokens import SCOPES, create_token, load_token_key
from pushguard.workers.redis_server import RedisServer
from tests.helpers import tokens
from tests.helpers.db import url_of
from tests.helpers.gitrepo import MakeRepo
from tests.helpers.gitserver import GitHttpServer
from tests.helpers.webhooks import body_of, github_headers, github_push


def _redis_values(conn: redis.Redis) -> list[bytes]:
    """Every key and value, decompressing RQ's zlib-compressed job payloads."""
    out: list[bytes] = []
    for key in conn.scan_iter(count=1000):
        out.append(key)
        dumped = conn.dump(key)
        if dumped:
            out.append(dumped)
        kind = conn.type(key)
        values: list[bytes] = []
        if kind == b"string":
            values = [conn.get(key) or b""]
        elif kind == b"hash":
            for field, value in conn.hgetall(key).items():
                values += [field, value]
        elif kind == b"list":
            values = conn.lrange(key, 0, -1)
        elif kind == b"set":
            values = list(conn.smembers(key))
        elif kind == b"zset":
            values = [m for m, _ in conn.zrange(key, 0, -1, withscores=True)]
        for value in values:
            out.append(value)
            with contextlib.suppress(zlib.error):
                out.append(zlib.decompress(value))
    return out


def _console_sign_in(client: FlaskClient, config: Config, database: Database) -> str:
    """Sign ``client`` in to the console with a token of every scope; returns the token."""
    key = load_token_key(config.token_key_file, create=True)
    with database.session() as s:
        raw, _ = create_token(
            s, key, name="responder", scopes=SCOPES, lifetime=dt.timedelta(hours=1)
        )
    form = client.get("/signin").get_data(as_text=True).split('action="/signin"', 1)[1]
    nonce = form.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = client.post("/signin", data={"token": raw, "csrf_token": nonce})
    assert response.status_code == 303
    return raw


def test_no_raw_secret_anywhere_after_end_to_end_run(
    client: FlaskClient,
    register: Callable[..., int],
    run_jobs: Callable[[], int],
    database: Database,
    make_repo: MakeRepo,
    redis_conn: redis.Redis,
    redis_server: RedisServer,
    git_http_server: Callable[..., GitHttpServer],
    caplog: pytest.LogCaptureFixture,
    service_config: Config,
) -> None:
    caplog.set_level(logging.DEBUG)
    planted = tokens.github_token(prefix="ghp")
    webhook_secret = tokens.hex_secret(48)
    clone_token = tokens.gitlab_pat()
    remote = make_repo("srv/widgets.git", bare=True)
    base = remote.commit({"README.md": "hi\n"}, "initial")
    after = remote.commit({"ci/deploy.sh": f"export GH_TOKEN={planted}\n"}, "deploy")
    server = git_http_server(remote.path.parent, auth=("oauth2", clone_token))
    register(
        "github",
        "acme/widgets",
        server.url_for("widgets.git"),
        secret=webhook_secret,
        credential=f"oauth2:{clone_token}",
    )
    body = body_of(github_push("acme/widgets", "refs/heads/main", base, after))
    response = client.post(
        "/webhooks/github", data=body, headers=github_headers(webhook_secret, body)
    )
    assert response.status_code == 202
    assert run_jobs() == 1
    assert client.get("/metrics").status_code == 200
    console_token = _console_sign_in(client, service_config, database)
    secrets = {
        "planted token": planted,
        "webhook secret": webhook_secret,
        "clone token": clone_token,
        "console sign-in token": console_token,
    }

    # every console page a responder opens: the finding is there, redacted, never raw
    with database.session() as s:
        finding_id = s.scalars(select(Finding.id)).one()
        scan_id = s.scalars(select(Scan.id)).one()
    pages = {
        url: client.get(url).get_data(as_text=True)
        for url in (
            "/",
            "/?period=week",
            "/findings",
            f"/findings/{finding_id}",
            "/repos",
            f"/scans/{scan_id}",
            f"/scans/{scan_id}/progress",
            "/audit",
        )
    }
    assert "ci/deploy.sh" in pages[f"/findings/{finding_id}"]  # the walk does see the finding
    for url, page in pages.items():
        for what, value in secrets.items():
            assert value not in page, f"{what} in console page {url}"

    # the database file (and its write-ahead log), byte for byte
    if database.dialect == "sqlite":
        path = Path(url_of(database).removeprefix("sqlite:///"))
        blobs = [p.read_bytes() for p in path.parent.glob(path.name + "*")]
        for what, value in secrets.items():
            assert not any(value.encode() in b for b in blobs), f"{what} in the database"

    # Redis: an uncompressed RDB snapshot, plus every key and (decompressed) value
    redis_conn.config_set("rdbcompression", "no")
    redis_conn.save()
    rdb = (redis_server.directory / "dump.rdb").read_bytes()
    values = _redis_values(redis_conn)
    assert any(b"rescan_push" in v for v in values)  # the walk does see job payloads
    for what, value in secrets.items():
        assert value.encode() not in rdb, f"{what} in the Redis dump"
        assert not any(value.encode() in v for v in values), f"{what} in a Redis key"

    # every log record of the web app, the worker, RQ and git plumbing
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "rescan_push" in logged
    for what, value in secrets.items():
        assert value not in logged, f"{what} in the logs"
