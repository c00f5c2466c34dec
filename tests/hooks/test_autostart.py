"""The installed hook starts its own warm scanner: no admin step, one daemon, clean env."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pushguard.hooks.paths import HookPaths
from tests.helpers import tokens
from tests.helpers.daemons import alive, daemon_pid
from tests.hooks.conftest import MakeServer, PushResult, Server

START_SECONDS = 60  # a cold daemon imports the engine on a shared, loaded machine


@pytest.fixture
def started_pids() -> Iterator[list[int]]:
    pids: list[int] = []
    yield pids
    for pid in pids:  # the daemons our pushes started, by pid
        if alive(pid):
            os.kill(pid, signal.SIGTERM)


def autostart_server(make_server: MakeServer, tmp_path: Path, idle: float) -> tuple[Server, Path]:
    sock = tmp_path / "run" / "s.sock"
    server = make_server(paths=HookPaths.detect(None, sock, autostart_idle=idle))
    return server, sock


def test_first_push_starts_one_warm_daemon_without_the_push_environment(
    make_server: MakeServer, tmp_path: Path, started_pids: list[int]
) -> None:
    server, sock = autostart_server(make_server, tmp_path, idle=600)
    assert not sock.exists()
    server.work.commit({"README.md": "hello\n"})
    assert server.push("main").accepted
    pid = daemon_pid(sock)
    assert pid is not None, (sock.parent / "s.sock.log").read_text()
    started_pids.append(pid)
    environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    names = {entry.partition(b"=")[0] for entry in environ if entry}
    assert not [n for n in names if n.startswith(b"GIT_")]  # no quarantine, no GIT_DIR
    assert b"PUSHGUARD_HOME" in names  # the hook's own settings do carry over
    assert os.readlink(f"/proc/{pid}/cwd") == "/"
    assert os.getsid(pid) == pid  # its own session: the pusher's SSH hang-up does not reach it

    # the next pushes are answered by that same daemon, with the in-process answer
    token = tokens.github_token()
    server.work.commit({"s.py": f"T = '{token}'\n"})
    warm = server.push("main")
    assert daemon_pid(sock) == pid
    assert not warm.accepted and "s.py:1  github-token" in warm.remote
    assert token not in warm.output
    in_process = push_in_process(server)
    assert in_process.remote == warm.remote


def push_in_process(server: Server) -> PushResult:
    """The same push decided by ``pushguard pre-receive`` in a fresh process."""
    hook = server.remote.path / "hooks" / "pre-receive"
    text = hook.read_text()
    hook.write_text(text.replace("pg_idle=", "pg_idle= #", 1).replace("pg_socket=", "pg_socket= #"))
    try:
        return server.push("main")
    finally:
        hook.write_text(text)


def test_concurrent_first_pushes_start_a_single_daemon(
    make_server: MakeServer, tmp_path: Path, started_pids: list[int]
) -> None:
    server, sock = autostart_server(make_server, tmp_path, idle=600)
    server.work.commit({"a.txt": "a\n"})
    branches = [f"b{i}" for i in range(4)]
    for branch in branches:
        server.work.branch(branch)
    results: dict[str, PushResult] = {}

    def push(branch: str) -> None:
        results[branch] = server.push(branch)

    threads = [threading.Thread(target=push, args=(b,)) for b in branches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(START_SECONDS * 2)
    assert all(r.accepted for r in results.values()), [r.output for r in results.values()]
    pid = daemon_pid(sock)
    assert pid is not None
    started_pids.append(pid)
    log = (sock.parent / "s.sock.log").read_text()
    assert log.count("serving") == 1, log  # one daemon started; the others waited for it


def test_an_idle_daemon_exits_and_the_next_push_starts_another(
    make_server: MakeServer, tmp_path: Path, started_pids: list[int]
) -> None:
    server, sock = autostart_server(make_server, tmp_path, idle=3)
    server.work.commit({"a.txt": "a\n"})
    assert server.push("main").accepted
    pid = daemon_pid(sock)
    assert pid is not None
    started_pids.append(pid)
    deadline = time.monotonic() + 30
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(pid) and not sock.exists()
    server.work.commit({"b.txt": "b\n"})
    assert server.push("main").accepted
    second = daemon_pid(sock)
    assert second is not None and second != pid
    started_pids.append(second)


def test_a_daemon_that_cannot_start_leaves_the_push_to_the_in_process_hook(
    make_server: MakeServer, tmp_path: Path
) -> None:
    server, sock = autostart_server(make_server, tmp_path, idle=600)
    sock.parent.mkdir()
    sock.write_text("")  # not a socket: the daemon refuses to replace it and exits
    token = tokens.github_token()
    server.work.commit({"s.py": f"T = '{token}'\n"})
    result = server.push("main")
    assert not result.accepted and "s.py:1  github-token" in result.remote
    assert "is not a socket" in (sock.parent / "s.sock.log").read_text()
    assert (sock.parent / "s.sock.failed").exists()  # the next pushes do not retry at once
