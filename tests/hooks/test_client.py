"""The stdlib-only fast-path client: wire format, fallback with stdin replayed, start-up."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pushguard.hooks import client
from pushguard.hooks.daemon import parse_request

CLIENT = str(Path(client.__file__))


def run_client(
    socket_path: Path, *command: str, stdin: bytes = b"", extra: list[str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-S", "-E", *(extra or []), CLIENT, str(socket_path), *command],
        input=stdin,
        capture_output=True,
        check=False,
        timeout=60,
    )


def test_request_round_trips_through_the_daemon_parser() -> None:
    env = {
        b"GIT_DIR": b".",
        b"GL_USERNAME": b"alice",
        b"PUSHGUARD_CONFIG": b"/etc/x=y.toml",
        b"HOME": b"/root",
        b"SSH_AUTH_SOCK": b"/tmp/agent",
        b"GITHUB_REPO_NAME": b"o/r",
    }
    stdin = b"a" * 40 + b" " + b"b" * 40 + b" refs/heads/main\n\0odd"
    parsed = parse_request(client.request(b"/srv/repo.git", env, stdin))
    assert parsed.cwd == "/srv/repo.git"
    # only the variables the hook logic reads travel to the daemon
    assert parsed.env == {
        "GIT_DIR": ".",
        "GL_USERNAME": "alice",
        "PUSHGUARD_CONFIG": "/etc/x=y.toml",
        "GITHUB_REPO_NAME": "o/r",
    }
    assert parsed.stdin.encode("utf-8", "surrogateescape") == stdin


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"GET / HTTP/1.1\r\n\r\n",
        b"PUSHGUARD/1\nrelative\0\0",
        b"PUSHGUARD/1\n/x\0NOEQUALS\0\0",
    ],
)
def test_malformed_requests_are_refused(data: bytes) -> None:
    with pytest.raises(ValueError):
        parse_request(data)


@pytest.mark.parametrize("size", [0, 200_000])  # bigger than a pipe's buffer
def test_no_daemon_falls_back_with_stdin_replayed(tmp_path: Path, size: int) -> None:
    stdin = os.urandom(size)
    proc = run_client(tmp_path / "absent.sock", "/bin/cat", stdin=stdin)
    assert proc.returncode == 0
    assert proc.stdout == stdin


def test_stale_socket_falls_back(tmp_path: Path) -> None:
    path = tmp_path / "stale.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    sock.close()  # the file stays, nobody listens: a crashed daemon
    proc = run_client(path, "/bin/cat", stdin=b"refs\n")
    assert (proc.returncode, proc.stdout) == (0, b"refs\n")


@pytest.fixture
def fake_daemon(tmp_path: Path) -> Iterator[Callable[[bytes], Path]]:
    """A one-shot server answering with fixed bytes, after reading the whole request."""
    listeners: list[socket.socket] = []

    def start(reply: bytes) -> Path:
        path = tmp_path / "fake.sock"
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(str(path))
        listener.listen(1)
        listeners.append(listener)

        def serve() -> None:
            conn, _ = listener.accept()
            with conn:
                while conn.recv(65536):
                    pass
                conn.sendall(reply)

        threading.Thread(target=serve, daemon=True).start()
        return path

    yield start
    for listener in listeners:
        listener.close()


def test_daemon_verdict_is_printed_to_stderr_and_becomes_the_exit_code(
    fake_daemon: Callable[[bytes], Path],
) -> None:
    path = fake_daemon(b"1\npushguard: push rejected: ...\n")
    proc = run_client(path, "/bin/false", stdin=b"x\n")
    assert proc.returncode == 1
    assert proc.stderr == b"pushguard: push rejected: ...\n"
    assert proc.stdout == b""


@pytest.mark.parametrize("reply", [b"", b"bad request: ValueError", b"12"])
def test_a_broken_answer_falls_back(fake_daemon: Callable[[bytes], Path], reply: bytes) -> None:
    proc = run_client(fake_daemon(reply), "/bin/cat", stdin=b"replayed\n")
    assert (proc.returncode, proc.stdout) == (0, b"replayed\n")


def test_missing_fallback_command_rejects_with_one_line(tmp_path: Path) -> None:
    proc = run_client(tmp_path / "absent.sock", str(tmp_path / "no-such-pushguard"))
    assert proc.returncode == 1
    assert proc.stderr.count(b"\n") == 1 and b"push rejected" in proc.stderr


def test_client_imports_nothing_beyond_os_sys_and_socket(tmp_path: Path) -> None:
    proc = run_client(tmp_path / "absent.sock", "/bin/true", extra=["-X", "importtime"])
    imported = {
        line.split("|")[-1].strip()
        for line in proc.stderr.decode().splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert "_socket" in imported
    assert not imported & {"site", "re", "subprocess", "socket", "json", "pushguard", "typing"}
