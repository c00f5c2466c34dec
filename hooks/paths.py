"""What an installed hook runs: the absolute paths baked into the hook script."""

from __future__ import annotations

import dataclasses
import os
import shlex
import sys
from importlib import resources
from pathlib import Path

from pushguard.errors import ExitCode, FatalError


class InstallError(FatalError):
    """The repository cannot take the hook as asked (permissions, a foreign file)."""

    exit_code = ExitCode.CONFIG


@dataclasses.dataclass(frozen=True)
class HookPaths:
    """What the installed hook runs: absolute paths, so it works under any PATH."""

    pushguard: str
    python: str = ""
    client: str = ""
    socket: str = ""
    config: str = ""
    idle: str = ""  # seconds an auto-started daemon idles before exiting; "": never start one

    @classmethod
    def detect(
        cls, config: Path | None, socket: Path | None, autostart_idle: float | None = None
    ) -> HookPaths:
        return cls(
            pushguard=_pushguard_executable(),
            python=os.path.abspath(sys.executable) if sys.executable else "",
            client=str(Path(__file__).with_name("client.py").resolve()),
            socket=str(socket.absolute()) if socket else "",
            config=str(config.absolute()) if config else "",
            idle=f"{autostart_idle:g}" if autostart_idle and socket else "",
        )


def _pushguard_executable() -> str:
    # the console script next to this interpreter, so the hook runs this installation
    beside = Path(sys.executable).with_name("pushguard")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside.absolute())
    argv0 = Path(sys.argv[0])
    if argv0.name == "pushguard" and argv0.is_file():
        return str(argv0.absolute())
    raise InstallError("cannot find the `pushguard` executable of this installation")


def hook_script(paths: HookPaths) -> str:
    """The hook template (``hooks/pre-receive``) with ``paths`` baked in."""
    template = resources.files("pushguard.hooks").joinpath("pre-receive").read_text()
    head, _, rest = template.partition("# >>> paths (install-hook)\n")
    _, _, tail = rest.partition("# <<< paths\n")
    values = {
        "pg_bin": paths.pushguard,
        "pg_python": paths.python,
        "pg_client": paths.client,
        "pg_socket": paths.socket,
        "pg_config": paths.config,
        "pg_idle": paths.idle,
    }
    block = "".join(
        f"{name}={shlex.quote(value) if value else ''}\n" for name, value in values.items()
    )
    return f"{head}# >>> paths (install-hook)\n{block}# <<< paths\n{tail}"
