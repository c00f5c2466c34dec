"""Catalogue providers end to end: a user's Kingfisher rule file whose live check and
revocation point at a local server, a leak in a real git mirror, the real pipeline, store,
Redis lock and SMTP server. The provider ("acme") follows the contract the rule declares:
``GET /v1/me`` answers 200 for a live token and 401 otherwise; ``DELETE /v1/tokens/self``
revokes the token that authenticates it (204)."""

from __future__ import annotations

import dataclasses
import json
import string
from pathlib import Path
from typing import Any

import pytest
import redis
from pytest_httpserver import HTTPServer
from sqlalchemy import select
from werkzeug import Request, Response

from pushguard import audit
from pushguard.config import Config, RespondConfig, ScanConfig
from pushguard.errors import ConfigError
from pushguard.respond import registry as registry_mod
from pushguard.respond.notify import Notifier
from pushguard.respond.providers.catalogue import (
    SAME_AS_OURS,
    CatalogueProvider,
    allow_list_problems,
    index,
)
from pushguard.scan.plugins import all_detectors
from pushguard.scan.secrets import redact
from pushguard.store import models
from pushguard.store.db import Database
from pushguard.workers.mirror import fetch_lock
from pushguard.workers.reread import mirror_reader
from pushguard.workers.respond_jobs import Catalogues
from pushguard.workers.respond_pipeline import Pipeline
from tests.helpers import tokens
from tests.helpers.catalogue import CACHE, needs_catalogue
from tests.helpers.gitrepo import MakeRepo
from tests.respond.fakes import Mailbox
from tests.respond.store import steps, store_finding

pytestmark = needs_catalogue

KEY = b"k" * 32
LOWER = string.ascii_lowercase + string.digits
ACME_RULE = "acme.token.1"  # live check and revocation
ZETA_RULE = "zeta.key.1"  # neither


def rule_file(path: Path, base_url: str) -> Path:
    auth = {"Authorization": "Bearer {{ TOKEN }}"}
    rules = [
        {
            "id": ACME_RULE,
            "name": "Acme API token",
            "pattern": r"\b(acme_[a-z0-9]{32})\b",
            "confidence": "high",
            "validation": {
                "type": "Http",
                "content": {
                    "request": {
                        "method": "GET",
                        "url": f"{base_url}/v1/me",
                        "headers": auth,
                        "response_matcher": [{"type": "StatusMatch", "status": [200]}],
                    }
                },
            },
            "revocation": {
                "type": "Http",
                "content": {
                    "request": {
                        "method": "DELETE",
                        "url": f"{base_url}/v1/tokens/self",
                        "headers": auth,
                        "response_matcher": [{"type": "StatusMatch", "status": [204]}],
                    }
                },
            },
        },
        {
            "id": ZETA_RULE,
            "name": "Zeta key",
            "pattern": r"\b(zeta_[a-z0-9]{32})\b",
            "confidence": "high",
        },
    ]
    path.write_text(json.dumps({"rules": rules}))  # JSON is YAML
    return path


@pytest.fixture(scope="module")
def rules_path(make_httpserver: HTTPServer, tmp_path_factory: pytest.TempPathFactory) -> str:
    # one file per module: the catalogue compiles once per set of rule files
    base = make_httpserver.url_for("").rstrip("/")
    return str(rule_file(tmp_path_factory.mktemp("rules") / "acme.yml", base))


class FakeAcme:
    def __init__(self, server: HTTPServer) -> None:
        self.live: set[str] = set()
        self.revoke_calls = 0
        server.expect_request("/v1/me", method="GET").respond_with_handler(self.me)
        server.expect_request("/v1/tokens/self", method="DELETE").respond_with_handler(self.revoke)

    @staticmethod
    def _token(request: Request) -> str:
        return request.headers.get("Authorization", "").removeprefix("Bearer ")

    def me(self, request: Request) -> Response:
        return Response("{}", status=200 if self._token(request) in self.live else 401)

    def revoke(self, request: Request) -> Response:
        self.revoke_calls += 1
        token = self._token(request)
        if token not in self.live:
            return Response("{}", status=401)
        self.live.discard(token)
        return Response("", status=204)


@dataclasses.dataclass
class World:
    db: Database
    acme: FakeAcme
    server: HTTPServer
    mailbox: Mailbox
    home: Path
    redis: redis.Redis
    config: Config

    def pipeline(self, **overrides: Any) -> Pipeline:
        config = dataclasses.replace(
            self.config, respond=dataclasses.replace(self.config.respond, **overrides)
        )
        catalogues = Catalogues(config)
        reader = mirror_reader(
            self.home,
            KEY,
            all_detectors(),
            lambda rid: fetch_lock(self.redis, rid),
            catalogue=lambda repo: catalogues.detector(repo.name),
        )
        registry = registry_mod.build(
            config.respond, sleep=lambda s: None, catalogues=catalogues.loaded
        )
        return Pipeline(self.db, config, registry, Notifier(config.respond), reader)


@pytest.fixture
def world(
    database: Database,
    httpserver: HTTPServer,
    smtp: tuple[Mailbox, int],
    tmp_path: Path,
    redis_conn: redis.Redis,
    rules_path: str,
) -> World:
    mailbox, port = smtp
    respond = RespondConfig(
        catalogue_providers=("acme", "zeta"),
        catalogue_private_addresses=True,  # the provider is played on localhost
        smtp_host="127.0.0.1",
        smtp_port=port,
        security_contacts=("security@example.com",),
        retries=0,
    )
    scan = ScanConfig(rules=(rules_path,), catalogue_cache=CACHE)
    config = Config(home=tmp_path / "home", scan=scan, respond=respond)
    return World(
        database, FakeAcme(httpserver), httpserver, mailbox, config.home, redis_conn, config
    )


def acme_token() -> str:
    return "acme_" + tokens.rand(32, LOWER)


def leak(
    world: World, make_repo: MakeRepo, token: str, rule: str = ACME_RULE, name: str = "acme/app"
) -> int:
    repo = make_repo()
    commit = repo.commit({"app.env": f"# settings\nAPI_TOKEN={token}\n"}, "add settings")
    return store_finding(world.db, repo.path, name, commit, "app.env", rule, token, KEY)


def mail(world: World) -> str:
    [message] = world.mailbox.messages()
    return str(message.get_content())


def test_a_live_token_is_verified_revoked_reverified_and_reported(
    world: World, make_repo: MakeRepo
) -> None:
    token = acme_token()
    world.acme.live.add(token)
    fid = leak(world, make_repo, token)

    summary = world.pipeline().run([fid])

    assert world.acme.revoke_calls == 1 and token not in world.acme.live
    assert steps(world.db, fid) == [
        ("verify", "live"),
        ("revoke", "revoked"),
        ("reverify", "dead"),
        ("notify", "sent"),
    ]
    assert summary["revoked"] == 1
    with world.db.session() as s:
        f = s.get(models.Finding, fid)
        assert f is not None and f.status == "revoked"
        assert audit.verify(s) is None
        events = list(s.scalars(select(models.AuditEvent)))
    actions = {e.action for e in events}
    assert {"respond.verify", "respond.revoke.revoked", "respond.notify"} <= actions
    revoked = next(e for e in events if e.action == "respond.revoke.revoked")
    assert "acme" in json.dumps(revoked.details)
    text = mail(world)
    assert "status: revoked" in text and redact(token) in text
    # the secret went to the provider only: not to the store, the audit log or the message
    assert token not in text and all(token not in json.dumps(e.details) for e in events)


def test_a_dead_token_is_not_revoked(world: World, make_repo: MakeRepo) -> None:
    fid = leak(world, make_repo, acme_token())
    world.pipeline().run([fid])
    assert world.acme.revoke_calls == 0
    assert steps(world.db, fid) == [("verify", "dead"), ("notify", "sent")]


def test_dry_run_never_calls_the_revocation(world: World, make_repo: MakeRepo) -> None:
    token = acme_token()
    world.acme.live.add(token)
    fid = leak(world, make_repo, token)
    world.pipeline(dry_run=True).run([fid])
    assert world.acme.revoke_calls == 0 and token in world.acme.live
    assert ("revoke", "dry-run") in steps(world.db, fid)
    assert "would revoke via acme" in mail(world)


def test_verify_only_policy_checks_but_never_revokes(world: World, make_repo: MakeRepo) -> None:
    token = acme_token()
    world.acme.live.add(token)
    fid = leak(world, make_repo, token)
    world.pipeline(policies=("acme=verify-only",)).run([fid])
    assert world.acme.revoke_calls == 0
    assert steps(world.db, fid)[0] == ("verify", "live")
    assert "to do now: Rotate this credential at acme" in mail(world)


def test_a_provider_not_allowed_is_never_contacted_and_gets_steps(
    world: World, make_repo: MakeRepo
) -> None:
    token = acme_token()
    world.acme.live.add(token)
    fid = leak(world, make_repo, token)
    world.pipeline(catalogue_providers=()).run([fid])
    assert world.server.log == []
    assert steps(world.db, fid) == [("verify", "unknown"), ("notify", "sent")]
    text = mail(world)
    assert "status: not checked: acme is not in [respond] catalogue_providers" in text
    assert "to do now: Rotate this credential at acme" in text


def test_a_provider_without_check_or_revocation_gets_steps(
    world: World, make_repo: MakeRepo
) -> None:
    token = "zeta_" + tokens.rand(32, LOWER)
    fid = leak(world, make_repo, token, rule=ZETA_RULE)
    world.pipeline().run([fid])
    assert world.server.log == []
    text = mail(world)
    assert "not checked: its catalogue rules define no live check or revocation" in text
    assert "to do now: Rotate this credential at zeta" in text


def test_private_addresses_are_refused_unless_allowed(world: World, make_repo: MakeRepo) -> None:
    token = acme_token()
    world.acme.live.add(token)
    fid = leak(world, make_repo, token)
    world.pipeline(catalogue_private_addresses=False).run([fid])
    assert world.server.log == [] and token in world.acme.live
    assert steps(world.db, fid)[0] == ("verify", "unknown")


def test_our_own_responders_win_for_the_credentials_they_read(
    world: World, rules_path: str
) -> None:
    catalogues = Catalogues(world.config)
    registry = registry_mod.build(world.config.respond, catalogues=catalogues.loaded)
    own = registry_mod.provider_rules()
    for catalogue_rule, ours in SAME_AS_OURS.items():
        assert any(ours in rules for rules in own.values()), catalogue_rule
    github = registry.for_rule("betterleaks.github-pat")
    assert github is not None and github is registry.by_name["github"]
    # a catalogue credential of a provider we own that ours cannot read: steps, no calls
    cookie = registry.for_rule("betterleaks.slack-session-cookie")
    assert isinstance(cookie, CatalogueProvider) and not cookie.revocable
    assert registry.for_rule("private-key") is None  # no responder, as before
    acme = registry.for_rule(ACME_RULE)
    assert isinstance(acme, CatalogueProvider) and acme.name == "acme" and acme.revocable


def test_the_allow_list_is_validated(rules_path: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not a provider name"):
        RespondConfig(catalogue_providers=("Acme Corp",))
    scan = ScanConfig(rules=(rules_path,), catalogue_cache=CACHE)
    loaded = Catalogues(Config(home=tmp_path, scan=scan)).loaded()
    problems = allow_list_problems(
        ["acme", "acmee", "github", "zeta"], index(loaded), registry_mod.provider_rules()
    )
    assert problems == [
        "[respond] catalogue_providers: 'acmee' is no provider of the loaded catalogue; "
        "did you mean acme?",
        "[respond] catalogue_providers: 'github' has pushguard's own responder, which wins: "
        "set its [respond] policies instead",
        "[respond] catalogue_providers: 'zeta': its rules define no live check or revocation "
        "(nothing to call)",
    ]


def test_a_cached_verification_is_checked_again_before_revoking(
    world: World, make_repo: MakeRepo
) -> None:
    token = acme_token()
    world.acme.live.add(token)
    first = leak(world, make_repo, token)
    world.pipeline(policies=("acme=verify-only",)).run([first])  # caches "live"
    second = leak(world, make_repo, token, name="acme/other")  # the same token, elsewhere
    checks = len([r for r, _ in world.server.log if r.path == "/v1/me"])

    world.pipeline().run([second])

    # the cache spared the pipeline's check; the SDK revokes only what it has just seen
    # live, so the responder checks once before revoking and once after (re-verify)
    assert len([r for r, _ in world.server.log if r.path == "/v1/me"]) == checks + 2
    assert world.acme.revoke_calls == 1 and token not in world.acme.live
    assert ("reverify", "dead") in steps(world.db, second)
