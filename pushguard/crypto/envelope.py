"""Seal, open and re-wrap one record: AES-256-GCM under a per-record data key."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from pushguard.crypto.provider import NONCE_BYTES, MasterKeyError, MasterKeyProvider

DATA_KEY_BYTES = 32


@dataclass(frozen=True)
class Sealed:
    provider: str
    key_version: int
    wrapped_key: bytes
    nonce: bytes
    ciphertext: bytes

    def __repr__(self) -> str:  # keep blobs out of logs and tracebacks
        return f"Sealed(provider={self.provider!r}, key_version={self.key_version})"


def seal(provider: MasterKeyProvider, plaintext: bytes, aad: bytes) -> Sealed:
    """Encrypt ``plaintext``; ``aad`` (purpose and record id) must be given again to open it,
    so a ciphertext copied into another record or purpose does not open."""
    data_key = AESGCM.generate_key(bit_length=DATA_KEY_BYTES * 8)
    nonce = os.urandom(NONCE_BYTES)
    ciphertext = AESGCM(data_key).encrypt(nonce, plaintext, aad)
    version, wrapped = provider.wrap(data_key, _wrap_aad(aad))
    return Sealed(provider.provider_id, version, wrapped, nonce, ciphertext)


def open_sealed(provider: MasterKeyProvider, sealed: Sealed, aad: bytes) -> bytes:
    data_key = _data_key(provider, sealed, aad)
    try:
        return AESGCM(data_key).decrypt(sealed.nonce, sealed.ciphertext, aad)
    except InvalidTag:
        raise MasterKeyError(
            "sealed credential does not open: it was tampered with or moved to another record"
        ) from None


def rewrap(provider: MasterKeyProvider, sealed: Sealed, aad: bytes) -> Sealed:
    """Wrap the record's data key under the provider's current version (data untouched)."""
    data_key = _data_key(provider, sealed, aad)
    version, wrapped = provider.wrap(data_key, _wrap_aad(aad))
    return replace(sealed, key_version=version, wrapped_key=wrapped)


def _data_key(provider: MasterKeyProvider, sealed: Sealed, aad: bytes) -> bytes:
    if sealed.provider != provider.provider_id:
        raise MasterKeyError(
            f"credential was sealed with the {sealed.provider!r} master key provider but "
            f"[keys] provider is {provider.provider_id!r}"
        )
    data_key = provider.unwrap(sealed.key_version, sealed.wrapped_key, _wrap_aad(aad))
    if len(data_key) != DATA_KEY_BYTES:
        raise MasterKeyError("unwrapped data key has the wrong size (wrong master key?)")
    return data_key


def _wrap_aad(aad: bytes) -> bytes:
    return b"pushguard:data-key\0" + aad
