"""The running git processes of one scan: the patch streams and the outputs read at the end."""

from __future__ import annotations

import contextlib
import fcntl
import subprocess
import tempfile
import threading
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING

from pushguard.errors import GitError
from pushguard.git.missing import unreadable_oid
from pushguard.git.repo import Git, failure, reap

if TYPE_CHECKING:
    from pushguard.git.missing import Missing
    from pushguard.git.recover import Lane

READ_CHUNK = 1024 * 1024
"""Pipe buffer for git's output: few large reads instead of many small ones."""

FEED_PIPE_BYTES = 4096
"""The smallest pipe Linux allows (one page): ~100 commit ids."""


def check_exit(
    proc: subprocess.Popen[bytes],
    errors: IO[bytes],
    args: Sequence[str],
    unreadable: Callable[[bytes], GitError] | None = None,
) -> None:
    """Wait for a git process (``args``) whose stderr went to the file ``errors``: a
    GitError with git's message if it failed, or ``unreadable(stderr)``'s error when it
    failed on an object it cannot read."""
    if proc.wait() != 0:
        errors.seek(0)
        stderr = errors.read()
        if unreadable is not None and unreadable_oid(stderr) is not None:
            raise unreadable(stderr)
        raise failure(args, stderr)


class Later:
    """The whole output of a git process started alongside the patches and read once they
    are (meanwhile its pipe may fill: git then waits)."""

    def __init__(
        self, proc: subprocess.Popen[bytes], errors: IO[bytes], args: Sequence[str]
    ) -> None:
        self._proc, self._errors, self._args = proc, errors, args
        self._output = b""

    def result(self) -> bytes:
        """The output (GitError with git's message if it failed)."""
        if self._proc.returncode is None:
            assert self._proc.stdout is not None
            self._output = self._proc.stdout.read()
            self._check()
        return self._output

    def _check(self) -> None:
        check_exit(self._proc, self._errors, self._args)

    def close(self) -> None:
        reap(self._proc)
        self._errors.close()


class Patches:
    """Running git process(es) writing the patches of a set of commits (``start_patches``),
    to be read by ``added_blocks``. ``order``: the commits, newest first, when the history
    was split over several processes (whose outputs then interleave). ``feeders``: threads
    writing those processes' commit lists (see ``split.Halves``). ``later``: the commits'
    messages (``"messages"``) and, for a scan of all refs, the tags (``"tags"``)."""

    def __init__(
        self,
        procs: list[subprocess.Popen[bytes]],
        errors: list[IO[bytes]],
        order: list[str] | None,
        subcommand: str,
        feeders: Sequence[threading.Thread] = (),
    ) -> None:
        self.procs = procs
        self.errors = errors
        self.order = order
        self.subcommand = subcommand
        self.feeders = list(feeders)
        self.later: dict[str, Later] = {}
        self.lanes: list[Lane] = []
        """``procs``' outputs, each surviving unreadable objects (``recover.Lane``)."""
        self.missing: Missing | None = None
        """What the lanes could not read (``recover.Missing``)."""

    def kill(self) -> None:
        for proc in self.procs:
            reap(proc)
        for lane in self.lanes:
            reap(lane.proc)

    def close(self) -> None:
        self.kill()
        for feeder in self.feeders:
            feeder.join()  # a killed git breaks its pipe: the feeder stops at once
        for errors in self.errors:
            errors.close()
        for later in self.later.values():
            later.close()

    def check(self) -> None:
        """GitError with git's message if a process failed (call after reading all). Lanes
        check their own processes as they end (and replace the ones that died on an
        unreadable object)."""
        if self.lanes:
            return
        for proc, errors in zip(self.procs, self.errors, strict=True):
            check_exit(proc, errors, [self.subcommand])


def start_later(git: Git, args: list[str], stdin: bytes) -> Later:
    proc, errors = start_stdin(git, args, stdin, bufsize=-1)
    return Later(proc, errors, args)


def start_stdin(
    git: Git, args: list[str], stdin: bytes, bufsize: int
) -> tuple[subprocess.Popen[bytes], IO[bytes]]:
    """git with ``stdin`` written to it, stderr to a file (a chatty git never blocks on it;
    the caller closes it)."""
    errors = tempfile.TemporaryFile()  # noqa: SIM115
    proc = git.popen(args, stdin=True, stderr=errors, bufsize=bufsize)
    assert proc.stdin is not None
    # git reads all of stdin before it writes anything: no deadlock possible. If it exits
    # first (a bad revision), its status and message are reported by ``check``.
    with contextlib.suppress(BrokenPipeError):
        proc.stdin.write(stdin)
        proc.stdin.close()
    return proc, errors


def shrink_pipe(fd: int) -> None:
    # A commit list waiting in a 64 KiB pipe is work already promised to one process
    with contextlib.suppress(OSError, AttributeError):  # not Linux
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, FEED_PIPE_BYTES)


def grow_pipe(fd: int) -> None:
    # A 64 KiB pipe stalls git while we parse the previous chunk; with a pipe as large as
    # our reads, git keeps writing meanwhile (measured: -20% wall time on a full history).
    with contextlib.suppress(OSError, AttributeError):  # not Linux, or over pipe-max-size
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, READ_CHUNK)
