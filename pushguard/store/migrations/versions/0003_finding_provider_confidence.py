"""Findings say whose credential they are and how sure the rule is (issue 8).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # batch mode: SQLite rebuilds the table; server defaults fill the rows already stored
    with op.batch_alter_table("findings") as batch:
        batch.add_column(sa.Column("provider", sa.String(64), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("confidence", sa.String(16), nullable=False, server_default="")
        )
    # findings stored before this revision get the provider their rule names, as new ones do
    from pushguard.scan.rulemeta import provider_of

    findings = sa.table("findings", sa.column("rule", sa.String), sa.column("provider", sa.String))
    bind = op.get_bind()
    for (rule,) in bind.execute(sa.select(findings.c.rule).distinct()).all():
        bind.execute(
            findings.update().where(findings.c.rule == rule).values(provider=provider_of(rule))
        )


def downgrade() -> None:
    with op.batch_alter_table("findings") as batch:
        batch.drop_column("confidence")
        batch.drop_column("provider")
