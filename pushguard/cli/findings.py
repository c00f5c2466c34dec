"""`pushguard findings [--repo R] [--status S] [--provider P] [--format text|json]`: what
rescans stored."""

from __future__ import annotations

import json
from typing import Any

import click

from pushguard import config as config_mod
from pushguard.cli.options import config_option
from pushguard.errors import ExitCode, UsageError
from pushguard.store.models import FINDING_STATUSES, PLATFORMS


@click.command("findings")
@click.option("--repo", help="Only this repository (name or id).")
@click.option("--platform", type=click.Choice(PLATFORMS), help="When --repo is ambiguous.")
@click.option("--status", help=f"Only this status ({', '.join(FINDING_STATUSES)}, ...).")
@click.option("--provider", help="Only this provider's credentials (github, groq, ...).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@config_option
def findings(
    repo: str | None,
    platform: str | None,
    status: str | None,
    provider: str | None,
    fmt: str,
    config_file: str | None,
) -> int:
    """List stored findings: redacted previews and keyed fingerprints, never secrets."""
    from sqlalchemy import select

    from pushguard.store.db import open_database
    from pushguard.store.findings import query_findings
    from pushguard.store.models import Repository
    from pushguard.workers.repositories import find_repository

    config = config_mod.load(config_file)
    with open_database(config.database_url) as db, db.session() as s:
        repo_id = None
        if repo is not None:
            found = find_repository(s, platform, repo)
            if found is None:
                raise UsageError(f"no repository {repo!r}; see `pushguard repos list`")
            repo_id = found.id
        names = {r.id: f"{r.platform}/{r.name}" for r in s.scalars(select(Repository))}
        rows: list[dict[str, Any]] = [
            {
                "id": f.id,
                "repo": names.get(f.repository_id, str(f.repository_id)),
                "commit": f.commit,
                "path": f.path,
                "line": f.line,
                "rule": f.rule,
                "provider": f.provider,
                "confidence": f.confidence,
                "blocking": f.blocking,
                "fingerprint": f.fingerprint,
                "redacted": f.redacted,
                "status": f.status,
                "first_seen": f.first_seen.isoformat(),
                "last_seen": f.last_seen.isoformat(),
            }
            for f in s.scalars(
                query_findings(repository_id=repo_id, status=status, provider=provider)
            )
        ]
    if fmt == "json":
        click.echo(json.dumps({"findings": rows}, indent=2))
        return ExitCode.OK
    for r in rows:
        level = "BLOCK" if r["blocking"] else "warn "
        click.echo(
            f"{r['id']:>5} {level} {r['status']:<14} {r['repo']} {r['commit'][:12]} "
            f"{r['path']}:{r['line']} {r['rule']} {r['redacted']}"
        )
    if not rows:
        click.echo("no findings")
    return ExitCode.OK
