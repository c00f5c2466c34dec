"""The master-key provider interface, its error, and the configured-provider factory."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from pushguard.errors import ConfigError

if TYPE_CHECKING:
    pass

MASTER_KEY_BYTES = 32
NONCE_BYTES = 12  # the AES-GCM standard nonce size (NIST SP 800-38D)


class MasterKeyError(ConfigError):
    """The master key is missing, unreadable or does not open a record: never fall back."""


class MasterKeyProvider(Protocol):
    provider_id: str  # stored with every record: a record only opens under its own provider

    def current_version(self) -> int: ...

    def wrap(self, data_key: bytes, aad: bytes) -> tuple[int, bytes]:
        """Encrypt a data key under the current master key: ``(key_version, wrapped)``."""
        ...

    def unwrap(self, version: int, wrapped: bytes, aad: bytes) -> bytes: ...

    def rotate(self) -> int | None:
        """Make a new master key version current and return it; None when versions are
        managed outside pushguard (then ``keys rotate`` only re-wraps to the current one)."""
        ...


class AesKeyRing:
    """Versioned local AES-256 master keys (used by the file and environment providers)."""

    def __init__(self, keys: Mapping[int, bytes], source: str) -> None:
        if not keys:
            raise MasterKeyError(f"{source}: no master key in it")
        for version, key in keys.items():
            if len(key) != MASTER_KEY_BYTES:
                raise MasterKeyError(
                    f"{source}: master key v{version} must be {MASTER_KEY_BYTES} bytes, "
                    f"got {len(key)}"
                )
        self.keys = dict(keys)
        self.source = source

    def current_version(self) -> int:
        return max(self.keys)

    def wrap(self, data_key: bytes, aad: bytes) -> tuple[int, bytes]:
        version = self.current_version()
        nonce = os.urandom(NONCE_BYTES)
        return version, nonce + AESGCM(self.keys[version]).encrypt(nonce, data_key, aad)

    def unwrap(self, version: int, wrapped: bytes, aad: bytes) -> bytes:
        key = self.keys.get(version)
        if key is None:
            raise MasterKeyError(
                f"{self.source}: has no master key v{version}; it was removed or this is "
                "the wrong key (restore it, then run `pushguard keys rotate`)"
            )
        try:
            return AESGCM(key).decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], aad)
        except InvalidTag:
            raise MasterKeyError(
                f"{self.source}: master key v{version} does not open this record "
                "(wrong master key, or the record was tampered with)"
            ) from None
