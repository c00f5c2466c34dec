"""Time from a stored finding to a confirmed revocation (Hugging Face played locally).

    python bench/respond.py

1. one leaked token: finding stored -> secret re-read from the git mirror -> whoami-v2 ->
   revoke -> whoami-v2 confirms -> finding status "revoked";
2. 100 tokens across 20 repositories in one batch job (one revoke call for all of them).

Real git, real SQLite store, real HTTP (a local server following the documented contract);
no SMTP (no channel configured), so the numbers are the response pipeline's own cost.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pytest_httpserver import HTTPServer
from sqlalchemy import select

from pushguard.config import Config, RespondConfig
from pushguard.respond import registry as registry_mod
from pushguard.respond.notify import Notifier
from pushguard.scan.plugins import all_detectors
from pushguard.scan.secrets import fingerprint, redact
from pushguard.store import models
from pushguard.store.db import Database
from pushguard.store.findings import NewFinding, upsert_finding
from pushguard.workers.mirror import Mirror
from pushguard.workers.reread import mirror_reader
from pushguard.workers.respond_pipeline import Pipeline
from tests.helpers import tokens
from tests.respond.fakes import FakeHub

KEY = b"b" * 32
ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "GIT_AUTHOR_DATE": "1700000000 +0000",
    "GIT_COMMITTER_DATE": "1700000000 +0000",
}


def make_repo(path: Path, values: list[str]) -> str:
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True, env=ENV)
    lines = "".join(f"HF_TOKEN_{i}={v}\n" for i, v in enumerate(values))
    (path / "settings.env").write_text(lines)
    subprocess.run(["git", "-C", str(path), "add", "settings.env"], check=True, env=ENV)
    subprocess.run(["git", "-C", str(path), "commit", "-q", "-m", "settings"], check=True, env=ENV)
    out = subprocess.run(
        ["git", "-C", str(path), "rev-parse", "HEAD"],
        check=True,
        env=ENV,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def store(db: Database, name: str, path: Path, commit: str, values: list[str]) -> list[int]:
    with db.session() as s:
        repo = models.Repository(platform="local", name=name, clone_url=str(path))
        s.add(repo)
        s.flush()
        scan = models.Scan(repository_id=repo.id, kind="push", status="done")
        s.add(scan)
        s.flush()
        return [
            upsert_finding(
                s,
                repo.id,
                NewFinding(
                    commit,
                    "settings.env",
                    i + 1,
                    "huggingface-token",
                    True,
                    fingerprint(KEY, v),
                    redact(v),
                ),
                scan_id=scan.id,
            ).id
            for i, v in enumerate(values)
        ]


def run(
    root: Path, server: HTTPServer, repos: int, per_repo: int, warm: bool = True
) -> tuple[float, FakeHub]:
    """``warm``: the repositories' mirrors exist already, as they do after the scan that
    stored the findings; a cold run includes cloning them."""
    server.clear()
    root.mkdir(exist_ok=True)
    db = Database(f"sqlite:///{root / f'bench-{repos}.db'}")
    db.migrate()
    rng = random.Random(repos)
    hub = FakeHub(server)
    ids: list[int] = []
    for r in range(repos):
        values = [tokens.huggingface_token(rng) for _ in range(per_repo)]
        hub.live.update(values)
        path = root / f"r{repos}-{r}"
        ids += store(db, f"acme/r{r}", path, make_repo(path, values), values)
    cfg = RespondConfig(urls=(f"huggingface={server.url_for('')}",))
    home = root / f"home-{repos}"
    pipeline = Pipeline(
        db,
        Config(home=home, respond=cfg),
        registry_mod.build(cfg),
        Notifier(cfg),
        mirror_reader(home, KEY, all_detectors(), lambda rid: contextlib.nullcontext()),
    )
    if warm:
        with db.session() as s:
            for repo in s.scalars(select(models.Repository)):
                Mirror.for_repository(home, repo.id, repo.clone_url).sync()
    started = time.perf_counter()
    pipeline.run(ids)
    elapsed = time.perf_counter() - started
    with db.session() as s:
        revoked = sum(1 for i in ids if (f := s.get(models.Finding, i)) and f.status == "revoked")
    assert revoked == len(ids) and not hub.live, "not every token was revoked"
    db.dispose()
    return elapsed, hub


def main() -> int:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    try:
        with tempfile.TemporaryDirectory(prefix="pg-bench-respond-") as tmp:
            root = Path(tmp)
            cold, _ = run(root / "cold", server, 1, 1, warm=False)
            one, hub1 = run(root, server, 1, 1)
            many, hub100 = run(root, server, 20, 5)
    finally:
        server.stop()
    print(f"1 token, its mirror cloned first: {cold * 1000:.0f} ms")
    print(
        f"1 token: finding -> confirmed revocation {one * 1000:.0f} ms "
        f"(whoami calls {hub1.whoami_calls}, revoke calls {hub1.revoke_calls})"
    )
    print(
        f"100 tokens / 20 repositories: {many * 1000:.0f} ms total, "
        f"{many * 1000 / 100:.1f} ms per token "
        f"(whoami calls {hub100.whoami_calls}, revoke calls {hub100.revoke_calls})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
