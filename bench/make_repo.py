"""Generate a realistic, deterministic git repository for the benchmarks (no network needed).

Shape (defaults mimic flask: ~5.5k commits over ~14 years): real Python source text taken from
the running interpreter's standard library; each commit edits 1-4 files with realistic hunks
(runs of lines replaced, inserted or deleted, new lines drawn from other stdlib files), a few
new files, renames and deletions, feature branches merged back with merge commits (some left
unmerged), tags, and a handful of planted credentials (built at run time from parts, never
stored as literals) so that every scanner has something to find.

The stream is fed to ``git fast-import``, then repacked: a 5.5k-commit repository takes well
under a minute. Results are cached under ``bench/.work/repos/`` keyed by the parameters.

    python bench/make_repo.py [--commits 5500] [--seed 1] [--no-secrets] [--out PATH] [--force]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import sysconfig
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import WORK_DIR, git, git_env

GENERATOR_VERSION = 2  # bump when the output of a given (commits, seed) changes
START_DATE = 1_270_500_000  # 2010-04-05, a few days before flask's first commit
SPAN_SECONDS = 14 * 365 * 86400
PROJECT = "quill"
_SKIP_DIRS = {"test", "tests", "idle_test", "site-packages", "lib2to3", "__pycache__", "ensurepip"}
_FIRST = "Ada Alan Barbara Carl Dana Edsger Fran Grace Hedy Ivan Joan Ken Linus Margaret Niklaus"
_LAST = "Lovelace Turing Liskov Sagan Scott Dijkstra Allen Hopper Lamarr Sutherland Clarke"
_NOUNS = [
    "config loading",
    "request context",
    "session cookie",
    "blueprint registration",
    "error handler",
    "template loader",
    "url rule",
    "json provider",
    "cli command",
    "test client",
    "signal",
    "static files",
    "logging",
    "async view",
    "teardown",
    "app factory",
    "redirect",
    "streaming response",
    "type hints",
]
_VERBS = [
    "Fix",
    "Add",
    "Refactor",
    "Clean up",
    "Improve",
    "Document",
    "Simplify",
    "Deprecate",
    "Test",
    "Speed up",
]


def _corpus() -> list[tuple[str, list[bytes]]]:
    """Standard-library modules as (relative path, lines), in a stable order."""
    root = Path(sysconfig.get_paths()["stdlib"])
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS)
        for name in sorted(filenames):
            if not name.endswith(".py"):
                continue
            path = Path(dirpath) / name
            data = path.read_bytes()
            if b"\0" in data or len(data) < 400:
                continue
            out.append((path.relative_to(root).as_posix(), data.splitlines(keepends=True)))
    out.sort()
    return out


def mutate(
    lines: list[bytes], rng: random.Random, corpus: list[tuple[str, list[bytes]]], cap: int = 7_500
) -> list[bytes]:
    """One realistic edit: replace, insert or delete a run of lines (new text from ``corpus``)."""
    lines = list(lines)
    size = sum(map(len, lines))
    roll = rng.random()
    op = (
        "delete"
        if size > cap and roll < 0.7
        else ("replace" if roll < 0.5 else "insert" if roll < 0.75 else "delete")
    )
    if not lines:
        op = "insert"
    start = rng.randrange(len(lines) + 1)
    if op in ("replace", "delete"):
        start = min(start, max(len(lines) - 1, 0))
        count = min(int(rng.paretovariate(1.2)) + rng.randrange(4), 60, len(lines) - start)
        del lines[start : start + max(count, 1)]
    if op in ("replace", "insert"):
        _, donor = corpus[rng.randrange(len(corpus))]
        count = min(int(rng.paretovariate(1.2)) + rng.randrange(4), 60, len(donor))
        at = rng.randrange(len(donor) - count + 1)
        lines[start:start] = donor[at : at + count]
    if lines and not lines[-1].endswith(b"\n"):
        lines[-1] += b"\n"
    return lines


@dataclass
class Branch:
    name: str
    files: set[str]
    tree: dict[str, list[bytes]]
    tip: int  # mark
    remaining: int
    merge: bool
    number: int


@dataclass
class Stats:
    commits: int = 0
    merges: int = 0
    blob_bytes: int = 0
    blobs: int = 0
    branches_merged: int = 0
    branches_open: list[str] = field(default_factory=list)
    secrets: int = 0


class Generator:
    def __init__(self, commits: int, seed: int, secrets: bool) -> None:
        self.target = commits
        self.rng = random.Random(seed)
        self.corpus = _corpus()
        self.small = [c for c in self.corpus if 500 <= sum(map(len, c[1])) <= 7_000]
        self.tree: dict[str, list[bytes]] = {}
        self.weight: dict[str, float] = {}
        self.used_paths: set[str] = set()
        self.main_tip = 0
        self.ref_tips: dict[str, int] = {}
        self.mark = 0
        self.now = START_DATE
        self.mean_gap = SPAN_SECONDS / max(commits, 1)
        self.branch: Branch | None = None
        self.branch_count = 0
        self.stats = Stats()
        first, last = _FIRST.split(), _LAST.split()
        self.authors = [f"{f} {ln}" for f in first for ln in last][:45]
        self.rng.shuffle(self.authors)
        self.branch_secret: tuple[str, bytes] | None = None
        # drawn even without secrets, so a --no-secrets history is the same minus the plants
        secret_rng = random.Random(self.rng.random())
        self.plants = self._plan_secrets(secret_rng) if secrets else []
        self.out: list[bytes] = []

    # --- planted credentials ---------------------------------------------------------------
    def _plan_secrets(self, rng: random.Random) -> list[tuple[int, str, str, bytes | None]]:
        """(commit count threshold, message, path, content or None to delete), in order."""
        toks = _token_builders(rng)
        n = self.target
        plan: list[tuple[int, str, str, bytes | None]] = []

        def at(frac: float, msg: str, path: str, text: str | None) -> None:
            plan.append((max(2, int(frac * n)), msg, path, None if text is None else text.encode()))

        at(
            0.12,
            "Add local settings for staging",
            f"src/{PROJECT}/settings_local.py",
            f'AWS_ACCESS_KEY_ID = "{toks["aws_id"]}"\n'
            f'AWS_SECRET_ACCESS_KEY = "{toks["aws_secret"]}"\nREGION = "eu-west-1"\n',
        )
        at(0.13, "Remove local settings", f"src/{PROJECT}/settings_local.py", None)
        at(
            0.25,
            "Add deployment environment",
            "deploy/.env",
            f"GITHUB_TOKEN={toks['github']}\nSLACK_BOT_TOKEN={toks['slack']}\nDEBUG=0\n",
        )
        at(
            0.38,
            "Add TLS fixture for tests",
            "tests/fixtures/server_key.py",
            f'KEY = """\n{toks["pem"]}\n"""\n',
        )
        at(
            0.52,
            "Configure database",
            "config/database.yml",
            f"production:\n  url: {toks['pg_url']}\n  pool: 5\n",
        )
        at(
            0.66,
            "Wire billing client",
            f"src/{PROJECT}/billing.py",
            f'import stripe\n\nstripe.api_key = "{toks["stripe"]}"\n',
        )
        at(
            0.80,
            "Add release script",
            "scripts/publish.py",
            f'NPM_TOKEN = "{toks["npm"]}"\nHF_TOKEN = "{toks["hf"]}"\n',
        )
        at(
            0.93,
            "CI: push images",
            ".gitlab-ci.yml",
            f"variables:\n  REGISTRY_TOKEN: {toks['gitlab']}\n",
        )
        self.branch_secret = (
            "tests/fixtures/mail.py",
            f'SENDGRID_API_KEY = "{toks["sendgrid"]}"\n'.encode(),
        )
        return plan

    # --- fast-import stream ----------------------------------------------------------------
    def _data(self, payload: bytes) -> None:
        self.out.append(b"data %d\n" % len(payload))
        self.out.append(payload)
        self.out.append(b"\n")

    def _commit(
        self, ref: str, parents: list[int], changes: dict[str, list[bytes] | None], message: str
    ) -> int:
        self.mark += 1
        self.now += int(self.rng.expovariate(1 / self.mean_gap)) + 60
        author = self.authors[min(int(self.rng.paretovariate(0.9)) - 1, len(self.authors) - 1)]
        ident = f"{author} <{author.lower().replace(' ', '.')}@example.org>".encode()
        tz = self.rng.choice([b"+0000", b"+0100", b"+0200", b"-0500", b"-0700"])
        self.out.append(b"commit %s\nmark :%d\n" % (ref.encode(), self.mark))
        self.out.append(b"author %s %d %s\n" % (ident, self.now - 3600, tz))
        self.out.append(b"committer %s %d %s\n" % (ident, self.now, tz))
        self._data(message.encode() + b"\n")
        if parents and self.ref_tips.get(ref) != parents[0]:
            self.out.append(b"from :%d\n" % parents[0])
        for extra in parents[1:]:
            self.out.append(b"merge :%d\n" % extra)
        for path in sorted(changes):
            content = changes[path]
            if content is None:
                self.out.append(b"D %s\n" % path.encode())
            else:
                blob = b"".join(content)
                self.out.append(b"M 100644 inline %s\n" % path.encode())
                self._data(blob)
                self.stats.blob_bytes += len(blob)
                self.stats.blobs += 1
        self.out.append(b"\n")
        self.ref_tips[ref] = self.mark
        self.stats.commits += 1
        if len(parents) > 1:
            self.stats.merges += 1
        return self.mark

    # --- history model ---------------------------------------------------------------------
    def _new_path(self, rel: str) -> str:
        parts = rel[:-3].split("/")
        stem = parts[-1].lstrip("_") or "init"
        if len(parts) == 1 and self.rng.random() < 0.3:
            base = f"tests/test_{stem}"
        else:
            base = "/".join(["src", PROJECT, *parts[:-1], parts[-1]])
        path, n = base + ".py", 2
        while path in self.used_paths:
            path, n = f"{base}_{n}.py", n + 1
        self.used_paths.add(path)
        return path

    def _add_file(self, tree: dict[str, list[bytes]]) -> str:
        rel, lines = self.small[self.rng.randrange(len(self.small))]
        path = self._new_path(rel)
        tree[path] = list(lines)
        self.weight[path] = self.rng.paretovariate(1.1)
        return path

    def _pick(self, tree: dict[str, list[bytes]], exclude: set[str], k: int) -> list[str]:
        candidates = sorted(p for p in tree if p not in exclude)
        chosen: list[str] = []
        for _ in range(min(k, len(candidates))):
            weights = [self.weight.get(p, 1.0) for p in candidates]
            pick = self.rng.choices(candidates, weights)[0]
            candidates.remove(pick)
            chosen.append(pick)
        return chosen

    def _edit(
        self, tree: dict[str, list[bytes]], paths: list[str], changes: dict[str, list[bytes] | None]
    ) -> None:
        for path in paths:
            lines = tree[path]
            for _ in range(self.rng.choices([1, 2, 3], [60, 30, 10])[0]):
                lines = mutate(lines, self.rng, self.corpus)
            tree[path] = lines
            changes[path] = lines

    def _message(self, paths: list[str]) -> str:
        mod = Path(paths[0]).stem if paths else "docs"
        verb, noun = self.rng.choice(_VERBS), self.rng.choice(_NOUNS)
        subject = f"{verb} {noun} in {mod}"
        if self.rng.random() < 0.3:
            subject += f"\n\nFixes #{self.rng.randrange(100, 5000)}."
        return subject

    def _changelog(self, changes: dict[str, list[bytes] | None], subject: str) -> None:
        lines = self.tree.setdefault("CHANGES.rst", [b"Changes\n", b"=======\n", b"\n"])
        self.tree["CHANGES.rst"] = [*lines[:3], f"-   {subject}.\n".encode(), *lines[3:]]
        changes["CHANGES.rst"] = self.tree["CHANGES.rst"]

    def _main_commit(self) -> None:
        locked = self.branch.files if self.branch else set()
        changes: dict[str, list[bytes] | None] = {}
        if self.plants and self.stats.commits >= self.plants[0][0]:
            _, message, path, content = self.plants.pop(0)
            if content is None:
                self.tree.pop(path, None)
                changes[path] = None
            else:
                lines = content.splitlines(keepends=True)
                if path in self.tree:  # keep the host file's text around the secret
                    lines = self.tree[path] + lines
                self.tree[path] = lines
                changes[path] = lines
                self.stats.secrets += 1
            self._commit(
                "refs/heads/main", [self.main_tip] if self.main_tip else [], changes, message
            )
            self.main_tip = self.mark
            return
        roll = self.rng.random()
        if roll < 0.03 or len(self.tree) < 30:
            path = self._add_file(self.tree)
            changes[path] = self.tree[path]
        elif roll < 0.037:
            old = self._pick(self.tree, locked | {"CHANGES.rst"}, 1)
            if old:
                new = self._new_path(Path(old[0]).name)
                self.tree[new] = mutate(self.tree.pop(old[0]), self.rng, self.corpus)
                self.weight[new] = self.weight.pop(old[0], 1.0)
                changes[old[0]], changes[new] = None, self.tree[new]
        elif roll < 0.042 and len(self.tree) > 60:
            for path in self._pick(self.tree, locked | {"CHANGES.rst"}, 1):
                del self.tree[path]
                changes[path] = None
        k = self.rng.choices([1, 2, 3, 4], [50, 28, 15, 7])[0]
        paths = self._pick(self.tree, locked | set(changes) | {"CHANGES.rst"}, k)
        self._edit(self.tree, paths, changes)
        message = self._message(paths)
        if self.rng.random() < 0.08:
            self._changelog(changes, message.splitlines()[0])
        self._commit("refs/heads/main", [self.main_tip] if self.main_tip else [], changes, message)
        self.main_tip = self.mark

    def _start_branch(self) -> None:
        self.branch_count += 1
        files = set(self._pick(self.tree, {"CHANGES.rst"}, self.rng.randint(1, 5)))
        name = f"feature/{self.rng.choice(_NOUNS).replace(' ', '-')}-{self.branch_count}"
        self.branch = Branch(
            name=name,
            files=files,
            tree={p: self.tree[p] for p in files},
            tip=self.main_tip,
            remaining=self.rng.randint(1, 15),
            merge=self.branch_count % 15 != 0,
            number=self.rng.randrange(100, 5000),
        )

    def _branch_commit(self, br: Branch) -> None:
        changes: dict[str, list[bytes] | None] = {}
        if self.branch_secret is not None and self.stats.commits > 0.6 * self.target:
            path, content = self.branch_secret
            br.tree[path] = content.splitlines(keepends=True)
            br.files.add(path)
            changes[path] = br.tree[path]
            self.used_paths.add(path)
            self.branch_secret = None
            self.stats.secrets += 1
            message = "Add mail fixture"
        else:
            paths = self._pick(br.tree, set(), self.rng.choices([1, 2, 3], [60, 30, 10])[0])
            self._edit(br.tree, paths, changes)
            message = self._message(paths)
        br.tip = self._commit(f"refs/heads/{br.name}", [br.tip], changes, message)
        br.remaining -= 1

    def _finish_branch(self, br: Branch) -> None:
        if br.merge:
            changes: dict[str, list[bytes] | None] = {}
            for path, lines in br.tree.items():
                if self.tree.get(path) is not lines:
                    self.tree[path] = lines
                    changes[path] = lines
                    self.weight.setdefault(path, 1.0)
            message = (
                f"Merge pull request #{br.number} from {br.name}\n\n"
                f"{self.rng.choice(_VERBS)} {self.rng.choice(_NOUNS)}"
            )
            self._commit("refs/heads/main", [self.main_tip, br.tip], changes, message)
            self.main_tip = self.mark
            self.stats.branches_merged += 1
            self.dead_refs.append(f"refs/heads/{br.name}")
        else:
            self.stats.branches_open.append(br.name)
        self.branch = None

    def generate(self) -> bytes:
        self.dead_refs: list[str] = []
        index = 0
        while self.stats.commits < self.target:
            br = self.branch
            if br is not None and br.remaining == 0:
                self._finish_branch(br)
                continue
            if br is not None and self.rng.random() < 0.45:
                self._branch_commit(br)
                continue
            if br is None and self.stats.commits > 30 and self.rng.random() < 0.06:
                self._start_branch()
            self._main_commit()
            index += 1
            if index % 300 == 0:
                self.out.append(
                    b"reset refs/tags/v0.%d\nfrom :%d\n\n" % (index // 300, self.main_tip)
                )
        if self.branch is not None:
            self.stats.branches_open.append(self.branch.name)
        self.out.append(b"done\n")
        return b"".join(self.out)


def _token_builders(rng: random.Random) -> dict[str, str]:
    """Fake credentials of common formats, assembled at run time."""
    try:
        from tests.helpers import tokens as t
    except ImportError:  # helper absent: a GitHub-style token is enough to find something
        body = "".join(
            rng.choice("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
            for _ in range(36)
        )
        github = "gh" + "p_" + body
        return dict.fromkeys(
            (
                "aws_id",
                "aws_secret",
                "github",
                "slack",
                "pem",
                "pg_url",
                "stripe",
                "npm",
                "hf",
                "gitlab",
                "sendgrid",
            ),
            github,
        )
    return {
        "aws_id": t.aws_access_key_id(rng),
        "aws_secret": t.aws_secret_key(rng),
        "github": t.github_token(rng=rng),
        "slack": t.slack_token("xoxb", rng),
        "pem": t.private_key_block("RSA", rng, lines=12),
        "pg_url": t.connection_url(port=5432, rng=rng),
        "stripe": t.stripe_key(rng=rng),
        "npm": t.npm_token(rng=rng),
        "hf": t.huggingface_token(rng),
        "gitlab": t.gitlab_pat(rng),
        "sendgrid": t.sendgrid_key(rng),
    }


def repo_path(commits: int, seed: int, secrets: bool = True) -> Path:
    py = f"py{sys.version_info.major}{sys.version_info.minor}"
    tag = "" if secrets else "-clean"
    return WORK_DIR / "repos" / f"c{commits}-s{seed}-{py}-g{GENERATOR_VERSION}{tag}.git"


def build(out: Path, commits: int, seed: int, secrets: bool = True) -> Stats:
    """Generate the repository at ``out`` (a bare repo); replaces what is there."""
    tmp = out.with_name(out.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    env = git_env()
    git("init", "-q", "--bare", "-b", "main", str(tmp), env=env)
    gen = Generator(commits, seed, secrets)
    stream = gen.generate()
    proc = subprocess.run(
        ["git", "fast-import", "--quiet", "--done", "--date-format=raw"],
        cwd=tmp,
        env=env,
        input=stream,
        capture_output=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.decode(errors="replace"))
    if gen.dead_refs:
        git(
            "update-ref",
            "--stdin",
            cwd=tmp,
            env=env,
            input="".join(f"delete {r}\n" for r in gen.dead_refs).encode(),
        )
    # A clone from a hosting service arrives as one well-deltified pack.
    git("repack", "-a", "-d", "-q", "--window=10", cwd=tmp, env=env)
    git("pack-refs", "--all", cwd=tmp, env=env)
    if out.exists():
        shutil.rmtree(out)
    tmp.rename(out)
    return gen.stats


def ensure_repo(
    commits: int = 5500,
    seed: int = 1,
    secrets: bool = True,
    force: bool = False,
    quiet: bool = False,
) -> Path:
    """The cached repository for these parameters, generated on first use."""
    out = repo_path(commits, seed, secrets)
    if force or not (out / "packed-refs").exists():
        started = time.perf_counter()
        if not quiet:
            print(f"generating {out.name} ({commits} commits, seed {seed}) ...", flush=True)
        stats = build(out, commits, seed, secrets)
        if not quiet:
            print(describe(stats, time.perf_counter() - started), flush=True)
    return out


def describe(stats: Stats, seconds: float) -> str:
    return (
        f"generated in {seconds:.1f} s: {stats.commits} commits ({stats.merges} merges, "
        f"{stats.branches_merged} branches merged, {len(stats.branches_open)} open), "
        f"{stats.blobs} blobs / {stats.blob_bytes / 1e6:.1f} MB of blob content, "
        f"{stats.secrets} planted secrets"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--commits", type=int, default=5500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-secrets", action="store_true", help="plant no credentials")
    ap.add_argument("--out", type=Path, help="output path (default: cache under bench/.work)")
    ap.add_argument("--force", action="store_true", help="regenerate even if cached")
    args = ap.parse_args(argv)
    if args.out:
        started = time.perf_counter()
        stats = build(args.out.resolve(), args.commits, args.seed, not args.no_secrets)
        print(describe(stats, time.perf_counter() - started))
        print(args.out.resolve())
    else:
        print(ensure_repo(args.commits, args.seed, not args.no_secrets, args.force))
    return 0


if __name__ == "__main__":
    sys.exit(main())
