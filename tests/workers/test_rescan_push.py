"""Webhook delivery -> RQ job -> real mirror fetch -> engine -> findings, end to end."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from pushguard.store.db import Database
from pushguard.store.models import Delivery, Finding, Scan
from pushguard.workers.scan_jobs import rescan_push
from tests.helpers import tokens
from tests.helpers.gitrepo import GitRepo, MakeRepo
from tests.helpers.gitserver import GitHttpServer
from tests.helpers.webhooks import (
    NULL,
    body_of,
    gitea_headers,
    gitea_push,
    github_headers,
    github_push,
)

SECRET = "test-webhook-secret"
NAME = "acme/widgets"


def findings(database: Database) -> list[Finding]:
    with database.session() as s:
        return list(s.scalars(select(Finding).order_by(Finding.id)))


def scans(database: Database) -> list[Scan]:
    with database.session() as s:
        return list(s.scalars(select(Scan).order_by(Scan.id)))


def deliver(
    client: FlaskClient, ref: str, before: str, after: str, platform: str = "github", **kw: Any
) -> int:
    if platform == "gitea":
        body = body_of(gitea_push(NAME, ref, before, after, **kw))
        headers = gitea_headers(SECRET, body)
    else:
        body = body_of(github_push(NAME, ref, before, after, **kw))
        headers = github_headers(SECRET, body)
    response = client.post(f"/webhooks/{platform}", data=body, headers=headers)
    assert response.status_code == 202, response.get_json()
    return int(response.get_json()["delivery"])


@pytest.fixture
def remote(make_repo: MakeRepo) -> GitRepo:
    repo = make_repo("widgets.git", bare=True)
    repo.commit({"README.md": "# widgets\n"}, "initial")
    return repo


def test_push_with_secret_is_found_once_across_reruns(
    client: FlaskClient,
    register: Callable[..., int],
    run_jobs: Callable[[], int],
    database: Database,
    remote: GitRepo,
) -> None:
    register("github", NAME, f"file://{remote.path}", secret=SECRET)
    base = remote.tip()
    assert base
    token = tokens.github_token()
    after = remote.commit({"config/settings.py": f"TOKEN = '{token}'\n"}, "add settings")
    delivery = deliver(client, "refs/heads/main", base, after)
    assert run_jobs() == 1
    [scan] = scans(database)
    assert (scan.kind, scan.status, scan.delivery_id) == ("push", "done", delivery)
    with database.session() as s:
        row = s.get(Delivery, delivery)
        assert row is not None and (row.status, row.job_id) == ("enqueued", f"push-{delivery}")
    assert (scan.commits_total, scan.findings_count) == (1, 1)
    assert scan.started_at and scan.finished_at and scan.finished_at >= scan.started_at
    [finding] = findings(database)
    assert (finding.commit, finding.path, finding.line) == (after, "config/settings.py", 1)
    assert finding.blocking and token not in finding.redacted
    # a retry of the same job (or a worker re-running it) changes nothing
    rescan_push(delivery)
    assert len(findings(database)) == 1 and len(scans(database)) == 1


def test_truncated_commits_list_every_commit_is_scanned(
    client: FlaskClient,
    register: Callable[..., int],
    run_jobs: Callable[[], int],
    database: Database,
    remote: GitRepo,
) -> None:
    register("gitea", NAME, str(remote.path), secret=SECRET)
    base = remote.tip()
    assert base
    token = tokens.huggingface_token()
    ids = [remote.commit({"deploy/env": f"HF_TOKEN={token}\n"}, "first of many")]
    ids += [remote.commit({f"notes/{i}.txt": f"note {i}\n"}, f"note {i}") for i in range(11)]
    # Gitea cuts commits[] to the newest 5: the leaking commit is not in the payload
    deliver(client, "refs/heads/main", base, ids[-1], platform="gitea", commits=ids)
    run_jobs()
    [scan] = scans(database)
    assert scan.commits_total == 12
    assert [(f.commit, f.path) for f in findings(database)] == [(ids[0], "deploy/env")]


def test_new_branch_scans_only_commits_no_other_ref_has(
    client: FlaskClient,
    register: Callable[..., int],
    run_jobs: Callable[[], int],
    database: Database,
    remote: GitRepo,
) -> None:
    register("github", NAME, str(remote.path), secret=SECRET)
    base = remote.tip()
    assert base
    old = remote.commit({"a.py": f"KEY = '{tokens.github_token(prefix='ghp')}'\n"}, "old leak")
    deliver(client, "refs/heads/main", base, old)
    run_jobs()
    remote.branch("feature", "main")
    new = remote.commit({"b.py": f"KEY = '{tokens.npm_token()}'\n"}, "new leak", branch="feature")
    deliver(client, "refs/heads/feature", NULL, new)
    run_jobs()
    _first, second = scans(database)
    assert (second.ref, second.status, second.commits_total) == ("refs/heads/feature", "done", 1)
    assert second.findings_count == 1
    assert sorted(f.path for f in findings(database)) == ["a.py", "b.py"]


def test_force_push_with_vanished_before(
    client: FlaskClient,
    register: Callable[..., int],
    run_jobs: Callable[[], int],
    database: Database,
    remote: GitRepo,
) -> None:
    register("github", NAME, str(remote.path), secret=SECRET)
    base = remote.tip()
    assert base
    first = remote.commit({"a.txt": "one\n"}, "one")
    deliver(client, "refs/heads/main", base, first)
    run_jobs()
    # rewrite history on the server; the old tip was never fetched by the mirror
    lost = remote.commit({"a.txt": "lost\n"}, "lost")
    rewritten = remote.commit(
        {"b.txt": f"token: {tokens.slack_token()}\n"}, "rewrite", parents=[first]
    )
    remote.run("update-ref", "refs/heads/main", rewritten)
    remote.run("reflog", "expire", "--expire=now", "--all")
    remote.run("gc", "-q", "--prune=now")
    assert remote.run("cat-file", "-e", lost, check=False).returncode != 0
    deliver(client, "refs/heads/main", lost, rewritten, forced=True)
    run_jobs()
    last = scans(database)[-1]
    assert (last.status, last.commits_total, last.findings_count) == ("done", 1, 1)
    assert [f.path for f in findings(database)] == ["b.txt"]


def test_fetch_over_http_with_credentials_in_a_header_only(
    client: FlaskClient,
    register: Callable[..., int],
    run_jobs: Callable[[], int],
    database: Database,
    make_repo: MakeRepo,
    git_http_server: Callable[..., GitHttpServer],
    service_config: Any,
) -> None:
    remote = make_repo("srv/widgets.git", bare=True)
    base = remote.commit({"README.md": "hi\n"}, "initial")
    clone_token = tokens.github_token(prefix="ghs")
    server = git_http_server(remote.path.parent, auth=("x-access-token", clone_token))
    register(
        "github",
        NAME,
        server.url_for("widgets.git"),
        secret=SECRET,
        credential=f"x-access-token:{clone_token}",
    )
    after = remote.commit({"k.pem": tokens.private_key_block() + "\n"}, "key")
    deliver(client, "refs/heads/main", base, after)
    run_jobs()
    [scan] = scans(database)
    assert scan.status == "done", scan.error
    assert [f.path for f in findings(database)] == ["k.pem"]
    assert server.requests and all(r.authorization for r in server.requests)
    assert not any(clone_token in r.path + r.query for r in server.requests)
    mirror_config = (service_config.home / "mirrors").rglob("config")
    assert not any(clone_token in p.read_text() for p in mirror_config)


def test_fetch_failure_is_visible_on_the_scan(
    client: FlaskClient,
    register: Callable[..., int],
    run_jobs: Callable[[], int],
    database: Database,
    make_repo: MakeRepo,
    git_http_server: Callable[..., GitHttpServer],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PUSHGUARD_SERVICE_JOB_RETRIES", "1")
    remote = make_repo("srv/widgets.git", bare=True)
    base = remote.commit({"README.md": "hi\n"}, "initial")
    server = git_http_server(remote.path.parent, auth=("x-access-token", "right"))
    register(
        "github",
        NAME,
        server.url_for("widgets.git"),
        secret=SECRET,
        credential="x-access-token:wrong",
    )
    after = remote.commit({"a": "b\n"}, "a")
    deliver(client, "refs/heads/main", base, after)
    run_jobs()  # first attempt and its retry both fail
    [scan] = scans(database)
    assert scan.status == "failed"
    assert scan.error and "fetch failed" in scan.error
    assert "wrong" not in scan.error


def test_unreadable_object_in_the_mirror_is_noted_on_a_done_scan(
    client: FlaskClient,
    register: Callable[..., int],
    run_jobs: Callable[[], int],
    database: Database,
    remote: GitRepo,
    tmp_path: Path,
) -> None:
    register("github", NAME, f"file://{remote.path}", secret=SECRET)
    base = remote.tip()
    assert base
    first = remote.commit({"notes.txt": "one\n"}, "notes")
    deliver(client, "refs/heads/main", base, first)
    assert run_jobs() == 1
    # the mirror loses a blob it already had (disk damage): the next push's diff needs it
    lost = remote.git("rev-parse", f"{first}:notes.txt")
    [loose] = tmp_path.glob(f"**/mirrors/*.git/objects/{lost[:2]}/{lost[2:]}")
    loose.unlink()
    token = tokens.github_token()
    after = remote.commit(
        {"notes.txt": "one\ntwo\n", "config/settings.py": f"TOKEN = '{token}'\n"}, "more"
    )
    deliver(client, "refs/heads/main", first, after)
    assert run_jobs() == 1
    last = scans(database)[-1]
    assert last.status == "done"  # the rest was scanned: the token is found
    assert [f.path for f in findings(database)] == ["config/settings.py"]
    assert last.error and "partial scan: 1 object(s) could not be read" in last.error
    assert lost in last.error and "notes.txt" in last.error
