"""A large history split over two ``diff-tree --stdin`` processes, one from each end of the
commit list, while that list is still being read."""

from __future__ import annotations

import contextlib
import subprocess
import tempfile
import threading
from collections.abc import Sequence
from typing import IO

from pushguard.git.commands import diff_tree_command
from pushguard.git.messages import listed_commits, messages_command
from pushguard.git.missing import Missing
from pushguard.git.processes import (
    READ_CHUNK,
    Later,
    Patches,
    grow_pipe,
    shrink_pipe,
    start_stdin,
)
from pushguard.git.recover import Lane
from pushguard.git.repo import Git

MIN_SPLIT_COMMITS = 256
"""Below this many commits a second git process costs more than it saves."""

FEED_BLOCK = 16
"""Commits handed to a ``diff-tree`` process at a time."""


class Halves:
    """Hands out a list of commits in blocks, newest-first blocks from the front and
    oldest-first blocks from the back, until the two ends meet.

    Two processes working from either end each see neighbouring commits (their delta bases
    stay in git's cache) and finish together however the cost is spread over the history;
    fixed halves left one process idle for up to a fifth of the scan. The list arrives while
    it is being handed out (``extend``, then ``finish``): the front starts at once, the back
    once the list is complete, and only for a list of ``MIN_SPLIT_COMMITS`` or more.
    """

    def __init__(self) -> None:
        self.commits: list[str] = []
        self._front = 0
        self._back = 0  # meaningful once ``_total`` is known
        self._total: int | None = None
        self._split = False
        self._changed = threading.Condition()

    def extend(self, commits: Sequence[str]) -> None:
        with self._changed:
            self.commits.extend(commits)
            self._changed.notify_all()

    def finish(self) -> None:
        with self._changed:
            self._total = self._back = len(self.commits)
            # a short list is the front's alone: a second process would cost more than it saves
            self._split = self._total >= MIN_SPLIT_COMMITS
            self._changed.notify_all()

    def take(self, from_back: bool) -> list[str]:
        with self._changed:
            if from_back:
                self._changed.wait_for(lambda: self._total is not None)
                if not self._split:
                    return []
                start = max(self._front, self._back - FEED_BLOCK)
                block, self._back = self.commits[start : self._back], start
                return block
            self._changed.wait_for(
                lambda: self._total is not None or len(self.commits) - self._front >= FEED_BLOCK
            )
            limit = len(self.commits) if self._total is None else self._back
            end = min(limit, self._front + FEED_BLOCK)
            block, self._front = self.commits[self._front : end], end
            return block


def _feed(
    stdin: IO[bytes], halves: Halves, from_back: bool, fed: list[str], first: Sequence[str]
) -> None:
    """Write ``first``, then ``halves``' blocks, to one git process as it consumes them, then
    close stdin. Every commit is recorded in ``fed`` before it is written: a process that
    dies leaves the list of what it was given (see ``recover.Lane``)."""
    try:
        block = list(first)
        while block or (block := halves.take(from_back)):
            fed.extend(block)
            stdin.write("".join(f"{c}\n" for c in block).encode())
            stdin.flush()
            block = []
    except (BrokenPipeError, ValueError):  # git was killed (or failed): nothing more to do
        pass
    finally:
        with contextlib.suppress(BrokenPipeError):
            stdin.close()


class _Listing(Later):
    """``messages_command``'s output, read as it comes by a thread that hands each complete
    record's commit to the diff processes (``Halves``)."""

    def __init__(
        self, proc: subprocess.Popen[bytes], errors: IO[bytes], args: Sequence[str],
        halves: Halves,
    ) -> None:  # fmt: skip
        super().__init__(proc, errors, args)
        self._chunks: list[bytes] = []
        self._reader = threading.Thread(target=self._read, args=(proc, halves), daemon=True)
        self._reader.start()

    def _read(self, proc: subprocess.Popen[bytes], halves: Halves) -> None:
        assert proc.stdout is not None
        pending = b""
        try:
            while chunk := proc.stdout.read(READ_CHUNK):  # unbuffered: what is there
                self._chunks.append(chunk)
                data = pending + chunk
                cut = data.rfind(b"\0") + 1
                halves.extend(listed_commits(data[:cut]))
                pending = data[cut:]
        except (OSError, ValueError):  # killed by close(): the scan is being abandoned
            pass
        finally:
            halves.finish()  # also after a failure: nobody may wait for more

    def result(self) -> bytes:
        self._reader.join()
        self._output = b"".join(self._chunks)
        self._check()
        return self._output

    def close(self) -> None:
        super().close()  # kills git: the reader sees the end of its output
        self._reader.join()


class _Side:
    """One end of ``Halves`` and the ``diff-tree`` process diffing it (replaced, after an
    unreadable object, by one that starts where it stopped: ``recover.Lane``)."""

    def __init__(
        self, git: Git, patches: Patches, halves: Halves, from_back: bool, max_blob_bytes: int
    ) -> None:
        self._git, self._patches, self._halves = git, patches, halves
        self._from_back, self._max_blob_bytes = from_back, max_blob_bytes
        self._fed: list[str] = []
        self._feeder: threading.Thread | None = None
        self.index = len(patches.procs)

    def start(self, first: Sequence[str], errors: IO[bytes]) -> subprocess.Popen[bytes]:
        proc = self._git.popen(
            diff_tree_command(self._max_blob_bytes), stdin=True, stderr=errors, bufsize=READ_CHUNK
        )
        assert proc.stdin is not None and proc.stdout is not None
        grow_pipe(proc.stdout.fileno())
        shrink_pipe(proc.stdin.fileno())
        # a separate writer per process: diff-tree writes while it reads, so writing its
        # input from the reading thread could deadlock
        self._fed = []
        self._feeder = threading.Thread(
            target=_feed, args=(proc.stdin, self._halves, self._from_back, self._fed, first)
        )
        self._feeder.daemon = True
        self._feeder.start()
        self._patches.feeders.append(self._feeder)
        if self.index < len(self._patches.procs):
            self._patches.procs[self.index] = proc
        else:
            self._patches.procs.append(proc)
        return proc

    def commits(self) -> list[str]:
        """What the current (dead) process was given; its feeder stops at a broken pipe."""
        if self._feeder is not None:
            self._feeder.join()
        return self._fed


def start_split(
    git: Git, revs: Sequence[str], stdin: bytes, max_blob_bytes: int, missing: Missing
) -> Patches:
    """Two ``diff-tree --stdin`` processes sharing the commits from both ends (``Halves``),
    listed meanwhile. Commit lists reach them through small pipes from feeder threads, so no
    process gets far ahead of what it has diffed."""
    halves = Halves()
    patches = Patches([], [], halves.commits, "diff-tree")
    try:
        args = messages_command(revs)
        proc, errors = start_stdin(git, args, stdin, bufsize=0)
        patches.later["messages"] = _Listing(proc, errors, args, halves)
        for from_back in (False, True):
            patches.errors.append(tempfile.TemporaryFile())  # noqa: SIM115
            side = _Side(git, patches, halves, from_back, max_blob_bytes)
            proc = side.start((), patches.errors[-1])
            patches.lanes.append(
                Lane(
                    git,
                    proc,
                    patches.errors[-1],
                    commits=side.commits,
                    restart=side.start,
                    missing=missing,
                    max_blob_bytes=max_blob_bytes,
                )
            )
    except BaseException:
        patches.close()
        raise
    return patches
