"""`pushguard serve`: web + worker (+ embedded Redis) in one command, on defaults under HOME.

A small supervisor: it prepares HOME (master key, migrated SQLite), starts redis-server on a
unix socket when no ``redis_url`` is configured, then gunicorn and one worker as child
processes, and stops them all in reverse order on Ctrl-C or SIGTERM (or when one dies).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import FrameType

import click

from pushguard import config as config_mod
from pushguard.errors import ExitCode, FatalError

READY_TIMEOUT = 30.0
"""Seconds to wait for gunicorn to answer /healthz before giving up."""

STOP_TIMEOUT = 30.0
"""Seconds a child gets to finish (a worker completes its current job) before SIGKILL."""

SOCKET_PATH_MAX = 100
"""Unix socket paths longer than ~107 bytes are refused by the kernel."""


class _Stop(Exception):
    pass


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop


def _prepare_home(config: config_mod.Config) -> None:
    from pushguard.crypto.local import init_key_file
    from pushguard.store.db import open_database

    config.home.mkdir(parents=True, exist_ok=True, mode=0o700)
    if config.keys.provider == "local" and not config.master_key_file.exists():
        init_key_file(config.master_key_file)
        click.echo(
            f"created master key {config.master_key_file} (back it up: sealed webhook "
            "secrets cannot be opened without it)",
            err=True,
        )
    with open_database(config.database_url):
        pass


def _wait_ready(url: str, web: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if web.poll() is not None:
            raise FatalError(f"the web server exited with {web.returncode}; see its output above")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise FatalError(f"the web server did not answer {url}/healthz within {READY_TIMEOUT:.0f}s")


def _stop(proc: subprocess.Popen[bytes] | None) -> None:
    """SIGTERM the child's process group (RQ's scheduler is a grandchild), wait, then kill."""
    if proc is None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=STOP_TIMEOUT)
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def _banner(base: str, public: str | None) -> None:
    url = (public or base).rstrip("/")
    click.echo(f"pushguard is serving on {base}")
    # one URL per repository: the service verifies the signature before parsing the body
    for platform, name in (
        ("github", "OWNER/NAME"),
        ("gitlab", "GROUP/PROJECT"),
        ("gitea", "OWNER/NAME"),
    ):
        click.echo(f"  {platform:<7} webhook: {url}/webhooks/{platform}/{name}")
    click.echo(f"  health: {base}/healthz  ready: {base}/readyz  metrics: {base}/metrics")
    click.echo(f"  console: {url}/  (sign in with a token: pushguard tokens create --scope ...)")
    click.echo("Register a repository (prints its webhook URL, and its secret once):")
    click.echo("  pushguard repos add github OWNER/NAME https://github.com/OWNER/NAME.git")
    click.echo(
        "then add a webhook for push events with that URL and secret "
        "(content type application/json). Ctrl-C stops."
    )


@click.command("serve")
@click.option(
    "--bind", default=None, metavar="HOST:PORT", help="Listen address (default: [service] bind)."
)
@click.option("--workers", default=2, show_default=True, help="gunicorn worker processes.")
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    help="Configuration file (default: $PUSHGUARD_CONFIG or /etc/pushguard/...).",
)
def serve(bind: str | None, workers: int, config_file: str | None) -> int:
    """Web service, one worker and (unless redis_url is set) an embedded Redis."""
    from pushguard import service_url
    from pushguard.workers.queue import embedded_socket
    from pushguard.workers.redis_server import RedisServer

    config = config_mod.load(config_file)
    _prepare_home(config)
    bind = bind or config.service.bind
    env = dict(os.environ)
    if config_file:
        env["PUSHGUARD_CONFIG"] = str(Path(config_file).resolve())
    env["PUSHGUARD_HOME"] = str(config.home)
    redis_server = web = worker = None
    previous = signal.signal(signal.SIGTERM, _raise_stop)
    try:
        if not config.service.redis_url:
            socket = embedded_socket(config.home)
            if len(str(socket)) > SOCKET_PATH_MAX:
                raise FatalError(
                    f"HOME path too long for a unix socket ({socket}); set "
                    "PUSHGUARD_HOME to a shorter directory or [service] redis_url"
                )
            redis_server = RedisServer(socket.parent).start()
            env["PUSHGUARD_REDIS_URL"] = redis_server.url
        web = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--bind",
                bind,
                "--workers",
                str(workers),
                "--graceful-timeout",
                "20",
                "pushguard.webhook:create_app()",
            ],
            env=env,
            start_new_session=True,  # Ctrl-C reaches us only: we stop children in order
        )
        worker = subprocess.Popen(
            [sys.executable, "-m", "pushguard", "worker", "--no-fork"],
            env=env,
            start_new_session=True,
        )
        base = f"http://{bind}"
        # before readiness: whoever sees the service answer finds the record (`repos add`)
        service_url.record(config.home, service_url.bind_url(bind))
        _wait_ready(base, web)
        _banner(base, config.service.public_url)
        while web.poll() is None and worker.poll() is None:
            time.sleep(0.5)
        died = "web server" if web.poll() is not None else "worker"
        raise FatalError(f"the {died} stopped unexpectedly; stopping the rest")
    except (_Stop, KeyboardInterrupt):
        click.echo("stopping...", err=True)
        return ExitCode.OK
    finally:
        service_url.forget(config.home)
        signal.signal(signal.SIGTERM, previous)
        _stop(web)
        _stop(worker)
        if redis_server is not None:
            redis_server.stop()
