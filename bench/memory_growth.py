"""Memory as history grows: `pushguard scan` of a 10k- and a 100k-commit generated history.

Generates (or reuses) both repositories with `bench/make_repo.py` (the 100k one takes several
minutes and ~1.4 GB of blob content, 3 GB of RAM while generating), scans each `--rounds`
times with the default `--jobs`, and prints the peak RSS of pushguard's own processes (the
largest of the parent and its forked workers), of the largest git child and of the whole
process tree (sampled), with the growth ratios. Target: pushguard's processes at 100k
commits within 1.25x of 10k. git's revision walk holds every commit object it visits
(`git rev-list --all` alone grows with history), so its line is printed for information.

    python bench/memory_growth.py [--small 10000] [--large 100000] [--rounds 2]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PUSHGUARD, RunResult, banner, measure, mib, ratio_line, secs, table
from bench.history import check, env
from bench.make_repo import ensure_repo

TARGET = 1.25


def peaks(runs: list[RunResult]) -> tuple[int, int, int]:
    own = max(max(kb for name, kb in r.rss_by_name.items() if name != "git") for r in runs)
    git_kb = max(r.rss_by_name.get("git", 0) for r in runs)
    return own, git_kb, max(r.tree_rss_kb for r in runs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--small", type=int, default=10_000)
    ap.add_argument("--large", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    banner("memory as history grows")
    rows, sizes = [], {}
    for commits in (args.small, args.large):
        repo = ensure_repo(commits, args.seed)
        runs = [
            measure([PUSHGUARD, "scan", str(repo), "--format", "json"], env=env())
            for _ in range(args.rounds)
        ]
        for result in runs:
            check("pushguard", result, (0, 1))
        sizes[commits] = peaks(runs)
        walls = ", ".join(secs(r.wall) for r in runs)
        rows.append([commits, walls, *(mib(kb) for kb in sizes[commits])])
    print(table(["commits", "wall", "pushguard processes", "largest git", "tree"], rows))
    small, large = sizes[args.small], sizes[args.large]
    label = f"pushguard processes peak RSS growth {args.small}->{args.large} commits"
    print(ratio_line(label, large[0] / max(small[0], 1), TARGET))
    print(f"largest git process growth: {large[1] / max(small[1], 1):.2f} (git's revision walk)")
    print(f"process tree growth: {large[2] / max(small[2], 1):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
