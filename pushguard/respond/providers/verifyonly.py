"""Providers with no revocation API we may call: verify with a free read-only request, then
tell people exactly how to revoke. One table row per provider.

Never an endpoint that spends money or changes state (Anthropic: ``/v1/models``, never
``/v1/messages``). PyPI has no read-only check at all: its tokens are confirmed by format.
"""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

import requests

from pushguard.respond.base import (
    Dead,
    Live,
    Revocation,
    Secret,
    Unknown,
    Unsupported,
    Verification,
)
from pushguard.respond.client import Http, TransportError, json_body

# secret -> (path, headers), or None: this kind of the provider's credentials has no check
Request = Callable[[str], tuple[str, Mapping[str, str]] | None]
Identity = Callable[[requests.Response], str]


@dataclasses.dataclass(frozen=True)
class Spec:
    name: str
    rules: tuple[str, ...]
    base_url: str
    request: Request | None  # None: no read-only check exists
    manual_steps: str
    live: frozenset[int] = frozenset({200})
    dead: frozenset[int] = frozenset({401})
    identity: Identity = lambda r: ""
    dead_if: Callable[[requests.Response], bool] = lambda r: False


NOTION = "2022-06-28"
"""The Notion-Version header: the API version the request is written for (required)."""


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def _field(*path: str) -> Identity:
    def get(r: requests.Response) -> str:
        value: Any = json_body(r)
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        return "" if value is None else str(value)

    return get


SPECS: tuple[Spec, ...] = (
    Spec(
        "stripe",
        ("stripe-key", "stripe-secret-key", "stripe-restricted-key"),
        "https://api.stripe.com",
        lambda t: ("/v1/account", {"Authorization": f"Bearer {t}"}),
        "Sign in to https://dashboard.stripe.com/apikeys as an account administrator, choose "
        "Roll key on the key with this preview (expire it now), and deploy the new key. "
        "Review https://dashboard.stripe.com/logs for requests made with the old key.",
        live=frozenset({200, 403}),  # 403: a restricted key without this permission is live
        identity=_field("id"),
    ),
    Spec(
        "google",
        ("google-api-key", "gcp-api-key"),
        "https://www.googleapis.com",
        lambda t: (f"/identitytoolkit/v3/relyingparty/getProjectConfig?key={t}", {}),
        "In the Google Cloud console open APIs & Services > Credentials for the project that "
        "owns the key, delete the key with this preview (or regenerate it), and add API and "
        "application restrictions to its replacement.",
        live=frozenset({200, 403}),
        dead=frozenset(),
        dead_if=lambda r: (
            r.status_code == 400 and ("API_KEY_INVALID" in r.text or "API key not valid" in r.text)
        ),
    ),
    Spec(
        "openai",
        ("openai-key", "openai-api-key", "openai-project-key"),
        "https://api.openai.com",
        lambda t: ("/v1/models", {"Authorization": f"Bearer {t}"}),
        "An owner of the OpenAI organization opens https://platform.openai.com/api-keys (project "
        "keys: the project's API keys page), deletes the key with this preview and creates a "
        "new one; check Usage for unexpected spend.",
        live=frozenset({200, 403}),
        identity=lambda r: r.headers.get("openai-organization", ""),
    ),
    Spec(
        "anthropic",
        ("anthropic-key", "anthropic-api-key", "anthropic-admin-key"),
        "https://api.anthropic.com",
        lambda t: ("/v1/models", {"x-api-key": t, "anthropic-version": "2023-06-01"}),
        "An admin of the Anthropic organization opens https://console.anthropic.com/settings/keys,"
        " disables then deletes the key with this preview and creates a new one; check Usage "
        "for unexpected spend.",
        live=frozenset({200, 403}),
    ),
    Spec(
        "discord",
        ("discord-bot-token", "discord-token"),
        "https://discord.com",
        lambda t: ("/api/v10/users/@me", {"Authorization": f"Bot {t}"}),
        "The application's owner opens https://discord.com/developers/applications > the "
        "application > Bot, chooses Reset Token and deploys the new token.",
        identity=_field("username"),
    ),
    Spec(
        "telegram",
        ("telegram-bot-token",),
        "https://api.telegram.org",
        lambda t: (f"/bot{t}/getMe", {}),
        "The bot's owner sends /revoke to @BotFather in Telegram, picks the bot, and deploys "
        "the new token BotFather answers with.",
        dead=frozenset({401, 404}),
        identity=_field("result", "username"),
    ),
    Spec(
        "twitter",
        ("twitter-bearer-token",),
        "https://api.x.com",
        # a public profile, the documented first request of an app-only token
        lambda t: ("/2/users/by/username/XDevelopers", {"Authorization": f"Bearer {t}"}),
        "In the X Developer Console (https://developer.x.com/en/portal/dashboard) open the "
        "app's Keys and tokens, revoke the Bearer Token with this preview and regenerate it "
        "(POST oauth2/invalidate_token does the same with the app's API key and secret), then "
        "deploy the new one.",
        live=frozenset({200, 403}),  # 403: accepted, but the app's plan lacks the endpoint
    ),
    Spec(
        "mailgun",
        ("mailgun-api-key",),
        "https://api.mailgun.net",
        # HTTP Basic with the user "api"; listing domains reads, sends nothing
        lambda t: ("/v3/domains", {"Authorization": _basic("api", t)}),
        "An admin of the Mailgun account opens Account settings > API Security (a domain "
        "sending key: the domain's Sending API keys), deletes the key with this preview and "
        "creates a new one; check Logs for mail sent with the old key.",
        live=frozenset({200, 403}),  # 403: a domain sending key, valid but only for sending
        # an account whose domains are all in the EU region is served by api.eu.mailgun.net:
        # a 401 here is no proof the key is dead
        dead=frozenset(),
    ),
    Spec(
        "notion",
        ("notion-integration-secret",),
        "https://api.notion.com",
        # the integration's own bot user
        lambda t: ("/v1/users/me", {"Authorization": f"Bearer {t}", "Notion-Version": NOTION}),
        "A workspace owner opens https://www.notion.so/profile/integrations, picks the "
        "integration, refreshes its secret under Configuration (the old one stops working) and "
        "deploys the new one; review the pages shared with the integration.",
        identity=_field("name"),
    ),
    Spec(
        "netlify",
        ("netlify-token",),
        "https://api.netlify.com",
        lambda t: ("/api/v1/user", {"Authorization": f"Bearer {t}"}),
        "The token's owner opens https://app.netlify.com/user/applications (OAuth and CLI "
        "tokens: Authorized applications), deletes the token with this preview and creates a "
        "new one; review the team's audit log for changes made with it.",
        identity=_field("email"),
    ),
    Spec(
        "cloudflare",
        ("cloudflare-api-credential",),
        "https://api.cloudflare.com",
        # only a user token verifies alone: an account token's check needs the account's id,
        # the Global API Key is sent with the account's email
        lambda t: (
            ("/client/v4/user/tokens/verify", {"Authorization": f"Bearer {t}"})
            if t.startswith("cfut_")
            else None
        ),
        "The credential's owner opens https://dash.cloudflare.com/profile/api-tokens (an "
        "account token: the account's Manage Account > Account API Tokens; the Global API Key: "
        "its Change button), rolls or deletes the credential with this preview and deploys the "
        "new one; review the account's Audit Logs for changes made with it.",
        identity=_field("result", "id"),
        # 200 answers about a token that no longer authenticates too
        dead_if=lambda r: (
            r.status_code == 200 and _field("result", "status")(r) in ("disabled", "expired")
        ),
    ),
    Spec(
        "adafruit-io",
        ("adafruit-io-key",),
        "https://io.adafruit.com",
        lambda t: ("/api/v2/user", {"X-AIO-Key": t}),
        "The account's owner signs in to https://io.adafruit.com, opens the key (the key "
        "icon), chooses Regenerate Key and loads the new key onto every device and script "
        "that used this one; review the feeds for data it wrote.",
        identity=_field("username"),
    ),
    Spec(
        "elevenlabs",
        ("elevenlabs-api-key",),
        "https://api.elevenlabs.io",
        lambda t: ("/v1/user", {"xi-api-key": t}),
        "The key's owner opens https://elevenlabs.io/app/settings/api-keys, deletes the key "
        "with this preview and creates a new one with only the permissions it needs; review "
        "the usage and history for generations made with it.",
        # a key without the user read permission is refused with 401 too ("missing_permissions")
        dead=frozenset(),
        dead_if=lambda r: r.status_code == 401 and "invalid_api_key" in r.text,
        identity=_field("user_id"),
    ),
    # no read-only check whose answers for a live and a dead credential are documented:
    # confirmed by format, and the owner told exactly where to revoke
    Spec(
        "modal",
        ("modal-token-secret",),
        "https://api.modal.com",
        None,
        "A workspace owner opens https://modal.com/settings/tokens, revokes the token whose "
        "secret has this preview (its id, ak-…, is beside it in the file), creates a new one "
        "with `modal token new` and updates ~/.modal.toml or MODAL_TOKEN_ID and "
        "MODAL_TOKEN_SECRET wherever the old one ran; review the workspace's apps and usage "
        "for runs it started.",
    ),
    Spec(
        "fal",
        ("fal-api-key",),
        "https://api.fal.ai",
        None,
        "The key's owner opens https://fal.ai/dashboard/keys (or runs `fal keys revoke "
        "<key id>`, the part before the colon), revokes the key with this preview, creates a "
        "new one with the narrowest scope (API rather than ADMIN) and deploys it as FAL_KEY; "
        "review the account's usage for requests made with it.",
    ),
    Spec(
        "mem0",
        ("mem0-api-key",),
        "https://api.mem0.ai",
        None,
        "The key's owner signs in to https://app.mem0.ai, opens API Keys, deletes the key "
        "with this preview and creates a new one; the old key could read and change every "
        "memory of the projects it reached: review them.",
    ),
    Spec(
        "cartesia",
        ("cartesia-api-key",),
        "https://api.cartesia.ai",
        None,
        "The key's owner opens https://play.cartesia.ai/keys, deletes the key with this "
        "preview and creates a new one for the server that uses it (browsers get access "
        "tokens, never keys); review the usage page for generations made with it.",
    ),
    Spec(
        "pypi",
        ("pypi-token", "pypi-upload-token"),
        "https://pypi.org",
        None,
        "As the token's owner open https://pypi.org/manage/account/token/ (TestPyPI: "
        "test.pypi.org), remove the token with this preview, create a project-scoped "
        "replacement, and check the projects' release history for unexpected uploads.",
    ),
)


class VerifyOnly:
    revocable = False

    def __init__(self, spec: Spec, http: Http | None) -> None:
        self.spec = spec
        self.http = http
        self.name = spec.name
        self.rules = spec.rules
        self.manual_steps = spec.manual_steps

    def verify(self, secret: Secret) -> Verification:
        asked = self.spec.request(secret.value) if self.spec.request is not None else None
        if asked is None or self.http is None:
            return Live("no read-only check exists", by_format=True)
        path, headers = asked
        try:
            r = self.http.request("GET", path, headers=headers)
        except TransportError as exc:
            return Unknown(str(exc))
        # dead first: a provider may answer 200 about a disabled credential
        if r.status_code in self.spec.dead or self.spec.dead_if(r):
            return Dead(f"HTTP {r.status_code}")
        if r.status_code in self.spec.live:
            return Live(self.spec.identity(r) if r.status_code == 200 else "")
        return Unknown(f"{self.name} answered HTTP {r.status_code}")

    def revoke(self, secret: Secret) -> Revocation:
        return Unsupported(self.manual_steps)
