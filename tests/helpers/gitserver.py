"""Serve test repositories over smart HTTP: `git http-backend` behind a tiny WSGI server.

The fetch path under test is then the real one (HTTP, upload-pack, auth headers). Optional
Basic auth: requests without the expected ``Authorization`` header get 401, like a private
repository on a git platform. Every request's path and headers are recorded so tests can
assert that credentials travelled in a header, never in a URL.

Fixture: ``git_http_server(root, auth=None) -> GitHttpServer`` (``.url_for(name)``).
"""

from __future__ import annotations

import base64
import hmac
import os
import subprocess
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any, NamedTuple
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest


class SeenRequest(NamedTuple):
    method: str
    path: str
    query: str
    authorization: str | None


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class GitHttpServer:
    def __init__(self, root: Path, auth: tuple[str, str] | None = None) -> None:
        self.root = root
        self.auth = auth
        self.requests: list[SeenRequest] = []
        self._server = make_server(
            "127.0.0.1", 0, self._app, server_class=_ThreadingServer, handler_class=_QuietHandler
        )
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def url_for(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/{name}"

    def start(self) -> GitHttpServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _authorized(self, header: str | None) -> bool:
        if self.auth is None:
            return True
        expected = "Basic " + base64.b64encode(":".join(self.auth).encode()).decode()
        return header is not None and hmac.compare_digest(header.encode(), expected.encode())

    def _app(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        authorization = environ.get("HTTP_AUTHORIZATION")
        self.requests.append(
            SeenRequest(
                environ["REQUEST_METHOD"],
                environ.get("PATH_INFO", ""),
                environ.get("QUERY_STRING", ""),
                authorization,
            )
        )
        if not self._authorized(authorization):
            start_response(
                "401 Unauthorized",
                [("WWW-Authenticate", 'Basic realm="git"'), ("Content-Length", "0")],
            )
            return [b""]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        cgi_env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "GIT_PROJECT_ROOT": str(self.root),
            "GIT_HTTP_EXPORT_ALL": "1",
            "GIT_CONFIG_NOSYSTEM": "1",
            "HOME": str(self.root),
            "REQUEST_METHOD": environ["REQUEST_METHOD"],
            "PATH_INFO": environ.get("PATH_INFO", ""),
            "QUERY_STRING": environ.get("QUERY_STRING", ""),
            "CONTENT_TYPE": environ.get("CONTENT_TYPE", ""),
            "CONTENT_LENGTH": str(len(body)),
            "REMOTE_ADDR": "127.0.0.1",
            "GIT_PROTOCOL": environ.get("HTTP_GIT_PROTOCOL", ""),
        }
        if environ.get("HTTP_CONTENT_ENCODING"):
            cgi_env["HTTP_CONTENT_ENCODING"] = environ["HTTP_CONTENT_ENCODING"]
        proc = subprocess.run(
            ["git", "http-backend"], input=body, env=cgi_env, capture_output=True, check=False
        )
        head, _, payload = proc.stdout.partition(b"\r\n\r\n")
        if not _:
            head, _, payload = proc.stdout.partition(b"\n\n")
        status = "200 OK"
        headers = []
        for line in head.decode("latin-1").splitlines():
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = value.strip()
            elif name:
                headers.append((name.strip(), value.strip()))
        start_response(status, headers)
        return [payload]


@pytest.fixture
def git_http_server() -> Iterator[Callable[..., GitHttpServer]]:
    servers: list[GitHttpServer] = []

    def factory(root: Path, auth: tuple[str, str] | None = None) -> GitHttpServer:
        server = GitHttpServer(root, auth).start()
        servers.append(server)
        return server

    yield factory
    for server in servers:
        server.stop()
