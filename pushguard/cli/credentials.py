"""`pushguard credentials set|list|remove`: named sealed credentials the config refers to
(e.g. ``[respond] smtp_password_credential = "smtp-password"``)."""

from __future__ import annotations

import sys

import click

from pushguard import config as config_mod
from pushguard.cli.options import config_group
from pushguard.errors import ExitCode, UsageError


@config_group("credentials")
def credentials() -> None:
    """Store provider admin tokens, the SMTP password... sealed under the master key."""


@credentials.command("set")
@click.argument("name")
@click.option("--stdin", "from_stdin", is_flag=True, help="Read the value from stdin.")
@click.pass_obj
def set_(config: config_mod.Config, name: str, from_stdin: bool) -> int:
    """Create or replace credential NAME. The value is prompted for (hidden) or read from
    stdin, never taken from the command line, where ps and shell history would keep it."""
    from pushguard import audit
    from pushguard.crypto.factory import load_provider
    from pushguard.store.db import open_database
    from pushguard.store.sealed import set_named

    provider = load_provider(config)
    if from_stdin:
        value = sys.stdin.read().rstrip("\r\n")
    else:
        value = click.prompt(f"value for {name}", hide_input=True, confirmation_prompt=True)
    if not value:
        raise UsageError("empty value; nothing stored")
    with open_database(config.database_url) as db, db.session() as session:
        secret_id = set_named(session, provider, name, value)
        audit.append(
            session,
            actor=audit.cli_actor(),
            action="credential.set",
            subject=f"credential:{name}",
            details={"id": secret_id},
        )
    click.echo(f"credential {name} sealed ({provider.provider_id} master key)")
    return ExitCode.OK


@credentials.command("list")
@click.pass_obj
def list_(config: config_mod.Config) -> int:
    """List credential names (never values)."""
    from pushguard.store.db import open_database
    from pushguard.store.sealed import list_named

    with open_database(config.database_url) as db, db.session() as session:
        rows = list_named(session)
        for row in rows:
            changed = row.rewrapped_at or row.created_at
            click.echo(f"{row.name}  {row.provider}:v{row.key_version}  {changed:%Y-%m-%d}")
    return ExitCode.OK


@credentials.command("remove")
@click.argument("name")
@click.pass_obj
def remove(config: config_mod.Config, name: str) -> int:
    """Delete credential NAME."""
    from sqlalchemy import select

    from pushguard import audit
    from pushguard.store.db import open_database
    from pushguard.store.models import SealedSecret
    from pushguard.store.sealed import delete_secret

    with open_database(config.database_url) as db, db.session() as session:
        secret_id = session.scalar(select(SealedSecret.id).where(SealedSecret.name == name))
        if secret_id is None:
            raise UsageError(f"no credential named {name!r}; see `pushguard credentials list`")
        delete_secret(session, secret_id)
        audit.append(
            session,
            actor=audit.cli_actor(),
            action="credential.remove",
            subject=f"credential:{name}",
        )
    click.echo(f"credential {name} removed")
    return ExitCode.OK
