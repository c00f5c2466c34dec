"""The click group, the lazy command loader and the one error boundary."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

import click

from pushguard import __version__
from pushguard.cli.commands import COMMANDS
from pushguard.cli.options import config_option, inherit_config, pick_config
from pushguard.errors import ExitCode, FatalError


class LazyGroup(click.Group):
    """Imports a command's module only when that command runs (or help lists it)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*COMMANDS, "pre-receive"])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name == "pre-receive":
            return _pre_receive
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, _, attr = target.partition(":")
        command = getattr(importlib.import_module(module), attr)
        assert isinstance(command, click.Command)
        return inherit_config(command)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pushguard")
@config_option
def cli(config_file: str | None) -> None:
    """pushguard: stop leaked credentials at the git server.

    --config FILE (or $PUSHGUARD_CONFIG) may come before the command or after it.
    """


@click.command(
    "pre-receive",
    context_settings={"ignore_unknown_options": True, "help_option_names": []},
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def _pre_receive(ctx: click.Context, args: tuple[str, ...]) -> None:
    """The git pre-receive hook entry (reads ref updates on stdin, githooks(5))."""
    from pushguard.hooks.pre_receive import main as pre_receive

    given = pick_config(ctx, None)
    sys.exit(pre_receive([*args, *(["--config", given] if given and not args else [])]))


def run(args: Sequence[str]) -> int:
    """Run one command; map every failure to a documented exit code and one line."""
    try:
        result = cli.main(args=list(args), prog_name="pushguard", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return ExitCode.USAGE
    except click.UsageError as exc:
        exc.show()
        return ExitCode.USAGE
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except FatalError as exc:
        click.echo(f"pushguard: error: {exc}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return ExitCode.OK
    except Exception as exc:  # the boundary: no traceback for users, a hint where to look
        unreachable = _unreachable(exc)
        if unreachable is not None:  # the service's Redis or database is down: not a bug
            click.echo(f"pushguard: error: {unreachable}", err=True)
            return ExitCode.CONFIG
        click.echo(
            f"pushguard: internal error: {type(exc).__name__}: {exc}\n"
            "Run again with PUSHGUARD_DEBUG=1 for a traceback, and report it.",
            err=True,
        )
        if _debug():
            raise
        return ExitCode.INTERNAL
    return int(result or 0)


def _debug() -> bool:
    import os

    return os.environ.get("PUSHGUARD_DEBUG", "") not in ("", "0")


def _unreachable(exc: Exception) -> str | None:
    """One line for a Redis or database that does not answer (exit 3), else None. Checked
    through ``sys.modules``: a command that never imported them does not pay for them."""
    redis = sys.modules.get("redis")
    if redis is not None and isinstance(
        exc, redis.exceptions.ConnectionError | redis.exceptions.TimeoutError
    ):
        return (
            f"cannot reach Redis ({exc}); check [service] redis_url, or start "
            "`pushguard serve`"
        )
    sqlalchemy_exc = sys.modules.get("sqlalchemy.exc")
    if sqlalchemy_exc is not None and isinstance(exc, sqlalchemy_exc.OperationalError):
        reason = str(exc.orig if getattr(exc, "orig", None) is not None else exc).splitlines()
        return (
            f"cannot use the database ({reason[0] if reason else 'no reason given'}); "
            "check [service] database_url"
        )
    return None
