"""A signed push webhook leaking a live token -> rescan -> automatic response, on the real parts.

Real: the Flask app, Redis, the SQL database (SQLite, and PostgreSQL when configured), git over
smart HTTP, an RQ worker, SMTP (aiosmtpd) and the ``pushguard`` CLI. Hugging Face is played by
the local test server following its documented contract (``tests/respond/fakes.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests
from flask.testing import FlaskClient
from pytest_httpserver import HTTPServer
from sqlalchemy import select, update

from pushguard.cli.main import main
from pushguard.store import models
from pushguard.store.db import Database
from tests.helpers import tokens
from tests.helpers.gitrepo import GitRepo, MakeRepo
from tests.helpers.gitserver import GitHttpServer, git_http_server  # noqa: F401 - fixture
from tests.helpers.service import (  # noqa: F401 - fixtures
    client,
    pg_home,
    register,
    run_jobs,
    service_config,
    webhook_app,
)
from tests.helpers.webhooks import body_of, github_headers, github_push
from tests.respond.fakes import FakeHub, Mailbox, smtp_server

SECRET = "test-webhook-secret"
NAME = "acme/widgets"
CONTACT = "security@example.com"
AUTHOR = "author@example.com"  # tests.helpers.gitrepo's commit identity


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    yield from smtp_server()


@pytest.fixture
def hub(
    pg_home: Path,  # noqa: F811 - fixture
    httpserver: HTTPServer,
    mailbox: tuple[Mailbox, int],
    monkeypatch: pytest.MonkeyPatch,
) -> FakeHub:
    """The Hugging Face test server, and a config whose workers respond to what they find."""
    (pg_home / "pushguard.toml").write_text(
        "[respond]\n"
        f'urls = ["huggingface={httpserver.url_for("")}"]\n'
        f'smtp_host = "127.0.0.1"\nsmtp_port = {mailbox[1]}\n'
        f'security_contacts = ["{CONTACT}"]\n'
        "timeout_seconds = 5.0\n"
    )
    monkeypatch.setenv("PUSHGUARD_RESPOND_ENABLED", "true")
    return FakeHub(httpserver)


@pytest.fixture
def leak(
    make_repo: MakeRepo,
    git_http_server: Callable[..., GitHttpServer],  # noqa: F811 - fixture
    register: Callable[..., int],  # noqa: F811 - fixture
    hub: FakeHub,
) -> tuple[str, bytes, dict[str, str]]:
    """A live token pushed to a repository served over HTTP: (token, body, signed headers)."""
    remote: GitRepo = make_repo("srv/widgets.git", bare=True)
    base = remote.commit({"README.md": "# widgets\n"}, "initial")
    token = tokens.huggingface_token()
    hub.live.add(token)
    after = remote.commit({"deploy/.env": f"HF_TOKEN={token}\n"}, "deploy settings")
    server = git_http_server(remote.path.parent)
    register("github", NAME, server.url_for("widgets.git"), secret=SECRET)
    body = body_of(github_push(NAME, "refs/heads/main", base, after, commits=[after]))
    return token, body, github_headers(SECRET, body)


def _audit_verify(capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["audit", "verify"])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_leaked_live_token_is_revoked_mailed_and_audited_once(
    hub: FakeHub,
    leak: tuple[str, bytes, dict[str, str]],
    mailbox: tuple[Mailbox, int],
    client: FlaskClient,  # noqa: F811 - fixture
    run_jobs: Callable[[], int],  # noqa: F811 - fixture
    database: Database,
    httpserver: HTTPServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    token, body, headers = leak
    box, _ = mailbox
    assert client.post("/webhooks/github", data=body, headers=headers).status_code == 202
    assert run_jobs() == 2  # the rescan, then the response it enqueued

    # revoked on the provider, once, and the provider now says the token is dead
    assert (hub.revoke_calls, hub.revoked) == (1, [token])
    whoami = requests.get(
        httpserver.url_for("/api/whoami-v2"),
        headers={"Authorization": f"Bearer {token}"},
        timeout=5,
    )
    assert whoami.status_code == 401
    with database.session() as s:
        [finding] = s.scalars(select(models.Finding))
        assert (finding.path, finding.status) == ("deploy/.env", "revoked")
        redacted = finding.redacted
        steps = list(
            s.scalars(
                select(models.Response.step + ":" + models.Response.outcome).order_by(
                    models.Response.id
                )
            )
        )
        actions = list(s.scalars(select(models.AuditEvent.action)))
    assert steps == ["verify:live", "revoke:revoked", "reverify:dead", "notify:sent"]
    assert {"respond.revoke.revoked", "respond.notify"} <= set(actions)

    # one email, to the security contact and the commit author, redacted preview only
    [(rcpt, raw)] = box.envelopes
    assert {CONTACT, AUTHOR} <= set(rcpt)
    [message] = box.messages()
    text = message.get_content()
    assert redacted in text and "revoked" in text
    assert token.encode() not in raw and token not in text

    assert _audit_verify(capsys)[0] == 0

    # the platform redelivers the same webhook: nothing is revoked or mailed again
    assert client.post("/webhooks/github", data=body, headers=headers).status_code in (200, 202)
    run_jobs()
    assert hub.revoke_calls == 1 and len(box.envelopes) == 1

    # someone edits the revocation's audit record: verify fails and names that event
    with database.session() as s:
        event_id = s.scalar(
            select(models.AuditEvent.id).where(models.AuditEvent.action == "respond.revoke.revoked")
        )
        s.execute(
            update(models.AuditEvent)
            .where(models.AuditEvent.id == event_id)
            .values(details='{"detail":"nothing happened"}')
        )
    code, output = _audit_verify(capsys)
    assert code != 0 and f"BROKEN at event {event_id}:" in output


def test_response_switched_off_only_stores_the_finding(
    hub: FakeHub,
    leak: tuple[str, bytes, dict[str, str]],
    mailbox: tuple[Mailbox, int],
    client: FlaskClient,  # noqa: F811 - fixture
    run_jobs: Callable[[], int],  # noqa: F811 - fixture
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PUSHGUARD_RESPOND_ENABLED", "false")
    token, body, headers = leak
    assert client.post("/webhooks/github", data=body, headers=headers).status_code == 202
    assert run_jobs() == 1  # the rescan only
    with database.session() as s:
        [finding] = s.scalars(select(models.Finding))
        assert finding.status == "open"
    assert (hub.whoami_calls, hub.revoke_calls, len(mailbox[0].envelopes)) == (0, 0, 0)
    assert token in hub.live
