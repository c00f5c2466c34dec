"""`pushguard web`: the webhook service under gunicorn (production entry point)."""

from __future__ import annotations

import os
import sys

import click

from pushguard import config as config_mod


@click.command("web")
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    help="Configuration file (default: $PUSHGUARD_CONFIG or /etc/pushguard/...).",
)
@click.option(
    "--bind", default=None, metavar="HOST:PORT", help="Listen address (default: [service] bind)."
)
@click.option("--workers", default=2, show_default=True, help="gunicorn worker processes.")
@click.option(
    "--gunicorn-config",
    type=click.Path(exists=True, dir_okay=False),
    help="A gunicorn config file, e.g. deploy/gunicorn.conf.py.",
)
def web(
    config_file: str | None, bind: str | None, workers: int, gunicorn_config: str | None
) -> int:
    """Serve /webhooks/*, /healthz, /readyz, /metrics and the admin API with gunicorn."""
    from pushguard.crypto.factory import load_provider
    from pushguard.store.db import open_database

    config = config_mod.load(config_file)
    load_provider(config)  # a missing master key fails here, once, not in every worker
    with open_database(config.database_url):
        pass  # migrate once, before gunicorn forks its workers
    if config_file:
        os.environ["PUSHGUARD_CONFIG"] = str(config_file)
    args = [sys.executable, "-m", "gunicorn"]
    if gunicorn_config:
        args += ["--config", str(gunicorn_config)]
    else:
        # the settings deploy/gunicorn.conf.py carries: greenlets, so a slow client cannot
        # hold a whole worker; no control socket shared with the user's other gunicorns
        args += ["--worker-class", "gevent", "--no-control-socket"]
    args += [
        "--bind",
        bind or config.service.bind,
        "--workers",
        str(workers),
        "pushguard.webhook:create_app()",
    ]
    os.execv(sys.executable, args)  # noqa: S606 - argv list; gunicorn owns signals from here
    return 0  # pragma: no cover - exec does not return
