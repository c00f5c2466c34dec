"""`--config` is accepted the same way by every command: before the command, after it, or as
$PUSHGUARD_CONFIG. A missing file named any of these ways is exit 3, naming it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pushguard.cli.commands import COMMANDS
from pushguard.cli.main import main
from pushguard.errors import ExitCode

# one invocation of every command that reads the configuration
COMMAND_LINES = [
    ["scan", "."],
    ["rescan", "team/app"],
    ["findings"],
    ["findings", "resolve", "1", "--reason", "r"],
    ["findings", "false-positive", "1", "--reason", "r"],
    ["findings", "reopen", "1", "--reason", "r"],
    ["jobs"],
    ["jobs", "failed"],
    ["jobs", "requeue", "--all"],
    ["repos", "list"],
    ["repos", "add", "local", "team/app", "/srv/git/app.git", "--no-check"],
    ["repos", "remove", "team/app"],
    ["tokens", "create", "--scope", "findings:read", "--expires", "1d"],
    ["tokens", "list"],
    ["tokens", "revoke", "1"],
    ["audit", "verify"],
    ["audit", "export"],
    ["keys", "init"],
    ["keys", "rotate"],
    ["credentials", "list"],
    ["credentials", "remove", "x"],
    ["config", "check"],
    ["rules", "list"],
    ["rules", "test", "sample.env"],
    ["install-hook", "--print-global", "gitlab"],
    ["hook-daemon"],
    ["serve"],
    ["web"],
    ["worker"],
]


def test_every_command_is_covered() -> None:
    assert {line[0] for line in COMMAND_LINES} == set(COMMANDS)


@pytest.mark.parametrize("form", ["after", "before", "env"])
@pytest.mark.parametrize("argv", COMMAND_LINES, ids=" ".join)
def test_config_is_accepted_everywhere(
    argv: list[str],
    form: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    missing = str(tmp_path / "missing.toml")
    monkeypatch.setenv("PUSHGUARD_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("PUSHGUARD_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    if form == "env":
        monkeypatch.setenv("PUSHGUARD_CONFIG", missing)
        args = argv
    elif form == "before":
        args = ["--config", missing, *argv]
    else:
        args = [*argv, "--config", missing]
    code = main(args)
    err = capsys.readouterr().err
    assert code == ExitCode.CONFIG, err
    assert f"{missing}: configuration file not found" in err


@pytest.mark.parametrize("where", ["after", "before"])
def test_pre_receive_takes_config_too(tmp_path: Path, where: str) -> None:
    missing = str(tmp_path / "missing.toml")
    option = ["--config", missing]
    args = ["pre-receive", *option] if where == "after" else [*option, "pre-receive"]
    proc = subprocess.run(
        [sys.executable, "-m", "pushguard", *args],
        input=f"{'0' * 40} {'1' * 40} refs/heads/main\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == ExitCode.CONFIG and missing in proc.stderr


def test_pre_receive_help_is_help_not_a_rejection() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pushguard", "pre-receive", "--help"],
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0
    assert proc.stdout.startswith("usage: pushguard pre-receive") and "rejected" not in proc.stdout
