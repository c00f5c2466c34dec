"""Keyed fingerprints and redacted previews: the only forms a secret leaves the engine in."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets as _random
from pathlib import Path

from pushguard.errors import ConfigError

KEY_BYTES = 32
"""HMAC-SHA256 key length: a full block of entropy for the fingerprint key."""


def fingerprint(key: bytes, secret: str) -> str:
    """HMAC-SHA256 of the secret under the server key, hex.

    Keyed so that a leaked findings table cannot be brute-forced back to short secrets, and
    content-based so an allowlist entry survives rebase and squash.
    """
    return hmac.new(key, secret.encode("utf-8", "surrogateescape"), hashlib.sha256).hexdigest()


# A format's marking before its random part: words of one case, each ended by a separator
# (hf_, sk-proj-, pat-na1-, dp.st.). A separator inside a random body (an Okta token's "-",
# a base64url "_") ends no word of one case from its start, so shows nothing more.
_MARKING = re.compile(r"(?:(?:[a-z][a-z0-9]{0,5}|[A-Z][A-Z0-9]{0,5})[_.:-])+")
MARKING_MAX = 16
"""Characters of a marking shown at most (``github_pat_``, ``sk-ant-api03-``)."""


def redact(secret: str) -> str:
    """A preview that identifies a token to its owner without being usable: its format's
    marking and two characters, ``…``, its last two (``hf_Ab…yz``)."""
    if len(secret) < 12:
        return secret[:1] + "…"
    marking = _MARKING.match(secret, 0, MARKING_MAX)
    head = 2
    if marking is not None and marking.end() < len(secret) - 10:
        head = marking.end() + 2
    return f"{secret[:head]}…{secret[-2:]}"


def load_or_create_key(path: Path) -> bytes:
    """Read the fingerprint key, creating it (mode 0600) on first use."""
    try:
        data = path.read_bytes().strip()
    except FileNotFoundError:
        return _create_key(path)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the fingerprint key: {exc.strerror}") from None
    try:
        key = bytes.fromhex(data.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        raise ConfigError(f"{path}: fingerprint key must be hex") from None
    if len(key) < 16:
        raise ConfigError(f"{path}: fingerprint key is too short (need at least 16 bytes)")
    return key


def _create_key(path: Path) -> bytes:
    key = _random.token_bytes(KEY_BYTES)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process won the race: use its key
        return load_or_create_key(path)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot create the fingerprint key: {exc.strerror}") from None
    with os.fdopen(fd, "w") as fh:
        fh.write(key.hex() + "\n")
    return key
