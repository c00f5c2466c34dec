"""The webhook service under a real gunicorn with deploy/gunicorn.conf.py: broken bodies,
clients that hang up, and slow clients that must not starve intake (issue #13)."""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.helpers.webhooks import body_of, github_headers, github_push
from tests.webhook.test_intake import SECRET

ROOT = Path(__file__).resolve().parents[2]
SLOW_CLIENTS = 50


class Server:
    def __init__(self, port: int, log: Path) -> None:
        self.port, self.log = port, log

    def connect(self, timeout: float = 5.0) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=timeout)

    def raw(self, data: bytes, *, timeout: float = 5.0) -> bytes:
        """Send ``data``, read the answer until the server closes or stays silent."""
        with self.connect(timeout) as sock:
            sock.sendall(data)
            chunks = []
            with contextlib.suppress(TimeoutError):
                while chunk := sock.recv(65536):
                    chunks.append(chunk)
        return b"".join(chunks)

    def post(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict]:  # type: ignore[type-arg]
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, json.loads(response.read() or b"{}")
        finally:
            conn.close()


@pytest.fixture
def server(pg_home: Path, register: Callable[..., int], tmp_path: Path) -> Iterator[Server]:
    register("github", "acme/widgets", secret=SECRET)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                str(ROOT / "deploy" / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    srv = Server(port, log)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, log.read_text()
            with contextlib.suppress(OSError):
                if b" 200 " in srv.raw(b"GET /healthz HTTP/1.0\r\n\r\n", timeout=2)[:20]:
                    break
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.1)
        yield srv
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _delivery(n: int) -> tuple[bytes, dict[str, str]]:
    before, after = f"{n:040x}", f"{n + 1:040x}"
    body = body_of(github_push("acme/widgets", "refs/heads/main", before, after))
    return body, github_headers(SECRET, body)


def _no_traceback(server: Server) -> None:
    text = server.log.read_text()
    assert "Traceback" not in text, text[-3000:]


def test_malformed_chunked_body_is_a_400_without_a_traceback(server: Server) -> None:
    body, headers = _delivery(1)
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    answer = server.raw(
        b"POST /webhooks/github/acme/widgets HTTP/1.1\r\nHost: x\r\n"
        + head.encode()
        + b"Transfer-Encoding: chunked\r\n\r\nzz\r\n"
        + body
        + b"\r\n0\r\n\r\n"
    )
    status = answer.split(b"\r\n", 1)[0]
    assert b" 400 " in status + b" ", answer[:300]
    assert b'{"error":' in answer
    _no_traceback(server)


def test_client_hanging_up_mid_body_leaves_no_traceback(server: Server) -> None:
    body, headers = _delivery(2)
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items() if k != "Content-Length")
    for _ in range(3):
        with server.connect() as sock:
            sock.sendall(
                b"POST /webhooks/github/acme/widgets HTTP/1.1\r\nHost: x\r\n"
                + head.encode()
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body[: len(body) // 2]
            )
    # the service is still there, and said nothing more than one line per hang-up
    assert server.post("/webhooks/github/acme/widgets", *_delivery(3))[0] == 202
    time.sleep(0.5)
    _no_traceback(server)


def test_slow_clients_do_not_starve_intake(server: Server) -> None:
    slow: list[socket.socket] = []
    try:
        for i in range(SLOW_CLIENTS):
            sock = server.connect()
            if i % 3 == 1:  # slow headers
                sock.sendall(b"POST /webhooks/github/acme/widgets HTTP/1.1\r\nHost: x\r\n")
            elif i % 3 == 2:  # a body at a trickle
                sock.sendall(
                    b"POST /webhooks/github/acme/widgets HTTP/1.1\r\nHost: x\r\n"
                    b"X-Hub-Signature-256: sha256=00\r\nX-GitHub-Event: push\r\n"
                    b"Content-Length: 100000\r\n\r\n{"
                )
            slow.append(sock)  # i % 3 == 0: connected, silent
        for n in range(10, 30):
            for i, sock in enumerate(slow):  # keep trickling between deliveries
                if i % 3:
                    with contextlib.suppress(OSError):
                        sock.send(b" " if i % 3 == 2 else b"X")
            status, answer = server.post("/webhooks/github/acme/widgets", *_delivery(n))
            assert status == 202, answer
            assert answer["status"] in ("queued", "stored")
    finally:
        for sock in slow:
            sock.close()
