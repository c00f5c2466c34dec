"""`pushguard scan`: exit codes, report formats and ranges on a real repository."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pushguard.errors import ExitCode
from tests.helpers import tokens
from tests.helpers.catalogue import share_cache
from tests.helpers.gitrepo import GitRepo


def scan(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home),
           "PUSHGUARD_HOME": str(share_cache(home / "pg")),
           "PUSHGUARD_CONFIG": str(home / "pushguard.toml")}
    (home / "pushguard.toml").write_text("")
    return subprocess.run([sys.executable, "-m", "pushguard", "scan", *args],
                          capture_output=True, text=True, check=False, env=env)


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    git_repo.commit({"app.py": "print('hello')\n"}, "clean start")
    return git_repo


def test_clean_history_exits_0(repo: GitRepo, tmp_path: Path) -> None:
    proc = scan(str(repo.path), home=tmp_path)
    assert proc.returncode == ExitCode.OK, proc.stderr
    assert "0 blocking" in proc.stdout


def test_secret_in_history_exits_1_with_json_report(repo: GitRepo, tmp_path: Path) -> None:
    token = tokens.huggingface_token()
    bad = repo.commit({"conf/settings.py": f'import os\nHF = "{token}"\n'}, "add config")
    repo.commit({"conf/settings.py": "import os\nHF = os.environ['HF']\n"}, "remove it")
    proc = scan(str(repo.path), "--format", "json", home=tmp_path)
    assert proc.returncode == ExitCode.FOUND, proc.stderr
    assert token not in proc.stdout + proc.stderr
    report = json.loads(proc.stdout)
    (finding,) = report["findings"]
    assert finding["commit"] == bad
    assert (finding["path"], finding["line"], finding["blocking"]) == ("conf/settings.py", 2, True)
    assert finding["rule"] == "huggingface-token"
    assert report["stats"]["commits"] == 3


def test_range_limits_the_scan(repo: GitRepo, tmp_path: Path) -> None:
    base = repo.commit({"a.txt": "a\n"}, "base")
    repo.commit({"b.py": f"T = '{tokens.github_token('ghp')}'\n"}, "leak")
    assert scan(str(repo.path), "--range", f"{base}~1..{base}", home=tmp_path).returncode == 0
    assert scan(str(repo.path), "--range", f"{base}..main", home=tmp_path).returncode == 1


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_short_range_still_runs_the_catalogue_when_a_line_needs_it(
    repo: GitRepo, tmp_path: Path, jobs: str
) -> None:
    """A range of a few commits is scanned as a push is (the catalogue is not loaded up
    front), and a provider only the catalogue knows still blocks there."""
    import random

    builder, name = tokens.CATALOGUE_PROVIDERS["groq"]
    leak = repo.commit({".env": f"{name}={builder(random.Random(4))}\n"}, "leak")
    proc = scan(str(repo.path), "--range", f"{leak}~1..{leak}", "--jobs", jobs,
                "--format", "json", home=tmp_path)  # fmt: skip
    assert proc.returncode == ExitCode.FOUND, proc.stderr
    (finding,) = json.loads(proc.stdout)["findings"]
    assert (finding["provider"], finding["blocking"], finding["commit"]) == ("groq", True, leak)


def test_sarif_report(repo: GitRepo, tmp_path: Path) -> None:
    repo.commit({"k.pem": tokens.private_key_block("RSA") + "\n"}, "key")
    out = tmp_path / "report.sarif"
    proc = scan(str(repo.path), "--format", "sarif", "-o", str(out), home=tmp_path)
    assert proc.returncode == ExitCode.FOUND
    sarif = json.loads(out.read_text())
    assert sarif["version"] == "2.1.0"
    (result,) = sarif["runs"][0]["results"]
    assert result["ruleId"] == "private-key" and result["level"] == "error"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "k.pem"


@pytest.mark.parametrize("args", [["--range", "--output=/tmp/x"], ["--format", "xml"]])
def test_usage_errors_exit_2(repo: GitRepo, tmp_path: Path, args: list[str]) -> None:
    proc = scan(str(repo.path), *args, home=tmp_path)
    assert proc.returncode == ExitCode.USAGE
    assert "Traceback" not in proc.stderr


def test_not_a_repository_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    proc = scan(str(tmp_path / "plain"), home=tmp_path)
    assert proc.returncode == ExitCode.USAGE
    assert "not a git repository" in proc.stderr


def test_bad_config_exits_3(repo: GitRepo, tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text("[scan]\nmax_blob_bytes = 'big'\n")
    proc = scan(str(repo.path), "--config", str(tmp_path / "bad.toml"), home=tmp_path)
    assert proc.returncode == ExitCode.CONFIG
    assert "max_blob_bytes" in proc.stderr


@pytest.mark.parametrize("bad", ["no-such-branch..main", "main..v9.9", "README.txt"])
def test_unknown_range_is_a_usage_error_that_names_it(
    repo: GitRepo, tmp_path: Path, bad: str
) -> None:
    proc = scan(str(repo.path), "--range", bad, home=tmp_path)
    assert proc.returncode == ExitCode.USAGE
    assert f"--range {bad!r}: unknown revision" in proc.stderr
