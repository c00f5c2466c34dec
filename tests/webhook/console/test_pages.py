"""Every console page and form, for each scope, through Flask's client on the real store."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import redis
from flask import Flask
from sqlalchemy import func, select, update

from pushguard import audit
from pushguard.config import Config
from pushguard.store.db import Database
from pushguard.store.findings import NewFinding, upsert_finding
from pushguard.store.models import AuditEvent, Delivery, Finding, Scan
from pushguard.store.responses import record_step
from pushguard.tokens import SCOPES
from pushguard.webhook.console.finding_list import PAGE_SIZE
from pushguard.workers.queue import queues
from tests.helpers.service import Register
from tests.helpers.webhooks import body_of, github_headers, github_push
from tests.webhook.console.conftest import SignIn, csrf_of

# (method, path, scope); {finding}, {repo} and {scan} are filled in
ROUTES = [
    ("GET", "/", "findings:read"),
    ("GET", "/findings", "findings:read"),
    ("GET", "/findings/{finding}", "findings:read"),
    ("GET", "/repos", "findings:read"),
    ("GET", "/scans/{scan}", "findings:read"),
    ("GET", "/scans/{scan}/progress", "findings:read"),
    ("POST", "/repos/{repo}/rescan", "scans:write"),
    ("POST", "/findings/{finding}/triage", "findings:write"),
    ("GET", "/audit", "audit:read"),
]


def _finding(n: int = 0, **changes: object) -> NewFinding:
    base = NewFinding(
        commit=f"{n:040x}",
        path=f"src/config_{n}.py",
        line=n + 1,
        rule="github-token",
        blocking=True,
        fingerprint=f"fp-{n}",
        redacted="ghp_…" + f"{n:04d}",
    )
    return base._replace(**changes)


@pytest.fixture
def seeded(register: Register, database: Database) -> dict[str, int]:
    repo = register("github", "acme/app", "https://github.com/acme/app.git")
    with database.session() as s:
        scan = Scan(repository_id=repo, kind="full", status="done")
        s.add(scan)
        s.flush()
        found = upsert_finding(s, repo, _finding(), scan_id=scan.id)
        return {"repo": repo, "finding": found.id, "scan": scan.id}


@pytest.mark.parametrize(("method", "path", "scope"), ROUTES)
def test_every_route_needs_sign_in_and_its_scope(
    webhook_app: Flask,
    signed_in: SignIn,
    seeded: dict[str, int],
    method: str,
    path: str,
    scope: str,
) -> None:
    path = path.format(**seeded)
    anonymous = webhook_app.test_client()
    response = anonymous.open(path, method=method)
    assert response.status_code == (401 if method == "POST" else 302)
    others = signed_in(*[s for s in SCOPES if s != scope])
    data = {"csrf_token": csrf_of(others.get("/signin").get_data(as_text=True))}
    response = others.open(path, method=method, data=data)
    assert response.status_code == 403
    assert scope in response.get_data(as_text=True)
    allowed = signed_in(scope)
    data = {"csrf_token": csrf_of(allowed.get("/signin").get_data(as_text=True))}
    if path.endswith("/triage"):
        data.update(action="resolve", reason="rotated by the owner")
    response = allowed.open(path, method=method, data=data)
    assert response.status_code == (303 if method == "POST" else 200)


def test_every_form_post_needs_the_sessions_csrf_token(
    signed_in: SignIn, seeded: dict[str, int], database: Database
) -> None:
    client = signed_in("findings:read", "scans:write")
    for data in ({}, {"csrf_token": "guess"}):
        response = client.post(f"/repos/{seeded['repo']}/rescan", data=data)
        assert response.status_code == 400
    other = signed_in("findings:read", "scans:write")  # another session's token is no good
    foreign = csrf_of(other.get("/repos").get_data(as_text=True))
    assert (
        client.post(f"/repos/{seeded['repo']}/rescan", data={"csrf_token": foreign}).status_code
        == 400
    )
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(Scan)) == 1  # only the seeded one


def test_read_only_token_sees_a_finding_but_no_triage_buttons(
    signed_in: SignIn, seeded: dict[str, int]
) -> None:
    page = signed_in("findings:read").get(f"/findings/{seeded['finding']}").get_data(as_text=True)
    assert "ghp_…0000" in page
    assert "findings:write" in page
    assert 'value="false-positive"' not in page
    assert "/triage" not in page


def test_finding_page_links_to_the_commit_and_line_on_the_platform(
    signed_in: SignIn, seeded: dict[str, int], register: Register, database: Database
) -> None:
    client = signed_in("findings:read")
    page = client.get(f"/findings/{seeded['finding']}").get_data(as_text=True)
    commit = f"{0:040x}"
    assert f'href="https://github.com/acme/app/commit/{commit}"' in page
    assert f'href="https://github.com/acme/app/blob/{commit}/src/config_0.py#L1"' in page
    local = register("local", "srv/repo", "/srv/git/repo.git")
    with database.session() as s:
        other = upsert_finding(s, local, _finding(1)).id
    page = client.get(f"/findings/{other}").get_data(as_text=True)
    assert "view commit on" not in page  # no web UI to link to


def test_findings_are_paginated_filtered_and_sorted(
    signed_in: SignIn, register: Register, database: Database
) -> None:
    repo = register("github", "acme/app")
    other = register("gitlab", "group/proj")
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=40)
    with database.session() as s:
        for n in range(2 * PAGE_SIZE + 10):
            upsert_finding(s, repo, _finding(n), seen_at=old if n < 10 else None)
        upsert_finding(s, other, _finding(999, rule="aws-secret-key", blocking=False))
    client = signed_in("findings:read")

    def rows(url: str) -> list[str]:
        page = client.get(url).get_data(as_text=True)
        return re.findall(r'href="/findings/(\d+)">#', page)

    first = client.get("/findings").get_data(as_text=True)
    assert "111 findings, page 1 of 3" in first
    assert len(rows("/findings")) == PAGE_SIZE
    assert 'rel="next" href="/findings?sort=age&amp;dir=desc&amp;page=2"' in first
    assert len(rows("/findings?page=3")) == 11
    assert rows("/findings?page=99") == rows("/findings?page=3")  # past the end: last page
    assert rows("/findings?provider=aws") == [str(2 * PAGE_SIZE + 11)]
    assert rows("/findings?blocking=no") == [str(2 * PAGE_SIZE + 11)]
    assert rows(f"/findings?repo={other}") == [str(2 * PAGE_SIZE + 11)]
    assert len(rows("/findings?age=30d&page=3")) == 1  # the 10 old ones are filtered out
    assert rows("/findings?sort=id&dir=asc")[:3] == ["1", "2", "3"]
    assert rows("/findings?sort=id&dir=desc")[0] == str(2 * PAGE_SIZE + 11)
    assert rows("/findings?sort=blocking&dir=asc")[0] == str(2 * PAGE_SIZE + 11)  # the warning
    assert rows("/findings?sort=repo&dir=desc")[0] == str(2 * PAGE_SIZE + 11)  # group/proj
    assert rows("/findings?provider=%25") == []  # LIKE wildcards are data
    assert client.get("/findings?sort=evil;drop&page=-3&repo=x").status_code == 200


HOSTILE = [
    '<script>alert("pushguard")</script>',
    "\"'><img src=x onerror=alert(1)>",
    "src/\u202egnp.exe\u200f",  # right-to-left override and mark: would read "exe.png"
    "docs/" + "a" * 1000,
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_repository_values_are_escaped_everywhere(
    signed_in: SignIn, register: Register, database: Database, value: str
) -> None:
    repo = register("github", f"acme/{value[:200]}", "https://github.com/acme/x.git")
    with database.session() as s:
        delivery = Delivery(  # what the platform's webhook said: ref and pusher
            platform="github",
            delivery_key="d-1",
            repository_id=repo,
            ref=value,
            before="0" * 40,
            after="1" * 40,
            pusher=value[:255],
        )
        s.add(delivery)
        s.flush()
        scan = Scan(
            repository_id=repo,
            kind="range",
            range_spec=value,
            status="failed",
            error=value,
            delivery_id=delivery.id,
        )
        s.add(scan)
        s.flush()
        finding = upsert_finding(
            s, repo, _finding(path=value, rule=value[:128], redacted=value[:255]), scan_id=scan.id
        ).id
        audit.append(
            s, actor=value[:255], action="test.hostile", subject=value[:512], details={"v": value}
        )
        scan_id = scan.id
    client = signed_in(*SCOPES)
    for url in ("/", "/findings", f"/findings/{finding}", "/repos", f"/scans/{scan_id}", "/audit"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in page, url
        assert "<img src=x" not in page, url
        assert "\u202e" not in page and "\u200f" not in page, url  # shown, never applied
        if "\u202e" in value and url != "/":
            assert "U+202E</span>" in page, url
            assert "U+200F</span>" in page, url
    page = client.get(f"/findings/{finding}").get_data(as_text=True)
    if value.startswith("<script>"):
        assert "&lt;script&gt;alert(&#34;pushguard&#34;)&lt;/script&gt;" in page
    if value.startswith('"'):
        assert "&#34;&#39;&gt;&lt;img src=x" in page
    assert page.count("push to ") == 1  # the timeline shows the delivery's (escaped) ref
    if len(value) > 500:
        assert value in page  # the finding page shows the whole (escaped) path


def test_rescan_queues_a_job_audits_it_and_shows_progress(
    signed_in: SignIn, seeded: dict[str, int], database: Database, redis_conn: redis.Redis
) -> None:
    client = signed_in("findings:read", "scans:write")
    token = csrf_of(client.get("/repos").get_data(as_text=True))
    response = client.post(
        f"/repos/{seeded['repo']}/rescan", data={"csrf_token": token, "range": "v1.0..main"}
    )
    assert response.status_code == 303
    scan_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with database.session() as s:
        scan = s.get(Scan, scan_id)
        assert scan is not None and scan.range_spec == "v1.0..main" and scan.kind == "range"
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "scan.request")).one()
    assert event.actor.startswith("token:") and f'"scan_id":{scan_id}' in event.details
    assert sum(q.count for q in queues(redis_conn)) == 1
    page = client.get(f"/scans/{scan_id}").get_data(as_text=True)
    assert "<progress" in page and "queued" in page
    assert client.get(f"/scans/{scan_id}/progress").get_json() == {
        "id": scan_id,
        "status": "queued",
        "commits_scanned": 0,
        "commits_total": None,
        "findings": 0,
        "error": None,
        "finished": False,
    }
    with database.session() as s:
        s.execute(
            update(Scan)
            .where(Scan.id == scan_id)
            .values(status="running", commits_total=40, commits_scanned=10)
        )
    assert client.get(f"/scans/{scan_id}/progress").get_json()["commits_scanned"] == 10


@pytest.mark.parametrize("bad", ["--output=/tmp/x", "a b", "x" * 2000])
def test_rescan_refuses_a_bad_range_and_queues_nothing(
    signed_in: SignIn, seeded: dict[str, int], database: Database, bad: str
) -> None:
    client = signed_in("findings:read", "scans:write")
    token = csrf_of(client.get("/repos").get_data(as_text=True))
    response = client.post(
        f"/repos/{seeded['repo']}/rescan", data={"csrf_token": token, "range": bad}
    )
    assert response.status_code == 400
    assert "revision range" in response.get_data(as_text=True)
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(Scan)) == 1
    assert client.post("/repos/999/rescan", data={"csrf_token": token}).status_code == 404


def test_audit_page_shows_the_chain_intact_then_broken(
    signed_in: SignIn, seeded: dict[str, int], database: Database
) -> None:
    with database.session() as s:
        for n in range(3):
            audit.append(s, actor="cli:test", action="repo.add", subject=f"repo:{n}")
    client = signed_in("audit:read")
    page = client.get("/audit").get_data(as_text=True)
    assert "Chain intact" in page
    with database.session() as s:
        target = s.scalars(select(AuditEvent.id).where(AuditEvent.subject == "repo:1")).one()
        s.execute(update(AuditEvent).where(AuditEvent.id == target).values(actor="cli:mallory"))
    page = client.get("/audit").get_data(as_text=True)
    assert f"Chain broken at event {target}:" in page
    filtered = client.get("/audit?action=repo.&subject=repo:2").get_data(as_text=True)
    assert "repo:2" in filtered and "repo:0" not in filtered


def test_overview_counts_findings_funnel_and_blocked_pushes(
    signed_in: SignIn, register: Register, database: Database
) -> None:
    repo = register("github", "acme/app")
    now = dt.datetime.now(dt.UTC)
    earlier = now - dt.timedelta(hours=3)
    with database.session() as s:
        ids = [
            upsert_finding(s, repo, _finding(n, rule=rule, blocking=blocking), seen_at=earlier).id
            for n, (rule, blocking) in enumerate(
                [
                    ("github-token", True),
                    ("github-token", True),
                    ("slack-token", True),
                    ("generic-high-entropy", False),
                ]
            )
        ]
        for i in ids[:2]:
            record_step(s, i, "verify", "live", None, key=f"verify:{i}")
        record_step(s, ids[0], "revoke", "revoked", None, key=f"revoke:{ids[0]}")
        record_step(s, ids[0], "notify", "sent", None, key=f"notify:{ids[0]}")
        audit.append(
            s,
            actor="pushguard:respond",
            action="respond.notify",
            subject=f"incident:finding:{ids[0]}",
            details={"findings": [ids[0]]},
        )
        for _ in range(2):
            audit.append(
                s, actor="hook:dev", action="hook.blocked", subject="repo:acme/app", at=earlier
            )
    page = signed_in("findings:read").get("/").get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "3 blocking" in text and "1 warnings" in text
    assert "github 2" in text and "slack 1" in text and "generic 1" in text
    assert re.search(r"found 4 live 2 revoked 1 owner notified 1", text)
    assert "Median time from detection to revocation: 3.0 h" in text
    today = earlier.date().isoformat()
    assert f"{today} 4 2" in text  # found after the fact, blocked pushes
    week = signed_in("findings:read").get("/?period=week").get_data(as_text=True)
    assert "Week starting" in week


def _triage(client, finding: int, **form: str):  # type: ignore[no-untyped-def]
    page = client.get(f"/findings/{finding}").get_data(as_text=True)
    form["csrf_token"] = csrf_of(page, f"/findings/{finding}/triage")
    return client.post(f"/findings/{finding}/triage", data=form)


def test_triage_buttons_use_the_triage_code_audit_and_allowlist(
    signed_in: SignIn, seeded: dict[str, int], database: Database, service_config: Config
) -> None:
    client = signed_in("findings:read", "findings:write")
    finding = seeded["finding"]
    page = client.get(f"/findings/{finding}").get_data(as_text=True)
    assert 'value="resolve"' in page and 'value="false-positive"' in page
    assert 'value="reopen"' not in page  # it is open already
    response = _triage(client, finding, action="false-positive", reason="test fixture <b>")
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Finding {finding} is now false-positive." in page
    assert 'value="reopen"' in page
    assert "finding.false-positive" in page  # the audit event shows on the timeline
    assert "test fixture &lt;b&gt;" in page
    with database.session() as s:
        row = s.get(Finding, finding)
        event = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "finding.false-positive")
        ).one()
    assert row is not None and row.status == "false-positive"
    assert event.subject == f"finding:{finding}" and event.actor.startswith("token:")
    allowlist = json.loads(service_config.allowlist_file.read_text())
    assert [e["fingerprint"] for e in allowlist["entries"]] == ["fp-0"]
    response = _triage(client, finding, action="reopen", reason="it was real after all")
    assert response.status_code == 303
    assert json.loads(service_config.allowlist_file.read_text())["entries"] == []


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"action": "resolve", "reason": ""}, "reason"),
        ({"action": "delete", "reason": "x"}, "Choose resolve"),
        ({"action": "false-positive", "reason": "x", "expires": "soon"}, "2027-01-31"),
    ],
)
def test_triage_refuses_bad_input_and_changes_nothing(
    signed_in: SignIn,
    seeded: dict[str, int],
    database: Database,
    form: dict[str, str],
    message: str,
) -> None:
    client = signed_in("findings:read", "findings:write")
    response = _triage(client, seeded["finding"], **form)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with database.session() as s:
        row = s.get(Finding, seeded["finding"])
        assert row is not None and row.status == "open"
    token = csrf_of(client.get("/").get_data(as_text=True))
    missing = client.post(
        "/findings/999999/triage", data={"csrf_token": token, "action": "resolve", "reason": "x"}
    )
    assert missing.status_code == 404


def test_overview_counts_refused_webhook_deliveries(
    signed_in: SignIn, register: Register, webhook_app: Flask
) -> None:
    register("github", "acme/app")
    body = body_of(github_push("acme/app", "refs/heads/main", "1" * 40, "2" * 40))
    platform = webhook_app.test_client()
    response = platform.post(
        "/webhooks/github/acme/app", data=body, headers=github_headers("wrong secret", body)
    )
    assert response.status_code == 401
    page = signed_in("findings:read").get("/").get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "Platform Accepted Refused Service unavailable github 0 1 0" in text
