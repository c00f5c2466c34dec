"""The web console at ``/``: overview, findings (with triage), repositories (with rescans) and
the audit log, for the people who answer leaks. Server-rendered Jinja pages, SVG charts, one
small static script; sign-in with a ``pgt_`` token (``auth.py``), sessions in Redis
(``sessions.py``)."""

from __future__ import annotations

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException

from pushguard.webhook.console import (  # noqa: F401 - modules that add routes
    admin_pages,
    auth,
    filters,
    pages,
    triage_view,
)
from pushguard.webhook.console.blueprint import bp


@bp.errorhandler(HTTPException)
def _error_page(exc: HTTPException) -> tuple[str, int]:
    return render_template("error.html", error=exc), exc.code or 500


def init_app(app: Flask) -> None:
    filters.init_app(app)
    app.register_blueprint(bp)
