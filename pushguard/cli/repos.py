"""`pushguard repos add|list|remove`: the repositories webhooks are accepted for."""

from __future__ import annotations

import json
import os
from urllib.parse import quote

import click

from pushguard import config as config_mod
from pushguard.cli.options import config_group
from pushguard.errors import ExitCode, UsageError
from pushguard.store.models import PLATFORMS


@config_group("repos")
def repos() -> None:
    """Register repositories, their webhook secrets and clone credentials."""


def _from_env(var: str | None, what: str) -> str | None:
    # secrets come from the environment, never argv (visible in `ps` and shell history)
    if var is None:
        return None
    value = os.environ.get(var, "")
    if not value:
        raise UsageError(f"{what}: environment variable {var} is empty or unset")
    return value


@repos.command("add")
@click.argument("platform", type=click.Choice(PLATFORMS))
@click.argument("name")
@click.argument("clone_url")
@click.option(
    "--webhook-secret-env",
    metavar="VAR",
    help="Take the webhook secret from this environment variable "
    "(default: generate one and show it once).",
)
@click.option(
    "--clone-token-env",
    metavar="VAR",
    help="Environment variable holding a token to clone a private repository.",
)
@click.option(
    "--clone-user",
    default="x-access-token",
    show_default=True,
    help="User name sent with the clone token (GitLab: oauth2).",
)
@click.option(
    "--no-check", is_flag=True, help="Do not check that CLONE_URL answers (git ls-remote)."
)
@click.pass_obj
def add(
    config: config_mod.Config,
    platform: str,
    name: str,
    clone_url: str,
    webhook_secret_env: str | None,
    clone_token_env: str | None,
    clone_user: str,
    no_check: bool,
) -> int:
    """Register NAME (as the platform spells it, e.g. owner/repo) cloned from CLONE_URL.

    CLONE_URL: https://host/owner/repo.git, ssh://git@host/owner/repo.git or
    git@host:owner/repo.git (the worker's SSH keys), file:///srv/git/repo.git or a local
    path. PLATFORM `local` is a repository no platform sends webhooks for: it is rescanned
    on demand (`pushguard rescan`).
    """
    from pushguard import audit
    from pushguard.crypto.factory import load_provider
    from pushguard.service_url import base_url
    from pushguard.store.db import open_database
    from pushguard.workers.mirror import Credential, check_reachable
    from pushguard.workers.repositories import add_repository

    secret = _from_env(webhook_secret_env, "--webhook-secret-env")
    token = _from_env(clone_token_env, "--clone-token-env")
    if not no_check:  # a typo in the URL fails here, not minutes later in a worker
        try:
            check_reachable(clone_url, Credential(clone_user, token) if token else None)
        except UsageError as exc:
            raise UsageError(f"{exc}; fix the URL or credentials, or pass --no-check") from None
    keys = load_provider(config)
    actor = audit.cli_actor()
    with open_database(config.database_url) as db, db.session() as s:
        registered = add_repository(
            s,
            keys,
            platform,
            name,
            clone_url,
            webhook_secret=secret,
            clone_credential=f"{clone_user}:{token}" if token else None,
        )
        audit.append(
            s,
            actor=actor,
            action="repo.add",
            subject=f"repo:{platform}/{name}",
            details={"id": registered.id, "clone_url": clone_url, "clone_credential": bool(token)},
        )
    click.echo(f"registered {platform} repository {name} (id {registered.id})")
    if platform != "local":  # no platform sends webhooks for these: rescanned on demand
        base = base_url(config)
        # the per-repository URL: the service picks the secret from it and verifies the
        # signature before it parses the body
        url = f"{base}/webhooks/{platform}/{quote(name, safe='/')}"
        click.echo(f"webhook URL: {url}  (content type application/json, push events)")
    if registered.secret is not None:
        click.echo(f"webhook secret: {registered.secret}")
        click.echo(
            "Copy the secret into the platform's webhook settings now: it is stored "
            "sealed and not shown again.",
            err=True,
        )
    return ExitCode.OK


@repos.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_obj
def list_(config: config_mod.Config, fmt: str) -> int:
    """List registered repositories (never their secrets)."""
    from pushguard.store.db import open_database
    from pushguard.workers.repositories import list_repositories

    with open_database(config.database_url) as db, db.session() as s:
        rows = [
            {
                "id": r.id,
                "platform": r.platform,
                "name": r.name,
                "clone_url": r.clone_url,
                "clone_credential": r.clone_credential_id is not None,
                "created_at": r.created_at.isoformat(),
            }
            for r in list_repositories(s)
        ]
    if fmt == "json":
        click.echo(json.dumps({"repositories": rows}, indent=2))
        return ExitCode.OK
    for row in rows:
        private = "  (with clone credential)" if row["clone_credential"] else ""
        click.echo(
            f"{row['id']:>4}  {row['platform']:<7} {row['name']:<40} {row['clone_url']}{private}"
        )
    if not rows:
        click.echo("no repositories; add one with `pushguard repos add github OWNER/NAME URL`")
    return ExitCode.OK


@repos.command("remove")
@click.argument("name")
@click.option("--platform", type=click.Choice(PLATFORMS), help="When NAME is ambiguous.")
@click.pass_obj
def remove(config: config_mod.Config, name: str, platform: str | None) -> int:
    """Forget repository NAME (or id), its secrets, scans and findings."""
    from sqlalchemy import func, select

    from pushguard import audit
    from pushguard.store.db import open_database
    from pushguard.store.models import AllowlistEntry, Finding
    from pushguard.triage import publish
    from pushguard.workers.mirror import mirror_path, retire_mirror
    from pushguard.workers.repositories import find_repository, remove_repository

    actor = audit.cli_actor()
    with open_database(config.database_url) as db:
        with db.session() as s:
            repo = find_repository(s, platform, name)
            if repo is None:
                raise UsageError(f"no repository {name!r}; see `pushguard repos list`")
            subject, repo_id = f"repo:{repo.platform}/{repo.name}", repo.id
            triaged = s.scalar(
                select(func.count())
                .select_from(AllowlistEntry)
                .join(Finding, Finding.id == AllowlistEntry.finding_id)
                .where(Finding.repository_id == repo.id)
            )
            remove_repository(s, repo)  # its findings and their allowlist entries go too
            mirror = mirror_path(config.home, repo_id)
            audit.append(
                s,
                actor=actor,
                action="repo.remove",
                subject=subject,
                details={"mirror": str(mirror)} if mirror.exists() else None,
            )
        if triaged:
            with db.session() as s:
                publish(s, config.allowlist_file)  # the hook stops honouring them now
    # after the commit: the mirror holds the repository's objects, secrets included
    retire_mirror(config.home, repo_id)
    click.echo(f"removed {subject[5:]}")
    return ExitCode.OK
