"""The durable store (SQLAlchemy 2; SQLite by default, PostgreSQL in production).

- ``pushguard.store.db.Database(url)``: ``.migrate()``, ``.session()`` (commit/rollback).
- ``pushguard.store.models``: the tables (repositories, sealed_secrets, scans, findings,
  responses, audit_events, api_tokens, deliveries, verifications).
- ``pushguard.store.findings.upsert_finding``: insert-or-touch, so rescans never duplicate.
- ``pushguard.store.responses.record_once``: idempotent response steps.
- ``pushguard.store.sealed``: put/open/rewrap envelope-encrypted credentials.

Audit events go through ``pushguard.audit.append`` (hash chain), API tokens through
``pushguard.tokens``. Nothing here imports Flask or RQ.
"""
