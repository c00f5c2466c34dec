"""The history's listing, one ``git log`` per batch of commits fed by one revision walk:
byte for byte what a single ``git log --reverse`` lists, read across the processes'
boundaries; a bad revision and a lost tree fail it as they failed the single process."""

from __future__ import annotations

import pytest

from pushguard.errors import GitError
from pushguard.git import Git
from pushguard.git import listing as listing_mod
from pushguard.git.blobs import Unlistable
from pushguard.git.listing import LIST_COMMAND, Listing
from tests.helpers.gitrepo import GitRepo


def _history(repo: GitRepo) -> None:
    for n in range(5):
        repo.commit({f"main/{n}.txt": f"main {n}\n"})
    repo.branch("feature")
    for n in range(3):
        repo.commit({f"feature/{n}.txt": f"feature {n}\n"}, branch="feature")
    repo.commit({"main/5.txt": "main's own\n"})
    repo.merge("feature")
    repo.commit({"main/after.txt": "after the merge\n"})


def _read_all(listing: Listing, size: int) -> bytes:
    return b"".join(iter(lambda: listing.read(size), b""))


@pytest.mark.parametrize("batch", [1, 2, 1000])
def test_batches_list_what_one_git_log_of_the_history_lists(
    git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    _history(git_repo)
    monkeypatch.setattr(listing_mod, "BATCH_COMMITS", batch)
    listing = Listing(Git(git_repo.git_dir, git_repo.env, isolated=True), ["--all"])
    try:
        got = _read_all(listing, 7)  # small reads: a read never spans two processes
        listing.finish()
    finally:
        listing.close()
    options = [arg for arg in LIST_COMMAND if arg not in ("--no-walk=unsorted", "--stdin")]
    single = git_repo.run(*options, "--reverse", "--all").stdout
    assert got == single and got.count(b"\x01") == 11  # every commit, the merge included


def test_a_bad_revision_fails_the_walk(git_repo: GitRepo) -> None:
    git_repo.commit({"a.txt": "a\n"})
    listing = Listing(Git(git_repo.git_dir, git_repo.env, isolated=True), ["no-such-branch"])
    try:
        assert _read_all(listing, 1 << 20) == b""
        with pytest.raises(GitError, match="rev-list"):
            listing.finish()
    finally:
        listing.close()


def test_a_lost_tree_in_a_later_batch_is_unlistable(
    git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(4):
        git_repo.commit({f"{n}.txt": f"{n}\n"})
    broken = git_repo.commit({"dir/b.txt": "b\n"})
    git_repo.commit({"c.txt": "c\n"})
    tree = git_repo.git("rev-parse", f"{broken}:dir")
    (git_repo.git_dir / "objects" / tree[:2] / tree[2:]).unlink()
    monkeypatch.setattr(listing_mod, "BATCH_COMMITS", 2)
    listing = Listing(Git(git_repo.git_dir, git_repo.env, isolated=True), ["--all"])
    try:
        with pytest.raises(Unlistable):
            _read_all(listing, 1 << 20)
    finally:
        listing.close()
