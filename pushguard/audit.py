"""The append-only, hash-chained audit log.

Each event stores ``prev_hash`` (the previous event's hash, ``GENESIS_HASH`` for the first)
and ``hash`` = SHA-256 over a canonical JSON encoding of ``(prev_hash, actor, action, subject,
time, details)``. Changing, deleting or reordering a stored event breaks the chain at that
event, which ``verify`` reports; ``audit_head`` remembers the tip, so truncating the tail is
detected too.

Appends serialize on the ``audit_head`` row: ``SELECT ... FOR UPDATE`` on PostgreSQL, and on
SQLite every transaction already starts with ``BEGIN IMMEDIATE`` (``store/db.py``). The lock
is held until the caller's session commits, so keep audit appends in short sessions.

``details`` is JSON and must never contain a raw secret: fingerprints and redacted previews
only.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import hmac
import json
from collections.abc import Iterator, Mapping
from pathlib import PurePath
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from pushguard.store.models import AUDIT_HEAD_ID, GENESIS_HASH, AuditEvent, AuditHead, utcnow

PAGE = 1000


class Broken(NamedTuple):
    event_id: int | None  # the first event that does not check out (None: an empty log's head)
    reason: str


def cli_actor() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"cli:{user}"


def append(
    session: Session,
    *,
    actor: str,
    action: str,
    subject: str,
    details: Mapping[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> AuditEvent:
    """Add one event to the chain (flushed, so ``.id`` is set); commits with ``session``."""
    created_at = _normalize(at or utcnow())
    details_json = canonical_details(details or {})
    head = session.execute(
        select(AuditHead)
        .where(AuditHead.id == AUDIT_HEAD_ID)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()
    event = AuditEvent(
        actor=actor,
        action=action,
        subject=subject,
        created_at=created_at,
        details=details_json,
        prev_hash=head.last_hash,
        hash=event_hash(head.last_hash, actor, action, subject, created_at, details_json),
    )
    session.add(event)
    session.flush()
    head.last_id = event.id
    head.last_hash = event.hash
    head.count += 1
    session.flush()
    return event


def verify(session: Session) -> int | None:
    """The id of the first event that breaks the chain, or None when it is intact."""
    broken = verify_report(session)
    return None if broken is None else broken.event_id


def verify_report(session: Session) -> Broken | None:
    prev = GENESIS_HASH
    count = 0
    last_id: int | None = None
    for event in _events(session):
        if not hmac.compare_digest(event.prev_hash, prev):
            return Broken(
                event.id,
                "does not follow the previous event (one was removed or reordered before it)",
            )
        expected = event_hash(
            event.prev_hash,
            event.actor,
            event.action,
            event.subject,
            _normalize(event.created_at),
            event.details,
        )
        if not hmac.compare_digest(event.hash, expected):
            return Broken(event.id, "content does not match its hash (modified)")
        prev = event.hash
        count += 1
        last_id = event.id
    head = session.get(AuditHead, AUDIT_HEAD_ID)
    if head is None:
        return Broken(last_id, "the chain head row is missing")
    if head.last_hash != prev or head.count != count:
        return Broken(
            head.last_id,
            f"the log ends early: the head records {head.count} "
            f"events ending at id {head.last_id}, found {count}",
        )
    return None


def export(session: Session, since: dt.datetime | None = None) -> Iterator[str]:
    """Events (oldest first) as JSON lines, each with its hashes so a copy can be verified."""
    for event in _events(session, None if since is None else _normalize(since)):
        yield json.dumps(event_dict(event), ensure_ascii=False, separators=(",", ":"))


def _events(session: Session, since: dt.datetime | None = None) -> Iterator[AuditEvent]:
    """All events by id, a page at a time: bounded memory without server-side cursors that
    an early return would leave open."""
    after = 0
    while True:
        stmt = select(AuditEvent).where(AuditEvent.id > after)
        if since is not None:
            stmt = stmt.where(AuditEvent.created_at >= since)
        page = session.scalars(stmt.order_by(AuditEvent.id).limit(PAGE)).all()
        yield from page
        if len(page) < PAGE:
            return
        after = page[-1].id
        for event in page:  # keep memory bounded: checked pages leave the identity map
            session.expunge(event)


def event_dict(event: AuditEvent) -> dict[str, Any]:
    return {
        "id": event.id,
        "time": _normalize(event.created_at).isoformat(),
        "actor": event.actor,
        "action": event.action,
        "subject": event.subject,
        "details": json.loads(event.details),
        "prev_hash": event.prev_hash,
        "hash": event.hash,
    }


def event_hash(
    prev_hash: str, actor: str, action: str, subject: str, at: dt.datetime, details_json: str
) -> str:
    """SHA-256 (hex) of the canonical encoding; an exported line recomputes to its ``hash``
    with ``time`` and ``json.dumps(details, sort_keys=True, separators=(",", ":"))``."""
    encoded = json.dumps(
        [prev_hash, actor, action, subject, _normalize(at).isoformat(), details_json],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def canonical_details(details: Mapping[str, Any]) -> str:
    return json.dumps(
        details, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default
    )


def _json_default(value: object) -> object:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    raise TypeError(f"audit details: {type(value).__name__} is not JSON")


def _normalize(at: dt.datetime) -> dt.datetime:
    # The databases keep microseconds: hash exactly what a later read returns.
    if at.tzinfo is None:
        raise ValueError("audit times must be timezone-aware")
    return at.astimezone(dt.UTC)
