"""Discord webhook URLs: verified with "Get Webhook with Token", revoked with "Delete Webhook
with Token", Discord played by a local server following its API reference (Webhook resource)."""

from __future__ import annotations

import dataclasses
import json
import random
import re
import socket
from pathlib import Path

import pytest
import redis
from pytest_httpserver import HTTPServer
from sqlalchemy import select
from werkzeug import Request, Response

from pushguard import audit
from pushguard.config import Config, RespondConfig
from pushguard.respond import registry as registry_mod
from pushguard.respond.base import (
    Dead,
    Failed,
    Live,
    Revocation,
    Revoked,
    Secret,
    Unknown,
    Verification,
    confirm,
)
from pushguard.respond.client import Http
from pushguard.respond.notify import Notifier
from pushguard.respond.providers.discord_webhook import DiscordWebhook
from pushguard.scan.plugins import all_detectors
from pushguard.scan.secrets import redact
from pushguard.store import models
from pushguard.store.db import Database
from pushguard.workers.mirror import fetch_lock
from pushguard.workers.reread import mirror_reader
from pushguard.workers.respond_pipeline import Pipeline
from tests.helpers import tokens
from tests.helpers.gitrepo import MakeRepo
from tests.respond.conftest import MakeHttp
from tests.respond.fakes import Mailbox
from tests.respond.store import steps, store_finding

HOOK_PATH = re.compile(r"/api/v10/webhooks/(\d+)/([^/]+)")
UNKNOWN_WEBHOOK = {"code": 10015, "message": "Unknown Webhook"}
INVALID_TOKEN = {"code": 50027, "message": "Invalid Webhook Token"}


class FakeDiscord:
    """The two endpoints as documented: ``GET`` answers the webhook object (with its token,
    without ``user``), ``DELETE`` answers 204 and forgets the webhook; an id it does not know
    is 404 Unknown Webhook, a wrong token for a known id 401 Invalid Webhook Token."""

    def __init__(self, server: HTTPServer) -> None:
        self.hooks: dict[str, str] = {}  # id -> token
        self.calls: list[tuple[str, str]] = []  # (method, path)
        self.authorized = False  # did any request carry an Authorization header
        server.expect_request(HOOK_PATH).respond_with_handler(self.handle)

    def add(self, url: str) -> None:
        webhook_id, token = url.rsplit("/", 2)[-2:]
        self.hooks[webhook_id] = token

    def handle(self, request: Request) -> Response:
        self.calls.append((request.method, request.path))
        self.authorized |= "Authorization" in request.headers
        match = HOOK_PATH.fullmatch(request.path)
        assert match is not None
        webhook_id, token = match.groups()
        if webhook_id not in self.hooks:
            return _json(UNKNOWN_WEBHOOK, 404)
        if self.hooks[webhook_id] != token:
            return _json(INVALID_TOKEN, 401)
        if request.method == "DELETE":
            del self.hooks[webhook_id]
            return Response(status=204)
        return _json(
            {
                "type": 1,
                "id": webhook_id,
                "name": "Deploys",
                "avatar": None,
                "channel_id": "199737254929760256",
                "guild_id": "199737254929760257",
                "application_id": None,
                "token": token,
            },
            200,
        )


def _json(body: object, status: int, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(body), status, headers, content_type="application/json")


@pytest.fixture
def discord(httpserver: HTTPServer) -> FakeDiscord:
    return FakeDiscord(httpserver)


def _secret(url: str) -> Secret:
    return Secret(url, "discord-webhook", redacted=redact(url))


def _words(result: Verification | Revocation) -> str:
    """Everything a result would show a person or a log line."""
    return " ".join(str(v) for v in dataclasses.asdict(result).values()) + repr(result)


def _assert_no_secret(result: Verification | Revocation, url: str) -> None:
    token = url.rsplit("/", 1)[1]
    assert token not in _words(result) and token[:20] not in _words(result)


URL = tokens.discord_webhook_url(random.Random(1))


# --- verify -----------------------------------------------------------------------------------


def test_a_live_webhook_is_live_and_named(discord: FakeDiscord, make_http: MakeHttp) -> None:
    discord.add(URL)
    result = DiscordWebhook(make_http()).verify(_secret(URL))
    assert isinstance(result, Live)
    assert (
        result.identity
        == "webhook 'Deploys' (channel 199737254929760256, server 199737254929760257)"
    )
    webhook_id, token = URL.rsplit("/", 2)[-2:]
    assert discord.calls == [("GET", f"/api/v10/webhooks/{webhook_id}/{token}")]
    assert not discord.authorized  # the token in the path is the authentication
    _assert_no_secret(result, URL)


@pytest.mark.parametrize(
    ("host", "api"),
    [
        ("discordapp.com", "/api/"),
        ("canary.discord.com", "/api/"),
        ("ptb.discord.com", "/api/"),
        ("discord.com", "/api/v9/"),
    ],
)
def test_every_form_the_detector_knows_is_asked_at_the_configured_api(
    discord: FakeDiscord, make_http: MakeHttp, host: str, api: str
) -> None:
    url = tokens.discord_webhook_url(random.Random(host), host=host).replace("/api/", api)
    discord.add(url)
    # as the scanner reports it after a leak: the URL, maybe with what followed it
    assert isinstance(DiscordWebhook(make_http()).verify(_secret(url)), Live)
    assert isinstance(DiscordWebhook(make_http()).verify(_secret(url + "/github")), Live)


@pytest.mark.parametrize(
    ("known", "status", "code"),
    [(False, 404, "Unknown Webhook"), (True, 401, "Invalid Webhook Token")],
    ids=["deleted", "token-regenerated"],
)
def test_a_dead_webhook_is_dead(
    discord: FakeDiscord, make_http: MakeHttp, known: bool, status: int, code: str
) -> None:
    if known:  # the webhook exists but its token was reset: ours is no longer accepted
        discord.hooks[URL.rsplit("/", 2)[-2]] = tokens.rand(68, tokens.WORD_DASH)
    result = DiscordWebhook(make_http()).verify(_secret(URL))
    assert isinstance(result, Dead)
    assert result.reason == f"get webhook answered HTTP {status} ({code})"
    _assert_no_secret(result, URL)


@pytest.mark.parametrize(
    ("status", "body", "content_type"),
    [
        (500, "", "text/plain"),
        (503, '{"message": "upstream"}', "application/json"),
        (200, "<html>captive portal</html>", "text/html"),
        (200, '{"id": "1", "name": "someone else"}', "application/json"),
        (200, "[]", "application/json"),
        (403, '{"message": "Missing Access", "code": 50001}', "application/json"),
    ],
    ids=["500", "503", "not-json", "another-webhook", "json-list", "403"],
)
def test_no_trustworthy_answer_is_unknown(
    httpserver: HTTPServer, make_http: MakeHttp, status: int, body: str, content_type: str
) -> None:
    httpserver.expect_request(HOOK_PATH).respond_with_data(body, status, content_type=content_type)
    result = DiscordWebhook(make_http(retries=0)).verify(_secret(URL))
    assert isinstance(result, Unknown)
    _assert_no_secret(result, URL)


def test_no_answer_at_all_is_unknown_and_keeps_the_url_out(make_http: MakeHttp) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    http = Http(f"http://127.0.0.1:{port}", timeout=2.0, retries=0)
    result = DiscordWebhook(http).verify(_secret(URL))
    http.close()
    assert isinstance(result, Unknown) and "no answer from 127.0.0.1" in result.reason
    _assert_no_secret(result, URL)


def test_a_secret_that_is_not_a_webhook_url_calls_nobody(
    discord: FakeDiscord, make_http: MakeHttp
) -> None:
    responder = DiscordWebhook(make_http())
    not_a_hook = _secret(URL.rsplit("/", 1)[0] + "/short")
    assert isinstance(responder.verify(not_a_hook), Unknown)
    revocation = responder.revoke(not_a_hook)
    assert isinstance(revocation, Failed) and not revocation.retryable
    assert discord.calls == []


# --- revoke -----------------------------------------------------------------------------------


def test_delete_revokes_and_the_re_verification_confirms_it(
    discord: FakeDiscord, make_http: MakeHttp
) -> None:
    discord.add(URL)
    responder, secret = DiscordWebhook(make_http()), _secret(URL)
    result = confirm(responder, secret, responder.revoke(secret))
    assert result == Revoked("webhook deleted", confirmed=True)
    assert [method for method, _ in discord.calls] == ["DELETE", "GET"]
    assert discord.hooks == {} and not discord.authorized


@pytest.mark.parametrize(
    ("status", "body"), [(404, UNKNOWN_WEBHOOK), (401, INVALID_TOKEN)], ids=["404", "401"]
)
def test_an_already_dead_webhook_counts_as_revoked(
    httpserver: HTTPServer, make_http: MakeHttp, status: int, body: dict[str, object]
) -> None:
    httpserver.expect_request(HOOK_PATH, method="DELETE").respond_with_json(body, status)
    result = DiscordWebhook(make_http()).revoke(_secret(URL))
    assert isinstance(result, Revoked) and result.detail.startswith("already invalid")
    _assert_no_secret(result, URL)


@pytest.mark.parametrize(
    ("headers", "body", "wait"),
    [
        ({"Retry-After": "7"}, {"message": "You are being rate limited.", "retry_after": 6.4}, 7.0),
        ({}, {"message": "You are being rate limited.", "retry_after": 2.5, "global": False}, 2.5),
        ({}, {"message": "You are being rate limited."}, None),
    ],
    ids=["header", "body-only", "neither"],
)
def test_a_rate_limit_is_a_retryable_failure_with_its_wait(
    httpserver: HTTPServer,
    make_http: MakeHttp,
    headers: dict[str, str],
    body: dict[str, object],
    wait: float | None,
) -> None:
    httpserver.expect_request(HOOK_PATH, method="DELETE").respond_with_response(
        _json(body, 429, headers)
    )
    result = DiscordWebhook(make_http(retries=0)).revoke(_secret(URL))
    assert result == Failed("delete webhook rate limited (HTTP 429)", True, wait)
    _assert_no_secret(result, URL)


def test_rate_limits_are_waited_out_within_a_call(
    httpserver: HTTPServer, make_http: MakeHttp
) -> None:
    httpserver.expect_ordered_request(HOOK_PATH, method="DELETE").respond_with_response(
        _json({"retry_after": 1.0}, 429, {"Retry-After": "1"})
    )
    httpserver.expect_ordered_request(HOOK_PATH, method="DELETE").respond_with_data("", 204)
    http = make_http(retries=1)
    assert DiscordWebhook(http).revoke(_secret(URL)) == Revoked("webhook deleted")
    assert http.sleeps == [1.0]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("status", "retryable"), [(500, True), (502, True), (403, False)])
def test_other_answers_fail(
    httpserver: HTTPServer, make_http: MakeHttp, status: int, retryable: bool
) -> None:
    httpserver.expect_request(HOOK_PATH, method="DELETE").respond_with_data("", status)
    result = DiscordWebhook(make_http(retries=0)).revoke(_secret(URL))
    assert result == Failed(f"delete webhook answered HTTP {status}", retryable=retryable)


def test_the_secret_never_shows_in_a_repr_or_the_manual_steps() -> None:
    secret = _secret(URL)
    assert URL not in repr(secret)
    assert "Server Settings > Integrations > Webhooks" in DiscordWebhook.manual_steps


# --- wiring -----------------------------------------------------------------------------------


def test_the_registry_routes_the_rule_and_revokes_by_default() -> None:
    registry = registry_mod.build(RespondConfig(urls=("discord-webhook=http://127.0.0.1:9",)))
    responder = registry.for_rule("discord-webhook")
    assert isinstance(responder, DiscordWebhook)
    assert responder.http.base_url == "http://127.0.0.1:9"
    assert registry.policy(responder) == "revoke"
    assert registry_mod.provider_rules()["discord-webhook"] == ("discord-webhook",)
    registry.close()
    off = registry_mod.build(RespondConfig(policies=("discord-webhook=verify-only",)))
    assert off.policy(off.by_name["discord-webhook"]) == "verify-only"
    off.close()


KEY = b"d" * 32


def test_a_leaked_webhook_is_read_back_from_git_deleted_confirmed_and_audited(
    discord: FakeDiscord,
    httpserver: HTTPServer,
    database: Database,
    redis_conn: redis.Redis,
    smtp: tuple[Mailbox, int],
    make_repo: MakeRepo,
    tmp_path: Path,
) -> None:
    mailbox, port = smtp
    url = tokens.discord_webhook_url(random.Random(9))
    discord.add(url)
    repo = make_repo()
    commit = repo.commit({"notify.env": f"# alerts\nDISCORD_WEBHOOK_URL={url}\n"}, "alerts")
    fid = store_finding(database, repo.path, "acme/bot", commit, "notify.env", "discord-webhook",
                        url, KEY)  # fmt: skip
    cfg = RespondConfig(
        urls=(f"discord-webhook={httpserver.url_for('')}",),
        smtp_host="127.0.0.1",
        smtp_port=port,
        security_contacts=("security@example.com",),
        retries=0,
    )
    home = tmp_path / "home"
    reader = mirror_reader(home, KEY, all_detectors(), lambda rid: fetch_lock(redis_conn, rid))
    registry = registry_mod.build(cfg, sleep=lambda s: None)
    Pipeline(database, Config(home=home, respond=cfg), registry, Notifier(cfg), reader).run([fid])
    registry.close()

    assert discord.hooks == {}
    assert [m for m, _ in discord.calls] == ["GET", "DELETE", "GET"]
    assert steps(database, fid) == [
        ("verify", "live"),
        ("revoke", "revoked"),
        ("reverify", "dead"),
        ("notify", "sent"),
    ]
    with database.session() as s:
        finding = s.get(models.Finding, fid)
        assert finding is not None and finding.status == "revoked"
        assert audit.verify(s) is None
        details = " ".join(str(d) for d in s.scalars(select(models.AuditEvent.details)))
    token = url.rsplit("/", 1)[1]
    [(_, raw)] = mailbox.envelopes
    assert token not in details and token.encode() not in raw
    assert redact(url) in mailbox.messages()[0].get_content()
