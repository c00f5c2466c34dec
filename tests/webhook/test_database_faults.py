"""SQLite locked or read-only: /readyz tells, deliveries are answered within the platforms'
delivery timeouts (issue #13)."""

from __future__ import annotations

import contextlib
import dataclasses
import sqlite3
import threading
from collections.abc import Callable, Iterator

import pytest
from flask.testing import FlaskClient

from pushguard.config import Config
from pushguard.store.db import Database
from pushguard.webhook import create_app
from tests.helpers.db import url_of
from tests.helpers.webhooks import body_of, github_headers, github_push
from tests.webhook.test_intake import SECRET, A, B, deliveries

LOCK_HELD = 6.0
"""Seconds another process holds the write lock: longer than Gitea's 5 s delivery timeout."""


@pytest.fixture
def sqlite_path(database: Database) -> str:
    if database.dialect != "sqlite":
        pytest.skip("SQLite's single writer lock")
    assert database.url.database
    return database.url.database


@contextlib.contextmanager
def write_lock(sqlite_path: str) -> Iterator[threading.Event]:
    """Another process's long write transaction, released after ``LOCK_HELD`` seconds."""
    holder = sqlite3.connect(sqlite_path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    released = threading.Event()

    def release() -> None:
        holder.execute("ROLLBACK")
        holder.close()
        released.set()

    timer = threading.Timer(LOCK_HELD, release)
    timer.start()
    try:
        yield released
    finally:
        timer.join()


def test_a_held_write_lock_gets_a_503_not_a_late_202(
    client: FlaskClient, register: Callable[..., int], sqlite_path: str, database: Database
) -> None:
    register("github", "acme/widgets", secret=SECRET)
    body = body_of(github_push("acme/widgets", "refs/heads/main", A, B))
    with write_lock(sqlite_path) as released:
        response = client.post(
            "/webhooks/github/acme/widgets", data=body, headers=github_headers(SECRET, body)
        )
        # answered while the lock was still held (a late 202 comes after the platform gave up)
        assert not released.is_set()
        assert response.status_code == 503
        assert response.get_json() == {"error": "database unavailable, retry later"}
        ready = client.get("/readyz")
        assert not released.is_set()
        assert ready.status_code == 503 and ready.get_json()["database"].startswith("down")
        released.wait()
    assert client.get("/readyz").status_code == 200
    assert deliveries(database) == []


def test_readyz_is_503_on_a_read_only_database(
    service_config: Config, sqlite_path: str, database: Database
) -> None:
    read_only = f"sqlite:///file:{sqlite_path}?mode=ro&uri=true"
    service = dataclasses.replace(service_config.service, database_url=read_only)
    app = create_app(
        {"TESTING": True, "PUSHGUARD": dataclasses.replace(service_config, service=service)}
    )
    try:
        ready = app.test_client().get("/readyz")
    finally:
        app.extensions["pushguard.db"].dispose()
    assert ready.status_code == 503, ready.get_json()
    assert "readonly" in ready.get_json()["database"]
    assert url_of(database) != read_only
