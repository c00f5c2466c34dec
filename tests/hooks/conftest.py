"""Push harness: a bare "server" repository with the hook installed, a work repository
pushing to it over file://, and a per-test TOML config (``PUSHGUARD_CONFIG``) and home."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from pushguard.hooks import spool
from pushguard.hooks.install import install
from pushguard.hooks.paths import HookPaths
from tests.helpers.catalogue import share_cache
from tests.helpers.gitrepo import GitRepo

BASE_CONFIG = """\
[hook]
budget_seconds = 60  # generous: the machine is shared; budget tests set their own
daemon_autostart = false  # as the fixture installs hooks; autostart tests turn it on
"""


# What Gitaly and Gitea's wrapper do with the hooks in these directories (protocols.md):
# run each executable in glob order with the same stdin; the first failure rejects.
PLATFORM_HOOK_DIRS = {"gitlab": "custom_hooks/pre-receive.d", "gitea": "hooks/pre-receive.d"}
PLATFORM_RUNNER = """\
#!/bin/sh
data=$(cat)
for hook in "$PWD"/{dir}/*; do
	[ -x "$hook" ] || continue
	printf '%s\\n' "$data" | "$hook" || exit $?
done
"""


@dataclasses.dataclass(frozen=True)
class PushResult:
    returncode: int
    stdout: str
    stderr: str

    @property
    def accepted(self) -> bool:
        return self.returncode == 0

    @property
    def remote(self) -> str:
        """What the hook printed: the ``remote:`` lines, prefix removed."""
        lines = re.findall(r"^remote: ?(.*?)\s*$", self.stderr, flags=re.M)
        return "\n".join(lines)

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@dataclasses.dataclass
class Server:
    remote: GitRepo
    work: GitRepo
    home: Path
    config_path: Path
    env: dict[str, str]

    def configure(self, toml: str = "", *, base: str = BASE_CONFIG) -> None:
        self.config_path.write_text(base + toml)

    def push(
        self,
        *refspecs: str,
        options: Sequence[str] = (),
        force: bool = False,
        env: Mapping[str, str] | None = None,
    ) -> PushResult:
        proc = self.work.push(
            "origin", *refspecs, options=options, force=force, env={**self.env, **(env or {})}
        )
        return PushResult(
            proc.returncode,
            proc.stdout.decode(errors="replace"),
            proc.stderr.decode(errors="replace"),
        )

    def seed(self, *branches: str) -> None:
        """Put commits on the server without a push (fetch runs no hook): test set-up."""
        refspecs = [f"+refs/heads/{b}:refs/heads/{b}" for b in branches]
        self.remote.run("fetch", "-q", str(self.work.path), *refspecs)

    def remote_tip(self, ref: str) -> str | None:
        proc = self.remote.run("rev-parse", "--verify", "-q", ref, check=False)
        return proc.stdout.decode().strip() or None

    def events(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for path in sorted((self.home / "spool").glob("hook-*.jsonl")):
            out += spool.read_events(path)
        return out


MakeServer = Callable[..., Server]


@pytest.fixture
def make_server(make_repo: Callable[..., GitRepo], tmp_path: Path) -> MakeServer:
    def factory(
        *, object_format: str = "sha1", layout: str = "bare", paths: HookPaths | None = None
    ) -> Server:
        """``layout``: where the hook goes; gitlab/gitea get a stand-in for the platform's
        runner of ``pre-receive.d/*`` as ``hooks/pre-receive``."""
        remote = make_repo("server.git", bare=True, object_format=object_format)
        work = make_repo("work", object_format=object_format)
        work.add_remote("origin", remote)
        home = share_cache(tmp_path / "pg-home")
        config_path = tmp_path / "pushguard.toml"
        install(remote.path, layout, paths or HookPaths.detect(None, tmp_path / "no.sock"))
        if layout in PLATFORM_HOOK_DIRS:
            runner = remote.path / "hooks" / "pre-receive"
            runner.write_text(PLATFORM_RUNNER.format(dir=PLATFORM_HOOK_DIRS[layout]))
            runner.chmod(0o755)
        server = Server(
            remote,
            work,
            home,
            config_path,
            {"PUSHGUARD_HOME": str(home), "PUSHGUARD_CONFIG": str(config_path)},
        )
        server.configure()
        return server

    return factory


@pytest.fixture
def server(make_server: MakeServer) -> Server:
    return make_server()


def run_pushguard(
    *args: str, env: Mapping[str, str], input: bytes = b"", cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    exe = HookPaths.detect(None, None).pushguard
    return subprocess.run(
        [exe, *args],
        input=input.decode(),
        env=dict(env),
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
