from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import threading
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from pushguard import audit
from pushguard.cli.main import main
from pushguard.store.db import Database
from pushguard.store.models import AuditEvent
from tests.helpers.db import url_of


def _fill(db: Database, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        with db.session() as s:
            audit.append(
                s,
                actor="cli:admin",
                action="repo.add",
                subject=f"repo:{i}",
                details={"n": i, "name": "ünï"},
            )


def test_chain_links_and_verifies(database: Database) -> None:
    with database.session() as s:
        assert audit.verify(s) is None
    _fill(database, 4)
    with database.session() as s:
        events = s.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        assert events[0].prev_hash == "0" * 64
        assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
        assert audit.verify(s) is None


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("details", '{"n":99}'),
        ("actor", "cli:mallory"),
        ("subject", "repo:x"),
        ("created_at", dt.datetime(2020, 1, 1, tzinfo=dt.UTC)),
    ],
)
def test_modified_event_is_reported(database: Database, column: str, value: object) -> None:
    _fill(database, 5)
    with database.session() as s:
        s.execute(update(AuditEvent).where(AuditEvent.id == 3).values({column: value}))
    with database.session() as s:
        assert audit.verify(s) == 3


def test_deleted_events_are_reported(database: Database) -> None:
    _fill(database, 5)
    with database.session() as s:
        s.execute(delete(AuditEvent).where(AuditEvent.id == 2))
    with database.session() as s:
        assert audit.verify(s) == 3  # the event whose predecessor vanished
        s.execute(delete(AuditEvent).where(AuditEvent.id >= 3))
    with database.session() as s:
        broken = audit.verify_report(s)
    assert broken is not None and broken.event_id == 5 and "ends early" in broken.reason


def test_concurrent_threads_keep_one_chain(database: Database) -> None:
    errors: list[BaseException] = []

    def worker(k: int) -> None:
        try:
            _fill(database, 10, start=k * 100)
        except BaseException as exc:  # surface thread failures in the test
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with database.session() as s:
        assert audit.verify(s) is None
        assert len(s.scalars(select(AuditEvent.id)).all()) == 40


def _process_worker(url: str, k: int) -> None:
    db = Database(url)
    _fill(db, 8, start=k * 100)
    db.dispose()


def test_concurrent_processes_keep_one_chain(database: Database) -> None:
    database.dispose()  # no pooled connection crosses the fork
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_process_worker, args=(url_of(database), k)) for k in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    with database.session() as s:
        assert audit.verify(s) is None
        assert len(s.scalars(select(AuditEvent.id)).all()) == 24


def test_export_since_and_hashes_recompute(database: Database) -> None:
    t0 = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    for i in range(3):
        with database.session() as s:
            audit.append(
                s,
                actor="a",
                action="x",
                subject=str(i),
                details={"i": i},
                at=t0 + dt.timedelta(days=i),
            )
    with database.session() as s:
        lines = [json.loads(line) for line in audit.export(s, since=t0 + dt.timedelta(days=1))]
    assert [e["subject"] for e in lines] == ["1", "2"]
    for e in lines:
        recomputed = audit.event_hash(
            e["prev_hash"],
            e["actor"],
            e["action"],
            e["subject"],
            dt.datetime.fromisoformat(e["time"]),
            audit.canonical_details(e["details"]),
        )
        assert recomputed == e["hash"]


def test_cli_verify_reports_tampered_event(
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PUSHGUARD_HOME", str(tmp_path))
    monkeypatch.setenv("PUSHGUARD_DATABASE_URL", url_of(database))
    monkeypatch.delenv("PUSHGUARD_CONFIG", raising=False)
    _fill(database, 3)
    assert main(["audit", "verify"]) == 0
    assert "intact: 3 event(s)" in capsys.readouterr().out
    assert main(["audit", "export", "--since", "2000-01-01"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3
    with database.session() as s:
        s.execute(update(AuditEvent).where(AuditEvent.id == 2).values(details='{"n":7}'))
    assert main(["audit", "verify"]) == 1
    assert "BROKEN at event 2" in capsys.readouterr().err
    assert main(["audit", "export", "--since", "yesterday"]) == 2
