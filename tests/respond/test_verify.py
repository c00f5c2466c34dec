"""Verification per provider: each documented answer maps to live, dead or unknown."""

from __future__ import annotations

import base64
import random
from collections.abc import Callable
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from pushguard.config import RespondConfig
from pushguard.respond.base import Dead, Live, Responder, Secret, Unknown, Unsupported
from pushguard.respond.client import Http
from pushguard.respond.providers import doppler, github, gitlab, huggingface, npm, slack
from pushguard.respond.providers.verifyonly import SPECS, VerifyOnly
from pushguard.respond.registry import build
from tests.helpers import tokens
from tests.respond.conftest import MakeHttp

SPEC = {s.name: s for s in SPECS}
Build = Callable[[Http], Responder]

# (provider, builder, token, method, path, auth header (name, value) or None,
#  status, body, expected kind, identity substring)
CASES: list[tuple[str, Build, str, str, str, tuple[str, str] | None, int, Any, str, str]] = []


def case(
    name: str,
    build: Build,
    token: str,
    method: str,
    path: str,
    auth: tuple[str, str] | None,
    rows: list[tuple[int, Any, str, str]],
) -> None:
    for status, body, kind, identity in rows:
        CASES.append((name, build, token, method, path, auth, status, body, kind, identity))


HF = tokens.huggingface_token()
case(
    "huggingface",
    huggingface.HuggingFace,
    HF,
    "GET",
    "/api/whoami-v2",
    ("Authorization", f"Bearer {HF}"),
    [
        (200, {"name": "alice", "auth": {"accessToken": {"role": "write"}}}, "live", "alice"),
        (401, {"error": "Invalid credentials in Authorization header"}, "dead", ""),
        (500, {}, "unknown", ""),
        (404, {}, "unknown", ""),
    ],
)
GH = tokens.github_token()
case(
    "github",
    github.GitHub,
    GH,
    "GET",
    "/user",
    ("Authorization", f"token {GH}"),
    [
        (200, {"login": "octocat"}, "live", "octocat"),
        (401, {"message": "Bad credentials"}, "dead", ""),
        (403, {"message": "Resource not accessible by integration"}, "live", ""),
        (503, {}, "unknown", ""),
    ],
)
GL = tokens.gitlab_pat()
case(
    "gitlab",
    gitlab.GitLab,
    GL,
    "GET",
    "/api/v4/personal_access_tokens/self",
    ("PRIVATE-TOKEN", GL),
    [
        (200, {"name": "ci", "user_id": 7, "active": True, "scopes": ["api"]}, "live", "ci"),
        (200, {"name": "ci", "active": False, "revoked": True}, "dead", ""),
        (401, {"message": "401 Unauthorized"}, "dead", ""),
        (403, {"message": "403 Forbidden"}, "unknown", ""),
    ],
)
SL = tokens.slack_token()
case(
    "slack",
    slack.Slack,
    SL,
    "POST",
    "/api/auth.test",
    ("Authorization", f"Bearer {SL}"),
    [
        (200, {"ok": True, "user": "bot", "team": "Acme"}, "live", "Acme"),
        (200, {"ok": False, "error": "invalid_auth"}, "dead", ""),
        (200, {"ok": False, "error": "token_revoked"}, "dead", ""),
        (200, {"ok": False, "error": "fatal_error"}, "unknown", ""),
    ],
)
NP = tokens.npm_token()
case(
    "npm",
    npm.Npm,
    NP,
    "GET",
    "/-/whoami",
    ("Authorization", f"Bearer {NP}"),
    [
        (200, {"username": "pkgowner"}, "live", "pkgowner"),
        (401, {}, "dead", ""),
        (500, {}, "unknown", ""),
    ],
)

DP = tokens.doppler_token(kind="st", config="prd")
case(
    "doppler",
    doppler.Doppler,
    DP,
    "GET",
    "/v3/me",
    ("Authorization", f"Bearer {DP}"),
    [
        (200, {"type": "service_token", "name": "ci", "workplace": {"name": "Acme"}}, "live",
         "service_token ci @ Acme"),
        (401, {"messages": ["Invalid Service token"], "success": False}, "dead", ""),
        (429, {}, "unknown", ""),
    ],
)  # fmt: skip


def verify_only(name: str) -> Build:
    return lambda http: VerifyOnly(SPEC[name], http)


ST = tokens.stripe_key()
case(
    "stripe",
    verify_only("stripe"),
    ST,
    "GET",
    "/v1/account",
    ("Authorization", f"Bearer {ST}"),
    [
        (200, {"id": "acct_1"}, "live", "acct_1"),
        (403, {"error": {"type": "invalid_request_error"}}, "live", ""),
        (401, {"error": {"message": "Invalid API Key provided"}}, "dead", ""),
    ],
)
GO = tokens.google_api_key()
case(
    "google",
    verify_only("google"),
    GO,
    "GET",
    "/identitytoolkit/v3/relyingparty/getProjectConfig",
    None,
    [
        (200, {"projectId": "p"}, "live", ""),
        (403, {"error": {"status": "PERMISSION_DENIED"}}, "live", ""),
        (
            400,
            {
                "error": {
                    "message": "API key not valid. Please pass a valid API key.",
                    "details": [{"reason": "API_KEY_INVALID"}],
                }
            },
            "dead",
            "",
        ),
    ],
)
OA = tokens.openai_key()
case(
    "openai",
    verify_only("openai"),
    OA,
    "GET",
    "/v1/models",
    ("Authorization", f"Bearer {OA}"),
    [
        (200, {"data": []}, "live", ""),
        (401, {"error": {"code": "invalid_api_key"}}, "dead", ""),
    ],
)
AN = tokens.anthropic_key()
case(
    "anthropic",
    verify_only("anthropic"),
    AN,
    "GET",
    "/v1/models",
    ("x-api-key", AN),
    [
        (200, {"data": []}, "live", ""),
        (401, {"type": "error", "error": {"type": "authentication_error"}}, "dead", ""),
    ],
)
DI = tokens.discord_bot_token()
case(
    "discord",
    verify_only("discord"),
    DI,
    "GET",
    "/api/v10/users/@me",
    ("Authorization", f"Bot {DI}"),
    [
        (200, {"username": "botty"}, "live", "botty"),
        (401, {"message": "401: Unauthorized"}, "dead", ""),
    ],
)
TG = tokens.telegram_bot_token()
case(
    "telegram",
    verify_only("telegram"),
    TG,
    "GET",
    f"/bot{TG}/getMe",
    None,
    [
        (200, {"ok": True, "result": {"username": "my_bot"}}, "live", "my_bot"),
        (401, {"ok": False, "error_code": 401}, "dead", ""),
        (404, {"ok": False, "error_code": 404}, "dead", ""),
    ],
)

XB = tokens.x_bearer_token()
case(
    "twitter",
    verify_only("twitter"),
    XB,
    "GET",
    "/2/users/by/username/XDevelopers",
    ("Authorization", f"Bearer {XB}"),
    [
        (200, {"data": {"id": "2244994945", "username": "XDevelopers"}}, "live", ""),
        (401, {"title": "Unauthorized", "status": 401, "detail": "Unauthorized"}, "dead", ""),
        (403, {"title": "Client Forbidden", "reason": "client-not-enrolled"}, "live", ""),
        (429, {"title": "Too Many Requests"}, "unknown", ""),
    ],
)

MG = tokens.mailgun_key()
case(
    "mailgun",
    verify_only("mailgun"),
    MG,
    "GET",
    "/v3/domains",
    ("Authorization", "Basic " + base64.b64encode(f"api:{MG}".encode()).decode()),
    [
        (200, {"total_count": 1, "items": [{"name": "mg.example.com"}]}, "live", ""),
        (403, {"message": "Forbidden"}, "live", ""),  # a domain sending key
        # the account's domains may all be in the EU region, served by api.eu.mailgun.net
        (401, "Forbidden", "unknown", ""),
    ],
)
NF = tokens.PLATFORM_TOKENS["netlify-token"][0](random.Random(5))
case(
    "netlify",
    verify_only("netlify"),
    NF,
    "GET",
    "/api/v1/user",
    ("Authorization", f"Bearer {NF}"),
    [
        (200, {"id": "5f1", "email": "ops@example.com"}, "live", "ops@example.com"),
        (401, {"code": 401, "message": "Access Denied"}, "dead", ""),
    ],
)
NO = tokens.notion_secret()
case(
    "notion",
    verify_only("notion"),
    NO,
    "GET",
    "/v1/users/me",
    ("Authorization", f"Bearer {NO}"),
    [
        (200, {"object": "user", "type": "bot", "name": "Billing sync"}, "live", "Billing sync"),
        (401, {"object": "error", "status": 401, "code": "unauthorized"}, "dead", ""),
    ],
)

CF = tokens.cloudflare_credential("cfut_")
case(
    "cloudflare",
    verify_only("cloudflare"),
    CF,
    "GET",
    "/client/v4/user/tokens/verify",
    ("Authorization", f"Bearer {CF}"),
    [
        (200, {"success": True, "result": {"id": "f267e3", "status": "active"}}, "live", "f267e3"),
        (200, {"success": True, "result": {"id": "f267e3", "status": "disabled"}}, "dead", ""),
        (200, {"success": True, "result": {"id": "f267e3", "status": "expired"}}, "dead", ""),
        (401, {"success": False, "errors": [{"code": 1000}]}, "dead", ""),
        (429, {"success": False, "errors": [{"code": 10000}]}, "unknown", ""),
    ],
)

AIO = tokens.PLATFORM_TOKENS["adafruit-io-key"][0](random.Random(6))
case(
    "adafruit-io",
    verify_only("adafruit-io"),
    AIO,
    "GET",
    "/api/v2/user",
    ("X-AIO-Key", AIO),
    [
        (200, {"id": 7, "username": "plant_monitor"}, "live", "plant_monitor"),
        (401, {"error": "request failed - invalid API key"}, "dead", ""),
    ],
)

XI = tokens.elevenlabs_key(random.Random(7))
case(
    "elevenlabs",
    verify_only("elevenlabs"),
    XI,
    "GET",
    "/v1/user",
    ("xi-api-key", XI),
    [
        (200, {"user_id": "u7Q2", "subscription": {"tier": "creator"}}, "live", "u7Q2"),
        (401, {"detail": {"status": "invalid_api_key", "message": "Invalid API key"}}, "dead", ""),
        # a key restricted to other permissions is refused this read, not dead
        (401, {"detail": {"status": "missing_permissions"}}, "unknown", ""),
    ],
)


@pytest.mark.parametrize(
    ("name", "build", "token", "method", "path", "auth", "status", "body", "kind", "identity"),
    CASES,
    ids=[f"{c[0]}-{c[6]}-{c[8]}-{i}" for i, c in enumerate(CASES)],
)
def test_verify_maps_the_documented_answer(
    httpserver: HTTPServer,
    make_http: MakeHttp,
    name: str,
    build: Build,
    token: str,
    method: str,
    path: str,
    auth: tuple[str, str] | None,
    status: int,
    body: Any,
    kind: str,
    identity: str,
) -> None:
    headers = {auth[0]: auth[1]} if auth else None
    httpserver.expect_request(path, method=method, headers=headers).respond_with_json(
        body, status=status
    )
    result = build(make_http(retries=0)).verify(Secret(token, rule=name))
    assert result.kind == kind
    if identity:
        assert isinstance(result, Live)
        assert identity in result.identity
    assert len(httpserver.log) == 1


def test_google_key_travels_as_the_key_parameter(
    httpserver: HTTPServer, make_http: MakeHttp
) -> None:
    httpserver.expect_request(
        "/identitytoolkit/v3/relyingparty/getProjectConfig", query_string={"key": GO}
    ).respond_with_json({}, status=200)
    assert isinstance(VerifyOnly(SPEC["google"], make_http()).verify(Secret(GO, "g")), Live)


def test_pypi_is_confirmed_by_format_without_any_call(httpserver: HTTPServer) -> None:
    result = VerifyOnly(SPEC["pypi"], None).verify(Secret(tokens.pypi_token(), "pypi-token"))
    assert isinstance(result, Live) and result.by_format
    assert httpserver.log == []


@pytest.mark.parametrize(
    ("name", "rule", "make", "where"),
    [
        ("modal", "modal-token-secret", tokens.modal_token, "modal.com/settings/tokens"),
        ("fal", "fal-api-key", tokens.fal_key, "fal.ai/dashboard/keys"),
        ("mem0", "mem0-api-key", tokens.mem0_key, "app.mem0.ai"),
        ("cartesia", "cartesia-api-key", tokens.cartesia_key, "play.cartesia.ai/keys"),
    ],
)
def test_keys_with_no_documented_check_are_confirmed_by_format_and_told_where_to_revoke(
    httpserver: HTTPServer,
    make_http: MakeHttp,
    name: str,
    rule: str,
    make: Callable[[], str],
    where: str,
) -> None:
    responder = build(RespondConfig()).for_rule(rule)
    assert responder is not None and responder.name == name
    result = VerifyOnly(SPEC[name], make_http()).verify(Secret(make(), rule))
    assert isinstance(result, Live) and result.by_format
    assert httpserver.log == []  # nothing is sent anywhere
    revocation = VerifyOnly(SPEC[name], make_http()).revoke(Secret(make(), rule))
    assert isinstance(revocation, Unsupported) and where in revocation.manual_steps


@pytest.mark.parametrize("kind", ["cfk_", "cfat_"])
def test_cloudflare_keys_that_cannot_be_checked_alone_are_never_sent(
    httpserver: HTTPServer, make_http: MakeHttp, kind: str
) -> None:
    # an account token's check needs its account id, the Global API Key its account's email:
    # asking the user-token endpoint would call a live key dead
    secret = Secret(tokens.cloudflare_credential(kind), "cloudflare-api-credential")
    result = VerifyOnly(SPEC["cloudflare"], make_http()).verify(secret)
    assert isinstance(result, Live) and result.by_format
    assert httpserver.log == []


def test_github_refresh_tokens_are_judged_by_checksum(
    httpserver: HTTPServer, make_http: MakeHttp
) -> None:
    gh = github.GitHub(make_http())
    assert isinstance(gh.verify(Secret(tokens.github_token("ghr"), "r")), Live)
    assert isinstance(gh.verify(Secret(tokens.github_token("ghr", valid=False), "r")), Dead)
    assert httpserver.log == []


def test_github_rate_limited_403_is_unknown(httpserver: HTTPServer, make_http: MakeHttp) -> None:
    httpserver.expect_request("/user").respond_with_json(
        {"message": "API rate limit exceeded"},
        status=403,
        headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": "9999999999"},
    )
    assert isinstance(github.GitHub(make_http(retries=0)).verify(Secret(GH, "g")), Unknown)


def test_a_timeout_is_unknown_and_never_quotes_the_token(
    httpserver: HTTPServer, make_http: MakeHttp
) -> None:
    http = make_http(retries=0)
    http.base_url = "http://127.0.0.1:9"
    result = VerifyOnly(SPEC["telegram"], http).verify(Secret(TG, "telegram-bot-token"))
    assert isinstance(result, Unknown)
    assert TG not in result.reason and TG.split(":")[1] not in repr(result)


def test_slack_refresh_tokens_are_not_mistaken_for_dead(
    httpserver: HTTPServer, make_http: MakeHttp
) -> None:
    result = slack.Slack(make_http()).verify(Secret(tokens.slack_token("xoxe"), "slack-token"))
    assert isinstance(result, Unknown)
    assert httpserver.log == []
