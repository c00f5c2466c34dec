"""Server-side console sessions, kept in the service's Redis.

Why Redis and not a table: a session is short-lived state that must expire on its own, which
is what Redis keys with a TTL do (idle expiry is the key's TTL, refreshed on each request), the
service already depends on Redis, and no schema change is needed. Losing Redis signs people
out, which is the safe failure. The browser holds only a random id; Redis holds only its
SHA-256, so a Redis dump or ``MONITOR`` output yields no usable cookie.

A session names the API token it was opened with, never the token itself: every request
re-reads that token's row (``auth.py``), so revoking or expiring the token ends its sessions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import secrets
from typing import Final

import redis

from pushguard.store.models import utcnow

IDLE_TIMEOUT: Final = dt.timedelta(minutes=30)
"""A session unused this long ends (OWASP's guidance for sensitive apps is 15-30 minutes)."""
ABSOLUTE_LIFETIME: Final = dt.timedelta(hours=8)
"""A session ends this long after sign-in however busy: about one working shift."""
KEY_PREFIX: Final = "pushguard:console:session:"
ID_BYTES: Final = 32


@dataclasses.dataclass(frozen=True)
class ConsoleSession:
    key: str  # the Redis key (hash of the cookie's id)
    token_id: int
    created_at: dt.datetime
    csrf: str  # the synchronizer token every form of this session carries


def _key(session_id: str) -> str:
    return KEY_PREFIX + hashlib.sha256(session_id.encode()).hexdigest()


def create(conn: redis.Redis, token_id: int, *, now: dt.datetime | None = None) -> str:
    """A new session for ``token_id``; returns the id for the cookie (a fresh one at every
    sign-in, so an id planted before sign-in is worthless: no session fixation)."""
    session_id = secrets.token_urlsafe(ID_BYTES)
    record = {
        "token_id": token_id,
        "created_at": (now or utcnow()).isoformat(),
        "csrf": secrets.token_urlsafe(ID_BYTES),
    }
    conn.set(_key(session_id), json.dumps(record), ex=IDLE_TIMEOUT)
    return session_id


def load(
    conn: redis.Redis, session_id: str, *, now: dt.datetime | None = None
) -> ConsoleSession | None:
    """The live session for a cookie's id (extending its idle timeout), or None."""
    if not session_id or len(session_id) > 128:
        return None
    key = _key(session_id)
    raw = conn.get(key)
    if raw is None:
        return None
    try:
        record = json.loads(raw)
        session = ConsoleSession(
            key=key,
            token_id=int(record["token_id"]),
            created_at=dt.datetime.fromisoformat(record["created_at"]),
            csrf=str(record["csrf"]),
        )
    except (ValueError, KeyError, TypeError):
        conn.delete(key)
        return None
    left = session.created_at + ABSOLUTE_LIFETIME - (now or utcnow())
    if left <= dt.timedelta(0):
        conn.delete(key)
        return None
    conn.expire(key, min(IDLE_TIMEOUT, left))
    return session


def destroy(conn: redis.Redis, session_id: str) -> None:
    conn.delete(_key(session_id))


def csrf_ok(session: ConsoleSession, submitted: str | None) -> bool:
    return bool(submitted) and hmac.compare_digest(session.csrf, submitted or "")
