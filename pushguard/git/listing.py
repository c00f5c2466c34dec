"""The listing of which blobs each commit of a whole history brings, in bounded memory.

One ``git log --raw`` over a whole history keeps what it read of every commit it diffed:
on a generated 100,000-commit history it grows to 550 MB (14 KB a commit), ten times the
10,000-commit history's, and the scan's memory grew with it. So one revision walk
(``git rev-list``, ~56 MB there: the walk any scanner makes) lists the commits, oldest
first, and a ``git log --no-walk`` per ``BATCH_COMMITS`` of them lists their raw diffs, in
the walk's order: the same output as the single ``git log --reverse``, byte for byte, from
processes that each hold one batch. The extra processes cost about 0.1 s of git's CPU on
laravel's 17,000 commits.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from typing import IO

from pushguard.git.blobs import READ_SIZE, check
from pushguard.git.processes import start_stdin
from pushguard.git.repo import Git, reap

BATCH_COMMITS = 1000
"""Commits one ``git log`` lists (its memory: ~55 MB at the end of the 100,000-commit
history, where trees are largest)."""


def walk_command(revs: Sequence[str]) -> list[str]:
    """The commits of ``revs``, oldest first, as ``git log --reverse`` orders them;
    revisions come on stdin after ``revs``."""
    return ["rev-list", "--reverse", *revs, "--stdin"]


LIST_COMMAND = [
    "-c", "core.quotePath=false",
    "log", "--no-walk=unsorted", "-z", "--raw", "-c", "--root", "--no-abbrev", "--no-renames",
    "--no-ext-diff", "--no-textconv", "--ignore-submodules=all", "--no-relative",
    "--format=%x01%H", "--no-show-signature", "--no-notes", "--stdin",
]  # fmt: skip
"""The raw diff entries of the commits given on stdin, in that order (against their parents;
a merge: what differs from all of them, ``-c``). No rename detection: a renamed blob keeps
its first path. Every option configuration could change is pinned."""


class Listing:
    """``LIST_COMMAND``'s output for every commit of ``revs``, read as one stream; git walks
    the history from the moment it is made. ``finish`` raises what a failed process said
    (``blobs.check``); ``close`` ends them all."""

    def __init__(self, git: Git, revs: Sequence[str]) -> None:
        self._git = git
        self._walk_args = walk_command(revs)
        self._walk, self._walk_errors = start_stdin(git, self._walk_args, b"", READ_SIZE)
        self._batch: subprocess.Popen[bytes] | None = None
        self._batch_errors: IO[bytes] | None = None
        self._walked = False  # the first batch waits for the walk: started on the first read

    def read(self, size: int = READ_SIZE) -> bytes:
        if not self._walked:
            self._walked = True
            self._next_batch()
        while self._batch is not None:
            assert self._batch.stdout is not None
            data = self._batch.stdout.read(size)
            if data:
                return data
            self._end_batch()
            self._next_batch()
        return b""

    def _next_batch(self) -> None:
        assert self._walk.stdout is not None
        commits: list[bytes] = []
        while len(commits) < BATCH_COMMITS and (line := self._walk.stdout.readline()):
            commits.append(line)
        if commits:
            self._batch, self._batch_errors = start_stdin(
                self._git, LIST_COMMAND, b"".join(commits), READ_SIZE
            )

    def _end_batch(self) -> None:
        assert self._batch is not None and self._batch_errors is not None
        try:
            check(self._batch, self._batch_errors, LIST_COMMAND)
        finally:
            self._drop_batch()

    def _drop_batch(self) -> None:
        if self._batch is not None and self._batch_errors is not None:
            reap(self._batch)
            self._batch_errors.close()
        self._batch = self._batch_errors = None

    def finish(self) -> None:
        """Once every batch is read: the walk's status (its own failure, a bad revision or
        a lost commit, raised as ``check`` raises it)."""
        check(self._walk, self._walk_errors, self._walk_args)

    def close(self) -> None:
        self._drop_batch()
        reap(self._walk)
        self._walk_errors.close()
