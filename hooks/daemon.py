"""``pushguard hook-daemon``: a warm scanner the installed hook talks to over a unix socket.

Python start-up plus importing the engine and detect-secrets is most of an in-process
hook's cost; the daemon pays it once. Each request runs in its own thread through exactly
the same ``run_hook`` as ``pushguard pre-receive``, with the client's environment and cwd,
and under its own time budget. The request's environment (``PUSHGUARD_CONFIG``, baked into
the hook by ``install-hook``) chooses the config file, as it would in-process; a file whose
mtime changed is read again. Wire format: see ``hooks/client.py``.

The installed hook starts a daemon by itself when its socket is absent (``--autostart`` in
``hooks/client.py``): then ``--ready-fd`` tells the hook when it is warm and
``--idle-timeout`` ends it after a quiet spell, so nothing needs an admin step.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import socketserver
import stat
import struct
import sys
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import click

from pushguard.config import Config, config_path, load
from pushguard.errors import ConfigError, ExitCode, UsageError
from pushguard.hooks.pre_receive import config_failure, run_hook

MAGIC = b"PUSHGUARD/1\n"
MAX_REQUEST_BYTES = 64 * 1024 * 1024
"""A push of ~500,000 refs; anything larger is not a hook's stdin."""
READ_TIMEOUT = 30.0
"""Seconds a client may take to send its request (it sends everything at once)."""
PUSH_ONLY_PREFIXES = ("GIT_", "GL_", "GITEA_", "GITHUB_", "SSH_")
"""Variables of one push (quarantine paths, identities): each request brings its own, and the
daemon's own environment must not carry a push's (e.g. when a hook started it)."""


class Request(NamedTuple):
    cwd: str
    env: dict[str, str]
    stdin: str


def parse_request(data: bytes) -> Request:
    """Decode ``MAGIC cwd NUL (KEY=VALUE NUL)* NUL stdin``; ValueError if malformed."""
    if not data.startswith(MAGIC):
        raise ValueError("not a pushguard request")
    pos = len(MAGIC)
    end = data.index(b"\0", pos)
    cwd = os.fsdecode(data[pos:end])
    pos = end + 1
    env: dict[str, str] = {}
    while True:
        end = data.index(b"\0", pos)
        if end == pos:
            break
        key, sep, value = data[pos:end].partition(b"=")
        if not sep or not key:
            raise ValueError("malformed environment entry")
        env[os.fsdecode(key)] = os.fsdecode(value)
        pos = end + 1
    if not os.path.isabs(cwd):
        raise ValueError("cwd must be absolute")
    return Request(cwd, env, data[end + 1 :].decode("utf-8", "surrogateescape"))


class ConfigCache:
    """Configs by (file, PUSHGUARD_* variables), reloaded when the file changes on disk."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[tuple[object, ...], tuple[object, Config]] = {}

    def get(self, env: Mapping[str, str]) -> Config:
        path = config_path(env.get("PUSHGUARD_CONFIG"))
        try:
            st = os.stat(path)
            stamp: object = (st.st_mtime_ns, st.st_size, st.st_ino)
        except OSError:
            stamp = None  # load() decides whether a missing file is an error
        key = (str(path), *sorted((k, v) for k, v in env.items() if k.startswith("PUSHGUARD_")))
        with self._lock:
            hit = self._entries.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        config = load(env=env)
        with self._lock:
            self._entries[key] = (stamp, config)
        return config


def answer(request: Request, cache: ConfigCache, uid: int | None) -> tuple[int, str]:
    try:
        config = cache.get(request.env)
    except ConfigError as exc:
        return config_failure(exc, request.env)
    return run_hook(request.stdin, request.env, request.cwd, config, uid=uid)


def peer_uid(sock: socket.socket) -> int | None:
    """The connecting process's uid (SO_PEERCRED): the OS identity of the pusher."""
    try:
        creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    except (AttributeError, OSError):
        return None
    _pid, uid, _gid = struct.unpack("3i", creds)
    return uid


class _Handler(socketserver.BaseRequestHandler):
    server: HookServer

    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(READ_TIMEOUT)
        try:
            data = _read_all(sock)
            request = parse_request(data)
        except (OSError, ValueError) as exc:
            # no usable request: the client falls back to the in-process hook on a bad answer
            with contextlib.suppress(OSError):
                sock.sendall(f"bad request: {type(exc).__name__}".encode())
            return
        self.server.busy(+1)
        try:
            code, output = answer(request, self.server.cache, peer_uid(sock))
        except Exception as exc:  # run_hook never raises; this guards the daemon itself
            code = ExitCode.INTERNAL
            output = f"pushguard: internal error in hook-daemon ({type(exc).__name__})\n"
        finally:
            self.server.busy(-1)
        with contextlib.suppress(OSError):  # the pusher went away: nothing to tell
            sock.sendall(b"%d\n" % code + output.encode("utf-8", "backslashreplace"))


def _read_all(sock: socket.socket) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := sock.recv(256 * 1024):
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_REQUEST_BYTES:
            raise ValueError("request too large")
    return b"".join(chunks)


class HookServer(socketserver.ThreadingUnixStreamServer):
    daemon_threads = True  # a stuck request must not keep the daemon from stopping

    def __init__(self, path: Path, cache: ConfigCache, idle_timeout: float = 0.0) -> None:
        self.cache = cache
        self.path = path
        self.idle_timeout = idle_timeout  # 0: serve until stopped
        self._active = 0
        self._last_active = time.monotonic()
        self._activity = threading.Lock()
        self._retiring = False
        _claim_socket_path(path)
        old_umask = os.umask(0o177)  # the socket is born 0600: only the git user connects
        try:
            super().__init__(str(path), _Handler)
        finally:
            os.umask(old_umask)
        os.chmod(path, 0o600)
        self.inode = os.stat(path).st_ino

    def busy(self, delta: int) -> None:
        with self._activity:
            self._active += delta
            self._last_active = time.monotonic()

    def service_actions(self) -> None:
        """Called by serve_forever between polls: retire after ``idle_timeout`` quiet seconds."""
        if not self.idle_timeout or self._retiring:
            return
        with self._activity:
            idle = self._active == 0 and time.monotonic() - self._last_active > self.idle_timeout
        if idle:
            self._retiring = True
            self._unlink_socket()  # new pushes now start a successor instead of finding us
            threading.Thread(target=self.shutdown, daemon=True).start()

    def server_close(self) -> None:
        super().server_close()
        self._unlink_socket()

    def _unlink_socket(self) -> None:
        with contextlib.suppress(OSError):
            if os.stat(self.path).st_ino == self.inode:  # still ours, not a successor's
                os.unlink(self.path)


def _claim_socket_path(path: Path) -> None:
    """Remove a stale socket; refuse a live one or anything that is not a socket."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISSOCK(mode):
        raise ConfigError(f"{path} exists and is not a socket; refusing to replace it")
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.connect(str(path))
    except OSError:
        os.unlink(path)  # nobody listening: a crashed daemon's leftover
        return
    finally:
        probe.close()
    raise UsageError(f"another hook-daemon is already serving {path}")


def warm_up(config: Config) -> None:
    """Import and exercise the engine and every detector (detect-secrets loads lazily)."""
    from pushguard.scan.engine import build_engine
    from pushguard.scan.plugins import all_detectors
    from pushguard.scan.types import AddedBlock

    for detector in all_detectors():
        list(detector.find("", "warm-up.py"))  # an adapter imports its plugin on first use
    engine = build_engine(config, None)
    # lines that reach the keyword/entropy detectors and their filters; no real token shape
    sample = "password = '" + "Zq3x" * 6 + "'\nurl = https://user:" + "p4ss" * 3 + "@example.com/"
    engine.scan_block(AddedBlock("0" * 40, "warm-up.py", 1, sample))


def serve(
    path: Path, cache: ConfigCache, *, idle_timeout: float = 0.0, ready_fd: int | None = None
) -> None:
    """Listen on ``path`` until SIGTERM/SIGINT (or ``idle_timeout`` seconds without a push);
    remove the socket on the way out. ``ready_fd``: told ``ready`` once the socket listens."""
    server = HookServer(path, cache, idle_timeout)

    def stop(signum: int, frame: object) -> None:
        # shutdown() waits for serve_forever() to return: call it off the serving thread
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    click.echo(f"pushguard hook-daemon: serving {path} (pid {os.getpid()})", err=True)
    sys.stderr.flush()
    if ready_fd is not None:
        with contextlib.suppress(OSError):
            os.write(ready_fd, b"ready\n")
            os.close(ready_fd)
    try:
        server.serve_forever(poll_interval=0.5)
    finally:
        server.server_close()


@click.command("hook-daemon")
@click.option(
    "--socket",
    "socket_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Unix socket to listen on (default: [hook] daemon_socket, HOME/scan.sock).",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config for the socket default and warm-up; each push uses its hook's config.",
)
@click.option(
    "--idle-timeout",
    type=click.FloatRange(min=0),
    default=0,
    help="Exit after this many seconds without a push (0: never; hooks that start their own "
    "daemon pass it).",
)
@click.option("--ready-fd", type=int, hidden=True, help="Write 'ready' here once serving.")
def hook_daemon_command(
    socket_path: Path | None, config_file: Path | None, idle_timeout: float, ready_fd: int | None
) -> int:
    """Serve pre-receive hooks from a warm process (run it as the git user)."""
    for name in [k for k in os.environ if k.startswith(PUSH_ONLY_PREFIXES)]:
        del os.environ[name]  # never a push's quarantine or identity (see PUSH_ONLY_PREFIXES)
    env = dict(os.environ)
    if config_file is not None:
        env["PUSHGUARD_CONFIG"] = str(config_file.absolute())
    cache = ConfigCache()
    config = cache.get(env)
    path = (socket_path or config.daemon_socket).absolute()
    warm_up(config)  # detectors (and any rule catalogue) load once, here, not per push
    serve(path, cache, idle_timeout=idle_timeout, ready_fd=ready_fd)
    return ExitCode.OK
