"""``POST /webhooks/gitea/<owner>/<name>`` (and the plain compatibility URL): Gitea and Forgejo
push events (either header family)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, Flask, Response
from werkzeug.datastructures import Headers

from pushguard.webhook import signatures
from pushguard.webhook.intake import Push, oid_field, optional_text, receive, text_field


def _header(headers: Headers, suffix: str) -> str | None:
    return headers.get(f"X-Gitea-{suffix}") or headers.get(f"X-Forgejo-{suffix}")


class Gitea:
    name = "gitea"
    signs_form_payload = True

    def has_credentials(self, headers: Headers) -> bool:
        return bool(_header(headers, "Signature"))

    def authenticate(self, secret: bytes, body: bytes, headers: Headers) -> bool:
        return signatures.verify_hex(secret, body, _header(headers, "Signature"))

    def event(self, headers: Headers) -> str | None:
        return _header(headers, "Event")

    def kind(self, event: str) -> str:
        return "push" if event == "push" else "other"

    def delivery_key(self, headers: Headers) -> str | None:
        # a replay gets a new id: the (repository, ref, before, after) key catches it
        return _header(headers, "Delivery")

    def repository_name(self, payload: Mapping[str, Any]) -> str:
        return text_field(payload, "repository", "full_name")

    def push(self, payload: Mapping[str, Any]) -> Push:
        return Push(
            ref=text_field(payload, "ref"),
            before=oid_field(payload, "before"),
            after=oid_field(payload, "after"),
            pusher=optional_text(payload, "pusher", "login")
            or optional_text(payload, "pusher", "username"),
        )


PLATFORM = Gitea()
bp = Blueprint("gitea", __name__)


@bp.post("/webhooks/gitea/<path:name>")
@bp.post("/webhooks/gitea")  # compatibility: the repository's name is read from the body
def gitea_webhook(name: str | None = None) -> Response:
    return receive(PLATFORM, name)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
