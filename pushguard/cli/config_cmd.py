"""`pushguard config check`: validate a configuration file before deploying it."""

from __future__ import annotations

import click

from pushguard import config as config_mod
from pushguard.cli.options import config_option, pick_config
from pushguard.errors import ExitCode


@click.group("config")
def config() -> None:
    """Inspect the configuration."""


@config.command("check")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@config_option
@click.pass_context
def check(ctx: click.Context, file: str | None, config_file: str | None) -> int:
    """Validate FILE (or --config FILE; default: $PUSHGUARD_CONFIG or
    /etc/pushguard/pushguard.toml)."""
    chosen = file or pick_config(ctx, config_file) or str(config_mod.config_path())
    try:
        loaded = config_mod.load(chosen)
    except config_mod.ConfigProblems as exc:
        for problem in exc.problems:  # all of them: one round of fixes, not one per run
            click.echo(problem, err=True)
        return ExitCode.CONFIG
    click.echo(f"{loaded.source or 'defaults'}: OK")
    click.echo(f"  home: {loaded.home}")
    click.echo(f"  hook: budget {loaded.hook.budget_seconds}s, on timeout {loaded.hook.on_timeout},"
               f" on error {loaded.hook.on_error}")
    click.echo(f"  allowlist entries: {len(loaded.allowlist)}; repository policies: "
               f"{len(loaded.repos)}")
    return 0
