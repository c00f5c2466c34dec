"""The warm daemon: end to end through the installed hook, and its moving parts."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pushguard.errors import ExitCode, FatalError
from pushguard.hooks.daemon import ConfigCache, HookServer, Request, answer
from pushguard.hooks.paths import HookPaths
from tests.helpers import tokens
from tests.hooks.conftest import MakeServer

WARM_UP_SECONDS = 60  # importing detect-secrets on a loaded machine


def start_daemon(socket_path: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    exe = HookPaths.detect(None, None).pushguard
    proc = subprocess.Popen(
        [exe, "hook-daemon", "--socket", str(socket_path)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + WARM_UP_SECONDS
    while not socket_path.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            assert proc.stderr is not None
            raise AssertionError(f"hook-daemon did not start: {proc.stderr.read()!r}")
        time.sleep(0.05)
    return proc


@pytest.fixture
def daemons() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        if proc.stderr:
            proc.stderr.close()


def test_pushes_through_the_daemon_then_fall_back_when_it_dies(
    make_server: MakeServer, tmp_path: Path, daemons: list[subprocess.Popen[bytes]]
) -> None:
    sock = tmp_path / "run" / "scan.sock"
    # the in-process fallback leaves a mark, so we know which path decided each push
    marker = tmp_path / "fallback-ran"
    wrapper = tmp_path / "pushguard-wrapper"
    real = HookPaths.detect(None, None).pushguard
    wrapper.write_text(f'#!/bin/sh\necho ran >> "{marker}"\nexec "{real}" "$@"\n')
    wrapper.chmod(0o755)
    paths = dataclasses.replace(HookPaths.detect(None, sock), pushguard=str(wrapper))
    server = make_server(paths=paths)
    daemons.append(start_daemon(sock, {**os.environ, **server.env}))
    assert sock.stat().st_mode & 0o777 == 0o600

    token = tokens.github_token()
    bad = server.work.commit({"d.py": f"T = '{token}'\n"})
    result = server.push("main")
    assert not result.accepted
    assert f"{bad[:10]}  d.py:1  github-token" in result.remote
    assert token not in result.output
    assert not marker.exists()
    [event] = server.events()
    assert event["action"] == "blocked"

    # a changed config file is read again: allowlisting the fingerprint lets the push in
    shown = event["findings"][0]["fingerprint"]
    server.configure(f'[[allowlist]]\nfingerprint = "{shown}"\nreason = "fixture"\n')
    assert server.push("main").accepted
    assert not marker.exists()

    daemons[0].kill()  # SIGKILL: the socket file stays behind, stale
    daemons[0].wait()
    assert sock.exists()
    bad2 = server.work.commit({"e.py": f"T = '{tokens.npm_token()}'\n"})
    result = server.push("main")
    assert not result.accepted and f"{bad2[:10]}  e.py:1  npm-token" in result.remote
    assert marker.read_text() == "ran\n"


def test_one_daemon_per_socket_and_sigterm_removes_it(
    tmp_path: Path, daemons: list[subprocess.Popen[bytes]]
) -> None:
    sock = tmp_path / "scan.sock"
    env = {**os.environ, "PUSHGUARD_HOME": str(tmp_path / "home")}
    daemons.append(start_daemon(sock, env))
    exe = HookPaths.detect(None, None).pushguard
    second = subprocess.run(
        [exe, "hook-daemon", "--socket", str(sock)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=WARM_UP_SECONDS,
    )
    assert second.returncode == ExitCode.USAGE  # the operator's mistake
    assert "already serving" in second.stderr
    daemons[0].send_signal(signal.SIGTERM)
    assert daemons[0].wait(timeout=30) == 0
    assert not sock.exists()


def test_refuses_to_replace_a_file_that_is_not_a_socket(tmp_path: Path) -> None:
    path = tmp_path / "scan.sock"
    path.write_text("precious")
    with pytest.raises(FatalError, match="not a socket"):
        HookServer(path, ConfigCache())
    assert path.read_text() == "precious"


def test_config_cache_reloads_when_the_file_changes(tmp_path: Path) -> None:
    file = tmp_path / "pushguard.toml"
    file.write_text("[hook]\nbudget_seconds = 1\n")
    env = {"PUSHGUARD_CONFIG": str(file), "PUSHGUARD_HOME": str(tmp_path)}
    cache = ConfigCache()
    first = cache.get(env)
    assert cache.get(env) is first
    file.write_text("[hook]\nbudget_seconds = 2.5\n")
    os.utime(file, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert cache.get(env).hook.budget_seconds == 2.5
    # PUSHGUARD_* overrides are part of what a config is, as they are in-process
    assert cache.get({**env, "PUSHGUARD_HOOK_BUDGET_SECONDS": "7"}).hook.budget_seconds == 7


def test_an_unreadable_config_rejects_like_the_in_process_hook(tmp_path: Path) -> None:
    file = tmp_path / "pushguard.toml"
    file.write_text("[hook]\nbudget_seconds = 'soon'\n")
    request = Request("/srv/repo.git", {"PUSHGUARD_CONFIG": str(file), "GL_ID": "user-1"}, "")
    code, output = answer(request, ConfigCache(), uid=None)
    assert code == ExitCode.CONFIG
    assert output.startswith("GL-HOOK-ERR: pushguard: push rejected: the server's pushguard")
    assert output.count("\n") == 1
