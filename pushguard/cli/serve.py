"""`pushguard serve`: web + worker (+ embedded Redis) in one command, on defaults under HOME.

A small supervisor: it takes HOME's lock (one `serve` per HOME: a second one refuses before
it touches anything), prepares HOME (master key, migrated SQLite), starts redis-server on a
unix socket when no ``redis_url`` is configured, then gunicorn and one worker as child
processes. A child that dies is started again (a crash loop ends `serve`); Ctrl-C or SIGTERM
stops them all: the worker is asked to finish its job (its git processes are not signalled),
anything still running after ``STOP_TIMEOUT`` is killed.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import IO

import click

from pushguard import config as config_mod
from pushguard.errors import ConfigError, ExitCode, FatalError
from pushguard.signals import StopSignals

READY_TIMEOUT = 30.0
"""Seconds to wait for gunicorn to answer /healthz before giving up."""

STOP_TIMEOUT = 30.0
"""Seconds a busy worker gets to finish its job before it is killed (an idle one stops at
once; a killed worker's job is retried once its heartbeat expires)."""

WEB_GRACEFUL_TIMEOUT = 3
"""Seconds gunicorn's workers get to answer requests in flight when stopping (webhook
requests take milliseconds)."""

RESTARTS_PER_MINUTE = 5
"""A child that dies more often than this is not restarted again: `serve` stops."""

SOCKET_PATH_MAX = 100
"""Unix socket paths longer than ~107 bytes are refused by the kernel."""

LOCK_NAME = "serve.lock"


class _Stop(Exception):
    pass


class _Signals(StopSignals):
    """The supervisor's stop flag (a signal never raises while a child is being started)."""

    def wait(self, seconds: float) -> None:
        """Sleep, or raise ``_Stop`` once a stop was asked for."""
        if self.event.wait(seconds):
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


def _lock_home(home: Path) -> IO[str]:
    """HOME's lock, held for the life of this process (the kernel drops it when we exit, even
    on SIGKILL). A second `serve` on the same HOME would take over the first one's Redis
    socket and append-only file: it refuses instead, before touching anything else."""
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    lock = (home / LOCK_NAME).open("a+")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.seek(0)
        holder = lock.read().strip() or "unknown"
        lock.close()
        raise ConfigError(
            f"pushguard serve is already running on {home} (pid {holder}); stop it first, "
            "or set PUSHGUARD_HOME to another directory"
        ) from None
    lock.truncate(0)
    lock.write(f"{os.getpid()}\n")
    lock.flush()
    return lock


def _check_bind(bind: str) -> None:
    """Refuse an address another process listens on: gunicorn would fail to bind after the
    rest had started, and /healthz would be answered by that other process."""
    host, _, port = bind.rpartition(":")
    if not host or not port.isdigit() or bind.startswith("unix:"):
        return  # gunicorn checks the other forms itself
    host = host.strip("[]")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, int(port)))
        except OSError as exc:
            raise ConfigError(f"cannot listen on {bind}: {exc.strerror}") from None


def _wait_ready(url: str, web: subprocess.Popen[bytes], signals: _Signals) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        signals.wait(0)
        if web.poll() is not None:
            raise FatalError(f"the web server exited with {web.returncode}; see its output above")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1) as response:  # noqa: S310
                if response.status == 200 and web.poll() is None:
                    return
        except OSError:
            signals.wait(0.2)
    raise FatalError(f"the web server did not answer {url}/healthz within {READY_TIMEOUT:.0f}s")


def _signal(proc: subprocess.Popen[bytes] | None, sig: int, *, group: bool) -> None:
    if proc is None or (proc.poll() is not None and not group):
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if group:
            os.killpg(proc.pid, sig)
        else:
            proc.send_signal(sig)


def _reap(proc: subprocess.Popen[bytes] | None, deadline: float) -> None:
    """Wait for ``proc`` until ``deadline``, then kill whatever is left of its group."""
    if proc is None:
        return
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=max(0.0, deadline - time.monotonic()))
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def _stop(web: subprocess.Popen[bytes] | None, worker: subprocess.Popen[bytes] | None) -> None:
    """Both at once: gunicorn's whole group (master and its workers), the worker's main
    process only. The worker's git processes share its group; signalling them would fail
    the job in progress, which RQ's warm shutdown lets finish instead."""
    _signal(web, signal.SIGTERM, group=True)
    _signal(worker, signal.SIGTERM, group=False)
    deadline = time.monotonic() + STOP_TIMEOUT
    _reap(web, deadline)
    _reap(worker, deadline)


class _Child:
    """One supervised child: started again when it dies, unless it dies too often."""

    def __init__(self, name: str, start: Callable[[], subprocess.Popen[bytes]]) -> None:
        self.name = name
        self._start = start
        self.proc: subprocess.Popen[bytes] | None = None
        self._deaths: list[float] = []

    def start(self) -> subprocess.Popen[bytes]:
        self.proc = self._start()
        return self.proc

    def restart_if_dead(self) -> bool:
        """True when the child died and was started again."""
        if self.proc is None or self.proc.poll() is None:
            return False
        now = time.monotonic()
        self._deaths = [t for t in self._deaths if now - t < 60] + [now]
        if len(self._deaths) > RESTARTS_PER_MINUTE:
            raise FatalError(
                f"the {self.name} keeps stopping (exit {self.proc.returncode}); "
                "stopping the rest, see its output above"
            )
        click.echo(
            f"the {self.name} stopped (exit {self.proc.returncode}); starting it again", err=True
        )
        _reap(self.proc, time.monotonic())  # leftovers of its group
        self.start()
        return True


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
    lock = _lock_home(config.home)
    bind = bind or config.service.bind
    _check_bind(bind)
    _prepare_home(config)
    env = dict(os.environ)
    if config_file:
        env["PUSHGUARD_CONFIG"] = str(Path(config_file).resolve())
    env["PUSHGUARD_HOME"] = str(config.home)
    redis_server: RedisServer | None = None
    web = _Child("web server", lambda: _start_web(bind, workers, env))
    worker = _Child("worker", lambda: _start_worker(env))
    signals = _Signals()
    signals.__enter__()
    try:
        if not config.service.redis_url:
            sock = embedded_socket(config.home)
            if len(str(sock)) > SOCKET_PATH_MAX:
                raise FatalError(
                    f"HOME path too long for a unix socket ({sock}); set "
                    "PUSHGUARD_HOME to a shorter directory or [service] redis_url"
                )
            redis_server = RedisServer(sock.parent).start()
            env["PUSHGUARD_REDIS_URL"] = redis_server.url
        base = f"http://{bind}"
        # before readiness: whoever sees the service answer finds the record (`repos add`)
        service_url.record(config.home, service_url.bind_url(bind))
        _wait_ready(base, web.start(), signals)
        worker.start()
        _banner(base, config.service.public_url)
        while True:
            signals.wait(0.5)
            if redis_server is not None and not redis_server.alive():
                click.echo("the embedded Redis stopped; starting it again", err=True)
                redis_server.stop()
                redis_server.start()  # same socket and append-only file: the queue survives
            if web.restart_if_dead():
                _wait_ready(base, web.proc, signals)  # type: ignore[arg-type]
            worker.restart_if_dead()
    except _Stop:
        click.echo("stopping...", err=True)
        return ExitCode.OK
    finally:
        service_url.forget(config.home)
        signals.__exit__()
        _stop(web.proc, worker.proc)
        if redis_server is not None:
            redis_server.stop()
        lock.close()


def _start_web(bind: str, workers: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            bind,
            "--workers",
            str(workers),
            # an idle or trickling client holds a greenlet, not a whole worker (issue #13)
            "--worker-class",
            "gevent",
            "--graceful-timeout",
            str(WEB_GRACEFUL_TIMEOUT),
            # gunicorn's control socket is shared by every gunicorn of this user: off
            "--no-control-socket",
            "pushguard.webhook:create_app()",
        ],
        env=env,
        start_new_session=True,  # Ctrl-C reaches us only: we stop children in order
    )


def _start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "pushguard", "worker", "--no-fork"],
        env=env,
        start_new_session=True,
    )
