"""Findings triage: resolve, mark false-positive, reopen. One implementation for the CLI
(``pushguard findings resolve|false-positive|reopen``), the admin API (``PATCH
/api/v1/findings/<id>``) and the web console.

Entry points call ``apply``::

    apply(db, allowlist_file, finding_ids, action, reason, actor, expires=None) -> list[Triaged]

- ``db``: a ``pushguard.store.db.Database``; ``allowlist_file``: ``config.allowlist_file``.
- ``finding_ids``: the findings to change, all or none (an unknown id changes nothing).
- ``action``: ``"resolve"`` | ``"false-positive"`` | ``"reopen"`` (``ACTIONS``).
- ``reason``: why, required (1..``MAX_REASON`` characters); ``actor``: who, e.g.
  ``audit.cli_actor()`` or ``"token:7"``; ``expires``: false-positive only, the last day
  its allowlist entry applies (today or later; None = never expires).
- raises ``TriageError`` (a ``UsageError``: exit 2, HTTP 400/404) with one line saying why.

``apply`` runs ``triage`` (status change, allowlist entry, one audit event per changed
finding) in one transaction, then ``publish``es the allowlist file the hook reads: the hook
runs on every push and never opens the database, so it loads a small JSON file, and the
warm hook-daemon re-reads it only when it changes. Rescans read the entries from the store
(``entries``). ``triage`` alone is for callers that own the transaction; they must
``publish`` after committing.

Marking a false positive adds a server-side allowlist entry for the finding's fingerprint
(any rule, any repository, any path: the value is not a secret; the entry records which rule
found it); reopening or resolving the finding removes it (a resolved finding was a real
secret and must not stay suppressed).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from pushguard import audit
from pushguard.config import AllowEntry
from pushguard.errors import UsageError
from pushguard.store.models import AllowlistEntry, Finding

if TYPE_CHECKING:
    from pushguard.store.db import Database

ACTIONS: Final = {"resolve": "resolved", "false-positive": "false-positive", "reopen": "open"}
"""Triage action -> the finding status it sets."""

MAX_REASON: Final = 1000
"""Characters a reason may have: a sentence or a ticket link, not a document."""

MAX_IDS: Final = 1000
"""Findings one call may change."""


class TriageError(UsageError):
    """A triage request that cannot be applied; nothing was changed."""


class NotFound(TriageError):
    """A finding id that does not exist (HTTP 404)."""


class Triaged(NamedTuple):
    id: int
    before: str  # status before
    after: str  # status now
    changed: bool  # False: it already had that status (and, for false-positive, that entry)


def validate(
    finding_ids: Iterable[int],
    action: str,
    reason: str | None,
    expires: dt.date | None,
    today: dt.date,
) -> tuple[list[int], str]:
    """The ids (deduplicated, in order) and the stripped reason, or a ``TriageError``."""
    if action not in ACTIONS:
        raise TriageError(f"unknown action {action!r}; use {', '.join(ACTIONS)}")
    ids = list(dict.fromkeys(finding_ids))
    if not ids:
        raise TriageError("name at least one finding id (see `pushguard findings`)")
    if len(ids) > MAX_IDS:
        raise TriageError(f"at most {MAX_IDS} findings at once")
    text = (reason or "").strip()
    if not text:
        raise TriageError(f"{action} needs a --reason: who reads the audit log must know why")
    if len(text) > MAX_REASON:
        raise TriageError(f"the reason is longer than {MAX_REASON} characters")
    if expires is not None:
        if action != "false-positive":
            raise TriageError("--expires applies to false-positive only")
        if expires < today:
            raise TriageError(f"--expires {expires.isoformat()} is in the past")
    return ids, text


def triage(
    session: Session,
    finding_ids: Sequence[int],
    action: str,
    reason: str | None,
    actor: str,
    expires: dt.date | None = None,
    *,
    today: dt.date | None = None,
) -> list[Triaged]:
    """Apply ``action`` in the caller's transaction (see the module docstring)."""
    today = today or dt.datetime.now(dt.UTC).date()
    ids, text = validate(finding_ids, action, reason, expires, today)
    rows = {f.id: f for f in session.scalars(select(Finding).where(Finding.id.in_(ids)))}
    missing = [i for i in ids if i not in rows]
    if missing:
        raise NotFound(f"no finding {', '.join(map(str, missing))}; see `pushguard findings`")
    entries = {
        e.finding_id: e
        for e in session.scalars(select(AllowlistEntry).where(AllowlistEntry.finding_id.in_(ids)))
    }
    status = ACTIONS[action]
    out: list[Triaged] = []
    for finding_id in ids:
        finding = rows[finding_id]
        before = finding.status
        entry = entries.get(finding_id)
        if action == "false-positive":
            changed = (
                before != status
                or entry is None
                or (entry.reason, entry.expires)
                != (
                    text,
                    expires,
                )
            )
            if entry is None:
                entry = AllowlistEntry(finding_id=finding_id, created_by=actor)
                session.add(entry)
            entry.fingerprint, entry.rule = finding.fingerprint, finding.rule
            entry.reason, entry.expires, entry.created_by = text, expires, actor
        else:
            changed = before != status or entry is not None
            if entry is not None:
                session.delete(entry)
        finding.status = status
        if changed:
            audit.append(
                session,
                actor=actor,
                action=f"finding.{action}",
                subject=f"finding:{finding_id}",
                details={
                    "from": before,
                    "to": status,
                    "reason": text,
                    "repository_id": finding.repository_id,
                    "rule": finding.rule,
                    "fingerprint": finding.fingerprint,
                    "expires": expires,
                },
            )
        out.append(Triaged(finding_id, before, status, changed))
    session.flush()
    return out


def apply(
    db: Database,
    allowlist_file: Path,
    finding_ids: Sequence[int],
    action: str,
    reason: str | None,
    actor: str,
    expires: dt.date | None = None,
) -> list[Triaged]:
    """``triage`` committed, then the hook's allowlist file rewritten."""
    with db.session() as session:
        result = triage(session, finding_ids, action, reason, actor, expires)
    if any(t.changed for t in result):
        with db.session() as session:
            publish(session, allowlist_file)
    return result


def entries(session: Session, today: dt.date | None = None) -> list[AllowEntry]:
    """The unexpired triage entries as ``[[allowlist]]`` entries (rescans use these)."""
    today = today or dt.datetime.now(dt.UTC).date()
    stmt = select(AllowlistEntry).order_by(AllowlistEntry.id)
    return [
        # rule=None: the value is not a secret whichever rule finds it (ours or the catalogue's)
        AllowEntry(fingerprint=e.fingerprint, reason=e.reason, rule=None, expires=e.expires)
        for e in session.scalars(stmt)
        if e.expires is None or e.expires >= today
    ]


def publish(session: Session, path: Path, today: dt.date | None = None) -> int:
    """Write the unexpired entries to ``path`` atomically (readers see the old or the new
    file, never half of one); returns how many. Fingerprints are keyed hashes, not secrets."""
    today = today or dt.datetime.now(dt.UTC).date()
    path.parent.mkdir(parents=True, exist_ok=True)
    # One publisher at a time, each reading the store inside the lock: the last file written
    # then holds every committed change, whichever process (CLI, web, console) wrote it.
    with open(path.with_name(f".{path.name}.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _write(session, path, today)


def _write(session: Session, path: Path, today: dt.date) -> int:
    rows = [
        {
            "finding_id": e.finding_id,
            "fingerprint": e.fingerprint,
            "rule": e.rule,
            "expires": e.expires.isoformat() if e.expires else None,
            "reason": e.reason,
        }
        for e in session.scalars(select(AllowlistEntry).order_by(AllowlistEntry.id))
        if e.expires is None or e.expires >= today
    ]
    body = json.dumps({"version": 1, "entries": rows}, indent=1, ensure_ascii=False)
    fd, tmp = tempfile.mkstemp(prefix=".allowlist-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(body + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # the hook may run as another user (git) than the service
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return len(rows)
