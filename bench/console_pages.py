"""Console pages over 10,000 findings: server time per page vs the 300 ms budget (issue 11).

Builds a migrated SQLite store (``bench/.work/console/``) with ``--findings`` findings over 25
repositories, response steps for a third of them and 2,000 audit events, signs in through the
real form, then times each page in-process with Flask's test client (server time: routing,
queries, template rendering; no network), alternating pages round by round. The peer is the
admin API's ``GET /api/v1/findings?limit=50`` (JSON, same data, same process): the ratio shows
what rendering HTML costs over serialising the same page of rows. The 300 ms budget is the
issue's, for findings pages over 10,000 findings; the other pages are printed alongside.

    python bench/console_pages.py [--findings 10000] [--rounds 15] [--quick]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import WORK_DIR, banner

BUDGET_MS = 300.0
RULES = ("github-token", "aws-secret-key", "slack-token", "gitlab-pat", "npm-token", "generic-x")


def _seed(db, n: int) -> None:  # type: ignore[no-untyped-def]
    from pushguard import audit
    from pushguard.store.models import Finding, Repository, Response, utcnow

    rng = random.Random(11)
    now = utcnow()
    with db.session() as s:
        repos = [
            Repository(
                platform="github",
                name=f"acme/repo-{i}",
                clone_url=f"https://github.com/acme/repo-{i}.git",
            )
            for i in range(25)
        ]
        s.add_all(repos)
        s.flush()
        findings = []
        for i in range(n):
            seen = now - dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 200))
            findings.append(
                Finding(
                    repository_id=repos[i % 25].id,
                    commit=f"{rng.getrandbits(160):040x}",
                    path=f"src/module_{i % 400}/config_{i}.py",
                    line=rng.randrange(1, 500),
                    rule=RULES[i % len(RULES)],
                    blocking=i % 5 != 0,
                    fingerprint=f"{i:064x}",
                    redacted=f"tok_…{i % 10000:04d}",
                    status=("open", "open", "revoked", "false-positive", "resolved")[i % 5],
                    first_seen=seen,
                    last_seen=seen,
                )
            )
        s.add_all(findings)
        s.flush()
        for f in findings[::3]:
            s.add(
                Response(finding_id=f.id, step="verify", outcome="live", idempotency_key=f"v{f.id}")
            )
            s.add(
                Response(
                    finding_id=f.id,
                    step="revoke",
                    outcome="revoked",
                    idempotency_key=f"r{f.id}",
                    created_at=f.first_seen + dt.timedelta(minutes=3),
                )
            )
    for chunk in range(20):
        with db.session() as s:
            for i in range(100):
                audit.append(
                    s,
                    actor="hook:dev",
                    action="hook.blocked" if i % 4 == 0 else "respond.verify",
                    subject=f"finding:{chunk * 100 + i + 1}",
                    at=now - dt.timedelta(hours=chunk * 24 + i),
                )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--findings", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--quick", action="store_true", help="1,000 findings, 5 rounds")
    args = parser.parse_args()
    if args.quick:
        args.findings, args.rounds = 1_000, 5
    banner(f"console pages over {args.findings} findings")

    from pushguard import config as config_mod
    from pushguard.crypto.local import init_key_file
    from pushguard.store.db import open_database
    from pushguard.tokens import SCOPES, create_token, load_token_key
    from pushguard.webhook import create_app
    from pushguard.workers.redis_server import RedisServer

    home = WORK_DIR / "console"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    (home / "pushguard.toml").write_text("")
    init_key_file(home / "master.key")
    for key in [k for k in os.environ if k.startswith("PUSHGUARD_")]:
        del os.environ[key]
    os.environ.update(
        {
            "PUSHGUARD_CONFIG": str(home / "pushguard.toml"),
            "PUSHGUARD_HOME": str(home),
            "PUSHGUARD_DATABASE_URL": f"sqlite:///{home / 'pushguard.db'}",
        }
    )
    started = time.perf_counter()
    with open_database(os.environ["PUSHGUARD_DATABASE_URL"]) as db:
        _seed(db, args.findings)
        key = load_token_key(home / "token.key", create=True)
        with db.session() as s:
            raw, _ = create_token(
                s, key, name="bench", scopes=SCOPES, lifetime=dt.timedelta(hours=1)
            )
    print(f"seeded in {time.perf_counter() - started:.1f} s")

    with RedisServer(home / "redis", persist=False) as redis_server:
        os.environ["PUSHGUARD_REDIS_URL"] = redis_server.url
        app = create_app({"PUSHGUARD": config_mod.load()})
        client = app.test_client()
        page = client.get("/signin").get_data(as_text=True).split('action="/signin"', 1)[1]
        nonce = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        assert client.post("/signin", data={"token": raw, "csrf_token": nonce}).status_code == 303
        pages = {
            "findings (page 1)": "/findings",
            "findings (page 150, by rule)": "/findings?sort=rule&dir=asc&page=150",
            "findings (open github, by age)": "/findings?status=open&provider=github",
            "finding page": "/findings/5000",
            "overview (30 days)": "/",
            "overview (26 weeks)": "/?period=week",
            "audit log": "/audit",
            "peer: API findings limit=50": "/api/v1/findings?limit=50",
        }
        headers = {"Authorization": f"Bearer {raw}"}
        times: dict[str, list[float]] = {name: [] for name in pages}
        for url in pages.values():  # warm-up: template compilation, caches
            response = client.get(url, headers=headers if url.startswith("/api") else None)
            assert response.status_code == 200, (url, response.status_code)
        for r in range(args.rounds):
            order = list(pages.items())
            if r % 2:
                order.reverse()
            for name, url in order:
                t0 = time.perf_counter()
                response = client.get(url, headers=headers if url.startswith("/api") else None)
                response.get_data()
                times[name].append((time.perf_counter() - t0) * 1000)
        app.extensions["pushguard.db"].dispose()

    print(f"{'page':<34} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
    worst = slowest = 0.0
    for name, values in times.items():
        values.sort()
        p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
        print(f"{name:<34} {statistics.median(values):>10.1f} {p95:>8.1f} {values[-1]:>8.1f}")
        if name.startswith("findings"):  # the budget: findings pages
            worst = max(worst, p95)
        if not name.startswith("peer"):
            slowest = max(slowest, p95)
    peer = statistics.median(times["peer: API findings limit=50"])
    first = statistics.median(times["findings (page 1)"])
    print(f"console findings page / API findings page median ratio: {first / peer:.2f}")
    verdict = "OK" if worst <= BUDGET_MS else "OVER"
    print(f"slowest findings page p95: {worst:.1f} ms (budget {BUDGET_MS:.0f} ms) {verdict}")
    print(f"slowest console page p95: {slowest:.1f} ms (the audit page verifies the whole chain)")
    return 0 if worst <= BUDGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
