"""`repos remove` then `repos add`: the next push is scanned, and nothing of the removed
repository is inherited (issue #13)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from pushguard.cli.main import main
from pushguard.config import Config
from pushguard.store.db import Database
from pushguard.store.models import Delivery, Scan
from tests.helpers import tokens
from tests.helpers.gitrepo import MakeRepo
from tests.helpers.webhooks import body_of, github_headers, github_push

SECRET = "test-webhook-secret"


def _push(client: FlaskClient, name: str, before: str, after: str) -> dict[str, object]:
    body = body_of(github_push(name, "refs/heads/main", before, after))
    response = client.post(
        f"/webhooks/github/{name}", data=body, headers=github_headers(SECRET, body)
    )
    assert response.status_code == 202, response.get_json()
    answer: dict[str, object] = response.get_json()
    return answer


def test_remove_and_add_again_loses_no_delivery_and_leaves_no_mirror(
    client: FlaskClient,
    register: Callable[..., int],
    run_jobs: Callable[[], int],
    database: Database,
    service_config: Config,
    make_repo: MakeRepo,
    capsys: pytest.CaptureFixture[str],
) -> None:
    first = make_repo("first.git", bare=True)
    base = first.commit({"README.md": "hi\n"}, "initial")
    leak = first.commit({"a.env": f"HF_TOKEN={tokens.huggingface_token()}\n"}, "leak")
    first_id = register("github", "acme/first", str(first.path), secret=SECRET)
    first_delivery = _push(client, "acme/first", base, leak)["delivery"]
    assert run_jobs() == 1  # its job is kept, finished, for a day
    mirror = service_config.home / "mirrors" / f"{first_id}.git"
    assert mirror.is_dir()

    assert main(["repos", "remove", "acme/first"]) == 0
    capsys.readouterr()
    assert not mirror.exists()  # its objects held the leaked token
    assert not list((service_config.home / "mirrors").iterdir())

    second = make_repo("second.git", bare=True)
    start = second.commit({"README.md": "other\n"}, "initial")
    then = second.commit({"b.txt": "nothing secret\n"}, "change")
    second_id = register("github", "acme/second", str(second.path), secret=SECRET)
    answer = _push(client, "acme/second", start, then)
    assert second_id != first_id
    assert answer["status"] == "queued" and answer["delivery"] != first_delivery
    assert run_jobs() == 1  # scanned, not taken for the removed repository's finished job
    with database.session() as s:
        [scan] = s.scalars(select(Scan)).all()
        [delivery] = s.scalars(select(Delivery)).all()
    assert (scan.repository_id, scan.status, scan.delivery_id) == (second_id, "done", delivery.id)
    assert Path(service_config.home / "mirrors" / f"{second_id}.git").is_dir()
