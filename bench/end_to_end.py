"""Push webhook received -> finding stored, on `pushguard serve`'s embedded defaults.

    python bench/end_to_end.py [--quick] [--runs 20]

Starts `pushguard serve` (gunicorn, one RQ worker, embedded Redis, SQLite under a temporary
HOME), registers a bare repository, then per run: makes one commit adding a (fake, generated)
token, sends the signed GitHub push delivery, and polls the database until the finding is
stored. Latency = delivery sent -> finding row visible. Prints each run, the median and p90.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import banner, free_port, git_env, machine_note, pushguard_serve
from pushguard.webhook.signatures import github_signature
from tests.helpers import tokens
from tests.helpers.gitrepo import GitRepo

NAME = "acme/widgets"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    runs = 5 if args.quick else args.runs
    banner("end to end: webhook -> RQ -> mirror fetch -> scan -> finding (pushguard serve)")
    print(machine_note())
    work = Path(tempfile.mkdtemp(prefix="pg-e2e-"))
    home = work / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PUSHGUARD_")}
    # Scan latency only: an automatic response (whose verification would try the real
    # provider) would hold the one worker between pushes.
    env.update(
        PUSHGUARD_HOME=str(home), PUSHGUARD_CONFIG=os.devnull, PUSHGUARD_RESPOND_ENABLED="false"
    )
    genv = git_env(work / "githome")
    try:
        with pushguard_serve(env, free_port()) as base:
            return _measure(work, home, env, genv, base, runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _measure(
    work: Path, home: Path, env: dict[str, str], genv: dict[str, str], base: str, runs: int
) -> int:
    repo = GitRepo.init(work / "widgets.git", genv, bare=True)
    repo.commit({"README.md": "# widgets\n"}, "initial")
    added = subprocess.run(
        [sys.executable, "-m", "pushguard", "repos", "add", "github", NAME, str(repo.path)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    secret = re.search(r"^webhook secret: (\S+)$", added, re.M)
    assert secret, added
    os.environ.update(PUSHGUARD_HOME=str(home), PUSHGUARD_CONFIG=os.devnull)
    from sqlalchemy import select

    from pushguard import config as config_mod
    from pushguard.store.db import Database
    from pushguard.store.models import Finding

    db = Database(config_mod.load().database_url)
    # wait for the worker to be up (it drains at start): a warm-up push, untimed
    latencies: list[float] = []
    for i in range(runs + 1):
        before = repo.tip()
        assert before
        token = tokens.github_token(rng=__import__("random").Random(i))
        after = repo.commit({f"conf/{i}.py": f"TOKEN = '{token}'\n"}, f"push {i}")
        body = json.dumps(
            {
                "ref": "refs/heads/main",
                "before": before,
                "after": after,
                "repository": {"full_name": NAME},
                "pusher": {"name": "bench"},
                "commits": [],
            }
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - loopback http
            f"{base}/webhooks/github/{NAME}",
            data=body,
            headers={
                "Content-Type": "application/json",
                "X-GitHub-Event": "push",
                "X-GitHub-Delivery": str(uuid.uuid4()),
                "X-Hub-Signature-256": github_signature(secret.group(1).encode(), body),
            },
        )
        sent = time.perf_counter()
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            assert response.status == 202
        while True:
            with db.session() as s:
                if s.scalar(select(Finding.id).where(Finding.commit == after)):
                    break
            if time.perf_counter() - sent > 120:
                raise SystemExit(f"run {i}: no finding after 120 s")
            time.sleep(0.005)
        elapsed = time.perf_counter() - sent
        if i == 0:
            print(f"warm-up: {elapsed * 1000:.0f} ms (first fetch creates the mirror)")
            continue
        latencies.append(elapsed)
        print(f"run {i:>2}: {elapsed * 1000:.0f} ms")
    db.dispose()
    ordered = sorted(latencies)
    print(
        f"\n{runs} one-commit pushes: webhook -> finding stored: median "
        f"{statistics.median(latencies) * 1000:.0f} ms, p90 "
        f"{ordered[int(0.9 * (len(ordered) - 1))] * 1000:.0f} ms, "
        f"min {ordered[0] * 1000:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
