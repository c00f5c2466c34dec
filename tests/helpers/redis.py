"""A private real Redis server per test session (unix socket in a short temp dir).

Fixtures:
- ``redis_server`` (session): the running ``pushguard.workers.redis_server.RedisServer``.
- ``redis_url``: its ``unix://`` URL, database flushed before each test.
- ``redis_conn``: a ``redis.Redis`` client on it (flushed, closed after the test).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from pushguard.workers.redis_server import RedisServer


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    # unix socket paths are limited to ~107 bytes: pytest's tmp_path can be longer
    directory = Path(tempfile.mkdtemp(prefix="pg-redis-"))
    server = RedisServer(directory, persist=False).start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    client = redis.Redis.from_url(redis_server.url)
    try:
        client.flushall()
    finally:
        client.close()
    return redis_server.url


@pytest.fixture
def redis_conn(redis_url: str) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url)
    try:
        yield client
    finally:
        client.close()
