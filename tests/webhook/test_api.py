from __future__ import annotations

import datetime as dt
import json

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from pushguard import audit
from pushguard.config import Config
from pushguard.store.db import Database
from pushguard.store.findings import NewFinding, upsert_finding
from pushguard.store.models import ApiToken, AuditEvent, Scan
from pushguard.tokens import SCOPES, create_token, load_token_key, revoke_token
from pushguard.webhook.api import AUTH_FAILURES_PER_WINDOW
from tests.helpers.service import Register

# (method, path, scope) for every route; {repo} is filled with a registered repository id
ROUTES = [
    ("GET", "/api/v1/findings", "findings:read"),
    ("GET", "/api/v1/scans", "findings:read"),
    ("POST", "/api/v1/repos/{repo}/rescan", "scans:write"),
    ("GET", "/api/v1/audit", "audit:read"),
]


@pytest.fixture
def token(database: Database, service_config: Config):  # type: ignore[no-untyped-def]
    key = load_token_key(service_config.token_key_file, create=True)

    def make(
        *scopes: str, lifetime: dt.timedelta = dt.timedelta(days=1), now: dt.datetime | None = None
    ) -> tuple[str, int]:
        with database.session() as s:
            raw, info = create_token(s, key, name="test", scopes=scopes, lifetime=lifetime, now=now)
        return raw, info.id

    return make


@pytest.fixture
def repo(register: Register) -> int:
    return register("github", "acme/app")


def _call(
    client: FlaskClient, method: str, path: str, raw: str | None, addr: str = "10.0.0.1"
) -> tuple[int, dict]:  # type: ignore[type-arg]
    headers = {"Authorization": f"Bearer {raw}"} if raw else {}
    response = client.open(path, method=method, headers=headers, environ_base={"REMOTE_ADDR": addr})
    return response.status_code, response.get_json(silent=True) or {}


@pytest.mark.parametrize(("method", "path", "scope"), ROUTES)
def test_every_route_checks_its_scope_expiry_and_revocation(
    client: FlaskClient,
    token,
    repo: int,
    database: Database,  # type: ignore[no-untyped-def]
    method: str,
    path: str,
    scope: str,
) -> None:
    path = path.format(repo=repo)
    good, good_id = token(scope)
    other = [s for s in SCOPES if s != scope]
    wrong, _ = token(*other)
    expired, _ = token(
        scope, lifetime=dt.timedelta(hours=1), now=dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    )
    revoked, revoked_id = token(scope)
    with database.session() as s:
        revoke_token(s, revoked_id)
    assert _call(client, method, path, None)[0] == 401
    assert _call(client, method, path, wrong)[0] == 403
    assert _call(client, method, path, expired)[0] == 401
    assert _call(client, method, path, revoked)[0] == 401
    status, _ = _call(client, method, path, good)
    assert status == (202 if method == "POST" else 200)
    with database.session() as s:
        reasons = [
            e["details"]["reason"]
            for e in map(
                audit.event_dict,
                s.scalars(
                    select(AuditEvent)
                    .where(AuditEvent.action.like("api.%"))
                    .order_by(AuditEvent.id)
                ),
            )
        ]
        assert reasons == ["missing", "scope", "expired", "revoked"]
        assert audit.verify(s) is None
        assert s.get_one(ApiToken, good_id).last_used_at is not None


def test_failed_authentications_are_rate_limited_per_address(
    client: FlaskClient,
    token,
    database: Database,  # type: ignore[no-untyped-def]
) -> None:
    good, _ = token("findings:read")
    junk = "pgt_" + "A" * 36  # right shape, wrong checksum
    for _ in range(AUTH_FAILURES_PER_WINDOW):
        assert _call(client, "GET", "/api/v1/findings", junk)[0] == 401
    for _ in range(90):  # locked out: 429, not audited one by one
        response = client.get(
            "/api/v1/findings",
            headers={"Authorization": f"Bearer {junk}"},
            environ_base={"REMOTE_ADDR": "10.0.0.1"},
        )
        assert response.status_code == 429 and response.headers["Retry-After"] == "60"
    # a valid token from the locked-out address still gets in; from elsewhere too
    assert _call(client, "GET", "/api/v1/findings", good, addr="10.0.0.1")[0] == 200
    assert _call(client, "GET", "/api/v1/findings", good, addr="10.0.0.2")[0] == 200
    with database.session() as s:
        failures = s.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "api.auth_failed")
        )
        lockouts = s.scalars(select(AuditEvent).where(AuditEvent.action == "api.rate_limited"))
        [lockout] = lockouts.all()
    assert failures == AUTH_FAILURES_PER_WINDOW
    # the lock-out itself is audited once for the window, with the count
    assert lockout.subject == "10.0.0.1"
    assert json.loads(lockout.details)["failures"] == AUTH_FAILURES_PER_WINDOW


def test_findings_filters_and_pages(
    client: FlaskClient,
    token,
    register: Register,
    database: Database,  # type: ignore[no-untyped-def]
) -> None:
    a, b = register("github", "acme/a"), register("gitlab", "acme/b")
    with database.session() as s:
        for repo, n in ((a, 3), (b, 1)):
            for i in range(n):
                upsert_finding(
                    s,
                    repo,
                    NewFinding(
                        "c" * 40, f"f{i}.py", 1, "github-token", True, f"fp{repo}-{i}", "ghp_Ab…yz"
                    ),
                )
    raw, _ = token("findings:read")
    status, body = _call(client, "GET", "/api/v1/findings?repo=acme/a&limit=2", raw)
    assert status == 200 and [f["path"] for f in body["findings"]] == ["f0.py", "f1.py"]
    assert body["findings"][0]["repository"] == "acme/a"
    assert "secret" not in body["findings"][0]
    _, rest = _call(client, "GET", f"/api/v1/findings?repo={a}&after={body['next']}", raw)
    assert [f["path"] for f in rest["findings"]] == ["f2.py"] and rest["next"] is None
    _, none_open = _call(client, "GET", "/api/v1/findings?status=resolved", raw)
    assert none_open["findings"] == []
    assert _call(client, "GET", "/api/v1/findings?repo=nope/nope", raw)[0] == 400
    assert _call(client, "GET", "/api/v1/findings?limit=x", raw)[0] == 400


def test_rescan_stores_a_scan_and_enqueues_it(
    client: FlaskClient,
    token,
    repo: int,
    database: Database,  # type: ignore[no-untyped-def]
    redis_conn,  # type: ignore[no-untyped-def]
) -> None:
    raw, token_id = token("scans:write", "findings:read")
    response = client.post(
        f"/api/v1/repos/{repo}/rescan",
        json={"range": "main~3..main"},
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 202
    body = response.get_json()
    assert body["job_id"] == f"scan-{body['scan_id']}"
    assert redis_conn.exists(f"rq:job:{body['job_id']}")
    with database.session() as s:
        scan = s.get_one(Scan, body["scan_id"])
        assert (scan.kind, scan.range_spec, scan.status, scan.job_id) == (
            "range",
            "main~3..main",
            "queued",
            body["job_id"],
        )
        actions = s.scalars(select(AuditEvent.actor).where(AuditEvent.action == "scan.request"))
        assert actions.all() == [f"token:{token_id}"]
    _, scans = _call(client, "GET", f"/api/v1/scans?repo={repo}", raw)
    assert [s["id"] for s in scans["scans"]] == [body["scan_id"]]
    missing = client.post("/api/v1/repos/999/rescan", headers={"Authorization": f"Bearer {raw}"})
    assert missing.status_code == 404
    bad = client.post(
        f"/api/v1/repos/{repo}/rescan",
        json={"range": "--output=x"},
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert bad.status_code == 400


def test_audit_route_returns_the_chain(
    client: FlaskClient,
    token,
    database: Database,  # type: ignore[no-untyped-def]
) -> None:
    with database.session() as s:
        audit.append(s, actor="cli:admin", action="repo.add", subject="repo:1")
    raw, _ = token("audit:read")
    status, body = _call(client, "GET", "/api/v1/audit?since=2000-01-01", raw)
    assert status == 200
    assert [e["action"] for e in body["events"]] == ["repo.add"]
    assert body["events"][0]["prev_hash"] == "0" * 64
