"""Shared helpers for the benchmarks: paths, a clean git environment, timing, medians, RSS.

Benchmarks are plain scripts (`python bench/<name>.py`), not tests: they print tables and
ratio lines for people (and the lead's release notes) to read.
"""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
WORK_DIR = BENCH_DIR / ".work"
VENV_BIN = Path(sys.executable).parent
PUSHGUARD = str(VENV_BIN / "pushguard")
KINGFISHER = str(VENV_BIN / "kingfisher")
GNU_TIME = "/usr/bin/time"

# So `python bench/x.py` can import `bench.*` and `tests.helpers.*` from the checkout.
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

IDENTITY = {
    "GIT_AUTHOR_NAME": "Bench Author",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench Committer",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
}
GLOBAL_CONFIG = """\
[init]
\tdefaultBranch = main
[protocol "file"]
\tallow = always
[gc]
\tauto = 0
[advice]
\tdetachedHead = false
[core]
\tautocrlf = false
"""


def git_env(home: Path | None = None, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The caller's environment minus GIT_*, with an isolated HOME and global config."""
    home = home or WORK_DIR / "home"
    home.mkdir(parents=True, exist_ok=True)
    config = home / ".gitconfig"
    if not config.exists() or config.read_text() != GLOBAL_CONFIG:
        config.write_text(GLOBAL_CONFIG)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(IDENTITY)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=str(config),
        GIT_TERMINAL_PROMPT="0",
        LC_ALL="C",
        TZ="UTC",
    )
    if extra:
        env.update(extra)
    return env


def git(
    *args: str, cwd: Path | None = None, env: Mapping[str, str] | None = None, input: bytes = b""
) -> str:
    """Run git, return stdout as text; raise with stderr on failure."""
    proc = subprocess.run(
        ["git", *args],
        cwd=cwd,
        env=dict(env) if env is not None else git_env(),
        input=input,
        capture_output=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {proc.stderr.decode(errors='replace')}")
    return proc.stdout.decode(errors="replace")


@dataclass(frozen=True)
class RunResult:
    """One measured child process."""

    wall: float  # seconds
    returncode: int
    maxrss_kb: int  # peak RSS of the largest single process in the tree (GNU time's %M)
    tree_rss_kb: int  # peak of the summed RSS of the whole process tree (sampled)
    # peak sampled RSS of the largest single process per program name ("pushguard", "git");
    # per process, not summed: a child between fork and exec briefly carries the parent's name
    rss_by_name: dict[str, int]
    user: float
    sys: float
    stdout: bytes
    stderr: bytes


def _tree_rss_kb(root: int) -> dict[str, list[int]]:
    """VmRSS of ``root`` and each of its descendants from /proc, by program name."""
    totals: dict[str, list[int]] = {}
    stack, seen = [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            with open(f"/proc/{pid}/comm", "rb") as fh:
                name = fh.read().strip().decode(errors="replace")
            with open(f"/proc/{pid}/status", "rb") as fh:
                for line in fh:
                    if line.startswith(b"VmRSS:"):
                        totals.setdefault(name, []).append(int(line.split()[1]))
                        break
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children", "rb") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError):
            continue
    return totals


def measure(
    cmd: Sequence[str],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    stdin: bytes | None = None,
    capture: bool = True,
    sample_interval: float = 0.05,
) -> RunResult:
    """Run ``cmd`` to completion; wall time, exit code, peak RSS (largest process and tree).

    Linux's wait4/RUSAGE_CHILDREN ``ru_maxrss`` of a child forked from this (large) Python
    process starts at the parent's RSS, so the child runs under GNU time (a small C process)
    when it is installed, and its ``%M`` is read back from a file.
    """
    out_target = subprocess.PIPE if capture else subprocess.DEVNULL
    rss_file = None
    argv = list(cmd)
    if Path(GNU_TIME).exists():
        WORK_DIR.mkdir(parents=True, exist_ok=True)
        rss_file = WORK_DIR / f"rss.{os.getpid()}.{threading.get_ident()}"
        argv = [GNU_TIME, "-q", "-f", "%M", "-o", str(rss_file), *argv]
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        cwd=cwd,
        env=dict(env) if env is not None else None,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=out_target,
        stderr=out_target,
    )
    peak = [0]
    by_name: dict[str, int] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.wait(sample_interval):
            current = _tree_rss_kb(proc.pid)
            current.pop("time", None)  # the GNU time wrapper itself
            peak[0] = max(peak[0], sum(sum(sizes) for sizes in current.values()))
            for name, sizes in current.items():
                by_name[name] = max(by_name.get(name, 0), *sizes)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    chunks: dict[str, bytes] = {"out": b"", "err": b""}
    readers = []
    for name, stream in (("out", proc.stdout), ("err", proc.stderr)):
        if stream is None:
            continue

        def read(name: str = name, stream: object = stream) -> None:
            chunks[name] = stream.read()  # type: ignore[attr-defined]

        t = threading.Thread(target=read, daemon=True)
        t.start()
        readers.append(t)
    if stdin is not None and proc.stdin is not None:
        with contextlib.suppress(BrokenPipeError):
            proc.stdin.write(stdin)
        proc.stdin.close()
    for t in readers:
        t.join()
    # wait4 gives this child's own rusage (Popen.wait would discard it).
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    maxrss = usage.ru_maxrss
    if rss_file is not None:
        try:
            maxrss = int(rss_file.read_text().split()[-1])
            rss_file.unlink()
        except (OSError, ValueError, IndexError):
            pass
    return RunResult(
        wall=wall,
        returncode=proc.returncode,
        maxrss_kb=maxrss,
        tree_rss_kb=peak[0],
        rss_by_name=by_name,
        user=usage.ru_utime,
        sys=usage.ru_stime,
        stdout=chunks["out"],
        stderr=chunks["err"],
    )


def children_cpu() -> float:
    """User+system CPU seconds of all waited-for children so far (take differences)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def secs(seconds: float) -> str:
    return f"{seconds:.2f} s"


def mib(kb: int) -> str:
    return f"{kb / 1024:.1f} MiB"


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A plain aligned text table."""
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def machine_note() -> str:
    """CPU count and load averages: the machine is shared, so say how busy it was."""
    one, five, fifteen = os.getloadavg()
    return f"machine: {os.cpu_count()} CPUs, load average {one:.2f} {five:.2f} {fifteen:.2f}"


PACKAGES = ("pushguard", "hooks", "webhook", "workers")  # the folders; the last three are
# pushguard.hooks, .webhook and .workers (symlinked into pushguard/)


def compile_bytecode() -> None:
    """Compile the checkout's modules as `pip install` does for an installed package.

    An editable install run with PYTHONDONTWRITEBYTECODE (set on some machines) compiles every
    module from source at each start, ~25 ms that no real installation pays.
    """
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", *(str(REPO_ROOT / p) for p in PACKAGES)],
        check=True,
    )


def banner(title: str) -> None:
    """Print the scene (machine, versions) and compile the project's bytecode."""
    compile_bytecode()
    print(f"== {title} ==")
    print(machine_note())
    print(f"python: {sys.version.split()[0]}  git: {git('--version').strip()}")


def pushguard_available(subcommand: str) -> bool:
    """True when ``pushguard <subcommand> --help`` works (others may still be writing it)."""
    if not Path(PUSHGUARD).exists():
        return False
    proc = subprocess.run(
        [PUSHGUARD, subcommand, "--help"], capture_output=True, check=False, timeout=60
    )
    return proc.returncode == 0


def fresh_dir(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def ratio_line(label: str, value: float, target: float, op: str = "<=") -> str:
    ok = value <= target if op == "<=" else value >= target
    return f"{label}: {value:.2f} (target {op} {target:g}) {'OK' if ok else 'MISSED'}"


# --- pushguard hook plumbing shared by hook_overhead.py and initial_push.py ----------------


def pushguard_env(home: Path, config: Path) -> dict[str, str]:
    """git environment plus pushguard's data dir and config, inherited by hooks."""
    home.mkdir(parents=True, exist_ok=True)
    return git_env(extra={"PUSHGUARD_HOME": str(home), "PUSHGUARD_CONFIG": str(config)})


def write_config(path: Path, budget_seconds: float | None = None) -> Path:
    """A pushguard config; ``budget_seconds`` overrides the hook's time budget."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "# written by bench/common.py\n"
    if budget_seconds is not None:
        text += f"[hook]\nbudget_seconds = {budget_seconds}\n"
    path.write_text(text)
    return path


def install_hook(repo: Path, config: Path, socket: Path, env: Mapping[str, str]) -> None:
    proc = subprocess.run(
        [PUSHGUARD, "install-hook", str(repo), "--config", str(config), "--socket", str(socket)],
        env=dict(env),
        capture_output=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"install-hook failed: {proc.stderr.decode(errors='replace')}")


class HookDaemon:
    """`pushguard hook-daemon` on ``socket`` for the duration of a ``with`` block."""

    def __init__(self, socket: Path, config: Path, env: Mapping[str, str], log: Path) -> None:
        self.socket, self.config, self.env, self.log = socket, config, dict(env), log
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> HookDaemon:
        if self.socket.exists():
            self.socket.unlink()
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [PUSHGUARD, "hook-daemon", "--socket", str(self.socket),
                 "--config", str(self.config)],
                env=self.env, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while not self.socket.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"hook-daemon did not start: {self.log.read_text()[-2000:]}")
            time.sleep(0.05)
        return self

    def cpu_seconds(self) -> float:
        """CPU time the daemon (and its reaped children, e.g. git) used so far."""
        if self.proc is None:
            return 0.0
        try:
            with open(f"/proc/{self.proc.pid}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            return 0.0
        # utime, stime, cutime, cstime: fields 14-17 of proc(5), 12-15 after "pid (comm) "
        return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM: the daemon removes its socket
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.socket.exists():
            self.socket.unlink()


def free_port() -> int:
    """A loopback TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_listener(port: int, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    """Return once something accepts connections on the loopback ``port``; SystemExit if
    ``proc`` (the server being started) exits first or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit("the server did not start") from None
            time.sleep(0.2)


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 - loopback
            return bool(response.status == 200)
    except OSError:
        return False


@contextlib.contextmanager
def pushguard_serve(env: Mapping[str, str], port: int, timeout: float = 120.0) -> Iterator[str]:
    """`pushguard serve` on a loopback port until /readyz answers; yields its base URL and
    stops it (SIGTERM, then SIGKILL of its process group) on exit."""
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "pushguard", "serve", "--bind", f"127.0.0.1:{port}"],
        env=dict(env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + timeout
        while not _ready(f"{base}/readyz"):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("pushguard serve did not start")
            time.sleep(0.2)
        yield base
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
