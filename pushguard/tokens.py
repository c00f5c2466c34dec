"""Scoped API tokens: ``pgt_`` + 30 base62 + CRC32 checksum, shown once, HMAC'd at rest.

Only HMAC-SHA256(server key, token) is stored, so a leaked database does not yield usable
tokens; the key lives in ``[keys] token_key_file`` (default HOME/token.key). Every token has
at least one scope and an expiry (at most ``MAX_LIFETIME``): there is no all-powerful token.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import hashlib
import hmac
import os
import random
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from pushguard.errors import ConfigError, UsageError
from pushguard.scan.checksum import make_pgt_token, valid_pgt
from pushguard.store.models import ApiToken, utcnow

SCOPES: Final = (
    "findings:read", "findings:write", "scans:write", "repos:admin", "tokens:admin", "audit:read"
)
MAX_LIFETIME: Final = dt.timedelta(days=366)
"""Longest allowed expiry: a forgotten token must die on its own within a year."""
KEY_BYTES: Final = 32
_DURATION = re.compile(r"(\d+)([hdwy])\Z")
_UNITS = {
    "h": dt.timedelta(hours=1),
    "d": dt.timedelta(days=1),
    "w": dt.timedelta(weeks=1),
    "y": dt.timedelta(days=365),
}


class AuthError(Exception):
    """A token was refused; ``reason`` is for the audit log, clients get a generic 401/403."""

    def __init__(self, reason: str, token_id: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason  # malformed | unknown | expired | revoked | scope
        self.token_id = token_id


@dataclasses.dataclass(frozen=True)
class TokenInfo:
    id: int
    name: str
    hint: str
    scopes: tuple[str, ...]
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    last_used_at: dt.datetime | None
    created_by: str | None

    def state(self, now: dt.datetime | None = None) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expires_at <= (now or utcnow()) else "active"

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = dataclasses.asdict(self)
        for key, value in out.items():
            if isinstance(value, dt.datetime):
                out[key] = value.isoformat()
        out["scopes"] = list(self.scopes)
        out["state"] = self.state()
        return out


def parse_lifetime(text: str) -> dt.timedelta:
    """``30d``, ``12h``, ``2w``, ``1y`` -> a lifetime within (0, ``MAX_LIFETIME``]."""
    match = _DURATION.match(text.strip().lower())
    if match is None:
        raise UsageError(f"--expires {text!r}: use a number and h, d, w or y (e.g. 30d)")
    lifetime = int(match.group(1)) * _UNITS[match.group(2)]
    if lifetime <= dt.timedelta(0) or lifetime > MAX_LIFETIME:
        raise UsageError(f"--expires {text!r}: must be more than 0 and at most 366d")
    return lifetime


def check_scopes(scopes: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(s.strip() for s in scopes if s.strip()))
    if not chosen:
        raise UsageError(f"a token needs at least one --scope: {', '.join(SCOPES)}")
    unknown = [s for s in chosen if s not in SCOPES]
    if unknown:
        raise UsageError(f"unknown scope(s) {', '.join(unknown)}; choose from {', '.join(SCOPES)}")
    return chosen


def load_token_key(path: Path, *, create: bool = False) -> bytes:
    """The HMAC key; ``create`` makes it (mode 0600) on first use, racing safely."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if not create:
            raise ConfigError(
                f"API token key {path} does not exist; `pushguard tokens create` makes it"
            ) from None
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return load_token_key(path)
        with os.fdopen(fd, "wb") as fh:
            fh.write(base64.b64encode(os.urandom(KEY_BYTES)) + b"\n")
        return load_token_key(path)
    except OSError as exc:
        raise ConfigError(f"API token key {path}: cannot read: {exc.strerror}") from None
    try:
        key = base64.b64decode(raw.strip(), validate=True)
    except binascii.Error:
        key = b""
    if len(key) != KEY_BYTES:
        raise ConfigError(f"API token key {path} is not a base64 {KEY_BYTES}-byte key")
    return key


def token_hash(key: bytes, token: str) -> str:
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def create_token(
    session: Session,
    key: bytes,
    *,
    name: str,
    scopes: Iterable[str],
    lifetime: dt.timedelta,
    created_by: str | None = None,
    now: dt.datetime | None = None,
    rng: random.Random | None = None,
) -> tuple[str, TokenInfo]:
    """The raw token (show it once, store it nowhere) and its stored description."""
    chosen = check_scopes(scopes)
    if lifetime <= dt.timedelta(0) or lifetime > MAX_LIFETIME:
        raise UsageError("token lifetime must be more than 0 and at most 366 days")
    now = now or utcnow()
    raw = make_pgt_token(rng)
    row = ApiToken(
        name=name,
        token_hash=token_hash(key, raw),
        hint=raw[:8] + "…",
        scopes=" ".join(chosen),
        created_by=created_by,
        created_at=now,
        expires_at=now + lifetime,
    )
    session.add(row)
    session.flush()
    return raw, _info(row)


def authenticate(
    session: Session, key: bytes, token: str, scope: str | None, *, now: dt.datetime | None = None
) -> TokenInfo:
    """The token's info if it is valid, unexpired, unrevoked and has ``scope`` (None: any
    scope, as the console's sign-in needs: each page then checks its own); records use."""
    if not valid_pgt(token):
        raise AuthError("malformed")  # checksum first: typos and junk never reach the DB
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(key, token)))
    if row is None:
        raise AuthError("unknown")
    now = now or utcnow()
    if row.revoked_at is not None:
        raise AuthError("revoked", row.id)
    if row.expires_at <= now:
        raise AuthError("expired", row.id)
    if scope is not None and scope not in row.scopes.split():
        raise AuthError("scope", row.id)
    row.last_used_at = now
    return _info(row)


def revoke_token(session: Session, token_id: int, *, now: dt.datetime | None = None) -> bool:
    """Revoke; False when no such token. Revoking twice keeps the first time."""
    row = session.get(ApiToken, token_id)
    if row is None:
        return False
    if row.revoked_at is None:
        row.revoked_at = now or utcnow()
    return True


def list_tokens(session: Session) -> list[TokenInfo]:
    return [_info(row) for row in session.scalars(select(ApiToken).order_by(ApiToken.id))]


def _info(row: ApiToken) -> TokenInfo:
    return TokenInfo(
        id=row.id,
        name=row.name,
        hint=row.hint,
        scopes=tuple(row.scopes.split()),
        created_at=row.created_at,
        expires_at=row.expires_at,
        revoked_at=row.revoked_at,
        last_used_at=row.last_used_at,
        created_by=row.created_by,
    )
