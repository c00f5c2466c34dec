"""Webhook intake under load: gunicorn (2 workers) + SQLite + Redis on loopback.

    python bench/webhook_intake.py [--quick] [--rate 500] [--seconds 10] [--threads 32]

1. Open loop: signed GitHub push deliveries (each a distinct push) sent at ``--rate`` per
   second for ``--seconds``; latency is measured from each request's *scheduled* send time,
   so a server that falls behind shows it (no coordinated omission). Prints achieved
   deliveries/s, p50/p99/max latency and the status codes.
2. Closed loop: ``--threads`` senders as fast as they can for 5 s: the sustained maximum.
3. Redelivery: every delivery of phase 1 sent again with its delivery id (GitHub's
   "Redeliver"): all must be answered "duplicate".
Then checks that no delivery was lost or duplicated: one outbox row and one queued RQ job per
accepted delivery, job ids unique. (No worker runs: jobs stay queued for counting.)
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import banner, machine_note
from webhook.signatures import github_signature

SECRET = "bench-webhook-secret"
NAME = "acme/widgets"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _payload(n: int) -> bytes:
    before, after = f"{n:040x}", f"{n + 1:040x}"
    return json.dumps(
        {
            "ref": "refs/heads/main",
            "before": before,
            "after": after,
            "created": False,
            "deleted": False,
            "forced": False,
            "commits": [],
            "repository": {"full_name": NAME, "clone_url": f"https://github.com/{NAME}.git"},
            "pusher": {"name": "octocat", "email": "octocat@example.com"},
            "sender": {"login": "octocat"},
        }
    ).encode()


class Delivery:
    """One signed delivery, serialized up front: the load generator only moves bytes."""

    __slots__ = ("request",)

    def __init__(self, n: int) -> None:
        body = _payload(n)
        head = (
            "POST /webhooks/github HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Content-Type: application/json\r\nX-GitHub-Event: push\r\n"
            f"X-GitHub-Delivery: {uuid.uuid4()}\r\n"
            f"X-Hub-Signature-256: {github_signature(SECRET.encode(), body)}\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        )
        self.request = head.encode() + body


STATUS = re.compile(rb'"status":\s*"([a-z]+)"')


def send(port: int, d: Delivery) -> tuple[int, str]:
    """Raw socket HTTP/1.1 (gunicorn's sync workers close after each response)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            sock.sendall(d.request)
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
    except OSError as exc:
        return 0, type(exc).__name__
    data = b"".join(chunks)
    try:
        code = int(data.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return 0, "bad response"
    found = STATUS.search(data)
    return code, found.group(1).decode() if found else ""


def open_loop(
    port: int, deliveries: list[Delivery], rate: float, threads: int
) -> tuple[list[float], Counter[str], float]:
    work: queue.Queue[tuple[float, Delivery] | None] = queue.Queue()
    latencies: list[float] = []
    codes: Counter[str] = Counter()
    lock = threading.Lock()

    def sender() -> None:
        while (item := work.get()) is not None:
            due, d = item
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            code, status = send(port, d)
            done = time.perf_counter()
            with lock:
                latencies.append(done - due)
                codes[f"{code} {status}"] += 1

    pool = [threading.Thread(target=sender, daemon=True) for _ in range(threads)]
    for t in pool:
        t.start()
    start = time.perf_counter() + 0.2
    for i, d in enumerate(deliveries):
        work.put((start + i / rate, d))
    for _ in pool:
        work.put(None)
    for t in pool:
        t.join()
    return latencies, codes, time.perf_counter() - start


def closed_loop(port: int, first: int, seconds: float, threads: int) -> tuple[int, Counter[str]]:
    counter = iter(range(first, first + 10_000_000))
    lock = threading.Lock()
    codes: Counter[str] = Counter()
    stop = time.perf_counter() + seconds

    def sender() -> None:
        while time.perf_counter() < stop:
            with lock:
                n = next(counter) * 2
            code, status = send(port, Delivery(n))
            with lock:
                codes[f"{code} {status}"] += 1

    pool = [threading.Thread(target=sender, daemon=True) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return sum(codes.values()), codes


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--rate", type=float, default=500)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--threads", type=int, default=32)
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn workers")
    args = parser.parse_args()
    if args.quick:
        args.seconds = 2
    banner("webhook intake: gunicorn x2 + SQLite + Redis, loopback")
    print(machine_note())
    work = Path(tempfile.mkdtemp(prefix="pg-bench-"))
    home = work / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PUSHGUARD_")}
    env.update(PUSHGUARD_HOME=str(home), PUSHGUARD_CONFIG=os.devnull)
    os.environ.update(PUSHGUARD_HOME=str(home), PUSHGUARD_CONFIG=os.devnull)
    from sqlalchemy import func, select

    from pushguard import config as config_mod
    from pushguard.crypto.local import init_key_file
    from pushguard.crypto.provider import load_provider
    from pushguard.store.db import Database
    from pushguard.store.models import Delivery as DeliveryRow
    from workers.outbox import drain_outbox
    from workers.queue import connect, scan_queue
    from workers.redis_server import RedisServer
    from workers.repositories import add_repository

    redis_server = RedisServer(work / "redis", persist=False).start()
    env["PUSHGUARD_REDIS_URL"] = redis_server.url
    os.environ["PUSHGUARD_REDIS_URL"] = redis_server.url
    config = config_mod.load()
    init_key_file(config.master_key_file)
    db = Database(config.database_url)
    db.migrate()
    with db.session() as s:
        add_repository(
            s,
            load_provider(config),
            "github",
            NAME,
            "https://github.com/a/b.git",
            webhook_secret=SECRET,
        )
    port = _free_port()
    web = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(args.web_workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--backlog",
            "2048",
            "--log-level",
            "warning",
            "webhook:create_app()",
        ],
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or web.poll() is not None:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.2)
        for i in range(20):  # warm-up: imports, connections, SQLite page cache
            send(port, Delivery(10_000_000 + 2 * i))
        total = int(args.rate * args.seconds)
        deliveries = [Delivery(2 * i) for i in range(total)]
        latencies, codes, elapsed = open_loop(port, deliveries, args.rate, args.threads)
        print(
            f"\nopen loop: {total} deliveries offered at {args.rate:.0f}/s over "
            f"{args.seconds:.0f} s"
        )
        print(
            f"  achieved {len(latencies) / elapsed:.0f} deliveries/s; latency p50 "
            f"{pct(latencies, 50) * 1000:.1f} ms, p99 {pct(latencies, 99) * 1000:.1f} ms, "
            f"max {max(latencies) * 1000:.1f} ms"
        )
        print(f"  responses: {dict(codes)}")
        count, closed_codes = closed_loop(port, 20_000_000, 5, args.threads)
        print(
            f"\nclosed loop: {args.threads} senders for 5 s: {count / 5:.0f} deliveries/s "
            f"sustained; responses: {dict(closed_codes)}"
        )
        redelivered = Counter(f"{c} {s}" for c, s in (send(port, d) for d in deliveries[:500]))
        print(f"\nredelivery of 500 deliveries (same GUIDs): {dict(redelivered)}")
        conn = connect(redis_server.url)
        # the drainer confirms rows whose job exists and must create no job of its own
        drained = drain_outbox(db, conn, config.service, grace=0)
        job_ids = scan_queue(conn).job_ids
        with db.session() as s:
            rows = s.scalar(select(func.count()).select_from(DeliveryRow)) or 0
            pending = (
                s.scalar(
                    select(func.count())
                    .select_from(DeliveryRow)
                    .where(DeliveryRow.status == "pending")
                )
                or 0
            )
        accepted = (
            sum(n for k, n in codes.items() if k.startswith("202"))
            + sum(n for k, n in closed_codes.items() if k.startswith("202"))
            + 20
        )
        ok = rows == accepted == len(job_ids) == len(set(job_ids)) and pending == drained == 0
        ok = ok and set(redelivered) == {"200 duplicate"}
        print(
            f"\naccepted {accepted}, outbox rows {rows} (pending after drain {pending}, "
            f"jobs the drainer added {drained}), queued jobs "
            f"{len(job_ids)} (unique {len(set(job_ids))}): "
            f"{'no lost or duplicated jobs OK' if ok else 'MISMATCH'}"
        )
        p99_ok = pct(latencies, 99) <= 0.5
        print(
            f"p99 at {args.rate:.0f}/s: {pct(latencies, 99) * 1000:.1f} ms "
            f"(target <= 500 ms) {'OK' if p99_ok else 'MISSED'}"
        )
        return 0 if ok else 1
    finally:
        web.terminate()
        web.wait(timeout=30)
        db.dispose()
        redis_server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
