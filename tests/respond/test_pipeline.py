"""End to end: a finding in the store, its secret in a real git mirror, Hugging Face played by
a local server, a real SMTP server, a real Redis lock: verify -> revoke -> re-verify -> notify."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path
from typing import Any

import pytest
import redis
from pytest_httpserver import HTTPServer
from sqlalchemy import func, select

import pushguard.workers.respond_pipeline as respond_pipeline
from pushguard import audit
from pushguard.config import Config, RespondConfig
from pushguard.git.messages import MESSAGE_PATH
from pushguard.git.tags import TAG_MESSAGE_PATH
from pushguard.respond import registry as registry_mod
from pushguard.respond.notify import Notifier
from pushguard.scan.plugins import all_detectors
from pushguard.scan.secrets import fingerprint, redact
from pushguard.store import models
from pushguard.store.db import Database
from pushguard.store.findings import NewFinding, upsert_finding
from pushguard.workers.mirror import fetch_lock
from pushguard.workers.reread import mirror_reader
from pushguard.workers.respond_pipeline import MAX_REVOKE_ATTEMPTS as MAX_ATTEMPTS
from tests.helpers import tokens
from tests.helpers.gitrepo import MakeRepo
from tests.respond.fakes import FakeGitHub, FakeHub, Mailbox
from tests.respond.store import steps, store_finding

KEY = b"k" * 32


@dataclasses.dataclass
class World:
    db: Database
    hub: FakeHub
    mailbox: Mailbox
    home: Path
    redis: redis.Redis
    respond_config: RespondConfig

    def pipeline(self, **overrides: Any) -> respond_pipeline.Pipeline:
        cfg = dataclasses.replace(self.respond_config, **overrides)
        config = Config(home=self.home, respond=cfg)
        reader = mirror_reader(
            self.home, KEY, all_detectors(), lambda rid: fetch_lock(self.redis, rid)
        )
        return respond_pipeline.Pipeline(
            self.db, config, registry_mod.build(cfg, sleep=lambda s: None), Notifier(cfg), reader
        )


@pytest.fixture
def world(
    database: Database,
    httpserver: HTTPServer,
    smtp: tuple[Mailbox, int],
    tmp_path: Path,
    redis_conn: redis.Redis,
) -> World:
    mailbox, port = smtp
    cfg = RespondConfig(
        urls=(f"huggingface={httpserver.url_for('')}",),
        smtp_host="127.0.0.1",
        smtp_port=port,
        security_contacts=("security@example.com",),
        retries=0,
    )
    return World(database, FakeHub(httpserver), mailbox, tmp_path / "home", redis_conn, cfg)


def leak(
    world: World, make_repo: MakeRepo, token: str, name: str = "acme/app", path: str = "config.env"
) -> int:
    """Commit ``token`` on line 2 of ``path`` (of the message for ``MESSAGE_PATH``) in a new
    repository; store scan and finding."""
    repo = make_repo()
    if path == MESSAGE_PATH:
        commit = repo.commit({"README": "hi\n"}, f"add settings\nHF_TOKEN={token}")
    elif path == TAG_MESSAGE_PATH:
        repo.commit({"README": "hi\n"})
        commit = repo.tag("v1", message=f"release\nHF_TOKEN={token}")
    else:
        commit = repo.commit({path: f"# settings\nHF_TOKEN={token}\n"}, "add settings")
    return store_finding(world.db, repo.path, name, commit, path, "huggingface-token", token, KEY)


def status(db: Database, finding_id: int) -> str:
    with db.session() as s:
        f = s.get(models.Finding, finding_id)
        assert f is not None
        return f.status


def test_a_live_leak_is_revoked_confirmed_and_reported_once(
    world: World, make_repo: MakeRepo
) -> None:
    token = tokens.huggingface_token()
    world.hub.live.add(token)
    fid = leak(world, make_repo, token)

    summary = world.pipeline().run([fid])

    assert world.hub.revoked == [token] and world.hub.revoke_calls == 1
    assert status(world.db, fid) == "revoked"
    assert steps(world.db, fid) == [
        ("verify", "live"),
        ("revoke", "revoked"),
        ("reverify", "dead"),
        ("notify", "sent"),
    ]
    assert summary["revoked"] == 1
    [(rcpt, raw)] = world.mailbox.envelopes
    assert sorted(rcpt) == ["alice@example.org", "author@example.com", "security@example.com"]
    [message] = world.mailbox.messages()
    text = message.get_content()
    assert token not in text and token[3:] not in text and token.encode() not in raw
    assert redact(token) in text and "status: revoked" in text
    with world.db.session() as s:
        assert audit.verify(s) is None  # the chain is intact
        actions = set(s.scalars(select(models.AuditEvent.action)))
    assert {"respond.verify", "respond.revoke.revoked", "respond.notify"} <= actions


@pytest.mark.parametrize("path", [MESSAGE_PATH, TAG_MESSAGE_PATH])
def test_a_token_in_a_commit_or_tag_message_is_read_back_and_revoked(
    world: World, make_repo: MakeRepo, path: str
) -> None:
    token = tokens.huggingface_token()
    world.hub.live.add(token)
    fid = leak(world, make_repo, token, path=path)
    world.pipeline().run([fid])
    assert world.hub.revoked == [token] and status(world.db, fid) == "revoked"


def test_a_crash_between_revoke_and_record_never_revokes_or_notifies_twice(
    world: World, make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = tokens.huggingface_token()
    world.hub.live.add(token)
    fid = leak(world, make_repo, token)
    real = respond_pipeline.complete_step
    crashed: list[bool] = []

    def crash_once(session: Any, response_id: int, outcome: str, detail: str | None) -> None:
        if outcome == "revoked" and not crashed:
            crashed.append(True)
            raise RuntimeError("worker killed")
        real(session, response_id, outcome, detail)

    monkeypatch.setattr(respond_pipeline, "complete_step", crash_once)
    with pytest.raises(RuntimeError):
        world.pipeline().run([fid])
    assert steps(world.db, fid) == [("verify", "live"), ("revoke", "pending")]

    world.pipeline().run([fid])  # the retry
    world.pipeline().run([fid])  # and another, for good measure

    assert world.hub.revoke_calls == 1
    assert status(world.db, fid) == "revoked"
    assert ("revoke", "revoked") in steps(world.db, fid)
    assert len(world.mailbox.envelopes) == 1


def test_dry_run_records_what_would_happen_without_revoking(
    world: World, make_repo: MakeRepo
) -> None:
    token = tokens.huggingface_token()
    world.hub.live.add(token)
    fid = leak(world, make_repo, token)
    world.pipeline(dry_run=True).run([fid])
    assert world.hub.revoke_calls == 0 and token in world.hub.live
    assert ("revoke", "dry-run") in steps(world.db, fid)
    assert status(world.db, fid) == "open"
    assert "would revoke" in world.mailbox.messages()[0].get_content()


def test_verify_only_policy_notifies_with_manual_steps(world: World, make_repo: MakeRepo) -> None:
    token = tokens.huggingface_token()
    world.hub.live.add(token)
    fid = leak(world, make_repo, token)
    world.pipeline(repo_policies=("acme/app:huggingface=verify-only",)).run([fid])
    assert world.hub.revoke_calls == 0
    [message] = world.mailbox.messages()
    assert "huggingface.co/settings/tokens" in message.get_content()


def test_policy_off_does_nothing(world: World, make_repo: MakeRepo) -> None:
    token = tokens.huggingface_token()
    fid = leak(world, make_repo, token)
    world.pipeline(policies=("huggingface=off",)).run([fid])
    assert world.hub.whoami_calls == 0 and world.mailbox.envelopes == []
    assert steps(world.db, fid) == []


def test_one_token_in_many_repositories_is_verified_and_revoked_once(
    world: World, make_repo: MakeRepo
) -> None:
    token = tokens.huggingface_token()
    world.hub.live.add(token)
    ids = [leak(world, make_repo, token, name=f"acme/app{i}") for i in range(3)]
    world.pipeline().run(ids)
    assert world.hub.revoke_calls == 1
    assert world.hub.whoami_calls == 2  # one verification, one confirmation
    assert [status(world.db, i) for i in ids] == ["revoked"] * 3
    assert len(world.mailbox.envelopes) == 3  # three repositories, three incidents


def test_many_tokens_in_one_batch_and_one_message_per_scan(
    world: World, make_repo: MakeRepo
) -> None:
    rng = random.Random(7)
    values = [tokens.huggingface_token(rng) for _ in range(5)]
    world.hub.live.update(values)
    ids = [leak(world, make_repo, v, name=f"acme/r{i}") for i, v in enumerate(values)]
    with world.db.session() as s:  # put them all in the first finding's scan
        first = s.get(models.Finding, ids[0])
        assert first is not None
        for fid in ids[1:]:
            f = s.get(models.Finding, fid)
            assert f is not None
            f.scan_id = first.scan_id
    world.pipeline().run(ids)
    assert world.hub.revoke_calls == 1 and sorted(world.hub.revoked) == sorted(values)
    assert len(world.mailbox.envelopes) == 1


def test_a_dead_token_is_recorded_and_not_revoked(world: World, make_repo: MakeRepo) -> None:
    fid = leak(world, make_repo, tokens.huggingface_token())
    world.pipeline().run([fid])
    assert world.hub.revoke_calls == 0
    assert steps(world.db, fid)[0] == ("verify", "dead")


def test_a_fingerprint_that_does_not_match_the_git_line_calls_nobody(
    world: World, make_repo: MakeRepo
) -> None:
    fid = leak(world, make_repo, tokens.huggingface_token())
    with world.db.session() as s:
        f = s.get(models.Finding, fid)
        assert f is not None
        f.fingerprint = "0" * 64
    world.pipeline().run([fid])
    assert world.hub.whoami_calls == 0
    assert steps(world.db, fid)[0] == ("verify", "unknown")
    with world.db.session() as s:
        assert s.scalar(select(func.count()).select_from(models.Verification)) == 0


def test_a_retryable_failure_is_retried_by_the_next_run_as_a_new_attempt(
    world: World, make_repo: MakeRepo, httpserver: HTTPServer
) -> None:
    token = tokens.huggingface_token()
    world.hub.live.add(token)
    fid = leak(world, make_repo, token)
    httpserver.clear()  # the provider is down for revocations for a while
    httpserver.expect_request("/api/credentials/revoke").respond_with_data("", status=503)
    world.hub = FakeHub(httpserver, live={token})
    summary = world.pipeline().run([fid])
    assert summary["retry"] == 1 and status(world.db, fid) == "open"

    httpserver.clear()  # it recovers
    world.hub = FakeHub(httpserver, live={token})
    world.pipeline().run([fid])
    assert world.hub.revoke_calls == 1 and status(world.db, fid) == "revoked"
    assert [o for step, o in steps(world.db, fid) if step == "revoke"] == ["retry", "revoked"]
    assert len(world.mailbox.envelopes) == 1


def test_a_local_rate_limit_defers_without_using_up_attempts(
    world: World, make_repo: MakeRepo, httpserver: HTTPServer
) -> None:
    gh = FakeGitHub(httpserver)
    token = tokens.github_token()
    gh.live.add(token)
    repo = make_repo()
    commit = repo.commit({"ci.sh": f"export GH_TOKEN={token}\n"})
    with world.db.session() as s:
        r = models.Repository(platform="local", name="acme/ci", clone_url=str(repo.path))
        s.add(r)
        s.flush()
        fid = upsert_finding(
            s,
            r.id,
            NewFinding(commit, "ci.sh", 1, "github-token", True, fingerprint(KEY, token), "x"),
        ).id
    urls = (f"github={httpserver.url_for('')}",)
    for _ in range(MAX_ATTEMPTS + 2):  # the hour's budget is spent: every run is deferred
        summary = world.pipeline(urls=urls, github_revokes_per_hour=0).run([fid])
        assert summary["retry"] == 1
    assert gh.revoke_calls == 0 and not any(step == "revoke" for step, _ in steps(world.db, fid))
    world.pipeline(urls=urls).run([fid])  # budget back
    assert gh.revoke_calls == 1 and status(world.db, fid) == "revoked"
