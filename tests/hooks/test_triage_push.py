"""Triage reaches the hook: a finding marked false-positive is accepted on the next real push
(in-process and through the warm daemon) and skipped by rescans; reopening undoes it."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from pushguard.cli.main import main
from pushguard.config import Config
from pushguard.hooks.paths import HookPaths
from pushguard.store.db import Database
from pushguard.store.models import AuditEvent, Scan
from tests.helpers import tokens
from tests.helpers.service import pg_home, run_jobs, service_config  # noqa: F401 - fixtures
from tests.hooks.conftest import MakeServer, Server
from tests.hooks.test_daemon import daemons, start_daemon  # noqa: F401 - fixture


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _leak_and_find(
    server: Server,
    capsys: pytest.CaptureFixture[str],
    run_jobs: Callable[[], int],  # noqa: F811
) -> tuple[str, int]:
    """Commit a token in the work repository, see the push rejected, and let a rescan of
    that repository store the finding: (token, finding id)."""
    token = tokens.github_token()
    server.work.commit({"fixtures/http.py": f"TOKEN = '{token}'\n"})
    rejected = server.push("main")
    assert not rejected.accepted and "fixtures/http.py:1" in rejected.remote
    assert run(capsys, "repos", "add", "local", "team/work", str(server.work.path))[0] == 0
    assert run(capsys, "rescan", "team/work")[0] == 0
    assert run_jobs() == 1
    [finding] = json.loads(run(capsys, "findings", "--format", "json")[1])["findings"]
    assert finding["fingerprint"] in rejected.remote  # the hook and the store agree
    return token, finding["id"]


def test_false_positive_is_accepted_by_the_hook_and_rescans_until_reopened(
    make_server: MakeServer,
    pg_home: Path,  # noqa: F811
    service_config: Config,  # noqa: F811
    run_jobs: Callable[[], int],  # noqa: F811
    database: Database,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server = make_server()
    server.env["PUSHGUARD_HOME"] = str(pg_home)  # the service's home: key and allowlist
    token, finding_id = _leak_and_find(server, capsys, run_jobs)

    code, out, _ = run(
        capsys, "findings", "false-positive", str(finding_id), "--reason", "recorded fixture"
    )
    assert code == 0 and f"finding {finding_id}: open -> false-positive" in out
    assert server.push("main").accepted
    assert token not in service_config.allowlist_file.read_text()

    # a later rescan does not report it again (nor under a new path: same value and rule)
    server.work.commit({"copy.py": f"T = '{token}'\n"})
    run(capsys, "rescan", "team/work")
    assert run_jobs() == 1
    with database.session() as s:
        last = s.query(Scan).order_by(Scan.id.desc()).first()
        assert last is not None and (last.status, last.findings_count) == ("done", 0)
        [event] = s.query(AuditEvent).filter(AuditEvent.action == "finding.false-positive")
        details = json.loads(event.details)
        assert event.actor.startswith("cli:") and event.subject == f"finding:{finding_id}"
        assert (details["from"], details["to"], details["reason"]) == (
            "open",
            "false-positive",
            "recorded fixture",
        )

    assert run(capsys, "findings", "reopen", str(finding_id), "--reason", "not a fixture")[0] == 0
    again = server.work.commit({"again.py": f"T = '{token}'\n"})
    result = server.push("main")
    assert not result.accepted and f"{again[:10]}  again.py:1" in result.remote
    code, out, _ = run(capsys, "findings", "--status", "open", "--format", "json")
    assert [f["id"] for f in json.loads(out)["findings"]] == [finding_id]


def test_the_warm_daemon_sees_a_false_positive_marked_after_it_started(
    make_server: MakeServer,
    pg_home: Path,  # noqa: F811
    run_jobs: Callable[[], int],  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    daemons: list[subprocess.Popen[bytes]],  # noqa: F811
) -> None:
    sock = tmp_path / "run" / "scan.sock"
    marker = tmp_path / "fallback-ran"  # the in-process fallback leaves a mark
    wrapper = tmp_path / "pushguard-wrapper"
    real = HookPaths.detect(None, None).pushguard
    wrapper.write_text(f'#!/bin/sh\necho ran >> "{marker}"\nexec "{real}" "$@"\n')
    wrapper.chmod(0o755)
    server = make_server(
        paths=dataclasses.replace(HookPaths.detect(None, sock), pushguard=str(wrapper))
    )
    server.env["PUSHGUARD_HOME"] = str(pg_home)
    daemons.append(start_daemon(sock, {**os.environ, **server.env}))
    _token, finding_id = _leak_and_find(server, capsys, run_jobs)

    run(
        capsys,
        "findings",
        "false-positive",
        str(finding_id),
        "--reason",
        "fixture",
        "--expires",
        "30d",
    )
    assert server.push("main").accepted
    assert not marker.exists()  # the daemon decided, with the file written after it started


def test_a_clean_push_never_reads_the_allowlist_file(make_server: MakeServer) -> None:
    server = make_server()
    exported = server.home / "allowlist.json"
    exported.parent.mkdir(parents=True, exist_ok=True)
    exported.write_text("{ damaged")  # read only when a finding needs deciding
    server.work.commit({"README.md": "hello\n"})
    assert server.push("main").accepted
    server.work.commit({"k.py": f"K = '{tokens.github_token()}'\n"})
    result = server.push("main")
    assert not result.accepted and "allowlist.json" in result.remote  # fails closed, says why
