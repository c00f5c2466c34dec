"""The Git class: environment handling (hook quarantine vs isolated) and object queries."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from pushguard.errors import GitError, UsageError
from pushguard.git import Git
from pushguard.git.messages import MESSAGE_PATH
from pushguard.git.tags import TAG_MESSAGE_PATH
from tests.helpers.gitrepo import Entry, GitRepo, MakeRepo


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    git_repo.commit({"dir/f.txt": "one\ntwo\r\nthr\xe9e\n", "big": "x" * 1000, "e": ""})
    return git_repo


def test_read_blob(repo: GitRepo) -> None:
    git = Git(repo.git_dir, repo.env, isolated=True)
    assert git.read_blob("main", "dir/f.txt") == "one\ntwo\r\nthr\xe9e\n".encode()
    assert git.read_blob("main", "e") == b""
    assert git.read_blob("main", "dir") is None  # a tree
    assert git.read_blob("main", "nope") is None
    assert git.read_blob("main", "*.txt") is None  # pathspec magic is not interpreted
    assert git.read_blob("main", "big", max_bytes=999) is None
    assert git.read_blob("main", "big", max_bytes=1000) == b"x" * 1000
    with pytest.raises(GitError):
        git.read_blob("no-such-rev", "big")
    with pytest.raises(UsageError):
        git.read_blob("--output=x", "big")


def test_line_at(repo: GitRepo) -> None:
    git = Git(repo.git_dir, repo.env, isolated=True)
    head = repo.rev_parse("main")
    assert [git.line_at(head, "dir/f.txt", n) for n in range(5)] == [
        None, "one", "two\r", "thr\xe9e", None,
    ]  # fmt: skip
    assert git.line_at(head, "missing", 1) is None


def test_line_at_odd_path(git_repo: GitRepo) -> None:
    path = 'we ird\n"name"\t\\ü'
    head = git_repo.commit({path: "a\nb\n", "sub": Entry(git_repo.null_oid[:-1] + "1", "160000")})
    git = Git(git_repo.git_dir, git_repo.env, isolated=True)
    assert git.line_at(head, path, 2) == "b"
    assert git.read_blob(head, "sub") is None  # a gitlink is not a file


def test_queries(make_repo: MakeRepo) -> None:
    repo = make_repo(bare=True, object_format="sha256")
    git = Git(repo.git_dir, repo.env, isolated=True)
    assert git.default_branch_tip() is None
    assert git.count_commits(["--all"]) == 0
    c1 = repo.commit({"f": "a\n"})
    c2 = repo.commit({"f": "b\n"})
    loose = repo.commit({"f": "c\n"}, branch=None)
    assert git.default_branch_tip() == c2
    assert git.object_format() == "sha256"
    assert git.count_commits(["--all"]) == 2
    assert git.count_commits(["--not", "--all"], [loose]) == 1
    assert git.count_commits([f"{c1}..{loose}"]) == 2
    with pytest.raises(UsageError):
        git.count_commits(["--output=/tmp/x"])


def test_relative_git_dir_and_discover(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo.git_dir)
    git = Git(".", repo.env)
    monkeypatch.chdir("/")
    assert git.git_dir == repo.git_dir and git.env["GIT_DIR"] == str(repo.git_dir)
    assert git.default_branch_tip() == repo.rev_parse("main")
    (repo.path / "sub" / "dir").mkdir(parents=True)
    assert Git.discover(repo.path / "sub" / "dir").git_dir == repo.git_dir
    with pytest.raises(GitError, match="not a git repository"):
        Git.discover("/")
    with pytest.raises(GitError, match="cannot open"):
        Git.discover(repo.path / "missing")


def test_isolated_drops_another_repositorys_variables(repo: GitRepo, tmp_path: Path) -> None:
    env = {
        **repo.env,
        "GIT_DIR": "/elsewhere",
        "GIT_OBJECT_DIRECTORY": str(tmp_path),  # would hide every object of `repo`
        "GIT_QUARANTINE_PATH": str(tmp_path),
        "GIT_INDEX_FILE": "/elsewhere/index",
    }
    git = Git(repo.git_dir, env, isolated=True)
    assert {"GIT_OBJECT_DIRECTORY", "GIT_QUARANTINE_PATH", "GIT_INDEX_FILE"}.isdisjoint(git.env)
    assert git.read_blob("main", "e") == b""
    with pytest.raises(GitError):  # kept (hook mode): the objects are not where it says
        Git(repo.git_dir, env).read_blob("main", "e")


HOOK = """\
import json, os, sys
from pushguard.errors import GitError
from pushguard.git import Git, added_blocks, parse_ref_updates, push_revisions

updates = parse_ref_updates(sys.stdin.read())
revs, tips = push_revisions(updates)
git = Git(os.environ["GIT_DIR"])
items = list(added_blocks(git, revs, stdin_revs=tips, max_blob_bytes=1 << 20))
isolated_sees = None
if tips:
    try:  # without the quarantine variables the pushed objects are invisible
        Git(os.environ["GIT_DIR"], isolated=True).count_commits([], tips)
        isolated_sees = True
    except GitError:
        isolated_sees = False
with open(os.environ["PG_TEST_OUT"], "a") as out:
    out.write(json.dumps({
        "git_dir": os.environ["GIT_DIR"],
        "quarantine": "GIT_QUARANTINE_PATH" in os.environ,
        "isolated_sees": isolated_sees,
        "items": [list(i) for i in items],
    }) + "\\n")
sys.exit(1 if any("REJECT" in str(i) for i in items) else 0)
"""


def test_inside_a_real_pre_receive_hook(
    git_repo: GitRepo, bare_remote: MakeRepo, tmp_path: Path
) -> None:
    remote = bare_remote()
    hook = remote.git_dir / "hooks" / "pre-receive"
    script = tmp_path / "hook.py"
    script.write_text(HOOK)
    hook.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{script}"\n')
    hook.chmod(0o755)
    out = tmp_path / "out.jsonl"
    env = {"PG_TEST_OUT": str(out)}
    git_repo.add_remote("origin", remote)

    c1 = git_repo.commit({"f": "first\n"})  # first push into an empty repository
    first = git_repo.push("origin", "main", env=env)
    assert first.returncode == 0, first.stderr.decode()
    c2 = git_repo.commit({"f": "first\nsecond\n"})
    git_repo.branch("copy")  # a new branch on a commit the remote gets in the same push
    assert git_repo.push("origin", "main", "copy", env=env).returncode == 0
    v1 = git_repo.tag("v1", message="annotated")  # a new tag object, but no new commit
    git_repo.tag("light", c1)
    git_repo.branch("old", c1)
    assert (
        git_repo.push("origin", "refs/tags/v1", "refs/tags/light", "old", env=env).returncode == 0
    )
    assert git_repo.push("origin", ":copy", env=env).returncode == 0  # delete only
    git_repo.commit({"f": "first\nsecond\nREJECT\n"})
    rejected = git_repo.push("origin", "main", env=env)
    assert rejected.returncode != 0 and b"pre-receive hook declined" in rejected.stdout
    assert remote.tip("main") == c2

    runs = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["git_dir"] for r in runs] == ["."] * 5  # git hands hooks a relative GIT_DIR
    # a delete-only push sends no pack, so it gets no quarantine
    assert [r["quarantine"] for r in runs] == [True, True, True, False, True]
    assert [r["isolated_sees"] for r in runs] == [False, False, False, None, False]
    assert [r["items"] for r in runs[:4]] == [
        [[c1, "f", 1, "first"], [c1, MESSAGE_PATH, 1, "commit"]],
        [[c2, "f", 2, "second"], [c2, MESSAGE_PATH, 1, "commit"]],
        [[v1, TAG_MESSAGE_PATH, 1, "annotated"]],
        [],
    ]
    assert [i[1:] for i in runs[4]["items"]] == [["f", 3, "REJECT"], [MESSAGE_PATH, 1, "commit"]]


def test_a_git_failure_reports_the_fatal_line_not_the_usage_hint_after_it() -> None:
    from pushguard.git.repo import failure

    stderr = (
        b"fatal: ambiguous argument 'x..main': unknown revision or path not in the working tree.\n"
        b"Use '--' to separate paths from revisions, like this:\n"
        b"'git <command> [<revision>...] -- [<file>...]'\n"
    )
    assert str(failure(["log", "-z"], stderr)) == (
        "git log failed: fatal: ambiguous argument 'x..main': unknown revision or path not in "
        "the working tree."
    )
    assert str(failure(["cat-file"], b"something odd\n")) == "git cat-file failed: something odd"
