"""Real histories: `pushguard scan` vs Kingfisher on public repositories with all their refs.

The repositories are snapshots (bare git directories with every ref the server held, pull
and review refs included) that the project's `search` tool's `fetch` brings under
/work/.mirror/<owner>+<name>/repo: pallets/flask, trufflesecurity/trufflehog and
Yelp/detect-secrets by default, or any bare repositories given as arguments. Nothing fetched
is committed; the benchmark only reads them. flask and TruffleHog lack blobs (as their
mirrors came), and the benchmark adds a partial clone of detect-secrets
(`--filter=blob:limit=20k`, its promisor remote then made unreachable), so that reporting
missing objects, and never fetching them, is exercised.

Per repository, both tools run alternately (order flipped each round) after one untimed
warm-up each; every run's wall time, CPU time (user+sys, children included) and peak RSS of
the process tree are printed, then the medians and the wall ratio (target: pushguard <= 0.5x
Kingfisher), and the floor of any scan that reads blobs through git: `git cat-file --batch`
of every blob the scan reads, output discarded, and the listing of which commit brings which
blob, with the CPU time the target leaves for the rest. Then `pushguard scan --range C^..C`
of the newest commit (target <= 150 ms).

    python bench/real_repos.py [--rounds 3] [--jobs N] [REPO ...]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
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
from bench.history import check, env, kingfisher_cmd, kingfisher_summary
from pushguard.git.listing import BATCH_COMMITS, LIST_COMMAND, walk_command

MIRRORS = Path("/work/.mirror")
DEFAULT = ("pallets+flask", "trufflesecurity+trufflehog", "Yelp+detect-secrets")
PARTIAL_OF = "Yelp+detect-secrets"
TARGET_RATIO = 0.5
RANGE_TARGET = 0.150


def pushguard_cmd(repo: Path, jobs: int | None) -> list[str]:
    cmd = [PUSHGUARD, "scan", str(repo), "--format", "json"]
    return cmd + (["--jobs", str(jobs)] if jobs else [])


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", str(repo), *args],
        capture_output=True, text=True, check=True, env=git_env(),
    ).stdout  # fmt: skip


def missing_objects(repo: Path) -> int:
    out = git(repo, "rev-list", "--objects", "--all", "--missing=print")
    return sum(line.startswith("?") for line in out.splitlines())


def partial_clone(source: Path) -> Path:
    """A blob-filtered clone of ``source`` whose promisor remote no longer exists (a lazy
    fetch would fail loudly; the missing-object count shows none happened)."""
    target = WORK_DIR / "repos" / f"partial-{source.parent.name}.git"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["git", "clone", "--quiet", "--bare", "--filter=blob:limit=20k", "--no-local",
             "--upload-pack", "git -c uploadpack.allowFilter=true upload-pack",
             f"file://{source}", str(target)],
            check=True, env=git_env(),
        )  # fmt: skip
        git(target, "remote", "set-url", "origin", f"file://{WORK_DIR}/no-such-promisor.git")
    return target


MAX_BLOB_BYTES = 1024 * 1024  # [scan] max_blob_bytes's default: larger blobs are skipped


def read_floor(repo: Path, target: float) -> str:
    """What git alone takes to list and read every blob a scan reads (those up to the size
    limit): no scanner reading blobs through git can take less, whatever it does with them.
    And the CPU time left for the scanning itself if the scan is to end within ``target``
    seconds of wall time on this machine's cores, all of them busy."""
    listing = git(repo, "cat-file", "--batch-all-objects",
                  "--batch-check=%(objecttype) %(objectname) %(objectsize)")  # fmt: skip
    objects = [line.split() for line in listing.splitlines()]
    blobs = {oid: int(size) for kind, oid, size in objects
             if kind == "blob" and int(size) <= MAX_BLOB_BYTES}  # fmt: skip
    read = measure(["git", "--git-dir", str(repo), "cat-file", "--batch"],
                   stdin="".join(f"{oid}\n" for oid in blobs).encode(), capture=False,
                   env=git_env())  # fmt: skip
    # the listing of which blob each commit brings, as `pushguard scan` of all refs runs it:
    # the revision walk, then a `git log` per batch of commits
    walked = measure(["git", "--git-dir", str(repo), *walk_command(["--all"])], stdin=b"",
                     env=git_env())  # fmt: skip
    commits = walked.stdout.splitlines(keepends=True)
    listed, env = ["git", "--git-dir", str(repo), *LIST_COMMAND], git_env()
    batches = [
        measure(listed, stdin=b"".join(commits[at : at + BATCH_COMMITS]), capture=False, env=env)
        for at in range(0, len(commits), BATCH_COMMITS)
    ]
    listing_cpu = sum(run.user + run.sys for run in (walked, *batches))
    git_cpu = read.user + read.sys + listing_cpu
    left = (os.cpu_count() or 1) * target - git_cpu
    return (
        f"floor: git cat-file --batch of its {len(blobs)} blobs up to 1 MiB "
        f"({sum(blobs.values()) / 1e6:.0f} MB): {secs(read.wall)} wall, "
        f"{secs(read.user + read.sys)} CPU; git rev-list and git log --raw listing them: "
        f"{secs(listing_cpu)} CPU; the target is {secs(target)} wall, which on "
        f"{os.cpu_count()} busy cores leaves {secs(left)} CPU for all the rest of the scan"
    )


def find_repos(names: list[str]) -> list[Path]:
    if names:
        return [Path(n).resolve() for n in names]
    found = [MIRRORS / name / "repo" for name in DEFAULT if (MIRRORS / name / "repo").exists()]
    if not found:
        raise SystemExit(f"no repositories given and none of {DEFAULT} under {MIRRORS}")
    if (MIRRORS / PARTIAL_OF / "repo").exists():
        found.append(partial_clone(MIRRORS / PARTIAL_OF / "repo"))
    return found


def pushguard_report(result: RunResult) -> str:
    try:
        report = json.loads(result.stdout)
    except ValueError:
        return "(no JSON report)"
    stats = report["stats"]
    blocking = sum(1 for f in report["findings"] if f["blocking"])
    return (
        f"{len(report['findings'])} findings ({blocking} blocking), {stats['commits']} commits, "
        f"{stats['files']} files, {stats['lines']} lines scanned, "
        f"{len(stats.get('missing', []))} missing object(s) "
        f"reported, partial={stats.get('partial')}, shallow={stats.get('shallow')}"
    )


def bench_repo(repo: Path, rounds: int, jobs: int | None) -> tuple[float, float]:
    e = env()
    refs = len(git(repo, "for-each-ref").splitlines())
    commits = int(git(repo, "rev-list", "--all", "--count"))
    before = missing_objects(repo)
    print(f"\n-- {repo} ({commits} commits, {refs} refs, {before} missing objects)")
    kf_report = WORK_DIR / "kingfisher-real.json"
    warm_kf = measure(kingfisher_cmd(repo, str(kf_report)), env=e)
    print(f"kingfisher warm-up: exit {warm_kf.returncode}, {kingfisher_summary(kf_report)}")
    warm_pg = measure(pushguard_cmd(repo, jobs), env=e)
    check("pushguard", warm_pg, (0, 1))
    print(f"pushguard warm-up: exit {warm_pg.returncode}, {pushguard_report(warm_pg)}")

    rows: list[list[object]] = []
    walls: dict[str, list[float]] = {"pushguard": [], "kingfisher": []}
    cpus: dict[str, list[float]] = {"pushguard": [], "kingfisher": []}
    rss: dict[str, list[int]] = {"pushguard": [], "kingfisher": []}
    for rnd in range(1, rounds + 1):
        order = ["pushguard", "kingfisher"] if rnd % 2 else ["kingfisher", "pushguard"]
        for tool in order:
            if tool == "pushguard":
                result = measure(pushguard_cmd(repo, jobs), env=e)
                check(tool, result, (0, 1))
            else:
                result = measure(kingfisher_cmd(repo), env=e)
            walls[tool].append(result.wall)
            cpus[tool].append(result.user + result.sys)
            rss[tool].append(result.tree_rss_kb)
            cpu = secs(result.user + result.sys)
            rows.append([rnd, tool, secs(result.wall), cpu, result.returncode,
                         mib(result.tree_rss_kb), mib(result.maxrss_kb)])  # fmt: skip
    print(table(["round", "tool", "wall", "CPU (user+sys)", "exit", "peak RSS (tree)",
                 "peak RSS (1 proc)"], rows))  # fmt: skip
    pg, kf = median(walls["pushguard"]), median(walls["kingfisher"])
    print(
        f"median wall: pushguard {secs(pg)}, kingfisher {secs(kf)}; median CPU: pushguard "
        f"{secs(median(cpus['pushguard']))}, kingfisher {secs(median(cpus['kingfisher']))}; "
        f"peak RSS (tree): pushguard {mib(max(rss['pushguard']))}, "
        f"kingfisher {mib(max(rss['kingfisher']))}"
    )
    print(ratio_line(f"{repo.parent.name if repo.name == 'repo' else repo.name} "
                     "pushguard/kingfisher wall ratio", pg / kf, TARGET_RATIO))  # fmt: skip
    print(read_floor(repo, kf * TARGET_RATIO))
    after = missing_objects(repo)
    print(f"missing objects before/after the scans: {before}/{after}"
          + ("" if before == after else "  FETCHED SOMETHING"))  # fmt: skip

    tip = git(repo, "rev-parse", "HEAD").strip()
    parents = git(repo, "rev-list", "--parents", "-n", "1", tip).split()
    spec = f"{tip}^..{tip}" if len(parents) > 1 else tip
    ranges = [measure([PUSHGUARD, "scan", str(repo), "--range", spec], env=e) for _ in range(5)]
    for result in ranges:
        check("pushguard --range", result, (0, 1))
    one = median(r.wall for r in ranges)
    print(
        f"--range of one commit: {', '.join(secs(r.wall) for r in ranges)}; "
        + ratio_line("median seconds", one, RANGE_TARGET)
    )
    return pg, kf


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("repos", nargs="*", help="bare repositories (default: the mirrors)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=None, help="pushguard scan --jobs")
    args = ap.parse_args(argv)
    banner("real histories, all refs: pushguard vs kingfisher")
    for repo in find_repos(args.repos):
        bench_repo(repo, args.rounds, args.jobs)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.CalledProcessError as exc:
        sys.exit(f"error: {exc} {exc.stderr or ''}")
