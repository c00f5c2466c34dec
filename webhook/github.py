"""``POST /webhooks/github/<owner>/<name>`` (and the plain compatibility URL): push and ping
events, ``X-Hub-Signature-256``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, Flask, Response
from werkzeug.datastructures import Headers

from pushguard.webhook import signatures
from pushguard.webhook.intake import Push, oid_field, optional_text, receive, text_field


class GitHub:
    name = "github"
    signs_form_payload = False

    def has_credentials(self, headers: Headers) -> bool:
        return bool(headers.get("X-Hub-Signature-256"))

    def authenticate(self, secret: bytes, body: bytes, headers: Headers) -> bool:
        return signatures.verify_github(secret, body, headers.get("X-Hub-Signature-256"))

    def event(self, headers: Headers) -> str | None:
        return headers.get("X-GitHub-Event")

    def kind(self, event: str) -> str:
        return event if event in ("push", "ping") else "other"

    def delivery_key(self, headers: Headers) -> str | None:
        # the same GUID on a manual redelivery
        return headers.get("X-GitHub-Delivery")

    def repository_name(self, payload: Mapping[str, Any]) -> str:
        return text_field(payload, "repository", "full_name")

    def push(self, payload: Mapping[str, Any]) -> Push:
        return Push(
            ref=text_field(payload, "ref"),
            before=oid_field(payload, "before"),
            after=oid_field(payload, "after"),
            pusher=optional_text(payload, "pusher", "name"),
        )


PLATFORM = GitHub()
bp = Blueprint("github", __name__)


@bp.post("/webhooks/github/<path:name>")
@bp.post("/webhooks/github")  # compatibility: the repository's name is read from the body
def github_webhook(name: str | None = None) -> Response:
    return receive(PLATFORM, name)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
