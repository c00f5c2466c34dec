"""Ids never reused: repositories, deliveries and scans become AUTOINCREMENT on SQLite.

Their ids name things outside the row: RQ job ids (``push-<delivery id>``, ``scan-<scan id>``,
kept a day after they finish) and ``HOME/mirrors/<repository id>.git``. SQLite hands the
highest id out again once its row is deleted (``repos remove``), so a new delivery got the id
of a finished job and was answered "queued" but never scanned (issue #13). AUTOINCREMENT
never returns an id. PostgreSQL's sequences never do either: nothing to change there.

SQLite can only add AUTOINCREMENT by rebuilding the table; ``Database.migrate`` runs SQLite
migrations with foreign keys off (dropping the old table would otherwise cascade its
deletion to every referencing row) and checks them before committing.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

TABLES = ("repositories", "deliveries", "scans")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ):
            pass  # the copy is the change: same columns, now AUTOINCREMENT


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": False}
        ):
            pass
