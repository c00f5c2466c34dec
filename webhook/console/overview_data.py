"""The overview's numbers: open findings, leaks over time, the response funnel, repositories'
webhook health and queue depth. Every number is read from the store or Redis per request
(never this process's memory), so every gunicorn worker shows the same."""

from __future__ import annotations

import datetime as dt
import json
import logging
import statistics
from collections import Counter
from typing import Final, NamedTuple

import redis
from rq.registry import FailedJobRegistry, StartedJobRegistry
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pushguard.store.models import AuditEvent, Delivery, Finding, Repository, Scan, utcnow
from pushguard.store.models import Response as Step
from pushguard.webhook.console.finding_list import provider_of
from pushguard.workers import metrics
from pushguard.workers.queue import QUEUE_NAMES, queues

log = logging.getLogger(__name__)
PERIODS: Final = {"day": (dt.timedelta(days=1), 30), "week": (dt.timedelta(weeks=1), 26)}
"""Leaks-over-time buckets: 30 days, or 26 weeks."""
FAILURE_WINDOW: Final = dt.timedelta(days=7)


class Bucket(NamedTuple):
    start: dt.date
    found: int  # findings first seen (after the fact: webhook and admin rescans)
    blocked: int  # pushes the hook rejected


class Funnel(NamedTuple):
    found: int
    live: int
    revoked: int
    notified: int
    median_to_revoke: dt.timedelta | None


class RepoHealth(NamedTuple):
    repo: Repository
    last_delivery: dt.datetime | None
    deliveries: int
    failed_scans: int  # in the last FAILURE_WINDOW
    last_scan: Scan | None


REFUSED: Final = frozenset({"unauthorized", "malformed", "too_large", "unknown_repository"})
"""Delivery outcomes that mean a webhook is misconfigured (wrong secret, URL or payload)."""


class Deliveries(NamedTuple):
    platform: str
    ok: int  # stored, enqueued, duplicates, pings, ignored events
    refused: int  # REFUSED outcomes
    unavailable: int  # the service could not take it (database down): the platform retries
    outcomes: dict[str, int]


class QueueDepth(NamedTuple):
    name: str
    queued: int
    started: int
    failed: int


def open_counts(s: Session) -> tuple[Counter[str], Counter[str]]:
    """Open findings by severity (blocking/warning) and by provider."""
    severity: Counter[str] = Counter()
    provider: Counter[str] = Counter()
    rows = s.execute(
        select(Finding.rule, Finding.blocking, func.count())
        .where(Finding.status == "open")
        .group_by(Finding.rule, Finding.blocking)
    )
    for rule, blocking, n in rows:
        severity["blocking" if blocking else "warning"] += n
        provider[provider_of(rule)] += n
    return severity, provider


def timeline(s: Session, period: str, *, now: dt.datetime | None = None) -> list[Bucket]:
    step, count = PERIODS.get(period, PERIODS["day"])
    today = (now or utcnow()).date()
    if step == PERIODS["week"][0]:
        today -= dt.timedelta(days=today.weekday())  # weeks start on Monday
    starts = [today - step * i for i in reversed(range(count))]
    since = dt.datetime.combine(starts[0], dt.time(), dt.UTC)

    def bucket(at: dt.datetime) -> int:
        return min(count - 1, (at.date() - starts[0]) // step)

    found: Counter[int] = Counter(
        bucket(at)
        for at in s.scalars(select(Finding.first_seen).where(Finding.first_seen >= since))
    )
    blocked: Counter[int] = Counter(
        bucket(at)
        for at in s.scalars(
            select(AuditEvent.created_at).where(
                AuditEvent.action == "hook.blocked", AuditEvent.created_at >= since
            )
        )
    )
    return [Bucket(start, found[i], blocked[i]) for i, start in enumerate(starts)]


def funnel(s: Session) -> Funnel:
    found = s.scalar(select(func.count()).select_from(Finding)) or 0

    def finding_ids(step: str, outcome: str) -> set[int]:
        stmt = select(Step.finding_id).where(Step.step == step, Step.outcome == outcome)
        return set(s.scalars(stmt))

    live = finding_ids("verify", "live")
    notified_first = finding_ids("notify", "sent")
    # one notification covers an incident: its audit event lists every finding in it
    notified: set[int] = set()
    for details in s.scalars(
        select(AuditEvent.details).where(AuditEvent.action == "respond.notify")
    ):
        ids = [i for i in json.loads(details).get("findings", []) if isinstance(i, int)]
        if ids and ids[0] in notified_first:
            notified.update(ids)
    revoked_rows = s.execute(
        select(Step.finding_id, Step.created_at, Finding.first_seen)
        .join(Finding, Finding.id == Step.finding_id)
        .where(Step.step == "revoke", Step.outcome == "revoked")
    ).all()
    durations = [max(dt.timedelta(0), at - first) for _, at, first in revoked_rows]
    return Funnel(
        found=found,
        live=len(live),
        revoked=len({row[0] for row in revoked_rows}),
        notified=len(notified | notified_first),
        median_to_revoke=(
            dt.timedelta(seconds=statistics.median(d.total_seconds() for d in durations))
            if durations
            else None
        ),
    )


def repo_health(s: Session, *, now: dt.datetime | None = None) -> list[RepoHealth]:
    since = (now or utcnow()) - FAILURE_WINDOW
    deliveries = {
        repo_id: (last, n)
        for repo_id, last, n in s.execute(
            select(Delivery.repository_id, func.max(Delivery.received_at), func.count()).group_by(
                Delivery.repository_id
            )
        )
    }
    failed = dict(
        s.execute(
            select(Scan.repository_id, func.count())
            .where(Scan.status == "failed", Scan.queued_at >= since)
            .group_by(Scan.repository_id)
        ).all()
    )
    latest_ids = select(func.max(Scan.id)).group_by(Scan.repository_id)
    last_scans = {
        x.repository_id: x for x in s.scalars(select(Scan).where(Scan.id.in_(latest_ids)))
    }
    out = []
    for repo in s.scalars(select(Repository).order_by(Repository.platform, Repository.name)):
        last, n = deliveries.get(repo.id, (None, 0))
        out.append(RepoHealth(repo, last, n, failed.get(repo.id, 0), last_scans.get(repo.id)))
    return out


def deliveries(conn: redis.Redis | None) -> list[Deliveries] | None:
    """Webhook deliveries per platform since the counters began (Redis, as ``/metrics``)."""
    if conn is None:
        return None
    try:
        counts = metrics.snapshot(conn)["deliveries"]
    except redis.exceptions.RedisError:
        log.warning("console: Redis unavailable for delivery counts")
        return None
    by_platform: dict[str, dict[str, int]] = {}
    for key, value in counts.items():
        platform, _, outcome = key.partition("|")
        by_platform.setdefault(platform, {})[outcome] = int(value)
    out = []
    for platform, outcomes in sorted(by_platform.items()):
        refused = sum(n for o, n in outcomes.items() if o in REFUSED)
        unavailable = outcomes.get("unavailable", 0)
        ok = sum(outcomes.values()) - refused - unavailable
        out.append(Deliveries(platform, ok, refused, unavailable, outcomes))
    return out


def queue_depth(conn: redis.Redis | None) -> list[QueueDepth] | None:
    """Jobs per queue, or None when Redis does not answer (the page says so)."""
    if conn is None:
        return None
    try:
        return [
            QueueDepth(
                name,
                queue.count,
                StartedJobRegistry(queue=queue).count,
                FailedJobRegistry(queue=queue).count,
            )
            for name, queue in zip(QUEUE_NAMES, queues(conn), strict=True)
        ]
    except redis.exceptions.RedisError:
        log.warning("console: Redis unavailable for queue depth")
        return None
