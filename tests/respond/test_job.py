"""The RQ job end to end: config from the environment, a real RQ worker on the test Redis,
the migrated test database, a real git mirror, Hugging Face played locally, real SMTP."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import redis
from pytest_httpserver import HTTPServer
from sqlalchemy import select

from pushguard import config as config_mod
from pushguard.scan.secrets import fingerprint, load_or_create_key, redact
from pushguard.store import models
from pushguard.store.db import Database
from pushguard.store.findings import NewFinding, upsert_finding
from pushguard.workers.queue import respond_queue, scan_queue
from pushguard.workers.respond_jobs import enqueue_response
from pushguard.workers.rq_workers import HeartbeatSimpleWorker
from tests.helpers import tokens
from tests.helpers.gitrepo import MakeRepo
from tests.helpers.service import (  # noqa: F401 - fixtures
    pg_home,
    run_jobs,
    service_config,
)
from tests.respond.fakes import FakeHub, Mailbox


def test_respond_to_scan_job_revokes_and_mails_once(
    pg_home: Path,  # noqa: F811 - fixture
    database: Database,
    redis_conn: redis.Redis,
    httpserver: HTTPServer,
    smtp: tuple[Mailbox, int],
    make_repo: MakeRepo,
    run_jobs: Callable[[], int],  # noqa: F811 - fixture
) -> None:
    box, port = smtp
    (pg_home / "pushguard.toml").write_text(
        "[respond]\n"
        f'urls = ["huggingface={httpserver.url_for("")}"]\n'
        f'smtp_host = "127.0.0.1"\nsmtp_port = {port}\n'
        'security_contacts = ["security@example.com"]\n'
    )
    config = config_mod.load()
    hub = FakeHub(httpserver)
    token = tokens.huggingface_token()
    hub.live.add(token)
    repo = make_repo()
    commit = repo.commit({"deploy/.env": f"HF_TOKEN={token}\n"})
    key = load_or_create_key(config.fingerprint_key_file)
    with database.session() as s:
        r = models.Repository(platform="local", name="acme/app", clone_url=str(repo.path))
        s.add(r)
        s.flush()
        scan = models.Scan(repository_id=r.id, kind="push", status="done")
        s.add(scan)
        s.flush()
        finding_id = upsert_finding(
            s,
            r.id,
            NewFinding(
                commit,
                "deploy/.env",
                1,
                "huggingface-token",
                True,
                fingerprint(key, token),
                redact(token),
            ),
            scan_id=scan.id,
        ).id
        scan_id = scan.id

    assert enqueue_response(redis_conn, config.service, scan_id) == enqueue_response(
        redis_conn, config.service, scan_id
    )  # one job, however often queued
    # on its own queue: a worker serving only rescans leaves it alone
    assert respond_queue(redis_conn).count == 1 and scan_queue(redis_conn).count == 0
    HeartbeatSimpleWorker([scan_queue(redis_conn)], connection=redis_conn).work(burst=True)
    assert hub.revoked == [] and respond_queue(redis_conn).count == 1
    assert run_jobs() == 1

    assert hub.revoked == [token]
    with database.session() as s:
        finding = s.get(models.Finding, finding_id)
        assert finding is not None and finding.status == "revoked"
        outcomes = list(
            s.scalars(
                select(models.Response.outcome).where(models.Response.finding_id == finding_id)
            )
        )
    assert outcomes == ["live", "revoked", "dead", "sent"]
    [(rcpt, raw)] = box.envelopes
    assert "security@example.com" in rcpt and token.encode() not in raw
