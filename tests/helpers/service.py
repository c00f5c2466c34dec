"""The webhook service and workers wired to the real test database and Redis.

Fixtures (import them in a directory's conftest.py):
- ``pg_home``: a fresh HOME with a master key; ``PUSHGUARD_*`` env points at it, the test
  database and the test Redis, so jobs (which load config from the environment) agree.
- ``service_config``: the ``Config`` of that environment.
- ``webhook_app`` / ``client``: the Flask app and its test client.
- ``register``: ``register(platform, name, clone_url, secret=..., credential=None) -> id``.
- ``run_jobs()``: drain the queue in-process as `pushguard worker --no-fork --burst` does;
  returns how many jobs finished successfully.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rq.registry import FinishedJobRegistry

from pushguard import config as config_mod
from pushguard.config import Config
from pushguard.crypto.factory import load_provider
from pushguard.crypto.local import init_key_file
from pushguard.store.db import Database
from pushguard.webhook import create_app
from pushguard.workers import context
from pushguard.workers.queue import connect, queues
from pushguard.workers.repositories import add_repository
from pushguard.workers.rq_workers import HeartbeatSimpleWorker
from tests.helpers.catalogue import share_cache
from tests.helpers.db import url_of


@pytest.fixture
def pg_home(
    tmp_path: Path,
    database: Database,
    redis_url: str,
    git_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    home = share_cache(tmp_path / "pghome")
    for key in list(os.environ):
        if key.startswith("PUSHGUARD_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("PUSHGUARD_CONFIG", str(home / "pushguard.toml"))
    (home / "pushguard.toml").write_text("")
    monkeypatch.setenv("PUSHGUARD_HOME", str(home))
    monkeypatch.setenv("PUSHGUARD_DATABASE_URL", url_of(database))
    monkeypatch.setenv("PUSHGUARD_REDIS_URL", redis_url)
    # retries run at once in tests (no scheduler needed for the backoff)
    monkeypatch.setenv("PUSHGUARD_SERVICE_JOB_RETRY_INTERVALS", "0")
    # no automatic response: unrelated tests must never try to reach real providers
    monkeypatch.setenv("PUSHGUARD_RESPOND_ENABLED", "false")
    init_key_file(home / "master.key")
    return home


@pytest.fixture
def service_config(pg_home: Path) -> Config:
    return config_mod.load()


@pytest.fixture
def webhook_app(service_config: Config) -> Iterator[Flask]:
    app = create_app({"TESTING": True, "PUSHGUARD": service_config})
    yield app
    app.extensions["pushguard.db"].dispose()


@pytest.fixture
def client(webhook_app: Flask) -> FlaskClient:
    return webhook_app.test_client()


Register = Callable[..., int]


@pytest.fixture
def register(database: Database, service_config: Config) -> Register:
    keys = load_provider(service_config)

    def factory(
        platform: str,
        name: str,
        clone_url: str = "/nonexistent/pushguard-test/none.git",
        *,
        secret: str = "test-webhook-secret",  # noqa: S107 - test fixture value
        credential: str | None = None,
    ) -> int:
        with database.session() as s:
            return add_repository(
                s,
                keys,
                platform,
                name,
                clone_url,
                webhook_secret=secret,
                clone_credential=credential,
            ).id

    return factory


@pytest.fixture
def run_jobs(service_config: Config) -> Iterator[Callable[[], int]]:
    """Run the queued jobs in this process, as `pushguard worker` would (burst). Jobs cache
    their database and Redis connections per process (``pushguard.workers.context``): closed
    after the test, or PostgreSQL connections outlive the suite."""
    def run() -> int:
        assert service_config.service.redis_url
        conn = connect(service_config.service.redis_url)
        try:
            served = queues(conn)  # what `pushguard worker` serves: responses, rescans
            finished = [FinishedJobRegistry(queue=queue) for queue in served]
            before = sum(registry.count for registry in finished)
            HeartbeatSimpleWorker(served, connection=conn).work(burst=True)
            return sum(registry.count for registry in finished) - before
        finally:
            conn.close()

    yield run
    for ctx in context._cache.values():
        ctx.db.dispose()
        ctx.redis.close()
    context._cache.clear()
