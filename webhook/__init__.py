from __future__ import annotations

import importlib
from typing import Any

from flask import Flask


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The webhook service. ``test_config`` may carry ``PUSHGUARD`` (a ``Config``) and Flask
    settings; without it the configuration is loaded from the environment (gunicorn)."""
    from pushguard import config as config_mod
    from pushguard.crypto.factory import load_provider
    from pushguard.store.db import WEB_BUSY_TIMEOUT_MS, Database
    from pushguard.webhook import gitea, github, gitlab, health
    from pushguard.workers.queue import connect

    app = Flask(__name__)
    if test_config:
        app.config.update(test_config)
    config = app.config.get("PUSHGUARD") or config_mod.load()
    app.config["PUSHGUARD"] = config
    redis_url = config.service.redis_url
    # SQLite: fail fast (503) rather than hold a delivery past the platform's timeout
    app.extensions["pushguard.db"] = Database(
        config.database_url, busy_timeout_ms=WEB_BUSY_TIMEOUT_MS
    )
    app.extensions["pushguard.redis"] = connect(redis_url) if redis_url else None
    app.extensions["pushguard.keys"] = load_provider(config)
    for module in (github, gitlab, gitea, health):
        module.init_app(app)
    try:
        api = importlib.import_module("pushguard.webhook.api")
    except ModuleNotFoundError as exc:  # the admin API is optional until it lands
        if exc.name != "pushguard.webhook.api":
            raise
    else:
        api.init_app(app)
    _json_errors(app)
    from pushguard.webhook import console

    console.init_app(app)
    return app


JSON_PREFIXES = ("/webhooks/", "/api/")
"""Paths whose callers are programs: their errors are one-line JSON, never HTML."""


def _json_errors(app: Flask) -> None:
    """Errors outside the handlers' own checks (an unknown route, a wrong method, werkzeug
    refusing a body) as one-line JSON; and input the handlers did not foresee that breaks the
    standard library or a database driver (deep nesting, lone surrogates, huge integers) as
    400, logged as one line, not as a 500 with a traceback (issue #13)."""
    import logging

    from flask import Response, jsonify, request
    from werkzeug.exceptions import HTTPException

    log = logging.getLogger("pushguard.webhook")

    def _json(status: int, message: str) -> Response:
        response = jsonify({"error": message})
        response.status_code = status
        return response

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response | HTTPException:
        if not request.path.startswith(JSON_PREFIXES):
            return exc
        return _json(exc.code or 500, (exc.description or exc.name).splitlines()[0])

    @app.errorhandler(RecursionError)
    @app.errorhandler(UnicodeError)
    @app.errorhandler(OverflowError)
    def _unreadable(exc: Exception) -> Response:
        log.warning("refused unreadable input on %s: %s", request.path, type(exc).__name__)
        return _json(400, "malformed input")
