"""Sign-in with a ``pgt_`` API token, the session cookie, CSRF, and per-page scopes.

Sign-in checks the token with ``pushguard.tokens.authenticate`` and counts and audits
failures exactly as the admin API does (``api.auth_failed`` per client address, shared
window), so guessing tokens through the console is no cheaper than through ``/api/v1``.

CSRF: every form of a signed-in page carries the session's random synchronizer token
(``sessions.csrf_ok``; OWASP's primary defence, natural with server-side sessions). The
sign-in form, which has no session yet, uses a double-submit: the same random value in an
``HttpOnly``, ``SameSite=Strict`` cookie and in the form. Cookies are ``SameSite=Strict`` and
POSTs with a foreign ``Origin`` are refused as well, so each defence backs up the others.
"""

from __future__ import annotations

import functools
import hmac
import secrets
from collections.abc import Callable
from typing import Any, Final
from urllib.parse import urlsplit

from flask import Response, abort, g, redirect, render_template, request, url_for
from sqlalchemy.orm import Session

from pushguard import audit
from pushguard.errors import ConfigError
from pushguard.store.models import ApiToken, utcnow
from pushguard.tokens import AuthError, authenticate, load_token_key
from pushguard.webhook import api
from pushguard.webhook.console import sessions
from pushguard.webhook.console.blueprint import Viewer, bp, config, db, redis_conn, viewer

COOKIE: Final = "pushguard_console"
SECURE_COOKIE: Final = "__Host-pushguard_console"
"""Over HTTPS the ``__Host-`` prefix makes browsers refuse the cookie unless it is Secure,
host-only and Path=/: a sibling subdomain cannot plant or shadow it."""
SIGNIN_COOKIE: Final = "pushguard_signin"
MAX_TOKEN_CHARS: Final = 200


def _cookie_name() -> str:
    return SECURE_COOKIE if request.is_secure else COOKIE


def _cookie_value() -> str:
    return request.cookies.get(SECURE_COOKIE) or request.cookies.get(COOKIE) or ""


@bp.before_request
def _load_viewer() -> Response | None:
    g.console_viewer = None
    if request.method == "POST" and not _same_origin():
        abort(403, "this form was posted from another site")
    conn = redis_conn()
    session_id = _cookie_value()
    if conn is None or not session_id:
        return None
    found = sessions.load(conn, session_id)
    if found is None:
        return None
    with db().session() as s:
        row = s.get(ApiToken, found.token_id)
        if row is None or row.revoked_at is not None or row.expires_at <= utcnow():
            sessions.destroy(conn, session_id)  # the token died: so do its sessions
            return None
        g.console_viewer = Viewer(
            token_id=row.id,
            name=row.name,
            scopes=frozenset(row.scopes.split()),
            session_key=found.key,
            csrf=found.csrf,
        )
    posted = request.method == "POST" and request.endpoint != "console.signin"
    if posted and not sessions.csrf_ok(found, request.form.get("csrf_token")):
        abort(400, "the form's security token is missing or stale; reload the page")
    return None


def _same_origin() -> bool:
    origin = request.headers.get("Origin")
    if origin is None:  # older clients send none: the CSRF token and SameSite still hold
        return True
    return origin != "null" and urlsplit(origin).netloc == request.host


def requires(scope: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Sign-in required; a viewer without ``scope`` gets a 403 page that names it."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            who = viewer()
            if who is None:
                if request.method == "POST":
                    abort(401, "your session ended; sign in again")
                return redirect(url_for("console.signin", next=request.full_path.rstrip("?")))
            if not who.can(scope):
                abort(403, f"your token lacks the {scope} scope")
            return view(*args, **kwargs)

        return wrapped

    return decorate


def _safe_next(value: str | None) -> str:
    # only local paths: an open redirect would make the sign-in page a phishing aid
    if (
        value
        and value.startswith("/")
        and not value.startswith("//")
        and "\\" not in value
        and value.isprintable()
        and len(value) <= 2048
    ):
        return value
    return url_for("console.overview")


def _signin_page(error: str | None = None, status: int = 200) -> Response:
    nonce = secrets.token_urlsafe(32)
    page = render_template(
        "signin.html", error=error, nonce=nonce, next=_safe_next(request.values.get("next"))
    )
    response = Response(page, status=status)
    response.set_cookie(
        SIGNIN_COOKIE,
        nonce,
        max_age=600,
        path="/signin",
        secure=request.is_secure,
        httponly=True,
        samesite="Strict",
    )
    return response


def _fail(s: Session, client: str, exc: AuthError) -> None:
    audit.append(
        s,
        actor=f"token:{exc.token_id}" if exc.token_id else f"client:{client}",
        action=api.AUTH_FAILED,
        subject=client,
        details={"reason": exc.reason, "path": request.path, "scope": "console"},
    )


@bp.route("/signin", methods=["GET", "POST"])
def signin() -> Response:
    conn = redis_conn()
    if conn is None:
        abort(503, "the console needs Redis for its sessions: set [service] redis_url")
    if request.method == "GET":
        return _signin_page()
    cookie, field = request.cookies.get(SIGNIN_COOKIE, ""), request.form.get("csrf_token", "")
    if not cookie or not hmac.compare_digest(cookie, field):
        return _signin_page("The sign-in form expired; please try again.", 400)
    raw = request.form.get("token", "").strip()
    client, now = request.remote_addr or "unknown", utcnow()
    with db().session() as s:
        # as the API: a locked-out address still gets in with a valid token; the lock-out
        # is audited once per window
        failures = api.recent_failures(s, client, now)
        try:
            key = load_token_key(config().token_key_file)
        except ConfigError:
            key = None
        locked = failed = False
        try:
            if key is None or not raw or len(raw) > MAX_TOKEN_CHARS:
                raise AuthError("missing" if not raw else "unknown")
            info = authenticate(s, key, raw, None, now=now)
        except AuthError as exc:
            failed = True
            if failures >= api.AUTH_FAILURES_PER_WINDOW:
                api.audit_lockout(s, client, failures, now)
                locked = True
            else:
                _fail(s, client, exc)
        else:
            audit.append(s, actor=f"token:{info.id}", action="console.signin", subject=client)
    if locked:
        page = _signin_page("Too many failed sign-ins from your address; wait a minute.", 429)
        page.headers["Retry-After"] = str(int(api.AUTH_WINDOW.total_seconds()))
        return page
    if failed:
        return _signin_page("That token is not valid, has expired or was revoked.", 401)
    # a fresh id at every sign-in: nothing planted before it survives (session fixation)
    old = _cookie_value()
    if old:
        sessions.destroy(conn, old)
    session_id = sessions.create(conn, info.id, now=now)
    response = redirect(_safe_next(request.form.get("next")), code=303)
    response.set_cookie(
        _cookie_name(),
        session_id,
        path="/",
        secure=request.is_secure,
        httponly=True,
        samesite="Strict",
    )
    response.delete_cookie(SIGNIN_COOKIE, path="/signin")
    return response  # type: ignore[return-value]


@bp.post("/signout")
def signout() -> Response:
    who, conn = viewer(), redis_conn()
    if who is not None and conn is not None:
        sessions.destroy(conn, _cookie_value())
        with db().session() as s:
            audit.append(
                s,
                actor=f"token:{who.token_id}",
                action="console.signout",
                subject=request.remote_addr or "unknown",
            )
    response = redirect(url_for("console.signin"), code=303)
    response.delete_cookie(_cookie_name(), path="/", secure=request.is_secure, httponly=True)
    return response  # type: ignore[return-value]
