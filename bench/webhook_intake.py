"""Webhook intake under load: gunicorn (2 workers) + SQLite + Redis on loopback (issue 3).

    python bench/webhook_intake.py [--quick] [--rate 500] [--seconds 15] [--connections 32]

1. Open loop: signed GitHub push deliveries (each a distinct push with its own delivery id)
   sent at ``--rate`` per second for ``--seconds``, one TCP connection each as the platforms
   do. Latency runs from each request's *scheduled* send time to the end of its response, so
   a server that falls behind shows it (no coordinated omission). Prints sustained
   deliveries/s, p50/p99/max latency, the answers, and the CPU each process used per delivery.
2. Closed loop: ``--connections`` senders as fast as they can for 5 s: the sustained maximum.
3. Redelivery: 500 deliveries of phase 1 sent again with their delivery ids (GitHub's
   "Redeliver"): all must be answered "duplicate".
Then checks that no delivery was lost or duplicated: one outbox row and exactly one queued RQ
job per accepted delivery, job ids unique, and the outbox drainer finds nothing to add.
(No worker runs: jobs stay queued for counting.) Target: p99 <= 50 ms at 500/s.

The load generator shares the machine's two cores with the server, so it is one thread on
epoll sending pre-built requests: it costs a small fraction of what it measures.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import re
import resource
import selectors
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import banner, free_port, wait_for_listener
from pushguard.webhook.signatures import github_signature

SECRET = "bench-webhook-secret"
NAME = "acme/widgets"
P99_TARGET = 0.050
"""Seconds: issue 3's target at 500 deliveries/s."""
RESPONSE_TIMEOUT = 30.0
STATUS = re.compile(rb'"status":\s*"([a-z]+)"')


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


def delivery(n: int) -> bytes:
    """One signed delivery, serialized up front: the load generator only moves bytes."""
    body = _payload(n)
    head = (
        f"POST /webhooks/github/{NAME} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: application/json\r\nX-GitHub-Event: push\r\n"
        f"X-GitHub-Delivery: {uuid.uuid4()}\r\n"
        f"X-Hub-Signature-256: {github_signature(SECRET.encode(), body)}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body


def _answer(data: bytes) -> str:
    """``"202 queued"`` from a raw HTTP response."""
    try:
        code = int(data.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return "bad response"
    found = STATUS.search(data)
    return f"{code} {found.group(1).decode() if found else ''}".strip()


class Run(NamedTuple):
    latencies: list[float]  # seconds, from the scheduled send time
    answers: Counter[str]
    elapsed: float  # first scheduled send to last answer


class _Exchange:
    __slots__ = ("chunks", "due", "request", "sock")

    def __init__(self, sock: socket.socket, due: float, request: bytes) -> None:
        self.sock, self.due, self.request = sock, due, request
        self.chunks: list[bytes] = []


def drive(
    port: int,
    next_request: Callable[[float], tuple[float, bytes] | None],
    max_inflight: int | None = None,
) -> Run:
    """Send requests on fresh connections from one epoll loop until ``next_request`` says stop.

    ``next_request(now)`` gives ``(due, request)`` for the next request, sent once ``due`` has
    passed, or None when no more will come; with ``max_inflight`` it is only asked while fewer
    exchanges than that are open (a closed loop).
    """
    sel = selectors.DefaultSelector()
    address = ("127.0.0.1", port)
    latencies: list[float] = []
    answers: Counter[str] = Counter()
    limit = max_inflight or sys.maxsize
    pending: tuple[float, bytes] | None = None
    exhausted = False
    inflight = 0
    first = time.perf_counter()
    give_up = float("inf")

    def finish(ex: _Exchange, answer: str, now: float) -> None:
        nonlocal inflight
        sel.unregister(ex.sock)
        ex.sock.close()
        inflight -= 1
        latencies.append(now - ex.due)
        answers[answer] += 1

    def refill(now: float) -> None:
        nonlocal pending, exhausted, give_up
        if pending is None and not exhausted and inflight < limit:
            pending = next_request(now)
            if pending is None:
                exhausted, give_up = True, now + RESPONSE_TIMEOUT

    refill(first)
    if pending is not None:
        first = pending[0]
    while not exhausted or pending is not None or inflight:
        now = time.perf_counter()
        refill(now)
        while pending is not None and pending[0] <= now and inflight < limit:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setblocking(False)
            ex = _Exchange(sock, pending[0], pending[1])
            inflight += 1
            sel.register(sock, selectors.EVENT_WRITE, ex)
            if sock.connect_ex(address) not in (0, errno.EINPROGRESS):
                finish(ex, "connect failed", now)
            pending = None
            refill(now)
        wait = 0.5
        if pending is not None and inflight < limit:
            wait = min(max(pending[0] - now, 0.0), 0.5)
        for key, events in sel.select(wait):
            ex = key.data
            now = time.perf_counter()
            try:
                if events & selectors.EVENT_WRITE:
                    sent = ex.sock.send(ex.request)
                    ex.request = ex.request[sent:]
                    if not ex.request:
                        sel.modify(ex.sock, selectors.EVENT_READ, ex)
                    continue
                chunk = ex.sock.recv(65536)
            except OSError as exc:
                finish(ex, type(exc).__name__, now)
                continue
            if chunk:
                ex.chunks.append(chunk)
            else:  # the server closes after its answer (Connection: close)
                finish(ex, _answer(b"".join(ex.chunks)), now)
        if time.perf_counter() > give_up:
            for key in list(sel.get_map().values()):
                finish(key.data, "timeout", time.perf_counter())
    sel.close()
    return Run(latencies, answers, time.perf_counter() - first)


def open_loop(port: int, requests: list[bytes], rate: float) -> Run:
    start = time.perf_counter() + 0.1
    position = iter(range(len(requests)))

    def next_request(now: float) -> tuple[float, bytes] | None:
        i = next(position, None)
        return None if i is None else (start + i / rate, requests[i])

    return drive(port, next_request)


def closed_loop(port: int, requests: list[bytes], seconds: float, connections: int) -> Run:
    """``connections`` exchanges always open, a new one as each answer arrives."""
    stop = time.perf_counter() + seconds
    position = iter(range(len(requests)))

    def next_request(now: float) -> tuple[float, bytes] | None:
        i = next(position, None) if now < stop else None
        return None if i is None else (now, requests[i])

    return drive(port, next_request, connections)


class Cpu:
    """CPU seconds (user, system) of the benchmark itself and of the server's processes."""

    def __init__(self, pids: dict[str, list[int]]) -> None:
        self.pids = pids
        self.start = self._read()

    @staticmethod
    def _proc(pid: int) -> tuple[float, float]:
        try:
            with open(f"/proc/{pid}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            return 0.0, 0.0
        tick = os.sysconf("SC_CLK_TCK")
        return int(fields[11]) / tick, int(fields[12]) / tick

    def _read(self) -> dict[str, tuple[float, float]]:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        seconds = {"load generator": (usage.ru_utime, usage.ru_stime)}
        for name, pids in self.pids.items():
            times = [self._proc(pid) for pid in pids]
            seconds[name] = (sum(t[0] for t in times), sum(t[1] for t in times))
        return seconds

    def per_delivery(self, count: int) -> str:
        end = self._read()
        parts = []
        for name, (user, system) in end.items():
            user = (user - self.start[name][0]) / max(count, 1) * 1000
            system = (system - self.start[name][1]) / max(count, 1) * 1000
            parts.append(f"{name} {user + system:.2f} ({user:.2f} user + {system:.2f} sys)")
        return "CPU per delivery (ms): " + ", ".join(parts)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else 0.0


def _gunicorn(port: int, workers: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """The deployment's gunicorn settings, minus the access log (one line per delivery)."""
    config = Path(__file__).resolve().parent.parent / "deploy" / "gunicorn.conf.py"
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            str(config),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--backlog",
            "2048",
            "--access-logfile",
            "/dev/null",
            "--log-level",
            "warning",
        ],
        env=env,
        start_new_session=True,
    )


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", "rb") as fh:
            return [int(c) for c in fh.read().split()]
    except OSError:
        return []


def _report(title: str, run: Run, cpu: Cpu) -> None:
    accepted = sum(n for k, n in run.answers.items() if k.startswith("202"))
    lat = run.latencies
    print(f"\n{title}")
    print(
        f"  sustained {accepted / run.elapsed:.0f} deliveries/s ({accepted} accepted in "
        f"{run.elapsed:.1f} s); latency p50 {pct(lat, 50) * 1000:.1f} ms, "
        f"p99 {pct(lat, 99) * 1000:.1f} ms, max {max(lat, default=0) * 1000:.1f} ms"
    )
    print(f"  answers: {dict(run.answers)}")
    print(f"  {cpu.per_delivery(len(lat))}")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="2 s open loop, 2 s closed loop")
    parser.add_argument("--rate", type=float, default=500, help="deliveries/s offered")
    parser.add_argument("--seconds", type=float, default=15, help="open-loop duration")
    parser.add_argument("--connections", type=int, default=32, help="closed-loop concurrency")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn workers")
    args = parser.parse_args()
    closed_seconds = 2.0 if args.quick else 5.0
    if args.quick:
        args.seconds = 2
    banner("webhook intake: gunicorn + SQLite + Redis, loopback")
    work = Path(tempfile.mkdtemp(prefix="pg-bench-"))
    home = work / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PUSHGUARD_")}
    env.update(PUSHGUARD_HOME=str(home), PUSHGUARD_CONFIG=os.devnull)
    os.environ.update(PUSHGUARD_HOME=str(home), PUSHGUARD_CONFIG=os.devnull)
    from sqlalchemy import func, select

    from pushguard import config as config_mod
    from pushguard.crypto.factory import load_provider
    from pushguard.crypto.local import init_key_file
    from pushguard.store.db import Database
    from pushguard.store.models import Delivery as DeliveryRow
    from pushguard.workers.outbox import drain_outbox
    from pushguard.workers.queue import connect, scan_queue
    from pushguard.workers.redis_server import RedisServer
    from pushguard.workers.repositories import add_repository

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
    port = free_port()
    web = _gunicorn(port, args.web_workers, env)
    try:
        wait_for_listener(port, web)
        # warm-up: imports, connections, SQLite page cache, in every worker
        warm = open_loop(port, [delivery(10_000_000 + 2 * i) for i in range(100)], 100)
        assert redis_server.process is not None
        pids = {"gunicorn": [web.pid, *_children(web.pid)], "redis": [redis_server.process.pid]}
        total = int(args.rate * args.seconds)
        requests = [delivery(2 * i) for i in range(total)]
        cpu = Cpu(pids)
        run = open_loop(port, requests, args.rate)
        _report(
            f"open loop: {total} deliveries offered at {args.rate:.0f}/s over {args.seconds:.0f} s",
            run,
            cpu,
        )
        closed_requests = [delivery(20_000_000 + 2 * i) for i in range(int(closed_seconds * 3000))]
        cpu = Cpu(pids)
        closed = closed_loop(port, closed_requests, closed_seconds, args.connections)
        _report(
            f"closed loop: {args.connections} connections for {closed_seconds:.0f} s", closed, cpu
        )
        redelivered = drive_list(port, requests[:500])
        print(f"\nredelivery of 500 deliveries (same delivery ids): {dict(redelivered.answers)}")
        conn = connect(redis_server.url)
        # every row's job is queued: the drainer must find nothing stranded (the rows stay
        # pending until their jobs start; no worker runs here)
        drained = drain_outbox(db, conn, config.service, grace=0)
        job_ids = scan_queue(conn).job_ids
        conn.close()
        with db.session() as s:
            rows = s.scalar(select(func.count()).select_from(DeliveryRow)) or 0
            pending = s.scalar(
                select(func.count()).select_from(DeliveryRow).where(DeliveryRow.status == "pending")
            )
        accepted = sum(
            n
            for answers in (warm.answers, run.answers, closed.answers)
            for k, n in answers.items()
            if k.startswith("202")
        )
        ok = rows == accepted == len(job_ids) == len(set(job_ids)) and drained == 0
        ok = ok and set(redelivered.answers) == {"200 duplicate"}
        print(
            f"\naccepted {accepted}, outbox rows {rows} (pending, jobs queued: {pending}, "
            f"jobs the drainer added {drained}), queued jobs {len(job_ids)} "
            f"(unique {len(set(job_ids))}): "
            f"{'no lost or duplicated jobs OK' if ok else 'MISMATCH'}"
        )
        p99 = pct(run.latencies, 99)
        print(
            f"p99 at {args.rate:.0f}/s: {p99 * 1000:.1f} ms (target <= {P99_TARGET * 1000:.0f} "
            f"ms) {'OK' if p99 <= P99_TARGET else 'MISSED'}"
        )
        return 0 if ok else 1
    finally:
        web.terminate()
        web.wait(timeout=30)
        db.dispose()
        redis_server.stop()
        shutil.rmtree(work, ignore_errors=True)


def drive_list(port: int, requests: list[bytes]) -> Run:
    """Each request once, 8 at a time."""
    return closed_loop(port, requests, 3600, 8)


if __name__ == "__main__":
    raise SystemExit(main())
