"""``PATCH /api/v1/findings/<id>`` (findings:write) and the findings filters of the API."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select

from pushguard import audit
from pushguard.config import Config
from pushguard.scan.rulemeta import provider_of
from pushguard.store.db import Database
from pushguard.store.findings import NewFinding, upsert_finding
from pushguard.store.models import AllowlistEntry, AuditEvent, Finding
from pushguard.tokens import create_token, load_token_key
from tests.helpers.service import Register

FP = "ab" * 32


def _token(database: Database, config: Config, *scopes: str) -> tuple[str, int]:
    key = load_token_key(config.token_key_file, create=True)
    with database.session() as s:
        raw, info = create_token(s, key, name="t", scopes=scopes, lifetime=dt.timedelta(days=1))
    return raw, info.id


def _patch(client: FlaskClient, finding_id: int, raw: str, body: Any) -> tuple[int, dict]:  # type: ignore[type-arg]
    response = client.patch(
        f"/api/v1/findings/{finding_id}",
        headers={"Authorization": f"Bearer {raw}"},
        data=json.dumps(body),
        content_type="application/json",
    )
    return response.status_code, response.get_json(silent=True) or {}


def _finding(database: Database, repo: int, rule: str = "github-token", fp: str = FP) -> int:
    with database.session() as s:
        found = NewFinding("c" * 40, "a.py", 1, rule, True, fp, "ghp_Ab…yz", provider_of(rule))
        return upsert_finding(s, repo, found).id


def test_patch_marks_a_false_positive_audited_and_exported(
    client: FlaskClient, register: Register, database: Database, service_config: Config
) -> None:
    finding_id = _finding(database, register("github", "acme/app"))
    reader, _ = _token(database, service_config, "findings:read")
    writer, writer_id = _token(database, service_config, "findings:write")
    body = {"status": "false-positive", "reason": "test fixture", "expires": "2099-01-31"}
    assert _patch(client, finding_id, reader, body)[0] == 403
    assert _patch(client, finding_id, writer, {"status": "bogus", "reason": "x"})[0] == 400
    assert _patch(client, finding_id, writer, {"status": "resolved"})[0] == 400  # no reason
    past = {**body, "expires": "2001-01-01"}
    assert _patch(client, finding_id, writer, past)[0] == 400
    assert _patch(client, 999_999, writer, body)[0] == 404
    with database.session() as s:  # none of the refused requests changed anything
        assert s.get_one(Finding, finding_id).status == "open"
        assert s.scalars(select(AllowlistEntry)).all() == []

    status, answer = _patch(client, finding_id, writer, body)
    assert status == 200 and answer["changed"] is True
    assert answer["finding"]["status"] == "false-positive"
    exported = json.loads(service_config.allowlist_file.read_text())["entries"]
    assert [(e["fingerprint"], e["rule"], e["expires"]) for e in exported] == [
        (FP, "github-token", "2099-01-31")
    ]
    with database.session() as s:
        [event] = s.scalars(select(AuditEvent).where(AuditEvent.action.like("finding.%")))
        assert event.actor == f"token:{writer_id}" and event.subject == f"finding:{finding_id}"
        assert json.loads(event.details)["reason"] == "test fixture"
        assert audit.verify(s) is None

    # resolving a false positive: it was real after all, so it is no longer allowlisted
    status, answer = _patch(client, finding_id, writer, {"status": "resolved", "reason": "rotated"})
    assert status == 200 and answer["finding"]["status"] == "resolved"
    assert json.loads(service_config.allowlist_file.read_text())["entries"] == []


def _get(client: FlaskClient, raw: str, query: str) -> tuple[int, list[int]]:
    response = client.get(f"/api/v1/findings?{query}", headers={"Authorization": f"Bearer {raw}"})
    body = response.get_json(silent=True) or {}
    return response.status_code, [f["id"] for f in body.get("findings", [])]


def test_findings_filter_by_rule_provider_status_and_age(
    client: FlaskClient, register: Register, database: Database, service_config: Config
) -> None:
    repo = register("github", "acme/app")
    gh = _finding(database, repo, "github-token", "01" * 32)
    hf = _finding(database, repo, "huggingface-token", "02" * 32)
    with database.session() as s:
        s.get_one(Finding, hf).first_seen = dt.datetime.now(dt.UTC) - dt.timedelta(days=40)
    raw, _ = _token(database, service_config, "findings:read")
    assert _get(client, raw, "rule=github-token") == (200, [gh])
    assert _get(client, raw, "provider=huggingface") == (200, [hf])
    assert _get(client, raw, "older_than=30d") == (200, [hf])
    assert _get(client, raw, "newer_than=30d") == (200, [gh])
    assert _get(client, raw, "status=open") == (200, [gh, hf])
    assert _get(client, raw, "status=bogus")[0] == 400
    assert _get(client, raw, "provider=nope")[0] == 400
    assert _get(client, raw, "older_than=soon")[0] == 400
