"""``Database``: the engine, sessions and migrations for one database URL.

Usage::

    db = Database(config.database_url)      # sqlite:///path or postgresql+psycopg://...
    db.migrate()                            # alembic upgrade head (idempotent)
    with db.session() as s:                 # commits on success, rolls back on exception
        s.add(models.Scan(repository_id=repo.id, kind="push"))

One ``Database`` per process (create it after forking); short-lived users (CLI commands) use
``with Database(url) as db:`` so pooled connections are closed on exit. Sessions use
``expire_on_commit=False``, so loaded rows stay readable after the ``with`` block.

SQLite: WAL, a busy timeout, foreign keys on, and every transaction starts with
``BEGIN IMMEDIATE``: concurrent writers (web, workers, CLI) queue on the busy timeout instead of
failing with "database is locked" when a deferred read transaction tries to upgrade.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from pushguard.errors import ConfigError

SQLITE_BUSY_TIMEOUT_MS: Final = 30_000
"""How long a SQLite writer waits for another writer's transaction before giving up."""

MIGRATIONS_DIR: Final = Path(__file__).with_name("migrations")

MIGRATION_LOCK: Final = 0x70677264  # "pgrd": the advisory lock id concurrent migrations share


WEB_BUSY_TIMEOUT_MS: Final = 2_000
"""The web process's wait for SQLite's write lock: a delivery held longer than this would miss
the platforms' delivery timeouts (Gitea: 5 s), so it is answered 503 instead."""


class Database:
    def __init__(
        self, url: str, *, echo: bool = False, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS
    ) -> None:
        try:
            parsed = make_url(url)
        except Exception as exc:  # sqlalchemy raises ArgumentError, ValueError...
            raise ConfigError(f"database_url {url!r} is not a database URL: {exc}") from None
        self.url = parsed
        self.dialect = parsed.get_backend_name()
        if self.dialect == "sqlite":
            self.engine = _sqlite_engine(url, echo, busy_timeout_ms)
        elif self.dialect == "postgresql":
            if parsed.get_driver_name() != "psycopg":
                raise ConfigError(
                    f"database_url: use the psycopg 3 driver, postgresql+psycopg://... "
                    f"(got {parsed.drivername})"
                )
            self.engine = create_engine(url, echo=echo, pool_pre_ping=True)
        else:
            raise ConfigError(
                f"database_url: unsupported database {self.dialect!r}; "
                "use sqlite:///path or postgresql+psycopg://..."
            )
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def from_config(cls, config: Any) -> Database:
        """From a ``pushguard.config.Config`` (its ``database_url`` property)."""
        return cls(config.database_url)

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commit when the block ends, roll back if it raises."""
        with self._sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def migrate(self, revision: str = "head") -> None:
        """Bring the schema to ``revision`` with Alembic (safe to run on every start)."""
        from alembic import command

        with self.engine.connect() as connection:
            if self.dialect == "sqlite":
                # Table rebuilds (SQLite's only ALTER) drop the old table, and with foreign
                # keys on that cascades to every referencing row. The pragma only works
                # outside a transaction: on the raw connection, before SQLAlchemy begins.
                _foreign_keys(connection, on=False)
            try:
                with connection.begin():
                    if self.dialect == "postgresql":
                        # Web, workers and CLI may start together on a fresh database: one
                        # migrates, the others wait, then find nothing to do. (SQLite:
                        # BEGIN IMMEDIATE.)
                        connection.exec_driver_sql(
                            f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"
                        )
                    cfg = alembic_config()
                    cfg.attributes["connection"] = connection
                    command.upgrade(cfg, revision)
                    if self.dialect == "sqlite":
                        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
                        if broken is not None:
                            raise ConfigError(f"migration broke a foreign key: {tuple(broken)}")
            finally:
                if self.dialect == "sqlite":
                    _foreign_keys(connection, on=True)

    def dispose(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        # Close pooled connections now: a CLI command must not leave them to the GC.
        self.dispose()

    def __repr__(self) -> str:
        return f"Database({self.url.render_as_string(hide_password=True)!r})"


@contextlib.contextmanager
def open_database(url: str) -> Iterator[Database]:
    """A migrated ``Database`` for one command; its connections are closed on exit."""
    with Database(url) as db:
        db.migrate()
        yield db


def alembic_config() -> Any:
    """An Alembic ``Config`` for the packaged migrations (no logging setup, no ini lookup)."""
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig(str(MIGRATIONS_DIR / "alembic.ini"))
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def _sqlite_engine(url: str, echo: bool, busy_timeout_ms: int) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, echo=echo, connect_args={"timeout": busy_timeout_ms / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event own transaction start (pysqlite's own BEGIN is
        # deferred and issued lazily, which defeats BEGIN IMMEDIATE).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        _enable_wal(cursor)
        cursor.execute("PRAGMA synchronous = NORMAL")  # durable enough in WAL mode
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _foreign_keys(connection: Any, *, on: bool) -> None:
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")
    finally:
        cursor.close()


def _enable_wal(cursor: Any) -> None:
    """Switch a database file to WAL (persistent, so a no-op once done).

    The switch needs an exclusive lock, and SQLite may answer "database is locked" at once,
    without waiting on the busy timeout, when several processes open a fresh file together:
    retry for a while before giving up. A file already in WAL is left alone: asking to switch
    it again waits for any other writer to finish, which held every new web connection for
    as long as another process wrote (issue #13).
    """
    mode = cursor.execute("PRAGMA journal_mode").fetchone()
    if mode and str(mode[0]).lower() == "wal":
        return
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)
