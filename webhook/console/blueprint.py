"""The console's blueprint and the per-request plumbing every page shares: the store, Redis,
the signed-in viewer, and the security headers of every response."""

from __future__ import annotations

import dataclasses
from typing import Final

import redis
from flask import Blueprint, Response, current_app, g, request

from pushguard.config import Config
from pushguard.store.db import Database

bp = Blueprint(
    "console",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/console/static",
)

CSP: Final = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
"""No inline script or style at all (charts are SVG with presentation attributes), nothing
from another origin: an injected ``<script>`` could not run even if escaping failed."""

SECURITY_HEADERS: Final = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # page URLs carry filters (repository names, paths): never sent to another site; and
    # same-origin rather than no-referrer, for which browsers post forms with Origin: null
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
HSTS: Final = "max-age=31536000"


@dataclasses.dataclass(frozen=True)
class Viewer:
    """Who is looking: the API token the session was opened with, re-read every request."""

    token_id: int
    name: str
    scopes: frozenset[str]
    session_key: str
    csrf: str

    def can(self, scope: str) -> bool:
        return scope in self.scopes


def db() -> Database:
    database: Database = current_app.extensions["pushguard.db"]
    return database


def redis_conn() -> redis.Redis | None:
    conn: redis.Redis | None = current_app.extensions.get("pushguard.redis")
    return conn


def config() -> Config:
    cfg: Config = current_app.config["PUSHGUARD"]
    return cfg


def viewer() -> Viewer | None:
    return g.get("console_viewer")


@bp.after_request
def _security_headers(response: Response) -> Response:
    response.headers.update(SECURITY_HEADERS)
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = HSTS
    if request.endpoint != "console.static":
        response.headers["Cache-Control"] = "no-store"  # pages show incident data
    return response
