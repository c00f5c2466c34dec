"""The test helper itself: other suites build push scenarios on it."""

from __future__ import annotations

from tests.helpers.gitrepo import Entry, GitRepo, MakeRepo


def test_commit_merge_tag_and_push(git_repo: GitRepo, bare_remote: MakeRepo) -> None:
    root = git_repo.commit({"a.txt": "one\n", "dir/we ird\tname": b"\xff\n"}, "root")
    assert git_repo.git("rev-list", "--count", "main") == "1"
    git_repo.branch("topic")
    side = git_repo.commit({"b.txt": "side\n"}, "side", branch="topic")
    main2 = git_repo.commit({"a.txt": "one\ntwo\n", "run.sh": Entry("x", "100755")}, "main2")
    merge = git_repo.merge("topic", message="merge")
    assert git_repo.git("rev-parse", f"{merge}^1", f"{merge}^2").split() == [main2, side]
    assert git_repo.git("show", f"{merge}:b.txt") == "side"
    gone = git_repo.commit({"a.txt": None}, "delete")
    names = git_repo.git("ls-tree", "-r", "-z", "--name-only", gone).rstrip("\0").split("\0")
    assert names == ["b.txt", "dir/we ird\tname", "run.sh"]
    tag = git_repo.tag("v1", root, message="release")
    assert tag != root and git_repo.rev_parse("v1^{commit}") == root

    remote = bare_remote()
    git_repo.add_remote("origin", remote)
    proc = git_repo.push("origin", "main", "refs/tags/v1")
    assert proc.returncode == 0, proc.stderr
    assert remote.tip("main") == gone
    assert remote.bare and not git_repo.bare


def test_ids_are_reproducible(make_repo: MakeRepo, git_env: dict[str, str]) -> None:
    a, b = make_repo(), make_repo()
    first = a.commit({"f": "x\n"})
    assert first != b.commit({"f": "x\n"})  # a shared clock: each commit a minute later
    fresh = GitRepo(b.path, git_env)  # a fresh clock replays the same dates
    assert fresh.commit({"f": "x\n"}, parents=[]) == first
    c, d = make_repo(object_format="sha256"), make_repo(object_format="sha256")
    oid = c.commit({"f": "x\n"}, parents=[])
    assert len(oid) == 64 and c.object_format() == "sha256"
    assert d.null_oid == "0" * 64
