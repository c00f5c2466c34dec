"""Options several commands share."""

from __future__ import annotations

import functools
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
    """A command group whose commands get the loaded ``Config`` as their ``obj``.

    ``--config`` is accepted on the group (before the subcommand) and on each subcommand
    (after it); the file is read once the subcommand's arguments are parsed. The decorated
    function only lends its docstring as the group's help.
    """

    def decorate(func: Callable[[], None]) -> click.Group:
        def nothing(config_file: str | None) -> None:
            pass  # loaded per subcommand: its own --config may follow

        return ConfigGroup(name, help=func.__doc__, callback=nothing, params=[_config_param()])

    return decorate


def _config_param() -> click.Option:
    return click.Option(
        ["--config", "config_file"], type=click.Path(dir_okay=False), help=CONFIG_HELP
    )


class ConfigGroup(click.Group):
    """Each subcommand gets ``--config`` and, as ``ctx.obj``, the ``Config`` it names (or
    the one named before the subcommand, or ``$PUSHGUARD_CONFIG``)."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        if not any(p.name == "config_file" for p in cmd.params) and cmd.callback is not None:
            cmd.params.append(_config_param())
            inner = cmd.callback

            @functools.wraps(inner)
            def load_then_run(*args: Any, config_file: str | None = None, **kwargs: Any) -> Any:
                ctx = click.get_current_context()
                ctx.obj = config_mod.load(pick_config(ctx, config_file))
                return inner(*args, **kwargs)

            cmd.callback = load_then_run
        super().add_command(cmd, name)


def inherit_config(cmd: click.Command) -> click.Command:
    """A command whose ``--config`` is unset takes the one given before it (``pushguard
    --config FILE scan``), converted by its own option type."""
    option = next((p for p in cmd.params if p.name == "config_file"), None)
    if option is None or cmd.callback is None or getattr(cmd, "_inherits_config", False):
        return cmd
    inner = cmd.callback

    @functools.wraps(inner)
    def with_parent(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        if kwargs.get("config_file") is None and ctx.parent is not None:
            given = pick_config(ctx.parent, None)
            if given is not None:
                kwargs["config_file"] = option.type_cast_value(ctx, given)
        return inner(*args, **kwargs)

    cmd.callback = with_parent
    cmd._inherits_config = True  # type: ignore[attr-defined]
    return cmd


def pick_config(ctx: click.Context, config_file: str | None) -> str | None:
    """This command's ``--config``, else the nearest enclosing group's: the option is
    accepted before or after the subcommand (``PUSHGUARD_CONFIG`` when neither has it)."""
    current: click.Context | None = ctx
    value = config_file
    while value is None and current is not None:
        value = current.params.get("config_file")
        current = current.parent
    return value
