"""Slack bot, user and app tokens (``xoxb-``, ``xoxp-``, ``xapp-``...).

Slack answers HTTP 200 either way and puts the verdict in ``ok``.
Verify: ``POST /api/auth.test`` with ``Authorization: Bearer``: ``"ok": true`` names user and
team; ``invalid_auth``/``token_revoked``/``account_inactive``/``token_expired`` mean dead.
Revoke: the token revokes itself, ``POST /api/auth.revoke`` -> ``"revoked": true``.
"""

from __future__ import annotations

from pushguard.respond.base import (
    Dead,
    Failed,
    Live,
    Revocation,
    Revoked,
    Secret,
    Unknown,
    Unsupported,
    Verification,
)
from pushguard.respond.client import Http, TransportError, json_body

BASE_URL = "https://slack.com"
DEAD_ERRORS = frozenset(
    {"invalid_auth", "token_revoked", "account_inactive", "token_expired", "not_authed"}
)


class Slack:
    name = "slack"
    rules = ("slack-token", "slack-bot-token", "slack-user-token", "slack-app-token")
    revocable = True
    manual_steps = (
        "A workspace admin opens https://api.slack.com/apps, selects the app that owns the "
        "token, and under OAuth & Permissions (app-level tokens: Basic Information) revokes "
        "or regenerates it; user tokens can also be removed under Manage apps."
    )

    def __init__(self, http: Http) -> None:
        self.http = http

    def _call(self, method: str, secret: Secret) -> dict[str, object] | str:
        try:
            r = self.http.request(
                "POST", f"/api/{method}", headers={"Authorization": f"Bearer {secret.value}"}
            )
        except TransportError as exc:
            return str(exc)
        if r.status_code != 200:
            return f"{method} answered HTTP {r.status_code}"
        return json_body(r)

    def verify(self, secret: Secret) -> Verification:
        if secret.value.startswith("xoxe-"):
            # Refresh tokens are only ever exchanged, never presented: auth.test would call a
            # live one invalid_auth.
            return Unknown("a refresh token cannot be checked without exchanging it")
        body = self._call("auth.test", secret)
        if isinstance(body, str):
            return Unknown(body)
        if body.get("ok") is True:
            return Live(f"{body.get('user', '')} in {body.get('team', '')}")
        error = str(body.get("error", ""))
        if error in DEAD_ERRORS:
            return Dead(error)
        return Unknown(f"auth.test error {error or 'missing'}")

    def revoke(self, secret: Secret) -> Revocation:
        body = self._call("auth.revoke", secret)
        if isinstance(body, str):
            return Failed(body, retryable=True)
        if body.get("ok") is True and body.get("revoked") is True:
            return Revoked("auth.revoke: revoked")
        error = str(body.get("error", ""))
        if error in DEAD_ERRORS:
            return Revoked(f"already invalid ({error})")
        return Failed(f"auth.revoke error {error or 'missing'}", retryable=error == "ratelimited")


class SlackWebhook:
    """Incoming-webhook URLs: no read-only check (posting would post) and no revoke API."""

    name = "slack-webhook"
    rules = ("slack-webhook", "slack-webhook-url")
    revocable = False
    manual_steps = (
        "A workspace admin opens https://api.slack.com/apps > the app > Incoming Webhooks, "
        "removes the webhook URL with this preview and adds a new one."
    )

    def verify(self, secret: Secret) -> Verification:
        return Unknown("incoming webhooks cannot be checked without posting a message")

    def revoke(self, secret: Secret) -> Revocation:
        return Unsupported(self.manual_steps)
