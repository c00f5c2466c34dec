"""The configured master-key provider: ``[keys] provider`` picks the implementation.

Kept apart from ``provider`` (the interface) so the implementations can import the interface
without a cycle back to the factory that imports them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from pushguard.crypto.provider import MasterKeyError, MasterKeyProvider

if TYPE_CHECKING:
    from pushguard.config import Config


def load_provider(config: Config, env: Mapping[str, str] | None = None) -> MasterKeyProvider:
    """The provider ``[keys] provider`` names, ready to use (keys read now, errors now)."""
    env = os.environ if env is None else env
    keys = config.keys
    if keys.provider == "local":
        from pushguard.crypto.local import LocalFileProvider

        return LocalFileProvider(config.master_key_file)
    if keys.provider == "env":
        from pushguard.crypto.env import EnvProvider

        return EnvProvider(env)
    from pushguard.crypto.vault import VaultTransitProvider

    if not keys.vault_addr:
        raise MasterKeyError('[keys] provider = "vault" needs vault_addr')
    return VaultTransitProvider(
        keys.vault_addr,
        keys.vault_key,
        token=_vault_token(keys.vault_token_file, env),
        mount=keys.vault_mount,
        timeout=keys.vault_timeout_seconds,
    )


def _vault_token(token_file: os.PathLike[str] | None, env: Mapping[str, str]) -> str:
    if token_file is not None:
        try:
            with open(token_file, encoding="utf-8") as fh:
                token = fh.read().strip()
        except OSError as exc:
            raise MasterKeyError(f"[keys] vault_token_file {token_file}: {exc.strerror}") from None
    else:
        token = env.get("VAULT_TOKEN", "").strip()
    if not token:
        raise MasterKeyError(
            "no Vault token: set [keys] vault_token_file or the VAULT_TOKEN environment variable"
        )
    return token
