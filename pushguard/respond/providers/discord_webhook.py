"""Discord webhook URLs (``https://discord.com/api/webhooks/{id}/{token}``).

Discord's API reference, Webhook resource: the token in the path is the authentication, so
both calls need no other credential. Verify: ``GET /webhooks/{id}/{token}`` ("Get Webhook with
Token") answers 200 and the webhook object; 401 (code 50027, Invalid Webhook Token) or 404
(code 10015, Unknown Webhook) mean dead. Revoke: ``DELETE /webhooks/{id}/{token}`` ("Delete
Webhook with Token") answers 204; 401/404 mean it was already gone; 429 carries
``Retry-After`` (and ``retry_after`` in its body).

The secret is the whole URL. Calls always go to the configured base URL, never to the host
written in the leak (``discordapp.com``, ``canary.``, ``ptb.`` all serve one API), and
nothing of the URL reaches a reason: ``Http`` already keeps it out of transport errors.
"""

from __future__ import annotations

import requests

from pushguard.respond.base import (
    Dead,
    Failed,
    Live,
    Revocation,
    Revoked,
    Secret,
    Unknown,
    Verification,
)
from pushguard.respond.client import Http, TransportError, json_body, retry_after
from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.discord_webhook import WEBHOOK_PATH

BASE_URL = "https://discord.com"
API = "/api/v10"
"""The API version the paths are sent to: v10 is the one Discord's reference documents."""
DEAD_STATUSES = frozenset({401, 404})
NOT_A_WEBHOOK = "not a Discord webhook URL: no webhook id and token in it"
_PARTS = lazy("/" + WEBHOOK_PATH)


class DiscordWebhook:
    name = "discord-webhook"
    rules = ("discord-webhook",)
    revocable = True
    manual_steps = (
        "A server admin (Manage Webhooks) opens the Discord server's Server Settings > "
        "Integrations > Webhooks (or the channel's Edit Channel > Integrations), finds the "
        "webhook that posts to that channel and deletes it, then creates a new one and "
        "stores its URL as a secret."
    )

    def __init__(self, http: Http) -> None:
        self.http = http

    def verify(self, secret: Secret) -> Verification:
        parts = _parts(secret)
        if parts is None:
            return Unknown(NOT_A_WEBHOOK)
        try:
            r = self.http.request("GET", _path(*parts))
        except TransportError as exc:
            return Unknown(str(exc))
        if r.status_code == 200:
            body = json_body(r)
            if str(body.get("id", "")) != parts[0]:
                return Unknown("get webhook answered 200 without this webhook's object")
            # the object holds the token too: keep only what names the webhook
            return Live(_identity(body))
        if r.status_code in DEAD_STATUSES:
            return Dead(f"get webhook answered HTTP {r.status_code} ({_code(r.status_code)})")
        return Unknown(f"get webhook answered HTTP {r.status_code}")

    def revoke(self, secret: Secret) -> Revocation:
        parts = _parts(secret)
        if parts is None:
            return Failed(NOT_A_WEBHOOK)
        try:
            r = self.http.request("DELETE", _path(*parts))
        except TransportError as exc:
            return Failed(str(exc), retryable=True)
        if r.status_code in (200, 204):
            return Revoked("webhook deleted")
        if r.status_code in DEAD_STATUSES:
            return Revoked(f"already invalid ({_code(r.status_code)})")
        if r.status_code == 429:
            return Failed("delete webhook rate limited (HTTP 429)", True, _wait(r))
        return Failed(
            f"delete webhook answered HTTP {r.status_code}", retryable=r.status_code >= 500
        )


def _parts(secret: Secret) -> tuple[str, str] | None:
    """The webhook's id and token, read from the URL."""
    found = _PARTS.search(secret.value)
    return (found["id"], found["token"]) if found else None


def _path(webhook_id: str, token: str) -> str:
    return f"{API}/webhooks/{webhook_id}/{token}"


def _identity(body: dict[str, object]) -> str:
    name = str(body.get("name") or "unnamed")
    where = f"channel {body.get('channel_id', '?')}"
    if body.get("guild_id"):
        where += f", server {body['guild_id']}"
    return f"webhook {name!r} ({where})"


def _code(status: int) -> str:
    return "Invalid Webhook Token" if status == 401 else "Unknown Webhook"


def _wait(r: requests.Response) -> float | None:
    """Seconds to wait after a 429: the header, else the body's ``retry_after`` (a float)."""
    header = retry_after(r)
    if header is not None:
        return header
    value = json_body(r).get("retry_after")
    return float(value) if isinstance(value, int | float) and value >= 0 else None
