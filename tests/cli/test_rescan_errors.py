"""Permanent rescan errors fail at once with the reason on the scan and exit 2; `repos add`
checks the clone URL first."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import redis
from flask.testing import FlaskClient
from rq.registry import FailedJobRegistry, ScheduledJobRegistry

from pushguard.cli.main import main
from pushguard.config import Config
from pushguard.errors import GitError
from pushguard.store.db import Database
from pushguard.store.models import Scan
from pushguard.tokens import create_token, load_token_key
from pushguard.workers.mirror import check_reachable
from pushguard.workers.queue import scan_queue
from pushguard.workers.scan_errors import classify
from tests.helpers.gitrepo import GitRepo, MakeRepo


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def remote(make_repo: MakeRepo) -> GitRepo:
    repo = make_repo("widgets.git", bare=True)
    repo.commit({"README.md": "hi\n"}, "initial")
    return repo


def wait_for(
    args: list[str], redis_conn: redis.Redis, run_jobs: Callable[[], int]
) -> subprocess.CompletedProcess[str]:
    """``pushguard rescan ... --wait`` in a subprocess while this process runs the jobs."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "pushguard", "rescan", *args, "--wait", "--timeout", "120"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    queue = scan_queue(redis_conn)
    deadline = time.monotonic() + 60
    while not queue.count and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    run_jobs()
    out, err = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def _no_retry_and_reason(redis_conn: redis.Redis, database: Database, text: str) -> None:
    queue = scan_queue(redis_conn)
    assert FailedJobRegistry(queue=queue).count == 0  # nothing left to retry for minutes
    assert ScheduledJobRegistry(queue=queue).count == 0 and queue.count == 0
    with database.session() as s:
        scan = s.query(Scan).order_by(Scan.id.desc()).first()
        assert scan is not None and (scan.status, scan.error_kind) == ("failed", "permanent")
        assert scan.error is not None and text in scan.error


def test_unknown_range_fails_at_once_with_exit_2(
    pg_home: Path,
    capsys: pytest.CaptureFixture[str],
    run_jobs: Callable[[], int],
    redis_conn: redis.Redis,
    database: Database,
    remote: GitRepo,
    client: FlaskClient,
    service_config: Config,
) -> None:
    assert run(capsys, "repos", "add", "local", "team/widgets", str(remote.path))[0] == 0
    proc = wait_for(["team/widgets", "--range", "nosuch..main"], redis_conn, run_jobs)
    assert proc.returncode == 2, proc.stderr
    assert "'nosuch..main': unknown revision" in proc.stderr
    assert "jobs failed" not in proc.stderr
    _no_retry_and_reason(redis_conn, database, "nosuch..main")
    # the admin API shows the reason and that it will not be retried
    with database.session() as s:
        raw, _ = create_token(
            s,
            load_token_key(service_config.token_key_file, create=True),
            name="t",
            scopes=["findings:read"],
            lifetime=dt.timedelta(days=1),
        )
    body = client.get("/api/v1/scans", headers={"Authorization": f"Bearer {raw}"}).get_json()
    assert body["scans"][0]["error_kind"] == "permanent"
    assert "nosuch..main" in body["scans"][0]["error"]


def test_a_repository_that_went_away_fails_at_once_with_exit_2(
    pg_home: Path,
    capsys: pytest.CaptureFixture[str],
    run_jobs: Callable[[], int],
    redis_conn: redis.Redis,
    database: Database,
    tmp_path: Path,
) -> None:
    gone = tmp_path / "gone.git"
    code, _, err = run(capsys, "repos", "add", "local", "team/gone", str(gone))
    assert code == 2 and "does not appear to be a git repository" in err and "--no-check" in err
    assert run(capsys, "repos", "add", "local", "team/gone", str(gone), "--no-check")[0] == 0
    proc = wait_for(["team/gone"], redis_conn, run_jobs)
    assert proc.returncode == 2, proc.stderr
    assert "does not appear to be a git repository" in proc.stderr
    _no_retry_and_reason(redis_conn, database, str(gone))


def test_repos_add_accepts_a_file_url_and_a_path(
    pg_home: Path, capsys: pytest.CaptureFixture[str], remote: GitRepo
) -> None:
    assert run(capsys, "repos", "add", "local", "a/b", f"file://{remote.path}")[0] == 0
    assert run(capsys, "repos", "add", "local", "c/d", str(remote.path))[0] == 0


def test_git_errors_are_told_apart(tmp_path: Path) -> None:
    def reason(url: str) -> GitError:
        try:
            check_reachable(url)
        except Exception as exc:  # UsageError: its text is git's reason
            return GitError(str(exc))
        raise AssertionError(f"{url} answered")

    assert classify(reason(str(tmp_path / "missing.git"))) == "permanent"
    # nothing listens on port 1: the network may come back, so retry
    assert classify(reason("http://127.0.0.1:1/repo.git")) == "transient"
    assert classify(RuntimeError("bug")) == "internal"
