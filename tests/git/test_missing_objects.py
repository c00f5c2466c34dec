"""Objects git cannot read: reported, never fatal, never fetched.

Damaged repositories lose a loose object; partial clones (``--filter``) lack blobs by design
and would download them from their promisor remote on first read.
"""

from __future__ import annotations

import collections
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pushguard.errors import ExitCode
from pushguard.git import DiffStats, Git, added_blocks
from pushguard.git.messages import MESSAGE_PATH
from pushguard.git.missing import unreadable_oid
from pushguard.scan.types import AddedBlock, Skipped
from tests.helpers import tokens
from tests.helpers.catalogue import share_cache
from tests.helpers.gitrepo import GitRepo, MakeRepo


def _bulk(repo: GitRepo, count: int, tag: str) -> None:
    """``count`` commits on main, each adding one file of one line (one fast-import)."""
    tip = repo.tip("main")
    lines = []
    for n in range(count):
        data = f"{tag} line {n}\n"
        lines += [
            "commit refs/heads/main",
            f"committer T <t@example.com> {1_600_000_000 + n} +0000",
            "data 2", "c",
        ]  # fmt: skip
        if n == 0 and tip:
            lines.append(f"from {tip}")
        lines += [f"M 100644 inline {tag}/{n}.txt", f"data {len(data.encode())}", data]
    repo.run("fast-import", "--quiet", input="\n".join(lines).encode() + b"\n")


def _lose(repo: GitRepo, oid: str) -> None:
    """Delete a loose object, as a damaged repository has."""
    (repo.git_dir / "objects" / oid[:2] / oid[2:]).unlink()


def _blob(repo: GitRepo, commit: str, path: str) -> str:
    return repo.git("rev-parse", f"{commit}:{path}")


def _scan(repo: GitRepo, jobs: int) -> tuple[list[AddedBlock], list[Skipped], DiffStats]:
    stats = DiffStats()
    git = Git(repo.git_dir, repo.env, isolated=True)
    blocks, skipped = [], []
    for item in added_blocks(git, ["--all"], max_blob_bytes=1 << 20, stats=stats, jobs=jobs):
        if isinstance(item, Skipped):
            skipped.append(item)
        elif item.path != MESSAGE_PATH:
            blocks.append(item)
    return blocks, skipped, stats


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_lost_blob_is_reported_and_the_rest_scanned(git_repo: GitRepo, jobs: int) -> None:
    # enough commits on either side for two diff processes (split.MIN_SPLIT_COMMITS)
    _bulk(git_repo, 200, "old")
    damaged = git_repo.commit({"lost.txt": "gone\n", "kept.txt": "still here\n"})
    git_repo.commit({"lost.txt": "gone, then edited\n"})  # its diff needs the lost blob too
    _bulk(git_repo, 200, "new")
    lost = _blob(git_repo, damaged, "lost.txt")
    _lose(git_repo, lost)

    blocks, skipped, stats = _scan(git_repo, jobs)

    assert stats.commits == 402
    missing = [s for s in skipped if s.reason == "missing"]
    assert [(s.commit, s.path, s.oid) for s in missing if s.commit == damaged] == [
        (damaged, "lost.txt", lost)
    ]
    assert {s.oid for s in missing} == {lost}
    # every other line of every commit, once: nothing lost, nothing reported twice
    seen = collections.Counter((b.commit, b.path, b.start, b.text) for b in blocks)
    assert max(seen.values()) == 1
    assert (damaged, "kept.txt", 1, "still here") in seen
    paths = {b.path for b in blocks}
    assert {f"old/{n}.txt" for n in range(200)} <= paths
    assert {f"new/{n}.txt" for n in range(200)} <= paths


def test_a_commit_whose_tree_is_lost_is_reported(git_repo: GitRepo) -> None:
    git_repo.commit({"a.txt": "a\n"})
    broken = git_repo.commit({"dir/b.txt": "b\n"})
    git_repo.commit({"c.txt": "c\n"})
    tree = git_repo.git("rev-parse", f"{broken}:dir")
    _lose(git_repo, tree)

    blocks, skipped, _ = _scan(git_repo, 1)

    assert {b.path for b in blocks} >= {"a.txt", "c.txt"}
    assert any(s.commit == broken and s.reason == "missing" for s in skipped)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_lost_tree_does_not_stop_a_scan_of_all_refs(
    git_repo: GitRepo, tmp_path: Path, jobs: str
) -> None:
    """Reading blobs needs every tree: on a lost one pushguard scan takes the diff-based
    path, which goes round it, and reports it."""
    git_repo.commit({"a.txt": "a\n"})
    broken = git_repo.commit({"dir/b.txt": "b\n"})
    leak = git_repo.commit({"c.py": f'T = "{tokens.github_token()}"\n'})
    tree = git_repo.git("rev-parse", f"{broken}:dir")
    _lose(git_repo, tree)

    proc = _cli(str(git_repo.path), "--jobs", jobs, "--format", "json", home=tmp_path)

    assert proc.returncode == ExitCode.FOUND, proc.stderr
    report = json.loads(proc.stdout)
    assert [(f["path"], f["commit"]) for f in report["findings"]] == [("c.py", leak)]
    assert [m["oid"] for m in report["stats"]["missing"]] == [tree]
    assert "partial scan" in proc.stderr


@pytest.mark.parametrize(
    ("jobs", "ranges"),
    [("1", ()), ("2", ()), ("1", ("--range", "main")), ("2", ("--range", "main~1"))],
)
def test_a_lost_commit_cuts_the_history_there_and_the_rest_is_scanned(
    git_repo: GitRepo, tmp_path: Path, jobs: str, ranges: tuple[str, ...]
) -> None:
    """git stops every walk at a commit it cannot read: the scan goes around it, scans
    what the commits after it added (the cut one read as a root, as a shallow clone's),
    and says which commit was lost and that the history is cut there."""
    kept = tokens.github_token()
    git_repo.commit({"old.py": f'T = "{kept}"\n'}, "before the loss")
    lost = git_repo.commit({"a.txt": "a\n"}, "lost")
    cut = git_repo.commit({"b.txt": "b\n"}, "cut here")
    leak = git_repo.commit({"c.py": f'HF = "{tokens.huggingface_token()}"\n'}, "after")
    git_repo.commit({"d.txt": "d\n"}, "tip")
    _lose(git_repo, lost)

    proc = _cli(str(git_repo.path), "--jobs", jobs, "--format", "json", *ranges, home=tmp_path)

    assert proc.returncode == ExitCode.FOUND, proc.stderr
    report = json.loads(proc.stdout)
    found = {(f["path"], f["commit"]) for f in report["findings"]}
    assert ("c.py", leak) in found
    # old.py was still in the tree of the cut commit: scanned there, not lost with it
    assert ("old.py", cut) in found
    assert report["stats"]["lost_commits"] == [lost]
    assert [m["oid"] for m in report["stats"]["missing"]] == [lost]
    assert "history cut: 1 commit(s) lost" in proc.stderr
    assert kept not in proc.stdout + proc.stderr


def test_a_ref_to_a_lost_commit_is_passed_over(git_repo: GitRepo, tmp_path: Path) -> None:
    leak = git_repo.commit({"c.py": f'HF = "{tokens.huggingface_token()}"\n'}, "kept")
    git_repo.branch("gone")
    lost = git_repo.commit({"x.txt": "x\n"}, "lost", branch="gone")
    _lose(git_repo, lost)

    proc = _cli(str(git_repo.path), "--format", "json", home=tmp_path)

    assert proc.returncode == ExitCode.FOUND, proc.stderr
    report = json.loads(proc.stdout)
    assert [(f["path"], f["commit"]) for f in report["findings"]] == [("c.py", leak)]
    assert report["stats"]["lost_commits"] == [lost]


def test_a_failure_that_is_no_lost_commit_is_reported_as_it_was(
    git_repo: GitRepo, tmp_path: Path
) -> None:
    git_repo.commit({"a.txt": "a\n"})
    (git_repo.git_dir / "packed-refs").write_text("this is not a ref listing\n")
    proc = _cli(str(git_repo.path), home=tmp_path)
    assert proc.returncode not in (ExitCode.OK, ExitCode.FOUND)
    assert "git " in proc.stderr and "Traceback" not in proc.stderr


def test_unreadable_oid_reads_gits_messages() -> None:
    oid = "8d4ee411d8c838510e7b0210751814139af2f3b7"
    assert unreadable_oid(f"fatal: unable to read {oid}\n".encode()) == oid
    assert unreadable_oid(
        f"fatal: could not fetch {oid} from promisor remote\n".encode()
    ) == oid  # fmt: skip
    assert unreadable_oid(b"fatal: bad revision 'nope'\n") is None


def _cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home),
           "PUSHGUARD_HOME": str(share_cache(home / "pg")),
           "PUSHGUARD_CONFIG": str(home / "pushguard.toml")}  # fmt: skip
    (home / "pushguard.toml").write_text("")
    return subprocess.run(
        [sys.executable, "-m", "pushguard", "scan", *args],
        capture_output=True, text=True, check=False, env=env,
    )  # fmt: skip


def _missing_count(repo: Path, env: dict[str, str]) -> int:
    out = subprocess.run(
        ["git", "rev-list", "--objects", "--all", "--missing=print"],
        cwd=repo, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return sum(line.startswith("?") for line in out.splitlines())


def _partial_clone(work: GitRepo, server: GitRepo, target: Path, env: dict[str, str]) -> Path:
    """``work``'s main pushed to ``server``, then cloned from it without blobs over 1 KB."""
    work.add_remote("origin", server)
    work.push("origin", "main", check=True)
    subprocess.run(
        ["git", "clone", "--quiet", "--bare", "--filter=blob:limit=1k",
         f"file://{server.path}", str(target)],
        env=env, check=True,
    )  # fmt: skip
    return target


def test_partial_clone_is_scanned_without_fetching(
    make_repo: MakeRepo, git_env: dict[str, str], tmp_path: Path
) -> None:
    """A real partial clone of a local server: small blobs came with the clone, large ones
    stayed on the server. Scanning reports the absent ones and downloads nothing."""
    server = make_repo("server.git", bare=True)
    server.git("config", "uploadpack.allowFilter", "true")
    work = make_repo("work")
    token = tokens.github_token()
    work.commit({"small.py": f'TOKEN = "{token}"\n'}, "small")
    big = work.commit({"big.txt": "x = 1\n" * 500}, "big")
    clone = _partial_clone(work, server, tmp_path / "partial.git", git_env)
    before = _missing_count(clone, git_env)
    assert before == 1  # big.txt's blob: the server still has it, the clone does not

    proc = _cli(str(clone), "--format", "json", home=tmp_path)

    assert proc.returncode == ExitCode.FOUND, proc.stderr  # the small file's token
    report = json.loads(proc.stdout)
    assert [f["path"] for f in report["findings"]] == ["small.py"]
    big_blob = subprocess.run(
        ["git", "ls-tree", "--object-only", big, "big.txt"],
        cwd=clone, env=git_env, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert report["stats"]["partial"] is True
    assert report["stats"]["missing"] == [
        {"commit": big, "path": "big.txt", "reason": "missing", "oid": big_blob}
    ]
    assert "partial scan: 1 object(s) could not be read" in proc.stderr
    assert _missing_count(clone, git_env) == before  # nothing was fetched

    text = _cli(str(clone), home=tmp_path)
    assert f"skipped {big[:10]} big.txt: missing (object {big_blob})" in text.stdout
    assert "warning: partial scan" in text.stdout
    sarif = json.loads(_cli(str(clone), "--format", "sarif", home=tmp_path).stdout)
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert any(big_blob in n["message"]["text"] for n in notes)
    assert _missing_count(clone, git_env) == before

    # and with the server gone, the same report: git never needed it
    server.path.rename(tmp_path / "gone.git")
    again = json.loads(_cli(str(clone), "--format", "json", home=tmp_path).stdout)
    assert again["stats"]["missing"] == report["stats"]["missing"]


@pytest.mark.parametrize("extension", [True, False], ids=["partialClone", "promisor-remote"])
def test_a_partial_clone_interleaving_absent_and_present_blobs_is_read_in_step(
    make_repo: MakeRepo, git_env: dict[str, str], tmp_path: Path, extension: bool
) -> None:
    """Absent blobs between present ones, in a partial clone as git makes it or with only a
    remote marked promisor: every present blob's finding lands on its own path and line,
    every absent one is reported once, and nothing is fetched."""
    server = make_repo("server.git", bare=True)
    server.git("config", "uploadpack.allowFilter", "true")
    work = make_repo("work")
    leaks = {}
    for n in range(6):
        work.commit({f"big{n}.txt": f"x{n} = 1\n" * 500}, f"big {n}")
        leaks[f"conf{n}.py"] = work.commit(
            {f"conf{n}.py": "\n" * n + f'TOKEN = "{tokens.github_token()}"\n'}, f"conf {n}"
        )
    clone = _partial_clone(work, server, tmp_path / "partial.git", git_env)
    if extension:  # as newer gits write it; git 2.39's clone marks only the remote
        subprocess.run(["git", "config", "extensions.partialClone", "origin"],
                       cwd=clone, env=git_env, check=True)  # fmt: skip
    assert _missing_count(clone, git_env) == 6

    proc = _cli(str(clone), "--format", "json", home=tmp_path)

    assert proc.returncode == ExitCode.FOUND, proc.stderr
    report = json.loads(proc.stdout)
    found = sorted((f["path"], f["line"], f["commit"]) for f in report["findings"])
    assert found == [(f"conf{n}.py", n + 1, leaks[f"conf{n}.py"]) for n in range(6)]
    missing = sorted(m["path"] for m in report["stats"]["missing"])
    assert missing == [f"big{n}.txt" for n in range(6)]
    assert _missing_count(clone, git_env) == 6


def test_shallow_clone_says_history_is_cut(
    make_repo: MakeRepo, git_env: dict[str, str], tmp_path: Path
) -> None:
    origin = make_repo("origin")
    for n in range(3):
        origin.commit({f"f{n}.txt": f"{n}\n"})
    clone = tmp_path / "shallow.git"
    subprocess.run(
        ["git", "clone", "--quiet", "--bare", "--depth=1", f"file://{origin.path}", str(clone)],
        env=git_env, check=True,
    )  # fmt: skip
    proc = _cli(str(clone), "--format", "json", home=tmp_path)
    assert proc.returncode == ExitCode.OK, proc.stderr
    report = json.loads(proc.stdout)
    assert report["stats"]["shallow"] is True and report["stats"]["commits"] == 1
    assert "shallow clone" in proc.stderr


def test_jobs_scan_a_large_history_as_one_process_does(git_repo: GitRepo, tmp_path: Path) -> None:
    """--jobs 2 (a pool of processes over chunks of blobs) and --jobs 1 report the same
    findings, skipped objects and counts. The one lost object is reported once, with the
    commit that introduced it (the next commit's version of the file is there and scanned)."""
    _bulk(git_repo, 300, "old")
    token = tokens.github_token()
    leak = git_repo.commit({"conf.py": f'TOKEN = "{token}"\n', "lost.txt": "x\n"})
    git_repo.commit({"lost.txt": "x\ny\n"}, f"rotate {tokens.npm_token()}")
    _bulk(git_repo, 300, "new")
    git_repo.tag("v1", message=f"release {tokens.huggingface_token()}")
    _lose(git_repo, _blob(git_repo, leak, "lost.txt"))

    reports = []
    for jobs in ("1", "2"):
        proc = _cli(str(git_repo.path), "--jobs", jobs, "--format", "json", home=tmp_path)
        assert proc.returncode == ExitCode.FOUND, proc.stderr
        report = json.loads(proc.stdout)
        del report["stats"]["seconds"]
        for key, part in (("findings", report), ("skipped", report["stats"])):
            part[key] = sorted(part[key], key=lambda x: (x["commit"], x["path"]))
        reports.append(report)
    assert reports[0] == reports[1]
    paths = sorted(f["path"] for f in reports[1]["findings"])
    assert paths == ["/COMMIT_MSG", "/TAG_MSG", "conf.py"]
    assert reports[1]["stats"]["commits"] == 602
    lost = _blob(git_repo, leak, "lost.txt")
    missing = [(m["path"], m["commit"], m["oid"]) for m in reports[1]["stats"]["missing"]]
    assert missing == [("lost.txt", leak, lost)]


def test_pool_workers_load_the_catalogue_in_their_own_process(
    git_repo: GitRepo, tmp_path: Path
) -> None:
    """A forked worker must not wait on the parent's catalogue loader, which has no thread in
    the child: a catalogue-only token in a pooled history is found, and the scan ends."""
    import random

    _bulk(git_repo, 300, "old")
    token = tokens.CATALOGUE_PROVIDERS["groq"][0](random.Random(5))
    git_repo.commit({"settings.env": f"GROQ_API_KEY={token}\n"})
    _bulk(git_repo, 300, "new")
    proc = subprocess.run(
        [sys.executable, "-m", "pushguard", "scan", str(git_repo.path), "--jobs", "2",
         "--format", "json"],
        capture_output=True, text=True, check=False, timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
             "PUSHGUARD_HOME": str(share_cache(tmp_path / "pg"))},
    )  # fmt: skip
    assert proc.returncode == ExitCode.FOUND, proc.stderr
    report = json.loads(proc.stdout)
    assert [(f["path"], f["provider"]) for f in report["findings"]] == [("settings.env", "groq")]
    assert token not in proc.stdout
