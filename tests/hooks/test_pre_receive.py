"""`pushguard pre-receive` run directly, the way a git server runs the hook."""

from __future__ import annotations

from pathlib import Path

from pushguard.errors import ExitCode
from pushguard.hooks import spool
from tests.helpers.gitrepo import MakeRepo
from tests.hooks.conftest import BASE_CONFIG, run_pushguard


def hook_env(git_env: dict[str, str], tmp_path: Path, config: str = BASE_CONFIG) -> dict[str, str]:
    (tmp_path / "pg.toml").write_text(config)
    return {
        **git_env,
        "GIT_DIR": ".",  # what receive-pack gives a bare repository's hook
        "PUSHGUARD_HOME": str(tmp_path / "home"),
        "PUSHGUARD_CONFIG": str(tmp_path / "pg.toml"),
    }


def test_empty_stdin_is_accepted_silently(
    make_repo: MakeRepo, git_env: dict[str, str], tmp_path: Path
) -> None:
    repo = make_repo("r.git", bare=True)
    proc = run_pushguard("pre-receive", env=hook_env(git_env, tmp_path), cwd=repo.path)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")


def test_malformed_stdin_is_an_audited_error_not_a_traceback(
    make_repo: MakeRepo, git_env: dict[str, str], tmp_path: Path
) -> None:
    repo = make_repo("r.git", bare=True)
    env = hook_env(git_env, tmp_path)
    proc = run_pushguard("pre-receive", env=env, input=b"not a ref line\n", cwd=repo.path)
    assert proc.returncode == ExitCode.INTERNAL
    assert proc.stderr.startswith("pushguard: internal error (stdin line 1:")
    assert proc.stderr.count("\n") == 1
    [file] = (tmp_path / "home" / "spool").iterdir()
    [event] = spool.read_events(file)
    assert (event["action"], event["refs"], event["repo_path"]) == ("error", [], str(repo.path))


def test_config_option_and_usage(
    make_repo: MakeRepo, git_env: dict[str, str], tmp_path: Path
) -> None:
    repo = make_repo("r.git", bare=True)
    env = hook_env(git_env, tmp_path)
    broken = tmp_path / "broken.toml"
    broken.write_text("hook = 3\n")
    proc = run_pushguard("pre-receive", "--config", str(broken), env=env, cwd=repo.path)
    assert proc.returncode == ExitCode.CONFIG and "configuration is broken" in proc.stderr
    proc = run_pushguard("pre-receive", "--verbose", env=env, cwd=repo.path)
    assert proc.returncode == ExitCode.USAGE and "usage: pushguard pre-receive" in proc.stderr
