from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from pushguard.errors import ConfigError
from pushguard.store.db import Database
from pushguard.store.models import Base
from tests.helpers.db import BACKENDS, PG_ENV


def test_migrations_match_models(database: Database) -> None:
    # A model change without a revision would ship a schema the code does not expect.
    with database.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_migrate_is_idempotent_and_creates_every_table(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'sub' / 'p.db'}")
    db.migrate()
    db.migrate()
    tables = set(inspect(db.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables
    db.dispose()


def test_sqlite_pragmas(database: Database) -> None:
    if database.dialect != "sqlite":
        pytest.skip("SQLite-specific")
    with database.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


@pytest.mark.parametrize(
    "url",
    ["mysql://u@h/db", "postgresql+psycopg2://postgres@127.0.0.1/test", "not a url"],
)
def test_unsupported_urls_are_config_errors(url: str) -> None:
    with pytest.raises(ConfigError, match="database_url"):
        Database(url)


@pytest.fixture(params=BACKENDS)
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database nobody migrated yet."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    base = os.environ[PG_ENV]
    schema = f"pushguard_fresh_{secrets.token_hex(6)}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{base}?options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_concurrent_first_migrations_on_a_fresh_database(fresh_url: str) -> None:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with Database(fresh_url) as db:
                db.migrate()
        except BaseException as exc:  # surface thread failures in the test
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Database(fresh_url) as db:
        assert set(Base.metadata.tables) <= set(inspect(db.engine).get_table_names())
