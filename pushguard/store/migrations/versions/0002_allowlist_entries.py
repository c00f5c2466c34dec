"""Allowlist entries made by triage (a finding marked false-positive); why a scan failed.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "allowlist_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=128), nullable=False),
        sa.Column("rule", sa.String(length=128), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("expires", sa.Date(), nullable=True),
        sa.Column("created_by", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["findings.id"],
            name=op.f("fk_allowlist_entries_finding_id_findings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_allowlist_entries")),
        sa.UniqueConstraint("finding_id", name=op.f("uq_allowlist_entries_finding_id")),
    )
    op.create_index(
        "ix_allowlist_entries_fingerprint", "allowlist_entries", ["fingerprint"], unique=False
    )
    # a nullable column without a default: SQLite adds it in place, no table rebuild
    op.add_column("scans", sa.Column("error_kind", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("scans") as batch:
        batch.drop_column("error_kind")
    op.drop_index("ix_allowlist_entries_fingerprint", table_name="allowlist_entries")
    op.drop_table("allowlist_entries")
