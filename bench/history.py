"""History scan: `pushguard scan` vs Kingfisher on the full history of a flask-sized repository.

Both scanners run alternately (the order flips every round) on the same generated repository
(`bench/make_repo.py`) on the same machine; Kingfisher gets one untimed warm-up run first so
its compiled rule cache is warm (its very first run compiles a Vectorscan database). Prints
every run, the medians, the ratio against the target (pushguard <= 0.5x Kingfisher), and
pushguard's peak RSS on a small and on the full repository (memory must stay flat with history
size). `git log -p -U0 --all` is timed too, as the floor any diff-based scanner pays.

    python bench/history.py [--quick] [--rounds 3] [--commits 5500] [--small 1000] [--profile]
"""

from __future__ import annotations

import argparse
import json
import pstats
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    KINGFISHER,
    PUSHGUARD,
    WORK_DIR,
    RunResult,
    banner,
    git_env,
    measure,
    median,
    mib,
    ratio_line,
    secs,
    table,
)
from bench.make_repo import ensure_repo

TARGET_RATIO = 0.5
RSS_GROWTH_TARGET = 1.25  # "flat": a 5.5x longer history may cost at most 25% more memory


def pushguard_cmd(repo: Path) -> list[str]:
    return [PUSHGUARD, "scan", str(repo), "--format", "json"]


def kingfisher_cmd(repo: Path, output: str = "/dev/null") -> list[str]:
    return [
        KINGFISHER,
        "--no-update-check",
        "--quiet",
        "scan",
        str(repo),
        "--git-history",
        "full",
        "--no-validate",
        "--format",
        "json",
        "--output",
        output,
    ]


def git_floor_cmd(repo: Path) -> list[str]:
    return ["git", "-C", str(repo), "log", "-p", "-U0", "--all", "--no-renames", "--format=%H"]


def env() -> dict[str, str]:
    return git_env(extra={"KF_RULE_CACHE_DIR": str(WORK_DIR / "kingfisher-cache")})


def check(name: str, result: RunResult, ok_codes: tuple[int, ...]) -> None:
    if result.returncode not in ok_codes:
        sys.stderr.write(result.stderr.decode(errors="replace")[-2000:])
        raise SystemExit(f"{name} failed with exit code {result.returncode}")


def pushguard_summary(result: RunResult) -> str:
    try:
        report = json.loads(result.stdout)
    except ValueError:
        return "(no JSON report)"
    findings = report.get("findings", [])
    blocking = sum(1 for f in findings if f.get("blocking"))
    stats = report.get("stats", {})
    return (
        f"{len(findings)} findings ({blocking} blocking), "
        f"{stats.get('commits', '?')} commits, {stats.get('files', '?')} files, "
        f"{stats.get('lines', '?')} lines scanned"
    )


def kingfisher_summary(report_path: Path) -> str:
    try:
        report = json.loads(report_path.read_text())
    except (OSError, ValueError):
        return "(no JSON report)"
    findings = report.get("findings", []) if isinstance(report, dict) else report
    return f"{len(findings)} findings"


def memory(runs: list[RunResult]) -> tuple[int, int, int, int]:
    """Peak KiB over ``runs``: (pushguard's Python process, its largest git child, whole tree,
    largest single process per GNU time)."""
    own = max(max(kb for name, kb in r.rss_by_name.items() if name != "git") for r in runs)
    git_kb = max(r.rss_by_name.get("git", 0) for r in runs)
    return own, git_kb, max(r.tree_rss_kb for r in runs), max(r.maxrss_kb for r in runs)


def profile(repo: Path, top: int) -> None:
    """Run `pushguard scan` once under cProfile and print where the time goes."""
    out = WORK_DIR / "history.prof"
    cmd = [
        sys.executable,
        "-m",
        "cProfile",
        "-o",
        str(out),
        "-m",
        "pushguard",
        *pushguard_cmd(repo)[1:],
    ]
    result = measure(cmd, env=env())
    check("pushguard (cProfile)", result, (0, 1))
    print(f"\ncProfile of pushguard scan ({secs(result.wall)} under the profiler):")
    stats = pstats.Stats(str(out))
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small smoke run (300/1000 commits)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--commits", type=int, default=5500)
    ap.add_argument("--small", type=int, default=1000, help="commits of the small repo (RSS)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--profile", action="store_true", help="also cProfile one pushguard run")
    ap.add_argument("--top", type=int, default=25, help="profile rows to print")
    args = ap.parse_args(argv)
    if args.quick:
        args.commits, args.small, args.rounds = 1000, 300, 2

    banner("history scan: pushguard vs kingfisher")
    full = ensure_repo(args.commits, args.seed)
    small = ensure_repo(args.small, args.seed)
    print(f"repository: {full.name} ({args.commits} commits); small: {small.name}")
    e = env()

    # Untimed warm-up: page cache for both, Kingfisher's rule cache; also the finding counts.
    kf_report = WORK_DIR / "kingfisher-report.json"
    warm_kf = measure(kingfisher_cmd(full, str(kf_report)), env=e)
    check("kingfisher", warm_kf, (0, 200))
    warm_pg = measure(pushguard_cmd(full), env=e)
    check("pushguard", warm_pg, (0, 1))
    print(f"pushguard:  {pushguard_summary(warm_pg)}")
    print(f"kingfisher: {kingfisher_summary(kf_report)}")

    rows: list[list[object]] = []
    times: dict[str, list[float]] = {"pushguard": [], "kingfisher": [], "git log -p": []}
    cpu: dict[str, list[float]] = {tool: [] for tool in times}
    rss: dict[str, list[int]] = {"pushguard": [], "kingfisher": []}
    # memory from the timed runs only: the warm-up may compile (and cache) the Hyperscan
    # database, a one-time cost the small repository's runs would not show
    pg_runs: list[RunResult] = []
    for rnd in range(1, args.rounds + 1):
        order = ["pushguard", "kingfisher"] if rnd % 2 else ["kingfisher", "pushguard"]
        for tool in [*order, "git log -p"]:
            if tool == "pushguard":
                result = measure(pushguard_cmd(full), env=e)
                check(tool, result, (0, 1))
            elif tool == "kingfisher":
                result = measure(kingfisher_cmd(full), env=e)
                check(tool, result, (0, 200))
            else:
                result = measure(git_floor_cmd(full), env=e, capture=False)
                check(tool, result, (0,))
            times[tool].append(result.wall)
            if tool == "pushguard":
                pg_runs.append(result)
            if tool in rss:
                rss[tool].append(result.tree_rss_kb)
            cpu[tool].append(result.user + result.sys)
            rows.append(
                [
                    rnd,
                    tool,
                    secs(result.wall),
                    secs(result.user + result.sys),
                    result.returncode,
                    mib(result.maxrss_kb),
                    mib(result.tree_rss_kb),
                ]
            )
    print()
    print(
        table(
            ["round", "tool", "wall", "CPU (user+sys)", "exit", "peak RSS (1 proc)",
             "peak RSS (tree)"],
            rows,
        )
    )  # fmt: skip

    small_pg = measure(pushguard_cmd(small), env=e)
    check("pushguard (small)", small_pg, (0, 1))
    pg, kf = median(times["pushguard"]), median(times["kingfisher"])
    print()
    print(
        f"median wall: pushguard {secs(pg)}, kingfisher {secs(kf)}, "
        f"git log -p -U0 --all (floor) {secs(median(times['git log -p']))}"
    )
    print(ratio_line("pushguard/kingfisher wall ratio", pg / kf, TARGET_RATIO))
    cpu_ratio = median(cpu["pushguard"]) / median(cpu["kingfisher"])
    print(
        "median CPU (user+sys, incl. children): "
        + ", ".join(f"{tool} {secs(median(values))}" for tool, values in cpu.items())
        + f"; pushguard/kingfisher CPU ratio {cpu_ratio:.2f}"
    )
    small_runs = [small_pg, measure(pushguard_cmd(small), env=e)]
    sizes = {args.small: memory(small_runs), args.commits: memory(pg_runs)}
    print()
    print(
        table(
            ["commits", "pushguard (Python)", "its largest git child", "tree total",
             "largest process"],
            [[n, *(mib(kb) for kb in m)] for n, m in sizes.items()],
        )
    )
    small_mem, full_mem = sizes[args.small], sizes[args.commits]
    print(
        ratio_line(
            f"pushguard (Python process) peak RSS growth {args.small}->{args.commits} commits",
            full_mem[0] / max(small_mem[0], 1),
            RSS_GROWTH_TARGET,
        )
    )
    print(f"process-tree peak RSS growth: {full_mem[2] / max(small_mem[2], 1):.2f}")
    print(f"kingfisher peak RSS (tree): {mib(max(rss['kingfisher']))}")
    if args.profile:
        profile(full, args.top)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.CalledProcessError as exc:
        sys.exit(f"error: {exc}")
