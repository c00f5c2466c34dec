"""The response pipeline: verify -> revoke -> re-verify -> notify, idempotently.

Idempotency: every side effect is claimed in ``responses`` (unique idempotency key, state
``pending``) and committed BEFORE the external call, then completed. A retried job finds the
claim: a finished step is reused; a ``pending`` one means a previous attempt died between the
call and the record, so it re-verifies instead of calling again. Revocations are keyed by the
secret's fingerprint: the same token leaked in ten repositories is revoked once; verification
results are cached by fingerprint (``verifications``) so it is checked once too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pushguard import audit
from pushguard.config import Config
from pushguard.respond import notify as notify_mod
from pushguard.respond import registry as registry_mod
from pushguard.respond.base import (
    Dead,
    Failed,
    Live,
    Responder,
    Revocation,
    Revoked,
    Secret,
    Unknown,
    Unsupported,
    Verification,
    confirm,
    revoke_all,
)
from pushguard.store import models
from pushguard.store.responses import PENDING, claim_step, complete_step, record_step
from pushguard.workers.reread import SecretReader

ACTOR = "pushguard-worker"
VERIFY_TTL = dt.timedelta(hours=1)
"""A cached verification result is reused this long (one token in many repositories)."""

MAX_REVOKE_ATTEMPTS = 5
"""Retryable revoke failures (rate limits, 5xx) get a new attempt key up to this many times."""

CONCURRENCY = 8
"""Provider calls in flight at once per job: verification is network-bound."""


@dataclasses.dataclass
class Target:
    finding: models.Finding
    repository: models.Repository
    responder: Responder
    policy: str
    secret: Secret | None = None
    author: str | None = None
    verification: Verification | None = None
    outcome: str = "unknown"


@dataclasses.dataclass
class Pipeline:
    db: Any  # pushguard.store.db.Database
    config: Config
    registry: registry_mod.Registry
    notifier: notify_mod.Notifier
    reader: SecretReader
    # One message per scan. A lone finding (respond_to_finding) is its own incident, so that
    # a sibling's earlier message cannot swallow its notification.
    group_by_scan: bool = True
    summary: dict[str, int] = dataclasses.field(default_factory=dict)

    def count(self, what: str, n: int = 1) -> None:
        self.summary[what] = self.summary.get(what, 0) + n

    def run(self, finding_ids: Sequence[int]) -> dict[str, int]:
        targets = self._load(finding_ids)
        for t in targets:
            self._reread(t)
        self._verify([t for t in targets if t.secret is not None])
        self._revoke([t for t in targets if isinstance(t.verification, Live)])
        self._notify(targets)
        return self.summary

    # --- steps ---------------------------------------------------------------------------

    def _load(self, finding_ids: Sequence[int]) -> list[Target]:
        out: list[Target] = []
        with self.db.session() as s:
            for fid in finding_ids:
                f = s.get(models.Finding, fid)
                if f is None or f.status in ("false-positive", "resolved"):
                    continue
                repo = s.get(models.Repository, f.repository_id)
                responder = self.registry.for_rule(f.rule)
                if repo is None or responder is None:
                    continue
                policy = self.registry.policy(responder, repo.name)
                if policy != "off":
                    out.append(Target(f, repo, responder, policy))
        return out

    def _reread(self, t: Target) -> None:
        found = self.reader(t.finding, t.repository, t.responder)
        if found is None:
            t.outcome = "secret no longer readable at its commit"
            with self.db.session() as s:
                self._record(s, t, "verify", "unknown", t.outcome)
            return
        f = t.finding
        t.author = found.author_email
        t.secret = Secret(
            found.value,
            f.rule,
            f.fingerprint,
            f.redacted,
            found.related,
            {
                "repository": t.repository.name,
                "commit": f.commit,
                "path": f.path,
                "line": str(f.line),
            },
            found.context,
        )

    def _verify(self, targets: list[Target]) -> None:
        """Each distinct secret is checked once (cache first), concurrently across secrets."""
        results = self._cached({t.finding.fingerprint for t in targets})
        todo = {t.finding.fingerprint: t for t in targets if t.finding.fingerprint not in results}
        fresh = _parallel(lambda t: t.responder.verify(_secret(t)), list(todo.values()))
        results.update(zip(todo, fresh, strict=True))
        self.count("verified", len(todo))
        with self.db.session() as s:
            for fp, t in todo.items():
                result = results[fp]
                identity = result.identity[:255] if isinstance(result, Live) else None
                s.merge(
                    models.Verification(
                        fingerprint=fp,
                        rule=t.finding.rule,
                        result=result.kind,
                        identity=identity,
                        checked_at=models.utcnow(),
                    )
                )
            for t in targets:
                result = t.verification = results[t.finding.fingerprint]
                detail = getattr(result, "identity", "") or getattr(result, "reason", "")
                self._record(s, t, "verify", result.kind, detail)
                t.outcome = result.kind
                if isinstance(result, Unknown) and result.reason.startswith("not checked"):
                    # a provider we may not call: say so where people read the status
                    t.outcome = result.reason
                if isinstance(result, Live) and t.policy == "verify-only":
                    t.outcome = "live: revoke it by hand (verify-only)"

    def _revoke(self, live: list[Target]) -> None:
        leaders: dict[str, Target] = {}
        followers: list[tuple[Target, Target]] = []
        for t in live:
            if t.policy != "revoke":
                continue
            leader = leaders.setdefault(t.finding.fingerprint, t)
            if leader is not t:  # the same secret in another repository: revoked once
                followers.append((t, leader))
        if self.config.respond.dry_run:
            with self.db.session() as s:
                for t in leaders.values():
                    self._record(
                        s,
                        t,
                        "revoke",
                        "dry-run",
                        f"would revoke via {t.responder.name}",
                        key=f"dry-run:{t.finding.fingerprint}:{self._incident(t)}",
                    )
                    t.outcome = f"live: would revoke via {t.responder.name} (dry run)"
        else:
            claimed = self._claim_revokes(list(leaders.values()))
            by_responder: dict[str, list[tuple[Target, str, int]]] = {}
            for t, key, response_id in claimed:
                by_responder.setdefault(t.responder.name, []).append((t, key, response_id))
            for items in by_responder.values():
                responder = items[0][0].responder
                results = revoke_all(responder, [_secret(t) for t, _, _ in items])
                confirmed = _parallel(
                    lambda pair: confirm(pair[0].responder, _secret(pair[0]), pair[1]),
                    list(zip([t for t, _, _ in items], results, strict=True)),
                )
                self._finish_revokes(
                    [
                        (t, key, rid, result)
                        for (t, key, rid), result in zip(items, confirmed, strict=True)
                    ]
                )
        for t, leader in followers:
            t.outcome = leader.outcome

    def _claim_revokes(self, targets: list[Target]) -> list[tuple[Target, str, int]]:
        """Claim the next revoke attempt of each secret, committed BEFORE any provider call;
        settle the ones an earlier run already handled (or died while handling)."""
        claimed: list[tuple[Target, str, int]] = []
        interrupted: list[tuple[Target, str, int]] = []
        with self.db.session() as s:
            for t in targets:
                for attempt in range(1, MAX_REVOKE_ATTEMPTS + 1):
                    key = f"revoke:{t.finding.fingerprint}:{attempt}"
                    claim = claim_step(s, t.finding.id, "revoke", key=key)
                    if claim.claimed:
                        claimed.append((t, key, claim.response_id))
                    elif claim.outcome == "retry":
                        continue
                    elif claim.outcome == PENDING:
                        interrupted.append((t, key, claim.response_id))
                    else:
                        t.outcome = claim.outcome
                        if claim.outcome == "revoked":
                            self._set_revoked(s, t.finding.fingerprint)
                    break
                else:
                    t.outcome = "revocation failed repeatedly: revoke it by hand"
        if interrupted:
            # A previous run died between claiming and recording: it may or may not have
            # called the provider. Never call again; find out instead.
            after = _parallel(lambda item: item[0].responder.verify(_secret(item[0])), interrupted)
            self._finish_revokes(
                [
                    (
                        t,
                        key,
                        rid,
                        Revoked("confirmed after an interrupted attempt", confirmed=True)
                        if isinstance(v, Dead)
                        else Failed(
                            "an earlier attempt was interrupted; not repeated automatically"
                        ),
                    )
                    for (t, key, rid), v in zip(interrupted, after, strict=True)
                ]
            )
        return claimed

    def _finish_revokes(self, done: list[tuple[Target, str, int, Revocation]]) -> None:
        with self.db.session() as s:
            for t, key, response_id, result in done:
                if isinstance(result, Failed) and not result.sent:
                    # Nothing reached the provider: give the attempt back, so a rate limit
                    # defers the revocation instead of using up its attempts.
                    s.delete(s.get(models.Response, response_id))
                    self.count("retry")
                    t.outcome = "revocation deferred (rate limit), will retry"
                    continue
                if isinstance(result, Revoked):
                    outcome, detail = "revoked", result.detail
                elif isinstance(result, Unsupported):
                    outcome, detail = "unsupported", "manual revocation needed"
                else:
                    outcome = "retry" if result.retryable else "failed"
                    detail = result.reason
                complete_step(s, response_id, outcome, detail)
                if outcome == "revoked":
                    assert isinstance(result, Revoked)
                    record_step(
                        s,
                        t.finding.id,
                        "reverify",
                        "dead" if result.confirmed else "unknown",
                        "confirmed by re-verifying" if result.confirmed else result.detail,
                        key=key.replace("revoke:", "reverify:", 1),
                    )
                    self._set_revoked(s, t.finding.fingerprint)
                audit.append(
                    s,
                    actor=ACTOR,
                    action=f"respond.revoke.{outcome}",
                    subject=f"finding:{t.finding.id}",
                    details={
                        "provider": t.responder.name,
                        "rule": t.finding.rule,
                        "fingerprint": t.finding.fingerprint,
                        "detail": detail,
                    },
                )
                self.count(outcome)
                t.outcome = {"retry": "revocation failed, will retry", "unsupported": "live"}.get(
                    outcome, outcome
                )

    def _notify(self, targets: list[Target]) -> None:
        incidents: dict[str, list[Target]] = {}
        for t in targets:
            incidents.setdefault(self._incident(t), []).append(t)
        for key, group in incidents.items():
            first = group[0]
            with self.db.session() as s:
                claim = claim_step(s, first.finding.id, "notify", key=f"notify:{key}")
                pusher = self._pusher(s, first.finding.scan_id)
            if not claim.claimed:
                continue
            incident = notify_mod.Incident(
                key=key,
                repository=first.repository.name,
                items=tuple(_item(t) for t in group),
                pusher=pusher,
                authors=tuple(sorted({t.author for t in group if t.author})),
                owners=tuple(
                    sorted(
                        {
                            v.owner_email
                            for t in group
                            if isinstance(v := t.verification, Live) and v.owner_email
                        }
                    )
                ),
            )
            sent = self.notifier.send(incident)
            ok = all(x.ok for x in sent)
            detail = "; ".join(f"{x.channel}: {x.detail}" for x in sent) or "no channel configured"
            with self.db.session() as s:
                complete_step(s, claim.response_id, "sent" if ok else "failed", detail)
                audit.append(
                    s,
                    actor=ACTOR,
                    action="respond.notify",
                    subject=f"incident:{key}",
                    details={"findings": [t.finding.id for t in group], "detail": detail},
                )
            self.count("notified")

    # --- helpers -------------------------------------------------------------------------

    def _incident(self, t: Target) -> str:
        f = t.finding
        if self.group_by_scan and f.scan_id is not None:
            return f"scan:{f.scan_id}"
        return f"finding:{f.id}"

    def _record(
        self, s: Session, t: Target, step: str, outcome: str, detail: str, key: str | None = None
    ) -> None:
        claim = record_step(
            s,
            t.finding.id,
            step,
            outcome,
            detail[:500],
            key=key or f"{step}:{t.finding.id}:{self._incident(t)}",
        )
        if claim.claimed:
            audit.append(
                s,
                actor=ACTOR,
                action=f"respond.{step}",
                subject=f"finding:{t.finding.id}",
                details={
                    "provider": t.responder.name,
                    "outcome": outcome,
                    "fingerprint": t.finding.fingerprint,
                },
            )

    def _cached(self, fingerprints: set[str]) -> dict[str, Verification]:
        fresh_since = models.utcnow() - VERIFY_TTL
        out: dict[str, Verification] = {}
        with self.db.session() as s:
            rows = s.scalars(
                select(models.Verification).where(
                    models.Verification.fingerprint.in_(fingerprints),
                    models.Verification.checked_at >= fresh_since,
                )
            )
            for row in rows:
                if row.result == "live":
                    out[row.fingerprint] = Live(row.identity or "")
                elif row.result == "dead":
                    out[row.fingerprint] = Dead("cached")
        return out

    @staticmethod
    def _set_revoked(s: Session, fp: str) -> None:
        s.execute(
            update(models.Finding)
            .where(models.Finding.fingerprint == fp, models.Finding.status == "open")
            .values(status="revoked")
        )
        s.merge(
            models.Verification(
                fingerprint=fp, result="dead", identity=None, checked_at=models.utcnow()
            )
        )

    @staticmethod
    def _pusher(s: Session, scan_id: int | None) -> str | None:
        if scan_id is None:
            return None
        pusher = s.scalar(
            select(models.Delivery.pusher)
            .join(models.Scan, models.Scan.delivery_id == models.Delivery.id)
            .where(models.Scan.id == scan_id)
        )
        return pusher if pusher and "@" in pusher else None


def _secret(t: Target) -> Secret:
    assert t.secret is not None
    return t.secret


def _parallel(fn: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
    """``map`` over provider calls, a few at a time: they are network-bound."""
    if len(items) <= 1:
        return [fn(x) for x in items]
    with ThreadPoolExecutor(max_workers=min(CONCURRENCY, len(items))) as pool:
        return list(pool.map(fn, items))


def _item(t: Target) -> notify_mod.Item:
    f = t.finding
    v = t.verification
    return notify_mod.Item(
        rule=f.rule,
        redacted=f.redacted,
        fingerprint=f.fingerprint,
        commit=f.commit,
        path=f.path,
        line=f.line,
        outcome=t.outcome,
        identity=v.identity if isinstance(v, Live) else "",
        manual_steps=t.responder.manual_steps,
    )


# --- re-reading secrets from the mirror ------------------------------------------------------
