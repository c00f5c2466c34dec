"""`pushguard repos`, `rescan`, `findings` and `jobs` against the real DB, Redis and git."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import redis
from rq.registry import FailedJobRegistry

from pushguard.cli.main import main
from pushguard.config import Config
from pushguard.workers.queue import scan_queue
from tests.helpers import tokens
from tests.helpers.gitrepo import GitRepo, MakeRepo


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def leaky_remote(make_repo: MakeRepo) -> GitRepo:
    remote = make_repo("widgets.git", bare=True)
    remote.commit({"README.md": "hi\n"}, "initial")
    remote.commit({"a.env": f"HF_TOKEN={tokens.huggingface_token()}\n"}, "leak")
    for i in range(3):
        remote.commit({f"n{i}.txt": f"{i}\n"}, f"note {i}")
    return remote


def test_repos_add_list_remove(
    pg_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(
        capsys,
        "repos",
        "add",
        "github",
        "acme/widgets",
        "https://github.com/acme/widgets.git",
        "--no-check",  # tests never reach the internet
    )
    assert code == 0
    secret = next(
        line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("webhook secret: ")
    )
    assert len(secret) >= 40 and "not shown again" in err
    assert "/webhooks/github/acme/widgets  (content type application/json" in out
    monkeypatch.setenv("GL_SECRET", "given-secret-value")
    code, out, _ = run(
        capsys,
        "repos",
        "add",
        "gitlab",
        "group/project",
        "https://gitlab.example.com/group/project.git",
        "--webhook-secret-env",
        "GL_SECRET",
        "--no-check",
    )
    assert code == 0 and "webhook secret:" not in out
    assert "/webhooks/gitlab/group/project  " in out
    code, out, _ = run(capsys, "repos", "list", "--format", "json")
    names = [(r["platform"], r["name"]) for r in json.loads(out)["repositories"]]
    assert names == [("github", "acme/widgets"), ("gitlab", "group/project")]
    assert secret not in out and "given-secret-value" not in out
    dup = run(capsys, "repos", "add", "github", "acme/widgets", "https://x/y.git", "--no-check")
    assert dup[0] == 2
    bad = run(
        capsys, "repos", "add", "github", "acme/other", "https://user:pw@github.com/acme/other.git"
    )
    assert bad[0] == 2 and "credentials" in bad[2]
    assert run(capsys, "repos", "remove", "acme/widgets")[0] == 0
    code, out, _ = run(capsys, "repos", "list")
    assert "acme/widgets" not in out and "group/project" in out
    assert run(capsys, "repos", "remove", "acme/widgets")[0] == 2


def test_rescan_then_findings(
    pg_home: Path,
    capsys: pytest.CaptureFixture[str],
    run_jobs: Callable[[], int],
    leaky_remote: GitRepo,
) -> None:
    run(capsys, "repos", "add", "local", "team/widgets", str(leaky_remote.path))
    code, out, _ = run(capsys, "rescan", "team/widgets")
    assert code == 0 and out.strip().isdigit()
    assert run_jobs() == 1
    code, out, _ = run(capsys, "findings", "--format", "json")
    [finding] = json.loads(out)["findings"]
    assert (finding["repo"], finding["path"], finding["line"]) == ("local/team/widgets", "a.env", 1)
    assert finding["redacted"].startswith("hf_") and "…" in finding["redacted"]
    assert (finding["provider"], finding["confidence"]) == ("huggingface", "high")
    assert "a.env:1" in run(capsys, "findings", "--provider", "huggingface")[1]
    assert "no findings" in run(capsys, "findings", "--provider", "groq")[1]
    code, out, _ = run(capsys, "findings", "--repo", "team/widgets", "--status", "open")
    assert "a.env:1" in out
    assert "no findings" in run(capsys, "findings", "--status", "resolved")[1]
    # a range that excludes the leak finds nothing new; the stored finding stays single
    run(capsys, "rescan", "team/widgets", "--range", "HEAD~2..HEAD")
    run_jobs()
    assert len(json.loads(run(capsys, "findings", "--format", "json")[1])["findings"]) == 1


def test_rescan_all_reports_a_secret_once_where_it_came_in_across_branches(
    pg_home: Path,
    capsys: pytest.CaptureFixture[str],
    run_jobs: Callable[[], int],
    make_repo: MakeRepo,
) -> None:
    """A whole-history rescan reads each blob once (as ``pushguard scan`` does): a token
    kept while its file changes, and copied to a branch, is one finding per path, at the
    commit that brought it in, on its line there; a key rewritten far below its header is
    found again."""
    remote = make_repo("widgets.git", bare=True)
    token = tokens.huggingface_token()
    remote.commit({"README.md": "hi\n"}, "initial")
    leak = remote.commit({"app.env": f"HF_TOKEN={token}\n"}, "leak")
    for n in range(3):
        lines = "".join(f"OPT_{i}={i}\n" for i in range(n + 1))
        remote.commit({"app.env": f"{lines}HF_TOKEN={token}\n"}, f"edit {n}")
    remote.branch("feature")
    remote.commit({"docs/app.env": f"HF_TOKEN={token}\n"}, "copy", branch="feature")
    # a deploy key replaced 35 lines below its header: its diff adds no header line, the
    # new version of the file still holds a whole new key
    key = tokens.private_key_block("RSA", lines=40).split("\n")
    remote.commit({"deploy/id_rsa": "\n".join(key) + "\n"}, "key")
    key[35] = tokens.base64_secret(64)
    remote.commit({"deploy/id_rsa": "\n".join(key) + "\n"}, "rekey")
    run(capsys, "repos", "add", "local", "team/widgets", str(remote.path))
    run(capsys, "rescan", "team/widgets", "--all")
    assert run_jobs() == 1
    found = json.loads(run(capsys, "findings", "--format", "json")[1])["findings"]
    assert sorted((f["path"], f["line"], f["commit"] == leak) for f in found) == [
        ("app.env", 1, True),
        ("deploy/id_rsa", 1, False),
        ("deploy/id_rsa", 1, False),
        ("docs/app.env", 1, False),
    ]


def test_rescan_wait_shows_progress_and_exits_1_on_findings(
    pg_home: Path,
    capsys: pytest.CaptureFixture[str],
    run_jobs: Callable[[], int],
    leaky_remote: GitRepo,
    service_config: Config,
    redis_conn: redis.Redis,
) -> None:
    run(capsys, "repos", "add", "local", "team/widgets", str(leaky_remote.path))
    waiting = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pushguard",
            "rescan",
            "team/widgets",
            "--all",
            "--wait",
            "--timeout",
            "120",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    queue = scan_queue(redis_conn)
    deadline = time.monotonic() + 60
    while not queue.count and waiting.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    run_jobs()
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 1, err
    assert "5 commits, 1 findings" in out
    # no terminal: progress as lines a log can read, the last one complete
    assert re.search(r"^scan \d+: 5/5 commits scanned$", err, flags=re.M), err


def test_jobs_show_failures_and_requeue(
    pg_home: Path,
    capsys: pytest.CaptureFixture[str],
    run_jobs: Callable[[], int],
    redis_conn: redis.Redis,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("PUSHGUARD_SERVICE_JOB_RETRIES", "0")
    # nothing listens on port 1: a network failure, which jobs retry and then keep as failed
    run(capsys, "repos", "add", "local", "team/gone", "http://127.0.0.1:1/gone.git", "--no-check")
    run(capsys, "rescan", "team/gone")
    run_jobs()
    code, out, _ = run(capsys, "jobs")
    assert code == 0 and "pushguard:\n  queued     0\n" in out and "failed     1" in out
    assert "pushguard-respond:\n  queued     0\n" in out
    code, out, _ = run(capsys, "jobs", "failed")
    assert "scan-1" in out and "GitError" in out  # the reason, not just "failed"
    assert run(capsys, "jobs", "requeue", "--all")[0] == 0
    assert FailedJobRegistry(queue=scan_queue(redis_conn)).count == 0
    assert scan_queue(redis_conn).count == 1
    code, _, err = run(capsys, "jobs", "requeue", "no-such-job")
    assert code == 2 and "no-such-job" in err
