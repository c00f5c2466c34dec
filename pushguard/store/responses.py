"""Response steps (verify, revoke, reverify, notify) recorded at most once per idempotency key.

A retried job must never revoke or notify twice. Pattern for a side effect::

    with db.session() as s:                  # commit the claim BEFORE acting
        claim = claim_step(s, finding_id, "revoke", key=f"revoke:{finding_id}:{fingerprint}")
    if claim.claimed:
        outcome, detail = revoke(...)
        with db.session() as s:
            complete_step(s, claim.response_id, outcome, detail)
    # else: claim.outcome says what the first attempt did ("pending" = in flight or crashed)

``record_step`` is the one-shot variant for steps without side effects (verify results).
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from pushguard.store.models import RESPONSE_STEPS, Response, utcnow

PENDING = "pending"
"""Outcome of a claimed step whose side effect has not been reported yet."""


class Claim(NamedTuple):
    claimed: bool  # True: this caller inserted the row and must perform the step
    response_id: int
    outcome: str  # the recorded outcome (PENDING for a fresh claim)


def claim_step(
    session: Session,
    finding_id: int,
    step: str,
    *,
    key: str,
    outcome: str = PENDING,
    detail: str | None = None,
) -> Claim:
    """Insert the step unless ``key`` exists; atomic on SQLite and PostgreSQL."""
    if step not in RESPONSE_STEPS:
        raise ValueError(f"unknown response step {step!r}")
    values = {
        "finding_id": finding_id,
        "step": step,
        "outcome": outcome,
        "detail": detail,
        "idempotency_key": key,
        "created_at": utcnow(),
    }
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    stmt = (
        insert(Response)
        .values(values)
        .on_conflict_do_nothing(index_elements=[Response.idempotency_key])
        .returning(Response.id)
    )
    new_id = session.execute(stmt).scalar()
    if new_id is not None:
        return Claim(True, new_id, outcome)
    existing = session.execute(
        select(Response.id, Response.outcome).where(Response.idempotency_key == key)
    ).one()
    return Claim(False, existing.id, existing.outcome)


def complete_step(session: Session, response_id: int, outcome: str, detail: str | None) -> None:
    response = session.get(Response, response_id)
    if response is None:
        raise LookupError(f"response {response_id} does not exist")
    response.outcome = outcome
    response.detail = detail


def record_step(
    session: Session, finding_id: int, step: str, outcome: str, detail: str | None, *, key: str
) -> Claim:
    """Record a finished step once; a repeat with the same key changes nothing."""
    return claim_step(session, finding_id, step, key=key, outcome=outcome, detail=detail)


def steps_for(session: Session, finding_id: int) -> list[Response]:
    return list(
        session.scalars(
            select(Response).where(Response.finding_id == finding_id).order_by(Response.id)
        )
    )
