"""Stateful stand-ins for provider APIs and a real SMTP server, for pipeline tests and bench.

``FakeHub`` plays Hugging Face's documented contract: ``GET /api/whoami-v2`` answers 200 for a
live token and 401 otherwise; ``POST /api/credentials/revoke`` always answers 202 and revokes
whatever it knows. ``FakeGitHub`` does the same for ``GET /user`` and the unauthenticated
``POST /credentials/revoke``.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response


class FakeHub:
    def __init__(self, server: HTTPServer, live: set[str] | None = None) -> None:
        self.live = set(live or ())
        self.whoami_calls = 0
        self.revoke_calls = 0
        self.revoked: list[str] = []
        self._lock = threading.Lock()
        server.expect_request("/api/whoami-v2", method="GET").respond_with_handler(self.whoami)
        server.expect_request("/api/credentials/revoke", method="POST").respond_with_handler(
            self.revoke
        )

    def whoami(self, request: Request) -> Response:
        with self._lock:
            self.whoami_calls += 1
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if token in self.live:
            body = {
                "name": "alice",
                "email": "alice@example.org",
                "auth": {"accessToken": {"role": "write"}},
            }
            return Response(json.dumps(body), content_type="application/json")
        return Response(
            json.dumps({"error": "Invalid credentials"}),
            status=401,
            content_type="application/json",
        )

    def revoke(self, request: Request) -> Response:
        credentials = json.loads(request.get_data())["credentials"]
        with self._lock:
            self.revoke_calls += 1
            self.revoked.extend(credentials)
            self.live.difference_update(credentials)
        return Response("", status=202)


class FakeGitHub:
    def __init__(self, server: HTTPServer, live: set[str] | None = None) -> None:
        self.live = set(live or ())
        self.revoke_calls = 0
        server.expect_request("/user").respond_with_handler(self.user)
        server.expect_request("/credentials/revoke", method="POST").respond_with_handler(
            self.revoke
        )

    def user(self, request: Request) -> Response:
        token = request.headers.get("Authorization", "").removeprefix("token ")
        if token in self.live:
            return Response(json.dumps({"login": "octocat"}), content_type="application/json")
        return Response(
            json.dumps({"message": "Bad credentials"}), status=401, content_type="application/json"
        )

    def revoke(self, request: Request) -> Response:
        if "Authorization" in request.headers:
            return Response("", status=403)
        self.revoke_calls += 1
        self.live.difference_update(json.loads(request.get_data())["credentials"])
        return Response("", status=202)


class Mailbox:
    """What a real SMTP server (aiosmtpd) received."""

    def __init__(self) -> None:
        self.envelopes: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.envelopes.append((list(envelope.rcpt_tos), envelope.original_content))  # type: ignore[attr-defined]
        return "250 OK"

    def messages(self) -> list[EmailMessage]:
        return [
            message_from_bytes(raw, _class=EmailMessage, policy=policy.default)
            for _, raw in self.envelopes
        ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()
