"""Every command's exit status for the mistakes people make, as README.md documents them:
2 a user's mistake, 3 configuration or an unreachable dependency, 128 only for bugs."""

from __future__ import annotations

from pathlib import Path

import pytest

from pushguard.cli.main import main
from pushguard.errors import ExitCode

USAGE, CONFIG = ExitCode.USAGE, ExitCode.CONFIG

CASES = [
    # (argv, expected, a fragment of the one-line message)
    (["no-such-command"], USAGE, "No such command"),
    (["scan", "/nonexistent/dir"], USAGE, "does not exist"),
    (["scan", "--range", "-x"], USAGE, "--range"),
    (["rescan", "nope"], USAGE, "no repository 'nope'"),
    (["rescan", "nope", "--range", "-x"], USAGE, "not a revision range"),
    (["rescan", "nope", "--all", "--range", "a..b"], USAGE, "exclude each other"),
    (["findings", "--status", "bogus"], USAGE, "--status"),
    (["findings", "--repo", "nope"], USAGE, "no repository 'nope'"),
    (["findings", "resolve", "999", "--reason", "x"], USAGE, "no finding 999"),
    (["findings", "resolve", "1"], USAGE, "--reason"),
    (["jobs", "requeue", "no-such-job"], USAGE, "no-such-job"),
    (["jobs", "requeue"], USAGE, "JOB_ID"),
    (["repos", "remove", "nope"], USAGE, "no repository 'nope'"),
    (["repos", "add", "bogus", "a/b", "/tmp/x.git"], USAGE, "bogus"),
    (["repos", "add", "local", "a/b", "/nonexistent/x.git"], USAGE, "--no-check"),
    (["repos", "add", "github", "a/b", "--no-check", "--", "-x"], USAGE, "start with '-'"),
    (["tokens", "revoke", "99"], USAGE, "no token 99"),
    (["tokens", "create", "--scope", "nope", "--expires", "1d"], USAGE, "is not one of"),
    (["tokens", "create", "--scope", "findings:read", "--expires", "999d"], USAGE, "366d"),
    (["credentials", "remove", "nope"], USAGE, "no credential named 'nope'"),
    (["audit", "export", "--since", "yesterday"], USAGE, "--since"),
    (["install-hook", "/nonexistent/repo.git"], USAGE, "no such directory"),
    (["install-hook"], USAGE, "name at least one repository"),
    (["keys", "init"], CONFIG, "already exists"),
    (["config", "check", "/nonexistent/pushguard.toml"], CONFIG, "not found"),
]


@pytest.mark.parametrize(("argv", "expected", "fragment"), CASES, ids=lambda v: str(v))
def test_mistakes_exit_with_their_documented_status(
    pg_home: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    expected: int,
    fragment: str,
) -> None:
    code = main(argv)
    err = capsys.readouterr().err
    assert code == expected, err
    assert fragment in err
    assert "internal error" not in err and "Traceback" not in err


def test_a_second_hook_daemon_socket_that_is_a_file_is_a_config_error(
    pg_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_socket = pg_home / "pushguard.toml"
    assert main(["hook-daemon", "--socket", str(not_a_socket)]) == CONFIG
    assert "is not a socket" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["jobs"], ["jobs", "failed"], ["jobs", "requeue", "x"]])
def test_redis_that_does_not_answer_is_exit_3_not_an_internal_error(
    pg_home: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
) -> None:
    monkeypatch.setenv("PUSHGUARD_REDIS_URL", "redis://127.0.0.1:1/0")  # nothing listens
    code = main(argv)
    err = capsys.readouterr().err
    assert code == CONFIG, err
    assert "cannot reach Redis" in err and "internal error" not in err
