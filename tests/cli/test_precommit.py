"""Before the commit: `pushguard scan --staged` run by the real pre-commit framework from our
`.pre-commit-hooks.yaml`, and `pushguard scan FILE...`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pre_commit.clientlib import load_manifest

from pushguard.hooks.paths import HookPaths
from tests.helpers import tokens
from tests.helpers.catalogue import share_cache
from tests.helpers.gitrepo import GitRepo

MANIFEST = Path(__file__).parents[2] / ".pre-commit-hooks.yaml"


@pytest.fixture
def work(git_repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """A working tree whose .pre-commit-config.yaml holds our manifest's `pushguard` hook.

    As a `local` hook with `language: system` running this checkout's pushguard: the
    framework then needs no network to build an environment, and everything else (the
    stages, passing the staged file names, the hook script `pre-commit install` writes)
    is what users get from our manifest.
    """
    for key in list(os.environ):
        if key.startswith("PUSHGUARD_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("PUSHGUARD_HOME", str(share_cache(tmp_path / "pg-home")))
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path / "pre-commit-cache"))
    [hook] = [h for h in load_manifest(str(MANIFEST)) if h["id"] == "pushguard"]
    exe = HookPaths.detect(None, None).pushguard
    local = {
        "id": hook["id"],
        "name": hook["name"],
        "entry": hook["entry"].replace("pushguard", exe, 1),
        "language": "system",
        "pass_filenames": hook["pass_filenames"],
        "require_serial": hook["require_serial"],
        "stages": hook["stages"],
    }
    config = {"repos": [{"repo": "local", "hooks": [local]}]}
    (git_repo.path / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    (git_repo.path / "README.md").write_text("hello\n")
    git_repo.run("add", ".pre-commit-config.yaml", "README.md")
    git_repo.run("commit", "-q", "-m", "initial", "--no-verify")
    install = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=git_repo.path,
        env={**os.environ, **git_repo.env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    return git_repo


def commit(repo: GitRepo, files: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    for name, text in files.items():
        (repo.path / name).write_text(text)
    repo.run("add", *files)
    return repo.run("commit", "-q", "-m", "change", check=False, env=dict(os.environ))


def test_a_staged_secret_stops_the_commit_with_the_fix(work: GitRepo) -> None:
    token = tokens.github_token()
    before = work.head()
    proc = commit(work, {"app.py": "import os\n", "settings.py": f"x = 1\nTOKEN = '{token}'\n"})
    output = (proc.stdout + proc.stderr).decode()
    assert proc.returncode != 0 and work.head() == before, output
    assert "staged  settings.py:2  github-token" in output
    assert "secret(s) in the staged changes" in output and "pragma: allowlist secret" in output
    assert token not in output

    # fixed: read it from the environment, stage again, commit
    proc = commit(work, {"settings.py": "import os\nTOKEN = os.environ['TOKEN']\n"})
    assert proc.returncode == 0, (proc.stdout + proc.stderr).decode()
    assert work.head() != before


def test_only_what_the_commit_adds_counts(work: GitRepo) -> None:
    token = tokens.github_token()
    work.run("commit", "-q", "--allow-empty", "-m", "x")
    (work.path / "old.py").write_text(f"T = '{token}'\n")
    work.run("add", "old.py")
    work.run("commit", "-q", "-m", "old leak", "--no-verify")
    # touching the file elsewhere does not block on the line it already had
    proc = commit(work, {"old.py": f"T = '{token}'\nU = 2\n"})
    assert proc.returncode == 0, (proc.stdout + proc.stderr).decode()


def test_the_repository_config_applies_without_a_server_config(work: GitRepo) -> None:
    token = tokens.huggingface_token()
    (work.path / "fixture.py").write_text(f"T = '{token}'\n")
    work.run("add", "fixture.py")
    exe = HookPaths.detect(None, None).pushguard
    scanned = subprocess.run(
        [exe, "scan", "--staged", "--format", "json"],
        cwd=work.path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert scanned.returncode == 1, scanned.stderr
    [finding] = json.loads(scanned.stdout)["findings"]
    (work.path / ".pushguard.toml").write_text(
        f'[[allowlist]]\nfingerprint = "{finding["fingerprint"][:16]}"\nreason = "fixture"\n'
    )
    proc = commit(work, {".pushguard.toml": (work.path / ".pushguard.toml").read_text()})
    assert proc.returncode == 0, (proc.stdout + proc.stderr).decode()


def test_scan_files_reads_whole_files(tmp_path: Path, git_repo: GitRepo) -> None:
    exe = HookPaths.detect(None, None).pushguard
    (git_repo.path / "a.env").write_text(f"A=1\nKEY={tokens.npm_token()}\n")
    (git_repo.path / "b.txt").write_text("nothing\n")
    env = {**os.environ, "PUSHGUARD_HOME": str(share_cache(tmp_path / "h"))}
    env.pop("PUSHGUARD_CONFIG", None)

    def scan(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [exe, "scan", *args], cwd=git_repo.path, env=env, capture_output=True, text=True
        )

    found = scan("a.env", "b.txt")
    assert found.returncode == 1 and "worktree  a.env:2  npm-token" in found.stdout
    # a UTF-16 file (PowerShell's "> file"), which git calls binary, is read as text
    (git_repo.path / "c.env").write_bytes(f"A=1\r\nKEY={tokens.npm_token()}\r\n".encode("utf-16"))
    utf16 = scan("c.env")
    assert utf16.returncode == 1 and "worktree  c.env:2  npm-token" in utf16.stdout
    assert "pushguard: 1 secret(s) in these files.\n" in found.stdout
    assert scan("b.txt").returncode == 0
    assert scan("b.txt", "--range", "main").returncode == 2
    assert scan("b.txt", ".").returncode == 2  # a directory among files
