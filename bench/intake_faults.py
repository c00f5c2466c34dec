"""Webhook intake under the faults of issue 13, each measured side by side with its peer.

    python bench/intake_faults.py [--quick] [--database-url postgresql+psycopg://...]
                                  [--rate 200] [--seconds 60] [--slow 50]

gunicorn (deploy/gunicorn.conf.py, 2 workers) + the database + Redis on loopback; signed
GitHub push deliveries in an open loop (latency from each request's scheduled send time, so
a server that falls behind shows it). Two scenarios, each run twice in one invocation:

1. **Outbox drainer with the worker saturated.** No job is ever taken from the queue, so every
   accepted delivery stays ``pending`` and the queue grows (what a busy worker looks like to
   the drainer). Peer A: no drainer. Peer B: a separate process runs the drainer every second
   (10x its default rate) for the whole run, as `pushguard worker` does. Target: p99 <= 50 ms
   at 200/s for 60 s, and B/A close to 1.
2. **Slow clients.** Peer A: deliveries alone. Peer B: the same with ``--slow`` connections
   open the whole time: a third connected and silent, a third sending headers a byte at a
   time, a third sending a body a byte at a time. Target: p99 <= 50 ms with them open.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import banner, free_port, wait_for_listener
from bench.webhook_intake import (
    NAME,
    SECRET,
    Run,
    _gunicorn,
    delivery,
    open_loop,
    pct,
)

P99_TARGET = 0.050


def _drainer(database_url: str, redis_url: str, stop: multiprocessing.synchronize.Event) -> None:
    """`pushguard worker`'s maintenance loop, on a tighter interval, in its own process."""
    from pushguard import config as config_mod
    from pushguard.store.db import Database
    from pushguard.workers.outbox import Progress, drain_outbox
    from pushguard.workers.queue import connect

    config = config_mod.load()
    db = Database(database_url)
    conn = connect(redis_url)
    progress = Progress()
    while not stop.wait(1.0):
        drain_outbox(db, conn, config.service, progress=progress)
    db.dispose()
    conn.close()


class SlowClients:
    """``count`` connections that hold the server's attention without finishing a request."""

    def __init__(self, port: int, count: int) -> None:
        self.port, self.count = port, count
        self.socks: list[socket.socket] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._trickle, daemon=True)

    def __enter__(self) -> SlowClients:
        for i in range(self.count):
            sock = socket.create_connection(("127.0.0.1", self.port))
            if i % 3 == 2:
                sock.sendall(
                    f"POST /webhooks/github/{NAME} HTTP/1.1\r\nHost: x\r\n"
                    "X-Hub-Signature-256: sha256=00\r\nX-GitHub-Event: push\r\n"
                    "Content-Length: 1000000\r\n\r\n{".encode()
                )
            self.socks.append(sock)
        self.thread.start()
        return self

    def _trickle(self) -> None:
        header = b"POST /webhooks/github/x HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 4000
        sent = 0
        while not self.stopping.wait(1.0):
            for i, sock in enumerate(self.socks):
                with contextlib.suppress(OSError):
                    if i % 3 == 1:
                        sock.send(header[sent : sent + 1])
                    elif i % 3 == 2:
                        sock.send(b" ")
            sent += 1

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.thread.join()
        for sock in self.socks:
            sock.close()


def _line(name: str, run: Run) -> float:
    lat = run.latencies
    p99 = pct(lat, 99)
    print(
        f"  {name:<34} p50 {pct(lat, 50) * 1000:6.1f} ms  p99 {p99 * 1000:6.1f} ms  "
        f"max {max(lat, default=0) * 1000:7.1f} ms  answers {dict(run.answers)}"
    )
    return p99


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="10 s runs")
    parser.add_argument("--database-url", help="default: SQLite under a temporary HOME")
    parser.add_argument("--rate", type=float, default=200, help="deliveries/s offered")
    parser.add_argument("--seconds", type=float, default=60, help="duration of each run")
    parser.add_argument("--slow", type=int, default=50, help="slow connections in scenario 2")
    args = parser.parse_args()
    if args.quick:
        args.seconds = 10
    work = Path(tempfile.mkdtemp(prefix="pg-faults-"))
    home = work / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PUSHGUARD_")}
    env.update(PUSHGUARD_HOME=str(home), PUSHGUARD_CONFIG=os.devnull)
    os.environ.update(PUSHGUARD_HOME=str(home), PUSHGUARD_CONFIG=os.devnull)
    if args.database_url:
        env["PUSHGUARD_DATABASE_URL"] = args.database_url
        os.environ["PUSHGUARD_DATABASE_URL"] = args.database_url
    import redis as redis_lib
    from sqlalchemy import delete

    from pushguard import config as config_mod
    from pushguard.crypto.factory import load_provider
    from pushguard.crypto.local import init_key_file
    from pushguard.store.db import Database
    from pushguard.store.models import Delivery, Repository
    from pushguard.workers.redis_server import RedisServer
    from pushguard.workers.repositories import add_repository, remove_repository

    redis_server = RedisServer(work / "redis", persist=False).start()
    env["PUSHGUARD_REDIS_URL"] = os.environ["PUSHGUARD_REDIS_URL"] = redis_server.url
    config = config_mod.load()
    init_key_file(config.master_key_file)
    db = Database(config.database_url)
    db.migrate()
    with db.session() as s:
        for repo in s.query(Repository).filter(Repository.name == NAME).all():
            remove_repository(s, repo)  # a PostgreSQL database may hold an earlier run
        add_repository(
            s,
            load_provider(config),
            "github",
            NAME,
            "https://github.com/a/b.git",
            webhook_secret=SECRET,
        )
    backend = db.dialect
    banner(f"intake under faults: gunicorn (gevent) + {backend} + Redis, loopback")
    port = free_port()
    web = _gunicorn(port, 2, env)
    serial = iter(range(0, 10**9, 2))

    def reset() -> None:
        with db.session() as s:
            s.execute(delete(Delivery))
        conn = redis_lib.Redis.from_url(redis_server.url)
        conn.flushdb()
        conn.close()

    def deliveries(count: int) -> list[bytes]:
        return [delivery(next(serial)) for _ in range(count)]

    failed = False
    try:
        wait_for_listener(port, web)
        open_loop(port, deliveries(200), 100)  # warm-up
        total = int(args.rate * args.seconds)

        print(
            f"\n1. worker saturated (nothing dequeued), {args.rate:.0f}/s for "
            f"{args.seconds:.0f} s, {backend}"
        )
        alone = _line("A: no drainer", open_loop(port, deliveries(total), args.rate))
        reset()  # B starts from the same empty outbox and queue as A did
        stop = multiprocessing.get_context("spawn").Event()
        drainer = multiprocessing.get_context("spawn").Process(
            target=_drainer, args=(config.database_url, redis_server.url, stop)
        )
        drainer.start()
        time.sleep(3.0)  # its start-up (imports) is not what is measured
        try:
            drained = _line("B: drainer every 1 s", open_loop(port, deliveries(total), args.rate))
        finally:
            stop.set()
            drainer.join(30)
        print(
            f"  ratio B/A p99: {drained / alone:.2f}; p99 with drainer "
            f"{'OK' if drained <= P99_TARGET else 'MISSED'} (target <= 50 ms)"
        )
        failed |= drained > P99_TARGET

        reset()
        count = int(min(args.rate, 100) * min(args.seconds, 20))
        print(f"\n2. slow clients: {count} deliveries at {min(args.rate, 100):.0f}/s, {backend}")
        alone = _line(
            "A: deliveries alone", open_loop(port, deliveries(count), min(args.rate, 100))
        )
        with SlowClients(port, args.slow):
            time.sleep(1.0)
            slow = _line(
                f"B: with {args.slow} slow connections",
                open_loop(port, deliveries(count), min(args.rate, 100)),
            )
        print(
            f"  ratio B/A p99: {slow / alone:.2f}; p99 with slow clients "
            f"{'OK' if slow <= P99_TARGET else 'MISSED'} (target <= 50 ms)"
        )
        failed |= slow > P99_TARGET
        return 1 if failed else 0
    finally:
        web.terminate()
        web.wait(timeout=30)
        db.dispose()
        redis_server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
