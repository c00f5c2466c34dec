"""Sealed credentials in the store: put, open, replace and re-wrap ``sealed_secrets`` rows.

Each row's AES-GCM associated data is ``purpose`` + row id, so a blob copied into another
row (or reused for another purpose) fails to open instead of leaking a different secret.
Named credentials (``name``) are the ones config refers to, e.g. ``smtp_password_credential``.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from pushguard.crypto.envelope import Sealed, open_sealed, rewrap, seal
from pushguard.crypto.provider import MasterKeyError, MasterKeyProvider
from pushguard.store.models import SealedSecret, new_uid, utcnow

CREDENTIAL = "credential"
"""Purpose of standalone named credentials (provider admin tokens, SMTP password...)."""


def _aad(purpose: str, record_id: str) -> bytes:
    return f"pushguard:sealed:{purpose}\0{record_id}".encode()


def _encode(value: bytes | str) -> bytes:
    return value.encode() if isinstance(value, str) else value


def put_secret(
    session: Session,
    provider: MasterKeyProvider,
    purpose: str,
    plaintext: bytes | str,
    *,
    name: str | None = None,
) -> str:
    """Seal and store ``plaintext``; returns the new row's id (what other tables reference)."""
    record_id = new_uid()
    sealed = seal(provider, _encode(plaintext), _aad(purpose, record_id))
    session.add(
        SealedSecret(
            id=record_id,
            purpose=purpose,
            name=name,
            provider=sealed.provider,
            key_version=sealed.key_version,
            wrapped_key=sealed.wrapped_key,
            nonce=sealed.nonce,
            ciphertext=sealed.ciphertext,
        )
    )
    session.flush()
    return record_id


def open_secret(
    session: Session, provider: MasterKeyProvider, secret_id: str, *, purpose: str | None = None
) -> bytes:
    row = session.get(SealedSecret, secret_id)
    if row is None:
        raise LookupError(f"sealed credential {secret_id} does not exist")
    if purpose is not None and row.purpose != purpose:
        raise MasterKeyError(f"sealed credential {secret_id} is not a {purpose}")
    return open_sealed(provider, _sealed(row), _aad(row.purpose, row.id))


def set_named(
    session: Session, provider: MasterKeyProvider, name: str, plaintext: bytes | str
) -> str:
    """Create or replace the named credential ``name``; returns its id."""
    row = session.scalar(select(SealedSecret).where(SealedSecret.name == name))
    if row is None:
        return put_secret(session, provider, CREDENTIAL, plaintext, name=name)
    replace_secret(session, provider, row.id, plaintext)
    return row.id


def open_named(session: Session, provider: MasterKeyProvider, name: str) -> bytes:
    """The plaintext of the named credential; ``LookupError`` names the CLI to create it."""
    row = session.scalar(select(SealedSecret).where(SealedSecret.name == name))
    if row is None:
        raise LookupError(
            f"no sealed credential named {name!r}; add it with `pushguard credentials set {name}`"
        )
    return open_sealed(provider, _sealed(row), _aad(row.purpose, row.id))


def list_named(session: Session) -> list[SealedSecret]:
    return list(
        session.scalars(
            select(SealedSecret).where(SealedSecret.name.is_not(None)).order_by(SealedSecret.name)
        )
    )


def replace_secret(
    session: Session, provider: MasterKeyProvider, secret_id: str, plaintext: bytes | str
) -> None:
    row = session.get(SealedSecret, secret_id)
    if row is None:
        raise LookupError(f"sealed credential {secret_id} does not exist")
    sealed = seal(provider, _encode(plaintext), _aad(row.purpose, row.id))
    _store(row, sealed)


def delete_secret(session: Session, secret_id: str) -> bool:
    row = session.get(SealedSecret, secret_id)
    if row is None:
        return False
    session.delete(row)
    return True


def rewrap_all(session: Session, provider: MasterKeyProvider) -> int:
    """Re-wrap every data key not under the provider's current version; returns how many.

    Fails before changing anything if one record does not open (all or nothing: the caller's
    session is rolled back), so a wrong key never leaves a half-rotated store.
    """
    current = provider.current_version()
    rows = session.scalars(
        select(SealedSecret)
        .where(
            (SealedSecret.key_version != current) | (SealedSecret.provider != provider.provider_id)
        )
        .order_by(SealedSecret.id)
    ).all()
    for row in rows:
        _store(row, rewrap(provider, _sealed(row), _aad(row.purpose, row.id)))
        row.rewrapped_at = utcnow()
    return len(rows)


def _sealed(row: SealedSecret) -> Sealed:
    return Sealed(row.provider, row.key_version, row.wrapped_key, row.nonce, row.ciphertext)


def _store(row: SealedSecret, sealed: Sealed) -> None:
    row.provider = sealed.provider
    row.key_version = sealed.key_version
    row.wrapped_key = sealed.wrapped_key
    row.nonce = sealed.nonce
    row.ciphertext = sealed.ciphertext
