"""When the audit spool cannot be written, the pusher is told the truth and syslog gets the
event instead (issue 13)."""

from __future__ import annotations

import json
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import tokens
from tests.hooks.conftest import Server


class Syslog:
    """A system logger stand-in: a unix datagram socket, as /dev/log is."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(path))
        self.sock.settimeout(5)

    def messages(self) -> list[str]:
        out = []
        self.sock.settimeout(0.5)
        while True:
            try:
                out.append(self.sock.recv(65536).decode())
            except TimeoutError:
                return out


@pytest.fixture
def syslog() -> Iterator[Syslog]:
    with tempfile.TemporaryDirectory(prefix="pg-log-") as d:  # short: sun_path is 108 bytes
        log = Syslog(Path(d) / "log")
        yield log
        log.sock.close()


def unwritable_spool(server: Server, syslog_address: str, hook: str = "") -> None:
    blocker = server.home.parent / "not-a-dir"
    blocker.write_text("")  # mkdir under a file fails, for root too
    server.configure(
        base=f'[hook]\nbudget_seconds = 60\nbypass_users = ["alice"]\n{hook}'
        f'spool_dir = "{blocker}/spool"\nsyslog_address = "{syslog_address}"\n'
    )


def bypass_push(server: Server) -> tuple[str, str]:
    token = tokens.github_token()
    server.work.commit({"b.py": f"T = '{token}'\n"})
    result = server.push(
        "main", options=["pushguard.bypass=rotated"], env={"GITEA_PUSHER_NAME": "alice"}
    )
    assert result.accepted, result.output
    return result.remote, token


def test_a_bypass_says_it_went_to_syslog_and_syslog_has_it(server: Server, syslog: Syslog) -> None:
    unwritable_spool(server, str(syslog.path))
    remote, token = bypass_push(server)
    assert "recorded in the audit log" not in remote
    assert "it is only in the system log" in remote
    assert "audit spool not writable" in remote
    [message] = syslog.messages()
    assert "pushguard-hook" in message and token not in message
    event = json.loads(message.partition("event ")[2].rstrip("\x00"))
    assert (event["action"], event["pusher"], event["findings_total"]) == ("bypassed", "alice", 1)
    assert event["refs"][0]["ref"] == "refs/heads/main"
    assert len(event["fingerprints"][0]) == 64  # keyed fingerprint, never the value


def test_a_bypass_recorded_nowhere_says_so(server: Server, tmp_path: Path) -> None:
    unwritable_spool(server, str(tmp_path / "no-logger-here"))
    remote, _ = bypass_push(server)
    assert "recorded in the audit log" not in remote
    assert "could NOT be recorded anywhere" in remote


def test_fail_open_does_not_promise_a_rescan_it_could_not_queue(
    server: Server, syslog: Syslog
) -> None:
    unwritable_spool(server, str(syslog.path), hook="on_timeout = 'fail-open'\n")
    server.configure(
        base=server.config_path.read_text().replace("budget_seconds = 60", "budget_seconds = 1e-6")
    )
    server.work.commit({"a.txt": "a\n"})
    result = server.push("main")
    assert result.accepted, result.output
    assert "will be rescanned" not in result.remote
    assert "the rescan could not be queued" in result.remote
    [message] = syslog.messages()
    event = json.loads(message.partition("event ")[2].rstrip("\x00"))
    assert (event["action"], event["rescan"]) == ("fail-open", True)
