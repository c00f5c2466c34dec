"""Initial push: the whole ~5.5k-commit history pushed through the hook into an empty bare repo.

Measures the hook's own decision time (not the pack transfer): the installed pre-receive hook
is wrapped by a small shell script that runs it under GNU time (wall and CPU time). Both
hook paths are measured (warm `pushguard hook-daemon` and the in-process fallback), on the
generated repository with its planted secrets (the push must be rejected) and on a history of
the same shape generated without them (`--no-secrets`: it must be accepted). The hook's time
budget is raised in the benchmark's config so the scan's full duration is seen (the default
budget is 4.5 s). Target: decision under 2 s.

    python bench/initial_push.py [--quick] [--rounds 3] [--commits 5500]
"""

from __future__ import annotations

import argparse
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
    fresh_dir,
    git,
    install_hook,
    median,
    pushguard_available,
    pushguard_env,
    ratio_line,
    secs,
    table,
    write_config,
)
from bench.make_repo import ensure_repo

TARGET_SECONDS = 2.0

WRAPPER = """\
#!/bin/sh
# bench/initial_push.py: times the real hook (pre-receive.timed) around one push.
/usr/bin/time -q -f "%e %U %S" -o "{log}" "$(dirname "$0")/pre-receive.timed"
rc=$?
echo "$rc" >> "{log}"
exit $rc
"""


def wrap_hook(server: Path, log: Path) -> None:
    hook = server / "hooks" / "pre-receive"
    hook.rename(server / "hooks" / "pre-receive.timed")
    hook.write_text(WRAPPER.format(log=log))
    hook.chmod(0o755)


def push_all(source: Path, server: Path, env: dict[str, str]) -> tuple[float, int, str]:
    """Push every branch and tag of ``source``: (wall seconds, exit code, stderr)."""
    cmd = [
        "git", "push", "--quiet", f"file://{server}",
        "refs/heads/*:refs/heads/*", "refs/tags/*:refs/tags/*",
    ]  # fmt: skip
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=source, env=env, capture_output=True, check=False)
    return time.perf_counter() - started, proc.returncode, proc.stderr.decode(errors="replace")


class PushResult(NamedTuple):
    decision: float  # seconds the hook ran
    cpu: float  # CPU seconds of the hook's processes (plus the daemon's, when one runs)
    push: float  # seconds the whole `git push` took
    rc: int  # the hook's exit status
    first: str  # the first "remote:" line git showed
    commits: int


def one_push(
    source: Path,
    work: Path,
    config: Path,
    socket: Path,
    env: dict[str, str],
    daemon: HookDaemon | None = None,
) -> PushResult:
    server = fresh_dir(work / "server.git")
    git("init", "--quiet", "--bare", str(server), env=env)
    install_hook(server, config, socket, env)
    log = work / "hook-times.log"
    log.unlink(missing_ok=True)
    wrap_hook(server, log)
    daemon_cpu = daemon.cpu_seconds() if daemon else 0.0
    wall, _, err = push_all(source, server, env)
    daemon_cpu = daemon.cpu_seconds() - daemon_cpu if daemon else 0.0
    elapsed, user, system, hook_rc = log.read_text().split()
    remote = [ln for ln in err.splitlines() if ln.startswith("remote:")]
    return PushResult(
        decision=float(elapsed),
        cpu=float(user) + float(system) + daemon_cpu,
        push=wall,
        rc=int(hook_rc),
        first=remote[0][:90] if remote else "",
        commits=int(git("rev-list", "--all", "--count", cwd=source, env=env)),
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small smoke run (1000 commits, 1 round)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--commits", type=int, default=5500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--budget", type=float, default=120.0, help="hook budget_seconds to use")
    args = ap.parse_args(argv)
    if args.quick:
        args.commits, args.rounds = 1000, 1

    banner("initial push of a whole history through the hook")
    if not (pushguard_available("install-hook") and pushguard_available("hook-daemon")):
        print("SKIPPED: `pushguard install-hook` / `pushguard hook-daemon` not available yet")
        return 0
    repos = {
        "with secrets": ensure_repo(args.commits, args.seed),
        "clean": ensure_repo(args.commits, args.seed, secrets=False),
    }
    work = fresh_dir(WORK_DIR / "initial-push")
    config = write_config(work / "pushguard.toml", budget_seconds=args.budget)
    socket = work / "scan.sock"
    env = pushguard_env(work / "pghome", config)
    print(f"hook budget_seconds = {args.budget:g} (so the full scan time is visible)")

    rows: list[list[object]] = []
    decisions: dict[str, list[float]] = {}
    for mode in ("warm daemon", "in-process"):
        for label, source in repos.items():
            for rnd in range(1, args.rounds + 1):
                if mode == "warm daemon":
                    with HookDaemon(socket, config, env, work / "daemon.log") as daemon:
                        r = one_push(source, work, config, socket, env, daemon)
                else:
                    r = one_push(source, work, config, socket, env)
                decisions.setdefault(f"{mode}, {label}", []).append(r.decision)
                verdict = "rejected" if r.rc else "accepted"
                rows.append([mode, label, rnd, r.commits, secs(r.decision), secs(r.cpu),
                             secs(r.push), verdict, r.first])  # fmt: skip
    print()
    print(table(["hook path", "repo", "round", "commits", "hook decision", "hook CPU", "whole push",
                 "verdict", "first remote: line"], rows))  # fmt: skip
    print()
    for key, values in decisions.items():
        print(ratio_line(f"initial push hook decision, {key} (s)", median(values), TARGET_SECONDS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
