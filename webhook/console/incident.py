"""One finding's incident timeline (from the audit log and response steps) and where it is in
the platform's web UI.

Kinds, in the order an incident usually runs: pushed, blocked, detected, verified, revoked,
re-verified, notified, triaged.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Final, NamedTuple
from urllib.parse import quote, urlsplit

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from pushguard.store.models import AuditEvent, Delivery, Finding, Repository, Scan
from pushguard.store.models import Response as Step

MAX_EVENTS: Final = 500
_KIND_OF_ACTION: Final = {
    "respond.verify": "verified",
    "respond.notify": "notified",
    "hook.blocked": "blocked",
    "hook.bypassed": "pushed",
    "hook.accepted-with-warnings": "pushed",
    "hook.fail-open": "pushed",
}


class Event(NamedTuple):
    at: dt.datetime
    kind: str
    what: str  # a short sentence
    actor: str
    audit_id: int | None


def _kind(action: str) -> str:
    if action.startswith("respond.revoke."):
        return "revoked"
    if action.startswith(("finding.", "triage.")):
        return "triaged"
    return _KIND_OF_ACTION.get(action, action.split(".", 1)[0])


def _describe(event: AuditEvent) -> str:
    details = json.loads(event.details)
    parts = [event.action]
    for key in ("outcome", "provider", "reason", "status", "detail"):
        value = details.get(key)
        if isinstance(value, str | int) and value != "":
            parts.append(f"{key}: {value}")
    return "; ".join(parts)


def events_for(s: Session, finding: Finding, repo: Repository) -> list[Event]:
    out: list[Event] = []
    scan = s.get(Scan, finding.scan_id) if finding.scan_id else None
    if scan is not None and scan.delivery_id is not None:
        delivery = s.get(Delivery, scan.delivery_id)
        if delivery is not None:
            out.append(
                Event(
                    delivery.received_at,
                    "pushed",
                    f"push to {delivery.ref} reported by {delivery.platform}",
                    delivery.pusher or "unknown pusher",
                    None,
                )
            )
    how = f"{scan.kind} scan #{scan.id}" if scan is not None else "a scan"
    out.append(Event(finding.first_seen, "detected", f"found by {how}", "pushguard", None))
    incidents = [f"incident:finding:{finding.id}"]
    if finding.scan_id is not None:
        incidents.append(f"incident:scan:{finding.scan_id}")
    rows = s.scalars(
        select(AuditEvent)
        .where(
            or_(
                AuditEvent.subject == f"finding:{finding.id}",
                AuditEvent.subject.in_(incidents),
                # the hook's events name the repository and list findings by fingerprint
                (AuditEvent.subject == f"repo:{repo.name}")
                & AuditEvent.details.contains(finding.fingerprint, autoescape=True),
            )
        )
        .order_by(AuditEvent.id)
        .limit(MAX_EVENTS)
    )
    for event in rows:
        if event.subject.startswith("incident:"):
            ids = json.loads(event.details).get("findings", [])
            if finding.id not in ids:
                continue
        out.append(
            Event(event.created_at, _kind(event.action), _describe(event), event.actor, event.id)
        )
    for step in s.scalars(
        select(Step).where(Step.finding_id == finding.id, Step.step == "reverify")
    ):  # re-verification is recorded as a response step, not a separate audit event
        out.append(
            Event(step.created_at, "re-verified", f"re-verified: {step.outcome}", "pushguard", None)
        )
    out.sort(key=lambda e: (e.at, e.audit_id or 0))
    return out


WEB_COMMIT: Final = {
    "github": "{base}/commit/{commit}",
    "gitlab": "{base}/-/commit/{commit}",
    "gitea": "{base}/commit/{commit}",
}
WEB_BLOB: Final = {
    "github": "{base}/blob/{commit}/{path}#L{line}",
    "gitlab": "{base}/-/blob/{commit}/{path}#L{line}",
    "gitea": "{base}/src/commit/{commit}/{path}#L{line}",
}


def _web_base(repo: Repository) -> str | None:
    """The repository's web page, when its clone URL is a plain HTTPS URL of a platform."""
    if repo.platform not in WEB_COMMIT:
        return None
    parts = urlsplit(repo.clone_url)
    if parts.scheme not in ("https", "http") or not parts.hostname or "@" in parts.netloc:
        return None
    path = parts.path.removesuffix("/").removesuffix(".git")
    if not path.strip("/"):
        return None
    return f"{parts.scheme}://{parts.netloc}{quote(path)}"


def commit_url(repo: Repository, commit: str) -> str | None:
    base = _web_base(repo)
    if base is None or not commit.isalnum():
        return None
    return WEB_COMMIT[repo.platform].format(base=base, commit=commit)


def file_url(repo: Repository, commit: str, path: str, line: int) -> str | None:
    base = _web_base(repo)
    if base is None or not commit.isalnum():
        return None
    return WEB_BLOB[repo.platform].format(base=base, commit=commit, path=quote(path), line=line)
