from __future__ import annotations

import importlib
from typing import Any

from flask import Flask


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The webhook service. ``test_config`` may carry ``PUSHGUARD`` (a ``Config``) and Flask
    settings; without it the configuration is loaded from the environment (gunicorn)."""
    from pushguard import config as config_mod
    from pushguard.crypto.factory import load_provider
    from pushguard.store.db import Database
    from pushguard.webhook import gitea, github, gitlab, health
    from pushguard.workers.queue import connect

    app = Flask(__name__)
    if test_config:
        app.config.update(test_config)
    config = app.config.get("PUSHGUARD") or config_mod.load()
    app.config["PUSHGUARD"] = config
    redis_url = config.service.redis_url
    app.extensions["pushguard.db"] = Database(config.database_url)
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
    from pushguard.webhook import console

    console.init_app(app)
    return app
