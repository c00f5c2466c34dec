"""Options several commands share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from pushguard import config as config_mod

CONFIG_HELP = "Configuration file (default: $PUSHGUARD_CONFIG or /etc/pushguard/pushguard.toml)."


def config_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--config FILE`` as the ``config_file`` argument."""
    return click.option(
        "--config", "config_file", type=click.Path(dir_okay=False), help=CONFIG_HELP
    )(func)


def config_group(name: str) -> Callable[[Callable[[], None]], click.Group]:
    """A command group with ``--config``: the loaded ``Config`` is its commands' ``obj``.

    The decorated function only lends its docstring as the group's help.
    """

    def decorate(func: Callable[[], None]) -> click.Group:
        @click.pass_context
        def load(ctx: click.Context, config_file: str | None) -> None:
            ctx.obj = config_mod.load(config_file)

        return click.group(name, help=func.__doc__)(config_option(load))

    return decorate


def pick_config(ctx: click.Context, config_file: str | None) -> str | None:
    """This command's ``--config``, else the nearest enclosing group's: the option is
    accepted before or after the subcommand (``PUSHGUARD_CONFIG`` when neither has it)."""
    current: click.Context | None = ctx
    value = config_file
    while value is None and current is not None:
        value = current.params.get("config_file")
        current = current.parent
    return value
