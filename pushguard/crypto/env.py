"""Master keys from ``PUSHGUARD_MASTER_KEY``: a base64 AES-256 key (version 1), or several as
``"<version>:<base64>,<version>:<base64>"`` while rotating (the highest version wraps)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping

from pushguard.crypto.provider import AesKeyRing, MasterKeyError

ENV_VAR = "PUSHGUARD_MASTER_KEY"


class EnvProvider:
    provider_id = "env"

    def __init__(self, env: Mapping[str, str]) -> None:
        raw = env.get(ENV_VAR, "").strip()
        if not raw:
            raise MasterKeyError(
                f'[keys] provider = "env" but {ENV_VAR} is not set; set it to a base64 '
                "32-byte key (e.g. `head -c32 /dev/urandom | base64`)"
            )
        self._ring = AesKeyRing(parse_keys(raw), ENV_VAR)

    def current_version(self) -> int:
        return self._ring.current_version()

    def wrap(self, data_key: bytes, aad: bytes) -> tuple[int, bytes]:
        return self._ring.wrap(data_key, aad)

    def unwrap(self, version: int, wrapped: bytes, aad: bytes) -> bytes:
        return self._ring.unwrap(version, wrapped, aad)

    def rotate(self) -> None:
        return None  # the operator adds "<n+1>:<key>" to the variable; we only re-wrap


def parse_keys(raw: str) -> dict[int, bytes]:
    keys: dict[int, bytes] = {}
    for part in raw.split(","):
        version, sep, encoded = part.strip().rpartition(":")
        try:
            keys[int(version) if sep else 1] = base64.b64decode(encoded, validate=True)
        except (ValueError, binascii.Error):
            raise MasterKeyError(
                f"{ENV_VAR}: expected base64, or '<version>:<base64>,...'"
            ) from None
    return keys
