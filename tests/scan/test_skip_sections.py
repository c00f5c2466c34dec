"""Skipping the diff sections no prefilter hits changes nothing a user sees.

``added_blocks(interesting=...)`` parses only the file sections with a prefilter hit on an
added line (or a binary file); the findings must be identical to parsing everything, with
one git process or a history split over two, whatever the history looks like.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from pushguard.config import ScanConfig
from pushguard.git import DiffStats, Git, added_blocks, split
from pushguard.git import diff as diff_mod
from pushguard.git import patch as patch_mod
from pushguard.scan.engine import Engine
from pushguard.scan.filters import false_positive_reason
from pushguard.scan.plugins import all_detectors
from pushguard.scan.prefilter import HyperscanPrefilter, RegexPrefilter, make_prefilter
from pushguard.scan.types import AddedBlock, Skipped
from tests.helpers import tokens
from tests.helpers.catalogue import share_cache
from tests.helpers.gitrepo import GitRepo

KEY = b"s" * 32
BENCH_REPO = Path(__file__).parents[2] / "bench/.work/repos/c1000-s1-py311-g2.git"
FILLER = ["def f(x):", "    return x * 2", "", "# a comment", "value = compute(a, b)",
          "+x", "-y", "@@ -1 +1 @@", "diff --git a/f b/f", " lead", "\\ No newline",
          "Binary files a/x and b/x differ", "ñandú = 1"]  # fmt: skip
PATHS = ["app.py", "dir/g h.py", 'tab\tq"uote.txt', "ünï/cödé.py", "-x", "deep/a/b/c.cfg"]
MAKERS: list[Callable[[random.Random], str]] = [
    lambda r: f'HF = "{tokens.huggingface_token(r)}"',
    lambda r: f"token = '{tokens.github_token('ghp', rng=r)}'",
    lambda r: f"url = {tokens.slack_webhook_url(r)}",
    lambda r: f"KEY = '{tokens.aws_access_key_id(r)}'",
    lambda r: f"stripe = {tokens.stripe_key(rng=r)}",
    lambda r: f"db = {tokens.connection_url()}",
    lambda r: f'password = "{tokens.password(20, r)}"',
    lambda r: tokens.private_key_block("EC", r),
]


def token_line(rng: random.Random) -> str:
    return rng.choice(MAKERS)(rng)


def edit(rng: random.Random, text: str) -> str:
    """Insert/replace/delete a few lines, tokens often at the very first or last line."""
    lines = text.split("\n") if text else []
    for _ in range(rng.randint(1, 4)):
        where = rng.choice([0, len(lines), rng.randint(0, len(lines))])
        roll = rng.random()
        if roll < 0.45:
            lines.insert(where, token_line(rng))
        elif roll < 0.75:
            lines.insert(where, rng.choice(FILLER))
        elif lines:
            lines.pop(min(where, len(lines) - 1))
    crlf = "\r\n" in text or rng.random() < 0.1
    lines = [line.rstrip("\r") for line in lines]
    return ("\r\n" if crlf else "\n").join(lines) + rng.choice(["", "\n"])


def build_history(repo: GitRepo, seed: int) -> None:
    rng = random.Random(seed)
    files: dict[str, str | bytes] = {p: "\n".join(rng.choices(FILLER, k=30)) + "\n"
                                     for p in PATHS[:3]}  # fmt: skip
    repo.commit(dict(files))

    def text(path: str) -> str:
        old = files.get(path, "")
        return old if isinstance(old, str) else ""

    for step in range(40):
        change: dict[str, str | bytes | None] = {}
        roll = rng.random()
        if roll < 0.08 and files:  # rename, sometimes with an edit
            old = rng.choice(sorted(files))
            new = f"moved/{step}-{old.replace('/', '_')}"
            change[old] = None
            change[new] = files[old] if rng.random() < 0.5 else edit(rng, text(old))
        elif roll < 0.16:  # binary file, or a binary file turning into text with a token
            path = f"blob{step % 3}.bin"
            if path in files and rng.random() < 0.5:
                change[path] = token_line(rng) + "\n"
            elif rng.random() < 0.5:  # a token in a binary: its printable runs are scanned
                change[path] = b"\0\1\2" + token_line(rng).encode() + b"\0"
            else:
                change[path] = b"\0\1\2" * 20  # no text at all: skipped as binary
        elif roll < 0.26:  # a branch, then a merge with an evil line
            base = repo.rev_parse("main")
            repo.branch(f"side{step}", "main")
            path, other = rng.sample(PATHS, 2)
            files[path] = edit(rng, text(path))
            repo.commit({path: files[path]}, branch=f"side{step}")
            files[other] = edit(rng, text(other))
            repo.commit({other: files[other]}, parents=[base])
            evil: dict[str, str | bytes | None] = {}
            if rng.random() < 0.7:
                target = rng.choice(PATHS)
                files[target] = f"{token_line(rng)}\n{text(target)}"
                evil[target] = files[target]
            repo.merge(f"side{step}", files=evil)
            continue
        else:
            for path in rng.sample(PATHS, rng.randint(1, 3)):
                change[path] = edit(rng, text(path))
        for path, value in change.items():
            if value is None:
                files.pop(path, None)
            else:
                files[path] = value
        repo.commit(change)


def scan(
    engine: Engine, repo: GitRepo, *, skip: bool, jobs: int
) -> tuple[list[tuple[str, str, int, str, str, bool, str]], list[Skipped], list[int]]:
    git = Git(repo.git_dir, repo.env, isolated=True)
    stats = DiffStats()
    items = added_blocks(
        git, ["--all"], max_blob_bytes=1 << 20, stats=stats,
        interesting=engine.interesting if skip else None, jobs=jobs,
    )  # fmt: skip
    result = engine.scan(items, stats=stats)
    findings = sorted((f.commit, f.path, f.line, f.rule, f.fingerprint, f.blocking, f.reason)
                      for f in result.findings)  # fmt: skip
    return findings, sorted(result.skipped), [stats.commits, stats.files]


def make_engine(kind: str, tmp_path: Path) -> Engine:
    def prefilter(patterns: Iterable[str]) -> RegexPrefilter | HyperscanPrefilter:
        if kind == "regex":
            return RegexPrefilter(list(patterns))
        pytest.importorskip("hyperscan")
        built = make_prefilter(list(patterns), tmp_path / "cache", compile_if_missing=True)
        assert isinstance(built, HyperscanPrefilter)
        return built

    return Engine(all_detectors(), key=KEY, policy=ScanConfig(),
                  false_positive=false_positive_reason, prefilter=prefilter)  # fmt: skip


@pytest.mark.parametrize(("kind", "seed"), [("hyperscan", 1), ("hyperscan", 2), ("regex", 3)])
def test_same_findings_with_and_without_skipping(
    git_repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, seed: int
) -> None:
    monkeypatch.setattr(split, "MIN_SPLIT_COMMITS", 2)  # split even this small history
    monkeypatch.setattr(split, "FEED_BLOCK", 3)  # and hand it out in many blocks
    build_history(git_repo, seed)
    engine = make_engine(kind, tmp_path)
    full = scan(engine, git_repo, skip=False, jobs=1)
    assert len(full[0]) > 20 and full[1]  # many planted tokens found, binaries skipped
    assert scan(engine, git_repo, skip=True, jobs=1) == full
    assert scan(engine, git_repo, skip=True, jobs=2) == full
    assert scan(engine, git_repo, skip=False, jobs=2) == full


def blocks(repo: GitRepo, interesting: patch_mod.Interesting | None) -> list[object]:
    git = Git(repo.git_dir, repo.env, isolated=True)
    items = added_blocks(git, ["--all"], max_blob_bytes=1 << 20, interesting=interesting)
    return [(i.commit, i.path, i.start, i.text) if isinstance(i, AddedBlock) else i
            for i in items]  # fmt: skip


@pytest.mark.parametrize(("read_size", "max_commit"), [(7, 1 << 20), (4096, 1 << 20), (64, 300)])
def test_sections_survive_any_chunking(
    git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch, read_size: int, max_commit: int
) -> None:
    # Every added line interesting: the skip layer must hand the parser exactly the same
    # sections, in the same order, wherever reads cut the stream (and when a commit is too
    # large to hold, parsing falls back to streaming).
    build_history(git_repo, 3)
    expected = blocks(git_repo, None)
    monkeypatch.setattr(patch_mod, "SKIM_READ_SIZE", read_size)
    monkeypatch.setattr(patch_mod, "MAX_COMMIT_BYTES", max_commit)
    assert blocks(git_repo, lambda data: range(len(data))) == expected
    # nothing interesting: only the binary files are still looked at
    nothing = blocks(git_repo, lambda data: ())
    assert all(item in expected for item in nothing)
    skipped = [i for i in expected if isinstance(i, Skipped)]
    assert [i for i in nothing if isinstance(i, Skipped)] == skipped and skipped


def test_closing_early_stops_every_git_process(
    git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(split, "MIN_SPLIT_COMMITS", 2)
    build_history(git_repo, 4)
    git = Git(git_repo.git_dir, git_repo.env, isolated=True)
    patches = diff_mod.start_patches(git, ["--all"], max_blob_bytes=1 << 20, jobs=2)
    assert len(patches.procs) == 2  # split in two (the order fills in as the listing streams)
    items = added_blocks(git, ["--all"], max_blob_bytes=1 << 20, started=patches)
    next(items)
    items.close()
    assert all(proc.returncode is not None for proc in patches.procs)
    assert not any(feeder.is_alive() for feeder in patches.feeders)


def test_split_history_reports_in_commit_order(
    git_repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pushguard.config import load
    from pushguard.scan.engine import scan_git

    monkeypatch.setattr(split, "MIN_SPLIT_COMMITS", 2)
    build_history(git_repo, 5)
    monkeypatch.setenv("PUSHGUARD_HOME", str(share_cache(tmp_path / "home")))
    config = load(None)
    git = Git(git_repo.git_dir, git_repo.env, isolated=True)
    order = git_repo.git("rev-list", "--all").split()
    runs = [scan_git(git, config, None, ["--all"], jobs=jobs).findings for jobs in (2, 2, 1)]
    assert runs[0] == runs[1] and sorted(runs[0]) == sorted(runs[2]) and runs[0]
    ranks = [(order.index(f.commit), f.path, f.line) for f in runs[0]]
    assert ranks == sorted(ranks)


@pytest.mark.skipif(not BENCH_REPO.exists(), reason="benchmark repository not generated")
def test_bench_repository(tmp_path: Path) -> None:
    engine = make_engine("hyperscan", tmp_path)
    git = Git(BENCH_REPO, isolated=True)
    results = []
    for skip, jobs in [(False, 1), (True, 2)]:
        items = added_blocks(
            git,
            ["--all"],
            max_blob_bytes=1 << 20,
            interesting=engine.interesting if skip else None,
            jobs=jobs,
        )
        results.append(sorted((f.commit, f.path, f.line, f.rule, f.fingerprint)
                              for f in engine.scan(items).findings))  # fmt: skip
    assert results[0] == results[1] and results[0]
