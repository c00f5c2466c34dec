"""`pushguard serve` as a supervisor: one per HOME, quick stops, children restarted."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import psutil
import pytest
import redis

from pushguard.cli.main import main
from tests.helpers import tokens
from tests.helpers.catalogue import share_cache
from tests.helpers.gitrepo import MakeRepo
from tests.helpers.gitserver import GitHttpServer
from tests.helpers.webhooks import body_of, github_headers, github_push

STOP_LIMIT = 5.0

_LOGS: dict[int, IO[str]] = {}


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
            return int(response.status)
    except OSError:
        return 0


@pytest.fixture
def serve_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    for key in list(os.environ):
        if key.startswith("PUSHGUARD_"):
            monkeypatch.delenv(key)
    env = dict(os.environ)
    env["PUSHGUARD_HOME"] = str(share_cache(tmp_path / "h"))
    env["PUSHGUARD_CONFIG"] = os.devnull
    env["PUSHGUARD_RESPOND_ENABLED"] = "false"
    # gunicorn's control socket would default to ~/.gunicorn/gunicorn.ctl, shared per user
    env["HOME"] = str(tmp_path / "user")
    env.pop("XDG_RUNTIME_DIR", None)
    yield env


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(env: dict[str, str], port: int) -> subprocess.Popen[str]:
    # a file, not a pipe: nothing reads the output while serve runs
    log = (Path(env["PUSHGUARD_HOME"]).parent / f"serve-{port}.log").open("w+")
    _LOGS[port] = log
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pushguard",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def _wait_serving(proc: subprocess.Popen[str], port: int) -> None:
    deadline = time.monotonic() + 60
    while _get(f"http://127.0.0.1:{port}/readyz") != 200:
        assert proc.poll() is None, "serve exited"
        assert time.monotonic() < deadline, "serve did not start"
        time.sleep(0.02)


def _stop(proc: subprocess.Popen[str]) -> tuple[float, str]:
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=STOP_LIMIT * 6)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    elapsed = time.monotonic() - started
    port = int(str(proc.args[5]).rpartition(":")[2])  # type: ignore[index]
    log = _LOGS.pop(port)
    log.seek(0)
    output = log.read()
    log.close()
    return elapsed, output


def test_second_serve_on_the_same_home_refuses_and_touches_nothing(
    serve_env: dict[str, str],
) -> None:
    port = _free_port()
    first = _serve(serve_env, port)
    try:
        _wait_serving(first, port)
        sock = Path(serve_env["PUSHGUARD_HOME"]) / "redis" / "redis.sock"
        inode = sock.stat().st_ino
        started = time.monotonic()
        second = subprocess.run(
            [sys.executable, "-m", "pushguard", "serve", "--bind", f"127.0.0.1:{_free_port()}"],
            env=serve_env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert time.monotonic() - started < STOP_LIMIT
        assert second.returncode != 0
        assert second.stdout == ""  # never "serving"
        lines = second.stderr.strip().splitlines()
        assert len(lines) == 1 and "already running" in lines[0], second.stderr
        assert str(first.pid) in lines[0]
        # the first one's Redis is untouched and it still serves
        assert sock.stat().st_ino == inode
        assert redis.Redis(unix_socket_path=str(sock)).ping()
        assert _get(f"http://127.0.0.1:{port}/readyz") == 200
    finally:
        _, output = _stop(first)
    assert first.returncode == 0, output


def test_serve_refuses_an_address_in_use_before_saying_it_serves(
    serve_env: dict[str, str],
) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "pushguard", "serve", "--bind", f"127.0.0.1:{port}"],
            env=serve_env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode != 0
    assert "serving" not in done.stdout
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr
    assert not (Path(serve_env["PUSHGUARD_HOME"]) / "redis").exists()  # nothing started


def _left_behind(home: str) -> list[psutil.Process]:
    """Processes of this HOME still running (a child `serve` lost track of)."""
    found = []
    for proc in psutil.process_iter():
        try:
            if proc.environ().get("PUSHGUARD_HOME") == home:
                found.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found


def test_serve_stops_within_seconds_every_time(serve_env: dict[str, str]) -> None:
    durations = []
    for _ in range(4):
        port = _free_port()
        proc = _serve(serve_env, port)
        # stopped as soon as it answers: the worker is being started right then
        _wait_serving(proc, port)
        elapsed, output = _stop(proc)
        assert proc.returncode == 0, output
        assert _left_behind(serve_env["PUSHGUARD_HOME"]) == []
        durations.append(elapsed)
    assert not (Path(serve_env["HOME"]) / ".gunicorn").exists()  # no control socket
    assert max(durations) < STOP_LIMIT, durations


def _child(proc: subprocess.Popen[str], word: str) -> psutil.Process:
    deadline = time.monotonic() + 30
    while True:
        for child in psutil.Process(proc.pid).children():
            try:
                argv = child.cmdline()
                if child.status() != psutil.STATUS_ZOMBIE and (
                    word in argv or (bool(argv) and word in argv[0])
                ):
                    return child
            except psutil.NoSuchProcess:
                continue
        assert time.monotonic() < deadline, f"no {word} child"
        time.sleep(0.1)


def test_serve_restarts_a_dead_child_and_keeps_serving(serve_env: dict[str, str]) -> None:
    port = _free_port()
    proc = _serve(serve_env, port)
    try:
        _wait_serving(proc, port)
        worker = _child(proc, "worker")
        redis_server = _child(proc, "redis-server")
        redis_server.kill()  # Redis killed under serve
        worker.kill()
        deadline = time.monotonic() + 30
        while True:
            new_worker = _child(proc, "worker")
            if (
                new_worker.pid != worker.pid
                and _child(proc, "redis-server").pid != redis_server.pid
            ):
                break
            assert time.monotonic() < deadline, "children not restarted"
            time.sleep(0.2)
        _wait_serving(proc, port)
    finally:
        _, output = _stop(proc)
    assert proc.returncode == 0, output
    assert "starting it again" in output


class _SlowGitServer(GitHttpServer):
    """Holds the first fetch (upload-pack) for ``delay`` seconds: git is in flight."""

    def __init__(self, root: Path, delay: float) -> None:
        super().__init__(root)
        self.delay = delay
        self.fetching = threading.Event()

    def _app(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ["REQUEST_METHOD"] == "POST" and not self.fetching.is_set():
            self.fetching.set()
            time.sleep(self.delay)
        return super()._app(environ, start_response)


def test_stopping_serve_lets_the_job_in_progress_finish(
    serve_env: dict[str, str],
    make_repo: MakeRepo,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for key, value in serve_env.items():
        if key.startswith("PUSHGUARD_"):
            monkeypatch.setenv(key, value)
    remote = make_repo("widgets.git", bare=True)
    before = remote.commit({"README.md": "hi\n"}, "initial")
    after = remote.commit({"k.txt": f"key={tokens.anthropic_key()}\n"}, "leak")
    git = _SlowGitServer(remote.path.parent, delay=3.0).start()
    port = _free_port()
    proc = _serve(serve_env, port)
    try:
        _wait_serving(proc, port)
        # --no-check: its ls-remote would count as the fetch this test waits for
        url = git.url_for("widgets.git")
        assert main(["repos", "add", "github", "acme/widgets", url, "--no-check"]) == 0
        printed = dict(
            line.split(": ", 1) for line in capsys.readouterr().out.splitlines() if ": " in line
        )
        body = body_of(github_push("acme/widgets", "refs/heads/main", before, after))
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/webhooks/github/acme/widgets",
            data=body,
            headers=github_headers(printed["webhook secret"], body),
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            assert response.status == 202
        assert git.fetching.wait(60), "the job never fetched"
    finally:
        _, output = _stop(proc)  # while git is fetching
        git.stop()
    assert proc.returncode == 0, output
    assert main(["findings", "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)["findings"]
    assert [f["path"] for f in found] == ["k.txt"], output  # the job finished its scan
