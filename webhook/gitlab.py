"""``POST /webhooks/gitlab/<group>/.../<project>`` (and the plain compatibility URL):
``Push Hook`` and ``Tag Push Hook``.

Two authentication schemes (protocols.md): the legacy ``X-Gitlab-Token`` (the secret itself)
and signing tokens following Standard Webhooks. A delivery passes when a scheme it carries
verifies with the repository's secret.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, Flask, Response
from werkzeug.datastructures import Headers

from pushguard.webhook import signatures
from pushguard.webhook.intake import Push, oid_field, optional_text, receive, text_field

PUSH_EVENTS = ("Push Hook", "Tag Push Hook")


class GitLab:
    name = "gitlab"
    signs_form_payload = False

    def has_credentials(self, headers: Headers) -> bool:
        return bool(headers.get("X-Gitlab-Token") or headers.get("webhook-signature"))

    def authenticate(self, secret: bytes, body: bytes, headers: Headers) -> bool:
        token_ok = signatures.verify_token(secret, headers.get("X-Gitlab-Token"))
        signed_ok = signatures.verify_standard_webhooks(
            secret,
            body,
            headers.get("webhook-id"),
            headers.get("webhook-timestamp"),
            headers.get("webhook-signature"),
        )
        return token_ok or signed_ok

    def event(self, headers: Headers) -> str | None:
        return headers.get("X-Gitlab-Event")

    def kind(self, event: str) -> str:
        return "push" if event in PUSH_EVENTS else "other"

    def delivery_key(self, headers: Headers) -> str | None:
        # Idempotency-Key survives GitLab's resends (17.4+); webhook-id is the signed id
        return (
            headers.get("Idempotency-Key")
            or headers.get("webhook-id")
            or headers.get("X-Gitlab-Event-UUID")
        )

    def repository_name(self, payload: Mapping[str, Any]) -> str:
        return text_field(payload, "project", "path_with_namespace")

    def push(self, payload: Mapping[str, Any]) -> Push:
        return Push(
            ref=text_field(payload, "ref"),
            before=oid_field(payload, "before"),
            after=oid_field(payload, "after"),
            pusher=optional_text(payload, "user_username"),
        )


PLATFORM = GitLab()
bp = Blueprint("gitlab", __name__)


@bp.post("/webhooks/gitlab/<path:name>")
@bp.post("/webhooks/gitlab")  # compatibility: the repository's name is read from the body
def gitlab_webhook(name: str | None = None) -> Response:
    return receive(PLATFORM, name)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
