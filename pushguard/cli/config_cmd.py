"""`pushguard config check`: validate a configuration file before deploying it."""

from __future__ import annotations

import click

from pushguard import config as config_mod
from pushguard.cli.options import config_option, pick_config
from pushguard.errors import ConfigError, ExitCode
from pushguard.scan import catalogue, custom_rules


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
    # users' own rule files ([scan] rules, per repository too): one line per bad rule
    base = loaded.source.parent if loaded.source is not None else None
    repo_globs = (glob for repo in loaded.repos.values() for glob in repo.rules)
    globs = dict.fromkeys([*loaded.scan.rules, *repo_globs])
    bad = custom_rules.problems(list(globs), base)
    if bad:
        for line in bad:
            click.echo(line, err=True)
        raise ConfigError(f"{len(bad)} problem(s) with [scan] rules: fix the rules above")
    bad = _catalogue_provider_problems(loaded)
    if bad:
        for line in bad:
            click.echo(line, err=True)
        return ExitCode.CONFIG
    click.echo(f"{loaded.source or 'defaults'}: OK")
    click.echo(f"  home: {loaded.home}")
    click.echo(f"  hook: budget {loaded.hook.budget_seconds}s, on timeout {loaded.hook.on_timeout},"
               f" on error {loaded.hook.on_error}")
    click.echo(f"  allowlist entries: {len(loaded.allowlist)}; repository policies: "
               f"{len(loaded.repos)}")
    click.echo(f"  {catalogue.status().line() if loaded.scan.catalogue else 'catalogue tier off'}")
    if globs:
        click.echo(f"  own rule files: {len(custom_rules.rule_files(list(globs), base))}")
    return 0


def _catalogue_provider_problems(loaded: config_mod.Config) -> list[str]:
    """``[respond] catalogue_providers`` names checked against the catalogues loaded for the
    server and every repository (loading them: only when the list is set)."""
    allowed = loaded.respond.catalogue_providers
    if not allowed:
        return []
    from pushguard.respond.providers.catalogue import allow_list_problems, index
    from pushguard.respond.registry import provider_rules
    from pushguard.scan.engine import catalogue_for

    sources: dict[int, object] = {}
    for policy in [loaded.scan, *loaded.repos.values()]:
        found, status = catalogue_for(loaded, policy)
        if found is not None:
            sources.setdefault(id(found.loaded()), found.loaded())
    if not sources:
        return [f"[respond] catalogue_providers is set but no catalogue runs ({status})"]
    return allow_list_problems(allowed, index(sources.values()), provider_rules())
