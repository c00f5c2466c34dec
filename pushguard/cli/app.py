"""The click group, the lazy command loader and the one error boundary."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

import click

from pushguard import __version__
from pushguard.cli.commands import COMMANDS
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
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pushguard")
def cli() -> None:
    """pushguard: stop leaked credentials at the git server."""


@click.command("pre-receive", context_settings={"ignore_unknown_options": True})
def _pre_receive() -> None:
    """The git pre-receive hook entry (reads ref updates on stdin, githooks(5))."""
    from pushguard.hooks.pre_receive import main as pre_receive

    sys.exit(pre_receive([]))


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
