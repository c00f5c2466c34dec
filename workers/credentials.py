"""A repository's sealed credentials: its webhook secret and its clone credential.

Both live in ``sealed_secrets`` (envelope-encrypted); plaintext exists only in the memory of
the process that verifies a signature or runs a fetch, never in a job argument or a log.
"""

from __future__ import annotations

import secrets

from sqlalchemy.orm import Session

from pushguard.crypto.provider import MasterKeyProvider
from pushguard.store.models import Repository
from pushguard.store.sealed import open_secret, put_secret
from pushguard.workers.mirror import Credential

WEBHOOK_SECRET = "webhook-secret"  # noqa: S105 - a purpose label, not a secret
CLONE_CREDENTIAL = "clone-credential"


def generate_webhook_secret() -> str:
    """32 random bytes, URL-safe: pasteable into every platform's secret field."""
    return secrets.token_urlsafe(32)


def webhook_secret(session: Session, provider: MasterKeyProvider, repo: Repository) -> bytes | None:
    if repo.webhook_secret_id is None:
        return None
    return open_secret(session, provider, repo.webhook_secret_id, purpose=WEBHOOK_SECRET)


def clone_credential(
    session: Session, provider: MasterKeyProvider, repo: Repository
) -> Credential | None:
    if repo.clone_credential_id is None:
        return None
    raw = open_secret(session, provider, repo.clone_credential_id, purpose=CLONE_CREDENTIAL)
    return Credential.parse(raw.decode())


def seal_webhook_secret(session: Session, provider: MasterKeyProvider, secret: str) -> str:
    return put_secret(session, provider, WEBHOOK_SECRET, secret)


def seal_clone_credential(session: Session, provider: MasterKeyProvider, value: str) -> str:
    return put_secret(session, provider, CLONE_CREDENTIAL, value)
