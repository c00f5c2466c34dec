from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from pushguard.store.db import Database
from pushguard.store.findings import NewFinding, query_findings, set_status, upsert_finding
from pushguard.store.models import Delivery, Finding, Repository, Response, Scan
from pushguard.store.responses import PENDING, claim_step, complete_step, record_step


def _repo(db: Database, name: str = "acme/app") -> int:
    with db.session() as s:
        repo = Repository(platform="github", name=name, clone_url=f"https://example.test/{name}")
        s.add(repo)
        s.flush()
        return repo.id


def _finding(path: str = "config.py", fp: str = "fp1", commit: str = "a" * 40) -> NewFinding:
    return NewFinding(commit, path, 3, "github-token", True, fp, "ghp_Ab…yz")


def test_session_commits_and_rolls_back(database: Database) -> None:
    _repo(database)
    with pytest.raises(RuntimeError), database.session() as s:
        s.add(Repository(platform="gitlab", name="x/y", clone_url="https://e.test/x/y"))
        s.flush()
        raise RuntimeError("boom")
    with database.session() as s:
        assert s.scalars(select(Repository.name)).all() == ["acme/app"]
        assert s.scalars(select(Repository.created_at)).one().tzinfo is dt.UTC


def test_repository_names_are_unique_per_platform(database: Database) -> None:
    _repo(database)
    with pytest.raises(IntegrityError), database.session() as s:
        s.add(Repository(platform="github", name="acme/app", clone_url="https://e.test/2"))


def test_foreign_keys_are_enforced(database: Database) -> None:
    with pytest.raises(IntegrityError), database.session() as s:
        s.add(Scan(repository_id=999, kind="push"))


def test_check_constraints_reject_unknown_values(database: Database) -> None:
    repo = _repo(database)
    with pytest.raises(IntegrityError), database.session() as s:
        s.add(Scan(repository_id=repo, kind="sideways"))


def test_upsert_never_duplicates_and_keeps_first_sighting(database: Database) -> None:
    repo = _repo(database)
    t0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with database.session() as s:
        first = upsert_finding(s, repo, _finding(), seen_at=t0)
        set_status(s, first.id, "false-positive")
    with database.session() as s:
        again = upsert_finding(s, repo, _finding(commit="b" * 40), seen_at=t0)
        other_path = upsert_finding(s, repo, _finding(path="other.py"), seen_at=t0)
    assert first.created and not again.created and other_path.created
    assert again.id == first.id and again.status == "false-positive"
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(Finding)) == 2
        row = s.get(Finding, first.id)
        assert row is not None
        assert row.commit == "a" * 40 and row.status == "false-positive"
        assert row.first_seen == t0 and row.last_seen == t0
        assert [f.path for f in s.scalars(query_findings(status="open"))] == ["other.py"]


def test_deliveries_dedupe_by_key_and_by_push(database: Database) -> None:
    repo = _repo(database)
    push = {"repository_id": repo, "ref": "refs/heads/main", "before": "0" * 40, "after": "1" * 40}
    with database.session() as s:
        s.add(Delivery(platform="github", delivery_key="d1", **push))
    for dup in ({"delivery_key": "d1", **push, "after": "2" * 40}, {"delivery_key": "d2", **push}):
        with pytest.raises(IntegrityError), database.session() as s:
            s.add(Delivery(platform="github", **dup))


def test_response_steps_are_claimed_once(database: Database) -> None:
    repo = _repo(database)
    with database.session() as s:
        fid = upsert_finding(s, repo, _finding()).id
    with database.session() as s:
        first = claim_step(s, fid, "revoke", key="revoke:1")
    with database.session() as s:
        retry = claim_step(s, fid, "revoke", key="revoke:1")
    assert first.claimed and first.outcome == PENDING
    assert not retry.claimed and retry.response_id == first.response_id
    with database.session() as s:
        complete_step(s, first.response_id, "revoked", "token deleted")
        notified = record_step(s, fid, "notify", "sent", None, key="notify:1")
        renotified = record_step(s, fid, "notify", "sent", None, key="notify:1")
    assert notified.claimed and not renotified.claimed
    with database.session() as s:
        assert claim_step(s, fid, "revoke", key="revoke:1").outcome == "revoked"
        assert s.scalar(select(func.count()).select_from(Response)) == 2
