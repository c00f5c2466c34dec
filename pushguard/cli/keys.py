"""`pushguard keys init|rotate`: the master key that seals stored credentials."""

from __future__ import annotations

import click

from pushguard import config as config_mod
from pushguard.cli.options import config_group


@config_group("keys")
def keys() -> None:
    """Manage the master key that seals webhook secrets and provider credentials."""


@keys.command("init")
@click.pass_obj
def init(config: config_mod.Config) -> int:
    """Create the local master key file (mode 0600); refuses to overwrite one."""
    from pushguard.crypto.local import init_key_file

    if config.keys.provider != "local":
        raise click.UsageError(
            f"[keys] provider is {config.keys.provider!r}: `keys init` only creates the "
            'local key file (provider = "local")'
        )
    path = config.master_key_file
    init_key_file(path)
    click.echo(f"created master key {path} (v1, mode 0600)")
    click.echo("Back it up: without it no sealed credential can be opened.")
    return 0


@keys.command("rotate")
@click.option(
    "--rewrap-only",
    is_flag=True,
    help="Do not create a new key version; re-wrap records to the current one.",
)
@click.pass_obj
def rotate(config: config_mod.Config, rewrap_only: bool) -> int:
    """Make a new master key version current and re-wrap every sealed credential to it."""
    from pushguard import audit
    from pushguard.crypto.factory import load_provider
    from pushguard.store.db import open_database
    from pushguard.store.sealed import rewrap_all

    provider = load_provider(config)
    with open_database(config.database_url) as db:
        # The new version is written (old ones kept) before any record moves to it, so a
        # failure part-way leaves every record readable; rerun to finish.
        version = None if rewrap_only else provider.rotate()
        current = provider.current_version()
        with db.session() as session:
            count = rewrap_all(session, provider)
            audit.append(
                session,
                actor=audit.cli_actor(),
                action="keys.rotate",
                subject=f"{provider.provider_id}:v{current}",
                details={"rewrapped": count, "new_version": version},
            )
    if version is None and not rewrap_only:
        click.echo(
            f"{provider.provider_id} keys are versioned outside pushguard; "
            f"re-wrapped to the current version"
        )
    click.echo(f"master key v{current}: re-wrapped {count} sealed credential(s)")
    return 0
