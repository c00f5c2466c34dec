"""Find and watch the warm scanner a hook started: by its socket, by pid."""

from __future__ import annotations

import os
import socket
import struct
from pathlib import Path


def daemon_pid(sock: Path) -> int | None:
    """The pid of the process serving ``sock`` (SO_PEERCRED of our end), None if none."""
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.connect(str(sock))
        creds = probe.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    except OSError:
        return None
    finally:
        probe.close()
    return int(struct.unpack("3i", creds)[0])


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "Z" not in _state(pid)


def _state(pid: int) -> str:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return "Z"
    return stat.rpartition(")")[2].split()[0]
