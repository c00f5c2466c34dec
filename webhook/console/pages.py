"""Overview, findings table and finding page (with its triage form)."""

from __future__ import annotations

from typing import Final

from flask import abort, render_template, request
from sqlalchemy import select

from pushguard.store.models import FINDING_STATUSES, Finding, Repository
from pushguard.store.models import Response as Step
from pushguard.webhook.console import charts, finding_list, incident, overview_data
from pushguard.webhook.console.auth import requires
from pushguard.webhook.console.blueprint import bp, db, redis_conn, viewer

READ: Final = "findings:read"
TRIAGE: Final = "findings:write"
"""The scope that lets a viewer resolve, mark false positive or reopen (pushguard.triage)."""


@bp.get("/")
@requires(READ)
def overview() -> str:
    period = request.args.get("period", "day")
    period = period if period in overview_data.PERIODS else "day"
    with db().session() as s:
        severity, providers = overview_data.open_counts(s)
        buckets = overview_data.timeline(s, period)
        funnel = overview_data.funnel(s)
        health = overview_data.repo_health(s)
    fmt = "%b %d" if period == "day" else "w/c %b %d"
    leaks = charts.grouped_columns(
        [b.start.strftime(fmt) for b in buckets],
        [[b.found for b in buckets], [b.blocked for b in buckets]],
        every=5 if period == "day" else 4,
    )
    funnel_chart = charts.horizontal(
        [
            ("found", funnel.found),
            ("live", funnel.live),
            ("revoked", funnel.revoked),
            ("owner notified", funnel.notified),
        ]
    )
    by_provider = charts.horizontal(providers.most_common(10))
    return render_template(
        "overview.html",
        severity=severity,
        providers=providers,
        by_provider=by_provider,
        period=period,
        buckets=buckets,
        leaks=leaks,
        funnel=funnel,
        funnel_chart=funnel_chart,
        health=health,
        queues=overview_data.queue_depth(redis_conn()),
        deliveries=overview_data.deliveries(redis_conn()),
    )


@bp.get("/findings")
@requires(READ)
def findings() -> str:
    filters = finding_list.parse(request.args)
    with db().session() as s:
        page = finding_list.page_of(s, filters)
    return render_template(
        "findings.html",
        f=filters,
        page=page,
        statuses=FINDING_STATUSES,
        sorts=finding_list.SORTS,
        ages=finding_list.AGES,
        provider_of=finding_list.provider_of,
    )


NOTICES: Final = {
    "changed": "Finding {id} is now {status}.",
    "unchanged": "Finding {id} was already {status}; nothing changed.",
}


@bp.get("/findings/<int:finding_id>")
@requires(READ)
def finding(finding_id: int) -> str:
    notice = NOTICES.get(request.args.get("done", ""))
    status = request.args.get("status", "")
    ok = notice is not None and status in FINDING_STATUSES  # never echo arbitrary text
    text = notice.format(id=finding_id, status=status) if notice and ok else None
    return finding_page(finding_id, notice=text)


def finding_page(finding_id: int, *, notice: str | None = None, error: str | None = None) -> str:
    with db().session() as s:
        row = s.get(Finding, finding_id)
        if row is None:
            abort(404, f"no finding {finding_id}")
        repo = s.get(Repository, row.repository_id)
        assert repo is not None  # findings cascade with their repository
        events = incident.events_for(s, row, repo)
        steps = list(s.scalars(select(Step).where(Step.finding_id == row.id).order_by(Step.id)))
    who = viewer()
    return render_template(
        "finding.html",
        finding=row,
        repo=repo,
        events=events,
        steps=steps,
        provider=finding_list.provider_of(row.rule),
        commit_url=incident.commit_url(repo, row.commit),
        file_url=incident.file_url(repo, row.commit, row.path, row.line),
        can_triage=who is not None and who.can(TRIAGE),
        triage_scope=TRIAGE,
        notice=notice,
        error=error,
    )
