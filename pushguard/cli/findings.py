"""`pushguard findings [filters]`: what rescans stored; `findings resolve|false-positive|reopen
ID... --reason TEXT`: triage (``pushguard.triage``), audited."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import click

from pushguard import config as config_mod
from pushguard.cli.options import config_option, pick_config
from pushguard.errors import ExitCode, UsageError
from pushguard.store.models import FINDING_STATUSES, PLATFORMS


@click.group("findings", invoke_without_command=True)
@click.option("--repo", help="Only this repository (name or id).")
@click.option("--platform", type=click.Choice(PLATFORMS), help="When --repo is ambiguous.")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(FINDING_STATUSES),
    help="Only this status (repeatable).",
)
@click.option("--rule", "rules", multiple=True, help="Only this rule id (repeatable).")
@click.option("--provider", help="Only rules of this provider (huggingface, github, aws, ...).")
@click.option("--newer-than", metavar="AGE", help="First seen within AGE (7d) or since a date.")
@click.option("--older-than", metavar="AGE", help="First seen more than AGE ago, or before a date.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@config_option
@click.pass_context
def findings(
    ctx: click.Context,
    repo: str | None,
    platform: str | None,
    statuses: tuple[str, ...],
    rules: tuple[str, ...],
    provider: str | None,
    newer_than: str | None,
    older_than: str | None,
    fmt: str,
    config_file: str | None,
) -> int:
    """List stored findings: redacted previews and keyed fingerprints, never secrets."""
    ctx.obj = config_file
    if ctx.invoked_subcommand is not None:
        return ExitCode.OK
    from sqlalchemy import select

    from pushguard import finding_filters, timespec
    from pushguard.store.db import open_database
    from pushguard.store.findings import query_findings
    from pushguard.store.models import Repository
    from pushguard.workers.repositories import find_repository

    now = dt.datetime.now(dt.UTC)
    since = timespec.ago(newer_than, "--newer-than", now) if newer_than else None
    before = timespec.ago(older_than, "--older-than", now) if older_than else None
    config = config_mod.load(pick_config(ctx, config_file))
    with open_database(config.database_url) as db, db.session() as s:
        repo_id = None
        if repo is not None:
            found = find_repository(s, platform, repo)
            if found is None:
                raise UsageError(f"no repository {repo!r}; see `pushguard repos list`")
            repo_id = found.id
        finding_filters.check(s, config, rules, provider)
        names = {r.id: f"{r.platform}/{r.name}" for r in s.scalars(select(Repository))}
        stmt = query_findings(
            repository_id=repo_id,
            status=statuses or None,
            rules=list(rules) or None,
            provider=provider,
            seen_since=since,
            seen_before=before,
        )
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
            for f in s.scalars(stmt)
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


def _triage_command(action: str, summary: str) -> click.Command:
    @click.argument("ids", nargs=-1, type=int, required=True, metavar="ID...")
    @click.option("--reason", required=True, help="Why (kept in the audit log).")
    @config_option
    @click.pass_context
    def command(
        ctx: click.Context,
        ids: tuple[int, ...],
        reason: str,
        config_file: str | None,
        expires: str | None = None,
    ) -> int:
        from pushguard import timespec
        from pushguard.audit import cli_actor
        from pushguard.store.db import open_database
        from pushguard.triage import apply

        config = config_mod.load(pick_config(ctx, config_file))
        until = None
        if expires is not None:
            until = timespec.until(expires, "--expires", dt.datetime.now(dt.UTC).date())
        with open_database(config.database_url) as db:
            result = apply(db, config.allowlist_file, ids, action, reason, cli_actor(), until)
        for t in result:
            if not t.changed:
                click.echo(f"finding {t.id}: already {t.after}")
            else:
                click.echo(f"finding {t.id}: {t.before} -> {t.after}")
        if action == "false-positive":
            when = f"until {until.isoformat()}" if until else "with no expiry"
            click.echo(
                f"allowlisted {when}: the hook and rescans no longer report these "
                "fingerprints; `pushguard findings reopen ID --reason ...` undoes it"
            )
        return ExitCode.OK

    decorated: Callable[..., Any] = command
    if action == "false-positive":
        decorated = click.option(
            "--expires",
            metavar="WHEN",
            help="Last day the allowlist entry applies: a date (2027-01-31) or 90d.",
        )(decorated)
    return click.command(action, help=summary)(decorated)


findings.add_command(
    _triage_command("resolve", "Mark findings resolved (the secret was dealt with).")
)
findings.add_command(
    _triage_command(
        "false-positive",
        "Mark findings false positives: their fingerprints are allowlisted for the hook "
        "and rescans.",
    )
)
findings.add_command(
    _triage_command("reopen", "Reopen findings; a false positive's allowlist entry is removed.")
)
