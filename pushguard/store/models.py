"""The store's schema: SQLAlchemy 2 typed declarative models.

No column ever holds a raw secret: findings keep a keyed fingerprint and a redacted preview,
credentials live in ``sealed_secrets`` as envelope-encrypted blobs (see ``pushguard.crypto``),
API tokens are stored as an HMAC. Every timestamp is timezone-aware UTC (``UTCDateTime``).

Schema changes are additive and go through an Alembic revision in ``migrations/versions``;
``tests/store/test_migrations.py`` fails when the models and the migrations disagree.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Final

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

PLATFORMS: Final = ("github", "gitlab", "gitea", "local")
SCAN_KINDS: Final = ("push", "range", "full")
SCAN_STATUSES: Final = ("queued", "running", "done", "failed")
SCAN_ERROR_KINDS: Final = ("permanent", "transient", "internal")
# Finding statuses are open-ended on purpose (no CHECK): responders may add their own.
FINDING_STATUSES: Final = ("open", "false-positive", "resolved", "revoked")
RESPONSE_STEPS: Final = ("verify", "revoke", "reverify", "notify")
DELIVERY_STATUSES: Final = ("pending", "enqueued")
VERIFICATION_RESULTS: Final = ("live", "dead", "unknown")

AUDIT_HEAD_ID: Final = 1
"""The single row of ``audit_head``: appenders lock it to serialize the hash chain."""

GENESIS_HASH: Final = "0" * 64
"""``prev_hash`` of the first audit event."""


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_uid() -> str:
    return uuid.uuid4().hex


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, on SQLite (naive) and PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store: use datetime.now(UTC)")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    # Named constraints so Alembic can alter them later (SQLite batch mode needs names).
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
    type_annotation_map = {dt.datetime: UTCDateTime()}


class SealedSecret(Base):
    """An envelope-encrypted credential; ``purpose`` and ``id`` are the AES-GCM associated data."""

    __tablename__ = "sealed_secrets"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_uid)
    purpose: Mapped[str] = mapped_column(String(64))  # e.g. "webhook-secret", "credential"
    # Operator-chosen name of a standalone credential ("smtp-password"), referenced from
    # config; NULL for secrets owned by a row (a repository's webhook secret).
    name: Mapped[str | None] = mapped_column(String(128), unique=True)
    provider: Mapped[str] = mapped_column(String(32))  # master-key provider id
    key_version: Mapped[int] = mapped_column(Integer)
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    nonce: Mapped[bytes] = mapped_column(LargeBinary)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    rewrapped_at: Mapped[dt.datetime | None]


NEVER_REUSED_IDS: dict[str, Any] = {"sqlite_autoincrement": True}
"""Ids that name something outside the row (RQ job ids ``push-<id>``/``scan-<id>``, kept a day;
``HOME/mirrors/<id>.git``) must never come back for another row. PostgreSQL's sequences never
repeat; SQLite reuses the highest id once its row is deleted unless the table is
AUTOINCREMENT (migration 0004)."""


class Repository(Base):
    __tablename__ = "repositories"
    __table_args__ = (
        UniqueConstraint("platform", "name"),
        CheckConstraint(_in("platform", PLATFORMS), name="platform"),
        NEVER_REUSED_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(255))  # "owner/repo" as the platform spells it
    clone_url: Mapped[str] = mapped_column(String(2048))  # never with credentials in it
    default_branch: Mapped[str | None] = mapped_column(String(255))
    webhook_secret_id: Mapped[str | None] = mapped_column(ForeignKey("sealed_secrets.id"))
    clone_credential_id: Mapped[str | None] = mapped_column(ForeignKey("sealed_secrets.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Delivery(Base):
    """A webhook delivery: dedupe record and durable outbox (pending until enqueued)."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("platform", "delivery_key"),
        # Platforms redeliver with new ids: the same push is recognised by what it changed.
        UniqueConstraint("repository_id", "ref", "before", "after", name="uq_deliveries_push"),
        CheckConstraint(_in("status", DELIVERY_STATUSES), name="status"),
        Index("ix_deliveries_status", "status"),
        NEVER_REUSED_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    delivery_key: Mapped[str] = mapped_column(String(255))  # X-GitHub-Delivery etc.
    repository_id: Mapped[int] = mapped_column(ForeignKey("repositories.id", ondelete="CASCADE"))
    ref: Mapped[str] = mapped_column(String(1024))
    before: Mapped[str] = mapped_column(String(64))
    after: Mapped[str] = mapped_column(String(64))
    pusher: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    job_id: Mapped[str | None] = mapped_column(String(64))
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    enqueued_at: Mapped[dt.datetime | None]


class Scan(Base):
    __tablename__ = "scans"
    __table_args__ = (
        CheckConstraint(_in("kind", SCAN_KINDS), name="kind"),
        CheckConstraint(_in("status", SCAN_STATUSES), name="status"),
        Index("ix_scans_repository_id", "repository_id"),
        NEVER_REUSED_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    repository_id: Mapped[int] = mapped_column(ForeignKey("repositories.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    ref: Mapped[str | None] = mapped_column(String(1024))
    before: Mapped[str | None] = mapped_column(String(64))
    after: Mapped[str | None] = mapped_column(String(64))
    range_spec: Mapped[str | None] = mapped_column(String(1024))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    commits_total: Mapped[int | None]
    commits_scanned: Mapped[int] = mapped_column(default=0)
    findings_count: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)
    # why it failed: "permanent" (bad revision, missing repository, access refused: not
    # retried, the user's to fix), "transient" (retried), "internal" (a bug; retried)
    error_kind: Mapped[str | None] = mapped_column(String(16))
    queued_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    started_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]
    job_id: Mapped[str | None] = mapped_column(String(64))
    delivery_id: Mapped[int | None] = mapped_column(
        ForeignKey("deliveries.id", ondelete="SET NULL")
    )


class Finding(Base):
    __tablename__ = "findings"
    __table_args__ = (
        # Rescans never duplicate: one row per secret per file per repository.
        UniqueConstraint("repository_id", "fingerprint", "path", name="uq_findings_identity"),
        Index("ix_findings_status", "status"),
        Index("ix_findings_fingerprint", "fingerprint"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    repository_id: Mapped[int] = mapped_column(ForeignKey("repositories.id", ondelete="CASCADE"))
    scan_id: Mapped[int | None] = mapped_column(ForeignKey("scans.id", ondelete="SET NULL"))
    commit: Mapped[str] = mapped_column(String(64))  # where it was first seen
    path: Mapped[str] = mapped_column(String(1024))
    line: Mapped[int]
    rule: Mapped[str] = mapped_column(String(128))
    # whose credential ("github", "groq"; "" for generic rules) and how sure the rule is
    provider: Mapped[str] = mapped_column(String(64), default="", server_default="")
    confidence: Mapped[str] = mapped_column(String(16), default="", server_default="")
    blocking: Mapped[bool] = mapped_column(Boolean)
    fingerprint: Mapped[str] = mapped_column(String(128))  # keyed HMAC, never the secret
    redacted: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(32), default="open")
    first_seen: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AllowlistEntry(Base):
    """A fingerprint suppression made by marking a finding a false positive (``triage.py``).

    One row per finding; reopening the finding deletes it. The hook reads these through the
    exported file (``[hook] allowlist_file``), rescans read them here.
    """

    __tablename__ = "allowlist_entries"
    __table_args__ = (Index("ix_allowlist_entries_fingerprint", "fingerprint"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(
        ForeignKey("findings.id", ondelete="CASCADE"), unique=True
    )
    fingerprint: Mapped[str] = mapped_column(String(128))  # keyed HMAC, never the secret
    rule: Mapped[str | None] = mapped_column(String(128))  # None: any rule
    reason: Mapped[str] = mapped_column(Text)
    expires: Mapped[dt.date | None] = mapped_column(Date)  # last day it applies
    created_by: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Response(Base):
    """One step of the response to a finding; ``idempotency_key`` makes retries no-ops."""

    __tablename__ = "responses"
    __table_args__ = (
        CheckConstraint(_in("step", RESPONSE_STEPS), name="step"),
        Index("ix_responses_finding_id", "finding_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id", ondelete="CASCADE"))
    step: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(32))  # e.g. live, dead, revoked, sent, failed
    detail: Mapped[str | None] = mapped_column(Text)  # never the secret
    idempotency_key: Mapped[str] = mapped_column(String(255), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Verification(Base):
    """Cache of provider verification results, keyed by the finding's keyed fingerprint."""

    __tablename__ = "verifications"
    __table_args__ = (CheckConstraint(_in("result", VERIFICATION_RESULTS), name="result"),)

    fingerprint: Mapped[str] = mapped_column(String(128), primary_key=True)
    rule: Mapped[str | None] = mapped_column(String(128))
    result: Mapped[str] = mapped_column(String(16))
    identity: Mapped[str | None] = mapped_column(String(255))  # account the token belongs to
    checked_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AuditEvent(Base):
    """Append-only, hash-chained; write through ``pushguard.audit.append`` only."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_action_at", "action", "subject", "created_at"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    actor: Mapped[str] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(512))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    details: Mapped[str] = mapped_column(Text, default="{}")  # canonical JSON, hashed verbatim
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditHead(Base):
    """The chain's tip; one row (id 1), created by the initial migration."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_id: Mapped[int | None] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    last_hash: Mapped[str] = mapped_column(String(64), default=GENESIS_HASH)
    count: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), default=0)


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # HMAC-SHA256 hex
    hint: Mapped[str] = mapped_column(String(16))  # "pgt_Ab…" for lists, never enough to use
    scopes: Mapped[str] = mapped_column(String(512))  # space-separated
    created_by: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    revoked_at: Mapped[dt.datetime | None]
    last_used_at: Mapped[dt.datetime | None]
