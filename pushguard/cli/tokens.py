"""`pushguard tokens create|list|revoke`: scoped, expiring API tokens."""

from __future__ import annotations

import json

import click

from pushguard import config as config_mod
from pushguard.cli.options import config_group
from pushguard.errors import ExitCode, UsageError
from pushguard.tokens import SCOPES


@config_group("tokens")
def tokens() -> None:
    """Create, list and revoke API tokens for the admin API."""


@tokens.command("create")
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    required=True,
    type=click.Choice(SCOPES),
    help="What the token may do (repeat for several).",
)
@click.option(
    "--expires",
    required=True,
    metavar="DURATION",
    help="Lifetime, e.g. 30d, 12h, 2w, 1y (at most 366d).",
)
@click.option("--name", default="", help="What the token is for (shown in `tokens list`).")
@click.pass_obj
def create(config: config_mod.Config, scopes: tuple[str, ...], expires: str, name: str) -> int:
    """Create a token and print it once: it is stored only as a keyed hash."""
    from pushguard import audit
    from pushguard.store.db import open_database
    from pushguard.tokens import create_token, load_token_key, parse_lifetime

    lifetime = parse_lifetime(expires)
    key = load_token_key(config.token_key_file, create=True)
    actor = audit.cli_actor()
    with open_database(config.database_url) as db, db.session() as session:
        raw, info = create_token(
            session, key, name=name or "unnamed", scopes=scopes, lifetime=lifetime, created_by=actor
        )
        audit.append(
            session,
            actor=actor,
            action="token.create",
            subject=f"token:{info.id}",
            details={
                "name": info.name,
                "scopes": list(info.scopes),
                "expires_at": info.expires_at,
                "hint": info.hint,
            },
        )
    click.echo(raw)
    click.echo(
        f"token {info.id} ({', '.join(info.scopes)}) expires "
        f"{info.expires_at:%Y-%m-%d %H:%M} UTC. Copy it now: it is not shown again.",
        err=True,
    )
    return ExitCode.OK


@tokens.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_obj
def list_(config: config_mod.Config, fmt: str) -> int:
    """List tokens (never their values)."""
    from pushguard.store.db import open_database
    from pushguard.tokens import list_tokens

    with open_database(config.database_url) as db, db.session() as session:
        infos = list_tokens(session)
    if fmt == "json":
        click.echo(json.dumps({"tokens": [i.to_json() for i in infos]}, indent=2))
        return ExitCode.OK
    for i in infos:
        used = f"{i.last_used_at:%Y-%m-%d %H:%M}" if i.last_used_at else "never"
        click.echo(
            f"{i.id:>4}  {i.hint:<10} {i.state():<8} expires {i.expires_at:%Y-%m-%d}  "
            f"used {used:<16}  {' '.join(i.scopes)}  {i.name}"
        )
    if not infos:
        click.echo("no tokens; create one with `pushguard tokens create --scope ... --expires 30d`")
    return ExitCode.OK


@tokens.command("revoke")
@click.argument("token_id", type=int)
@click.pass_obj
def revoke(config: config_mod.Config, token_id: int) -> int:
    """Revoke token TOKEN_ID (see `tokens list`); takes effect on its next use."""
    from pushguard import audit
    from pushguard.store.db import open_database
    from pushguard.tokens import revoke_token

    with open_database(config.database_url) as db, db.session() as session:
        if not revoke_token(session, token_id):
            raise UsageError(f"no token {token_id}; see `pushguard tokens list`")
        audit.append(
            session, actor=audit.cli_actor(), action="token.revoke", subject=f"token:{token_id}"
        )
    click.echo(f"token {token_id} revoked")
    return ExitCode.OK
