"""Console sign-in, sessions, CSRF, rate limiting and security headers, through Flask's client
against the real store and Redis."""

from __future__ import annotations

import datetime as dt

import pytest
import redis
from flask import Flask
from sqlalchemy import select

from pushguard.store.db import Database
from pushguard.store.models import AuditEvent
from pushguard.tokens import revoke_token
from pushguard.webhook.api import AUTH_FAILURES_PER_WINDOW
from pushguard.webhook.console import sessions
from pushguard.webhook.console.blueprint import CSP
from tests.helpers import tokens
from tests.webhook.console.conftest import MakeToken, SignIn, csrf_of, post_signin


def _cookie(response) -> str:  # type: ignore[no-untyped-def]
    return next(v for k, v in response.headers.items() if k == "Set-Cookie" and "console" in v)


def test_signed_out_pages_redirect_to_signin_and_back(
    webhook_app: Flask, make_token: MakeToken
) -> None:
    client = webhook_app.test_client()
    response = client.get("/findings?status=open")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/signin?next=")
    raw, _ = make_token("findings:read")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'name="next" value="/findings?status=open"' in page
    done = client.post(
        "/signin",
        data={"token": raw, "csrf_token": csrf_of(page), "next": "/findings?status=open"},
    )
    assert done.status_code == 303
    assert done.headers["Location"] == "/findings?status=open"
    assert client.get("/findings?status=open").status_code == 200


def test_signin_refuses_offsite_next(webhook_app: Flask, make_token: MakeToken) -> None:
    raw, _ = make_token("findings:read")
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example", "/a\u202eb"):
        client = webhook_app.test_client()
        response = post_signin(client, raw, next=target)
        assert response.headers["Location"] == "/", target


def test_session_cookie_flags(webhook_app: Flask, make_token: MakeToken) -> None:
    raw, _ = make_token("findings:read")
    cookie = _cookie(post_signin(webhook_app.test_client(), raw))
    assert cookie.startswith("pushguard_console=")
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    assert "Secure" not in cookie  # plain HTTP in tests: a Secure cookie would never return
    client = webhook_app.test_client()
    page = client.get("/signin", base_url="https://console.example").get_data(as_text=True)
    response = client.post(
        "/signin",
        data={"token": raw, "csrf_token": csrf_of(page)},
        base_url="https://console.example",
    )
    cookie = _cookie(response)
    assert cookie.startswith("__Host-pushguard_console=")
    assert "Secure" in cookie
    assert "Path=/" in cookie
    assert "Domain" not in cookie
    assert (
        client.get("/", base_url="https://console.example")
        .headers["Strict-Transport-Security"]
        .startswith("max-age=")
    )


def test_security_headers_on_every_console_response(signed_in: SignIn) -> None:
    client = signed_in("findings:read")
    for path in ("/", "/findings", "/signin", "/console/static/console.css", "/findings/999"):
        with client.get(path) as response:  # closes the static file's handle
            headers = response.headers
        assert headers["Content-Security-Policy"] == CSP, path
        assert "'unsafe-inline'" not in CSP
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"
    assert client.get("/findings").headers["Cache-Control"] == "no-store"


def test_failed_signins_are_audited_and_rate_limited_with_the_api(
    webhook_app: Flask, make_token: MakeToken, database: Database
) -> None:
    raw, _ = make_token("findings:read")
    client = webhook_app.test_client()
    wrong = tokens.pgt_token()  # well-formed, checksummed, never issued
    for _ in range(AUTH_FAILURES_PER_WINDOW - 1):
        response = post_signin(client, wrong, addr="10.9.9.9")
        assert response.status_code == 401
        assert "not valid" in response.get_data(as_text=True)
    # the API's failures from the same address count too: one shared window
    api = client.get(
        "/api/v1/findings",
        headers={"Authorization": "Bearer nope"},
        environ_base={"REMOTE_ADDR": "10.9.9.9"},
    )
    assert api.status_code == 401
    for _ in range(2):  # locked out: wrong tokens get 429, the lock-out is audited once
        limited = post_signin(client, wrong, addr="10.9.9.9")
        assert limited.status_code == 429
        assert limited.headers["Retry-After"] == "60"
    # as with the API, the right token still gets in from a locked-out address
    assert post_signin(client, raw, addr="10.9.9.9").status_code == 303
    assert post_signin(client, raw, addr="10.1.1.1").status_code == 303  # others unaffected
    with database.session() as s:
        failed = s.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "api.auth_failed", AuditEvent.subject == "10.9.9.9"
            )
        ).all()
        lockouts = s.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "api.rate_limited", AuditEvent.subject == "10.9.9.9"
            )
        ).all()
        signins = s.scalars(select(AuditEvent).where(AuditEvent.action == "console.signin")).all()
    assert len(failed) == AUTH_FAILURES_PER_WINDOW
    assert sum('"scope":"console"' in e.details for e in failed) == AUTH_FAILURES_PER_WINDOW - 1
    assert len(lockouts) == 1
    assert sorted(e.subject for e in signins) == ["10.1.1.1", "10.9.9.9"]
    assert all(wrong not in e.details for e in failed)  # the attempt is never stored


def test_signin_form_needs_its_csrf_pair(webhook_app: Flask, make_token: MakeToken) -> None:
    raw, _ = make_token("findings:read")
    client = webhook_app.test_client()
    client.get("/signin")
    response = client.post("/signin", data={"token": raw, "csrf_token": "forged"})
    assert response.status_code == 400
    assert client.get("/").status_code == 302  # not signed in


@pytest.mark.parametrize("scopes", [("findings:read",), ("audit:read",)])
def test_any_valid_token_signs_in_expired_and_revoked_do_not(
    webhook_app: Flask, make_token: MakeToken, database: Database, scopes: tuple[str, ...]
) -> None:
    good, _ = make_token(*scopes)
    assert post_signin(webhook_app.test_client(), good).status_code == 303
    expired, _ = make_token(
        *scopes,
        lifetime=dt.timedelta(hours=1),
        now=dt.datetime.now(dt.UTC) - dt.timedelta(hours=2),
    )
    revoked, revoked_id = make_token(*scopes)
    with database.session() as s:
        revoke_token(s, revoked_id)
    for raw in (expired, revoked, "", "x" * 5000):
        assert post_signin(webhook_app.test_client(), raw).status_code == 401


def test_revoking_the_token_ends_its_sessions(
    webhook_app: Flask, make_token: MakeToken, database: Database
) -> None:
    client = webhook_app.test_client()
    raw, token_id = make_token("findings:read")
    post_signin(client, raw)
    assert client.get("/findings").status_code == 200
    with database.session() as s:
        revoke_token(s, token_id)
    assert client.get("/findings").status_code == 302


def test_sessions_expire_when_idle_and_after_their_lifetime(
    webhook_app: Flask, make_token: MakeToken, redis_conn: redis.Redis
) -> None:
    client = webhook_app.test_client()
    raw, _ = make_token("findings:read")
    post_signin(client, raw)
    (key,) = redis_conn.keys(sessions.KEY_PREFIX + "*")
    ttl = redis_conn.ttl(key)
    assert 0 < ttl <= sessions.IDLE_TIMEOUT.total_seconds()
    redis_conn.expire(key, 5)
    client.get("/")
    assert redis_conn.ttl(key) > 5  # use extends the idle timeout
    # absolute lifetime: however busy, the session ends ABSOLUTE_LIFETIME after sign-in
    cookie = client.get_cookie("pushguard_console")
    assert cookie is not None
    late = dt.datetime.now(dt.UTC) + sessions.ABSOLUTE_LIFETIME + dt.timedelta(seconds=1)
    assert sessions.load(redis_conn, cookie.value, now=late) is None
    assert client.get("/").status_code == 302
    # idle: the key's TTL running out is the idle expiry
    post_signin(client, raw)
    redis_conn.delete(*redis_conn.keys(sessions.KEY_PREFIX + "*"))
    assert client.get("/").status_code == 302


def test_redis_holds_only_the_session_ids_hash(
    webhook_app: Flask, make_token: MakeToken, redis_conn: redis.Redis
) -> None:
    client = webhook_app.test_client()
    raw, _ = make_token("findings:read")
    post_signin(client, raw)
    cookie = client.get_cookie("pushguard_console")
    assert cookie is not None
    dump = b"".join(
        k + (redis_conn.get(k) or b"") for k in redis_conn.keys(sessions.KEY_PREFIX + "*")
    )
    assert cookie.value.encode() not in dump
    assert raw.encode() not in dump


def test_signin_issues_a_new_session_id_each_time(
    webhook_app: Flask, make_token: MakeToken
) -> None:
    client = webhook_app.test_client()
    raw, _ = make_token("findings:read")
    post_signin(client, raw)
    first = client.get_cookie("pushguard_console")
    post_signin(client, raw)
    second = client.get_cookie("pushguard_console")
    assert first is not None and second is not None and first.value != second.value
    stale = webhook_app.test_client()
    stale.set_cookie("pushguard_console", first.value)
    assert stale.get("/").status_code == 302  # the old id died at the new sign-in


def test_signout_ends_the_session_and_needs_csrf(signed_in: SignIn, database: Database) -> None:
    client = signed_in("findings:read")
    assert client.post("/signout", data={"csrf_token": "nope"}).status_code == 400
    assert client.get("/").status_code == 200
    token = csrf_of(client.get("/").get_data(as_text=True))
    response = client.post("/signout", data={"csrf_token": token})
    assert response.status_code == 303
    assert client.get("/").status_code == 302
    with database.session() as s:
        assert s.scalar(select(AuditEvent).where(AuditEvent.action == "console.signout"))


def test_posts_from_another_origin_are_refused(signed_in: SignIn) -> None:
    client = signed_in("findings:read", "scans:write")
    token = csrf_of(client.get("/repos").get_data(as_text=True))
    response = client.post(
        "/signout", data={"csrf_token": token}, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403
    assert client.get("/").status_code == 200


def test_console_without_redis_says_why(webhook_app: Flask) -> None:
    webhook_app.extensions["pushguard.redis"] = None
    response = webhook_app.test_client().get("/signin")
    assert response.status_code == 503
    assert "needs Redis" in response.get_data(as_text=True)
