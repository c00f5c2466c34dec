"""A real, migrated database for tests: SQLite always, PostgreSQL too when configured.

Fixtures (registered via ``pytest_plugins`` in tests/conftest.py):

- ``database``: a migrated, empty ``pushguard.store.db.Database``. Parametrized: ``sqlite``
  (a temporary file) always, and ``postgresql`` when ``PUSHGUARD_TEST_DATABASE_URL`` is set
  (e.g. ``postgresql+psycopg://postgres@127.0.0.1:5432/test``).
- ``database_url``: the URL of that database, for subprocesses (CLI tests).

PostgreSQL isolation: each test session creates its own randomly named schema and points
``search_path`` at it, so concurrent runs on one server never see each other's rows; tables
are truncated between tests and the schema is dropped at the end. SQLite tests copy a file
migrated once per session (running Alembic per test would dominate the suite's time).
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

from pushguard.store.db import Database
from pushguard.store.models import AUDIT_HEAD_ID, GENESIS_HASH, AuditHead, Base

PG_ENV = "PUSHGUARD_TEST_DATABASE_URL"
BACKENDS = ["sqlite", "postgresql"] if os.environ.get(PG_ENV) else ["sqlite"]


def url_of(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("db-template") / "template.db"
    db = Database(f"sqlite:///{path}")
    db.migrate()
    db.dispose()  # closing the last connection checkpoints the WAL into the file
    return path


@pytest.fixture(scope="session")
def _pg_schema_url() -> Iterator[str]:
    base = os.environ[PG_ENV]
    schema = f"pushguard_test_{secrets.token_hex(6)}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    url = f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    db = Database(url)
    db.migrate()
    db.dispose()
    try:
        yield url
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _truncate_pg(db: Database) -> None:
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with db.session() as s:
        s.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        s.add(AuditHead(id=AUDIT_HEAD_ID, last_hash=GENESIS_HASH, count=0))


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        path = tmp_path / "pushguard.db"
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
        db = Database(f"sqlite:///{path}")
    else:
        db = Database(request.getfixturevalue("_pg_schema_url"))
        _truncate_pg(db)
    try:
        yield db
    finally:
        db.dispose()


@pytest.fixture
def database_url(database: Database) -> str:
    return url_of(database)
