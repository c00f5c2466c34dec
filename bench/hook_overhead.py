"""Hook overhead: what the pre-receive hook adds to a one-commit push.

Two bare "servers" cloned from the generated repository (`bench/make_repo.py`), one with
`pushguard install-hook`, one without. Each iteration makes one new commit (a realistic edit of
1-2 files, no secret) and pushes it over file:// to both servers, in alternating order; the
overhead of that push is (wall time with the hook) - (wall time without). Reported as the
median over all iterations, for the warm-daemon path (`pushguard hook-daemon` running: the
hook's stdlib-only client hands the push to it) and for the in-process fallback
(`pushguard pre-receive` starts in a fresh Python). Target: <= 50 ms median. The CPU time
overhead (user+sys of the push's processes, plus the daemon's share) is printed too: on a
shared, busy machine it is steadier than wall time.

    python bench/hook_overhead.py [--quick] [--pushes 30] [--commits 5500]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    WORK_DIR,
    HookDaemon,
    banner,
    children_cpu,
    fresh_dir,
    git,
    install_hook,
    median,
    ms,
    pushguard_available,
    pushguard_env,
    ratio_line,
    table,
    write_config,
)
from bench.make_repo import _corpus, ensure_repo, mutate

TARGET_MS = 50.0


class Pusher:
    """A bare client repository that makes one-commit changes and pushes them."""

    def __init__(self, client: Path, env: dict[str, str], seed: int) -> None:
        self.client, self.env = client, env
        self.rng = random.Random(seed)
        self.corpus = _corpus()
        self.tip = git("rev-parse", "main", cwd=client, env=env).strip()
        self.index = client / "bench.index"
        self.count = 0

    def commit(self) -> str:
        """A new commit on top of the last one: 1-2 edited files, plumbing only."""
        env = {**self.env, "GIT_INDEX_FILE": str(self.index)}
        files = git("ls-tree", "-r", "--name-only", self.tip, cwd=self.client, env=env).split()
        git("read-tree", self.tip, cwd=self.client, env=env)
        for path in self.rng.sample(sorted(files), self.rng.choice([1, 1, 2])):
            old = subprocess.run(
                ["git", "cat-file", "blob", f"{self.tip}:{path}"],
                cwd=self.client, env=env, capture_output=True, check=True,
            ).stdout  # fmt: skip
            lines = old.splitlines(keepends=True)
            new = b"".join(mutate(lines, self.rng, self.corpus))
            blob = git("hash-object", "-w", "--stdin", cwd=self.client, env=env, input=new)
            git("update-index", "--cacheinfo", f"100644,{blob.strip()},{path}",
                cwd=self.client, env=env)  # fmt: skip
        tree = git("write-tree", cwd=self.client, env=env).strip()
        self.count += 1
        when = f"{1_800_000_000 + self.count * 60} +0000"
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
        self.tip = git(
            "commit-tree", tree, "-p", self.tip, "-m", f"Bench change {self.count}",
            cwd=self.client, env=env,
        ).strip()  # fmt: skip
        return self.tip

    def push(self, server: Path, sha: str) -> tuple[float, float, int, str]:
        """Push ``sha`` to main: (wall s, CPU s of the push's processes, exit code, stderr)."""
        cmd = ["git", "push", "--quiet", f"file://{server}", f"{sha}:refs/heads/main"]
        cpu = children_cpu()
        started = time.perf_counter()
        proc = subprocess.run(cmd, cwd=self.client, env=self.env, capture_output=True, check=False)
        wall = time.perf_counter() - started
        return wall, children_cpu() - cpu, proc.returncode, proc.stderr.decode(errors="replace")


class Pair(NamedTuple):
    """One commit pushed to both servers."""

    wall_hook: float
    wall_plain: float
    cpu_hook: float  # incl. the daemon's CPU for this push, when one runs
    cpu_plain: float


def run_mode(
    pusher: Pusher, hooked: Path, plain: Path, pushes: int, warmup: int,
    daemon: HookDaemon | None = None,
) -> list[Pair]:  # fmt: skip
    """``pushes`` one-commit pushes, each to both servers (alternating which goes first)."""
    pairs = []
    for i in range(warmup + pushes):
        sha = pusher.commit()
        order = [hooked, plain] if i % 2 else [plain, hooked]
        walls, cpus = {}, {}
        for server in order:
            daemon_cpu = daemon.cpu_seconds() if daemon else 0.0
            wall, cpu, rc, err = pusher.push(server, sha)
            if rc != 0:
                raise SystemExit(f"push to {server.name} failed ({rc}):\n{err}")
            walls[server] = wall
            cpus[server] = cpu + ((daemon.cpu_seconds() - daemon_cpu) if daemon else 0.0)
        if i >= warmup:
            pairs.append(Pair(walls[hooked], walls[plain], cpus[hooked], cpus[plain]))
    return pairs


def summarize(mode: str, pairs: list[Pair]) -> list[object]:
    diffs = sorted(p.wall_hook - p.wall_plain for p in pairs)
    p90 = diffs[min(len(diffs) - 1, int(0.9 * len(diffs)))]
    return [
        mode,
        len(pairs),
        ms(median(p.wall_hook for p in pairs)),
        ms(median(p.wall_plain for p in pairs)),
        ms(median(diffs)),
        ms(p90),
        ms(median(p.cpu_hook - p.cpu_plain for p in pairs)),
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small smoke run")
    ap.add_argument("--pushes", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--commits", type=int, default=5500, help="history size of the servers")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    if args.quick:
        args.pushes, args.warmup, args.commits = 6, 1, 1000

    banner("hook overhead on a one-commit push")
    if not (pushguard_available("install-hook") and pushguard_available("hook-daemon")):
        print("SKIPPED: `pushguard install-hook` / `pushguard hook-daemon` not available yet")
        return 0
    source = ensure_repo(args.commits, args.seed)
    work = fresh_dir(WORK_DIR / "hook-overhead")
    config = write_config(work / "pushguard.toml")
    socket = work / "scan.sock"
    env = pushguard_env(work / "pghome", config)
    client, hooked, plain = work / "client.git", work / "hooked.git", work / "plain.git"
    for repo in (client, hooked, plain):
        git("clone", "--quiet", "--bare", str(source), str(repo), env=env)
    install_hook(hooked, config, socket, env)
    print(
        f"servers: bare clones of {source.name} ({args.commits} commits); "
        f"{args.pushes} timed pushes per mode after {args.warmup} warm-up pushes"
    )
    pusher = Pusher(client, env, args.seed)

    results = {}
    with HookDaemon(socket, config, env, work / "daemon.log") as daemon:
        before = daemon.cpu_seconds()
        results["warm daemon"] = run_mode(pusher, hooked, plain, args.pushes, args.warmup, daemon)
        daemon_cpu = daemon.cpu_seconds() - before
    if daemon_cpu < 0.01:  # the hook's client silently falls back when the daemon fails
        print("WARNING: the daemon used no CPU: the 'warm daemon' pushes ran in-process")
    results["in-process"] = run_mode(pusher, hooked, plain, args.pushes, args.warmup)

    print()
    print(table(
        ["hook path", "pushes", "median with hook", "median without", "median overhead",
         "p90 overhead", "median CPU overhead"],
        [summarize(mode, pairs) for mode, pairs in results.items()],
    ))  # fmt: skip
    for mode, pairs in results.items():
        overhead = median(p.wall_hook - p.wall_plain for p in pairs) * 1000
        print(ratio_line(f"hook overhead, {mode} (ms)", overhead, TARGET_MS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
