"""The findings table: filters and sort keys from the query string, one page of rows.

Filters are whitelisted values, never raw SQL; bad values are dropped with a note rather than
failing the page. A page is ``PAGE_SIZE`` rows by ``LIMIT/OFFSET`` over an indexed order with
``id`` as tie-breaker, plus one ``COUNT``: 10,000 findings stay well under the 300 ms budget
(``bench/console_pages.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Final, NamedTuple

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from pushguard.store.models import Finding, Repository, utcnow

PAGE_SIZE: Final = 50
MAX_PAGE: Final = 100_000
SORTS: Final = {
    "age": Finding.first_seen,
    "seen": Finding.last_seen,
    "repo": Repository.name,
    "blocking": Finding.blocking,
    "rule": Finding.rule,
    "status": Finding.status,
    "path": Finding.path,
    "id": Finding.id,
}
AGES: Final = {"1d": dt.timedelta(days=1), "7d": dt.timedelta(days=7), "30d": dt.timedelta(days=30)}
"""``age=`` filter: findings first seen within this long."""


def provider_of(rule: str) -> str:
    """Rules are named ``<provider>-<kind>`` (``github-token``, ``aws-secret-key``)."""
    return rule.split("-", 1)[0]


class Filters(NamedTuple):
    status: str | None = None
    repo: int | None = None
    provider: str | None = None
    rule: str | None = None
    blocking: bool | None = None
    age: str | None = None
    sort: str = "age"
    descending: bool = True
    page: int = 1

    def query(self, **changes: Any) -> dict[str, str]:
        """The query string of these filters with ``changes`` (for links that keep them)."""
        merged = self._replace(**changes)
        out: dict[str, str] = {}
        for name in ("status", "repo", "provider", "rule", "age"):
            value = getattr(merged, name)
            if value is not None:
                out[name] = str(value)
        if merged.blocking is not None:
            out["blocking"] = "yes" if merged.blocking else "no"
        out["sort"] = merged.sort
        out["dir"] = "desc" if merged.descending else "asc"
        if merged.page > 1:
            out["page"] = str(merged.page)
        return out


def parse(args: Mapping[str, str]) -> Filters:
    def text(name: str) -> str | None:
        value = (args.get(name) or "").strip()
        return value[:200] or None

    repo = text("repo")
    page = text("page")
    blocking = {"yes": True, "no": False}.get(args.get("blocking", ""))
    sort = args.get("sort", "age")
    return Filters(
        status=text("status"),
        repo=int(repo) if repo and repo.isdigit() else None,
        provider=text("provider"),
        rule=text("rule"),
        blocking=blocking,
        age=args.get("age") if args.get("age") in AGES else None,
        sort=sort if sort in SORTS else "age",
        descending=args.get("dir", "desc") != "asc",
        page=min(int(page), MAX_PAGE) if page and page.isdigit() and int(page) > 0 else 1,
    )


def _where(f: Filters, now: dt.datetime) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if f.status:
        clauses.append(Finding.status == f.status)
    if f.repo is not None:
        clauses.append(Finding.repository_id == f.repo)
    if f.provider:
        # escape LIKE's wildcards: a provider name is data, not a pattern
        escaped = f.provider.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append(
            (Finding.rule == f.provider) | Finding.rule.like(escaped + "-%", escape="\\")
        )
    if f.rule:
        clauses.append(Finding.rule == f.rule)
    if f.blocking is not None:
        clauses.append(Finding.blocking.is_(f.blocking))
    if f.age:
        clauses.append(Finding.first_seen >= now - AGES[f.age])
    return clauses


class Page(NamedTuple):
    rows: list[Finding]
    total: int
    pages: int
    repos: dict[int, Repository]
    rules: list[str]
    providers: list[str]


def page_of(s: Session, f: Filters, *, now: dt.datetime | None = None) -> Page:
    clauses = _where(f, now or utcnow())
    total = s.scalar(select(func.count()).select_from(Finding).where(*clauses)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    column = SORTS[f.sort]
    stmt: Select[Any] = (
        select(Finding)
        .join(Repository, Repository.id == Finding.repository_id)
        .where(*clauses)
        .order_by(
            column.desc() if f.descending else column.asc(),
            Finding.id.desc() if f.descending else Finding.id.asc(),
        )
        .offset((min(f.page, pages) - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    )
    rows = list(s.scalars(stmt))
    repos = {r.id: r for r in s.scalars(select(Repository).order_by(Repository.name))}
    rules = list(s.scalars(select(Finding.rule).distinct().order_by(Finding.rule)))
    providers = sorted({provider_of(r) for r in rules})
    return Page(rows, total, pages, repos, rules, providers)
