"""The address the service answers on, for URLs printed to users (``repos add``).

``[service] public_url`` when set; else the address a running ``pushguard serve`` bound
(it records it in ``HOME/serving.json``, with ``--bind`` applied); else ``[service] bind``.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from pathlib import Path
from typing import Final

from pushguard.config import Config

RECORD: Final = "serving.json"


def record(home: Path, url: str) -> None:
    """Note that this process serves ``url`` (call once the port is bound)."""
    path = home / RECORD
    tmp = path.with_name(f".{RECORD}.{os.getpid()}")
    tmp.write_text(json.dumps({"url": url, "pid": os.getpid()}) + "\n")
    os.replace(tmp, path)


def forget(home: Path) -> None:
    """Remove this process's record (another instance's stays)."""
    with contextlib.suppress(OSError, ValueError, KeyError):
        path = home / RECORD
        if json.loads(path.read_text())["pid"] == os.getpid():
            path.unlink()


def recorded(home: Path) -> str | None:
    """The URL a still-running ``serve`` recorded, or None."""
    try:
        data = json.loads((home / RECORD).read_text())
        url, pid = str(data["url"]), int(data["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None  # a crashed serve's leftover
    except PermissionError:
        pass  # alive, as another user
    return url


def base_url(config: Config) -> str:
    if config.service.public_url:
        return config.service.public_url.rstrip("/")
    return (recorded(config.home) or bind_url(config.service.bind)).rstrip("/")


def bind_url(bind: str) -> str:
    """``http://HOST:PORT`` for a gunicorn bind; a wildcard host becomes this host's name."""
    host, sep, port = bind.rpartition(":")
    if not sep:
        host, port = bind, "80"
    if host in ("", "0.0.0.0", "::", "[::]"):  # noqa: S104 - parsing, not binding
        host = socket.getfqdn()
    return f"http://{host}:{port}"
