"""`pushguard findings` filters and triage commands: validated options, all-or-nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pushguard.cli.main import main
from pushguard.config import Config
from pushguard.store.db import Database
from pushguard.store.findings import NewFinding, upsert_finding
from pushguard.store.models import Finding
from tests.helpers.service import Register


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def two(register: Register, database: Database) -> tuple[int, int]:
    repo = register("github", "acme/app")
    with database.session() as s:
        gh = upsert_finding(
            s,
            repo,
            NewFinding("c" * 40, "a.py", 1, "github-token", True, "01" * 32, "gh…", "github"),
        ).id
        hf = upsert_finding(
            s, repo, NewFinding(
                "c" * 40, "b.py", 2, "huggingface-token", True, "02" * 32, "hf…", "huggingface"
            )
        ).id
        s.get_one(Finding, hf).first_seen = dt.datetime.now(dt.UTC) - dt.timedelta(days=40)
    return gh, hf


def _ids(capsys: pytest.CaptureFixture[str], *args: str) -> list[int]:
    code, out, _ = run(capsys, "findings", "--format", "json", *args)
    assert code == 0
    return [f["id"] for f in json.loads(out)["findings"]]


def test_findings_filters_and_their_validation(
    pg_home: Path, two: tuple[int, int], capsys: pytest.CaptureFixture[str]
) -> None:
    gh, hf = two
    assert _ids(capsys, "--rule", "github-token") == [gh]
    assert _ids(capsys, "--provider", "huggingface") == [hf]
    assert _ids(capsys, "--older-than", "30d") == [hf]
    assert _ids(capsys, "--newer-than", "30d") == [gh]
    assert _ids(capsys, "--status", "open", "--status", "resolved") == [gh, hf]
    for bad in (
        ["--status", "bogus"],
        ["--provider", "nope"],
        ["--rule", "no-such-rule"],
        ["--older-than", "soon"],
    ):
        code, out, err = run(capsys, "findings", *bad)
        assert code == 2 and "no findings" not in out, bad
        assert bad[0] in err


def test_triage_is_all_or_nothing_and_validated(
    pg_home: Path,
    two: tuple[int, int],
    capsys: pytest.CaptureFixture[str],
    service_config: Config,
    database: Database,
) -> None:
    gh, hf = two
    code, _, err = run(capsys, "findings", "resolve", str(gh), "999999", "--reason", "done")
    assert code == 2 and "999999" in err
    code, _, err = run(capsys, "findings", "resolve", str(gh))
    assert code == 2 and "--reason" in err
    code, _, err = run(
        capsys, "findings", "false-positive", str(gh), "--reason", "x", "--expires", "2001-01-01"
    )
    assert code == 2 and "past" in err
    assert _ids(capsys, "--status", "open") == [gh, hf]
    assert not service_config.allowlist_file.exists()

    code, out, _ = run(
        capsys,
        "findings",
        "false-positive",
        str(gh),
        str(hf),
        "--reason",
        "fixtures",
        "--expires",
        "2099-12-31",
    )
    assert code == 0 and "until 2099-12-31" in out
    assert _ids(capsys, "--status", "false-positive") == [gh, hf]
    entries = json.loads(service_config.allowlist_file.read_text())["entries"]
    assert {e["finding_id"] for e in entries} == {gh, hf}
    # --config after the subcommand works like before it
    code, out, _ = run(
        capsys,
        "findings",
        "reopen",
        str(hf),
        "--reason",
        "real",
        "--config",
        str(pg_home / "pushguard.toml"),
    )
    assert code == 0 and f"finding {hf}: false-positive -> open" in out
    entries = json.loads(service_config.allowlist_file.read_text())["entries"]
    assert [e["finding_id"] for e in entries] == [gh]
    code, out, _ = run(capsys, "findings", "reopen", str(hf), "--reason", "again")
    assert code == 0 and f"finding {hf}: already open" in out


def test_removing_a_repository_withdraws_its_false_positives_from_the_hook(
    pg_home: Path,
    two: tuple[int, int],
    capsys: pytest.CaptureFixture[str],
    service_config: Config,
) -> None:
    gh, _ = two
    assert run(capsys, "findings", "false-positive", str(gh), "--reason", "fixture")[0] == 0
    assert json.loads(service_config.allowlist_file.read_text())["entries"]
    assert run(capsys, "repos", "remove", "acme/app")[0] == 0
    assert json.loads(service_config.allowlist_file.read_text())["entries"] == []


def test_concurrent_triage_leaves_every_entry_in_the_hook_file(
    register: Register, database: Database, service_config: Config
) -> None:
    import threading

    from pushguard.triage import apply

    repo = register("github", "acme/many")
    with database.session() as s:
        ids = [
            upsert_finding(
                s, repo, NewFinding("c" * 40, f"f{i}.py", 1, "github-token", True, f"{i:064x}", "x")
            ).id
            for i in range(8)
        ]
    errors: list[BaseException] = []

    def mark(finding_id: int) -> None:
        try:
            apply(database, service_config.allowlist_file, [finding_id], "false-positive", "r", "t")
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=mark, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    entries = json.loads(service_config.allowlist_file.read_text())["entries"]
    assert sorted(e["finding_id"] for e in entries) == sorted(ids)
