"""A diff process's output that survives objects git cannot read.

A partial clone (``--filter=blob:none``), a promisor pack, a damaged repository or a mirror
of a server that lost a blob all lack objects some commits need; ``git diff-tree``/``git log
-p`` then die at the first one (``fatal: unable to read <oid>``). Peers report the rest, and
so do we: ``Lane`` hands the parser a process's output a commit at a time (holding back the
commit being written until the next one starts, so that a commit cut short by a failure is
never parsed twice), and when git dies on an unreadable object it

1. diffs the commit it died in again, without the files whose blobs cannot be read (each
   reported as ``Skipped(commit, path, "missing", oid)``), and
2. starts a ``diff-tree --stdin`` process for the commits the dead one had not reached
   (when they are all known up front: in runs of commits that lack nothing, see
   ``Lane._advance``).

Which objects are missing: ``missing.Missing``. Every process runs with lazy fetching off
(``Git.offline``): reading a history must not download it from a promisor remote.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from typing import IO

from pushguard.errors import GitError
from pushguard.git.commands import diff_one_command, diff_tree_command
from pushguard.git.missing import OID_PATTERN, ZERO_PATTERN, Missing, unreadable_oid
from pushguard.git.patch import MAX_COMMIT_BYTES
from pushguard.git.repo import Git, failure, reap
from pushguard.scan.types import Skipped

HOLD_LIMIT = MAX_COMMIT_BYTES
"""A commit's output larger than this is passed on before it ends (bounded memory: the parser
streams such a commit too); if git then dies inside that commit, the files it had already
shown may be reported twice."""

Restart = Callable[[Sequence[str], IO[bytes]], subprocess.Popen[bytes]]
"""Start a ``diff-tree --stdin`` process for these commits (and, for a lane fed by a
``split.Halves``, whatever it hands out next) with stderr to this file; return it."""


class Lane:
    """One diff process's output, as a byte stream (``read``) for ``patch.parse_patch``,
    that replaces the process when it dies on an unreadable object (see the module doc).

    ``commits()``: the commits the current process was given, in order, once it has exited
    (for ``git log`` the scan's listing). ``errors``: the process's stderr file.
    """

    def __init__(
        self,
        git: Git,
        proc: subprocess.Popen[bytes],
        errors: IO[bytes],
        *,
        commits: Callable[[], Sequence[str]],
        restart: Restart,
        missing: Missing,
        max_blob_bytes: int,
        replaced: Callable[[subprocess.Popen[bytes]], None] = lambda proc: None,
        subcommand: str = "diff-tree",
        owns_errors: bool = False,
        fixed: bool = False,
    ) -> None:
        self.git = git
        self.proc = proc
        self.errors = errors
        self._commits = commits
        self._restart = restart
        self._missing = missing
        self._max_blob_bytes = max_blob_bytes
        self._replaced = replaced
        self._subcommand = subcommand
        self._owns_errors = owns_errors
        # ``fixed`` (all commits known up front): after a failure the rest is diffed in
        # runs of commits that lack nothing, each commit that does diffed on its own
        self._fixed = fixed
        self._queue: list[str] = []
        self._next = 0
        self._dirty: set[str] = set()
        self._held: list[bytes] = []  # the output of the commit being written
        self._held_size = 0
        self._tail = b"\n"  # last byte passed on or held: is a NUL at the start a marker?
        self._current = ""  # the commit of a held part passed on early (HOLD_LIMIT)
        self._done = False
        self.restarts = 0

    def read(self, size: int = -1) -> bytes:
        while not self._done:
            assert self.proc.stdout is not None
            chunk = self.proc.stdout.read(size if size > 0 else 1024 * 1024)
            out = self._take(chunk) if chunk else self._end()
            if out:
                return out
        return b""

    def _take(self, chunk: bytes) -> bytes:
        cut = chunk.rfind(b"\n\0")
        if cut >= 0:
            cut += 1
        elif chunk.startswith(b"\0") and self._tail == b"\n":
            cut = 0
        self._tail = chunk[-1:]
        if cut < 0:
            self._held.append(chunk)
            self._held_size += len(chunk)
            if self._held_size <= HOLD_LIMIT:
                return b""
            out = b"".join(self._held)  # one huge commit: pass it on (see HOLD_LIMIT)
            if out.startswith(b"\0"):
                self._current = out[1 : out.find(b"\n")].decode("ascii", "replace")
            self._held, self._held_size = [], 0
            return out
        out = b"".join([*self._held, chunk[:cut]])
        self._held, self._held_size = [chunk[cut:]], len(chunk) - cut
        return out

    def _end(self) -> bytes:
        """EOF: the held commit if git succeeded, else its recovery."""
        code = self.proc.wait()
        held = b"".join(self._held)
        self._held, self._held_size = [], 0
        if code == 0:
            if self._next < len(self._queue):
                reap(self.proc)
                return held + self._advance()
            self._done = True
            return held
        self.errors.seek(0)
        message = self.errors.read()
        reap(self.proc)
        oid = unreadable_oid(message)
        if oid is None:
            raise failure([self._subcommand], message)
        self._missing.add(oid)
        commits = list(self._commits())
        failed = self._current
        if held.startswith(b"\0"):
            failed = held[1 : held.find(b"\n")].decode("ascii", "replace")
        if failed not in commits:  # nothing of it shown: git died in the first commit given
            failed = commits[0] if commits else ""
        if not failed:
            raise failure([self._subcommand], message)
        rest = commits[commits.index(failed) + 1 :]
        out = self._recover(failed)
        self.restarts += 1
        self.errors.seek(0)
        self.errors.truncate()
        if self._fixed:  # the rest of this run, then what was not started yet
            self._queue, self._next = rest + self._queue[self._next :], 0
            self._dirty = self._lacking(rest)
            return out + self._advance()
        self._start(rest)
        return out

    def _start(self, commits: Sequence[str]) -> None:
        self.proc = self._restart(commits, self.errors)
        self._replaced(self.proc)
        self._subcommand = "diff-tree"
        self._tail, self._current = b"\n", ""

    def _advance(self) -> bytes:
        """The queued commits that lack objects, one by one, up to the next run of commits
        that lack none, for which a process starts (``fixed`` lanes)."""
        out = []
        queue = self._queue
        while self._next < len(queue) and queue[self._next] in self._dirty:
            out.append(self._recover(queue[self._next]))
            self._next += 1
        end = self._next
        while end < len(queue) and queue[end] not in self._dirty:
            end += 1
        if end > self._next:
            self._start(queue[self._next : end])
            self._next = end
        else:
            self._done = True
        return b"".join(out)

    def _lacking(self, commits: Sequence[str]) -> set[str]:
        """Which of ``commits`` change a file whose object is missing: one ``diff-tree
        --raw`` over them all, which reads trees only. In a partial clone, diffing them in
        one process would fail (and try a lazy fetch) at each: ~4 git processes each."""
        missing = self._missing.oids()
        if not missing or not commits:
            return set()
        try:
            out = self.git.run_large(
                ["diff-tree", "--stdin", "-r", "-c", "-z", "--raw", "--no-abbrev", "--root",
                 "--no-renames", "--ignore-submodules=all"],
                "".join(f"{c}\n" for c in commits).encode(),
            )  # fmt: skip
        except GitError:  # a tree is missing too: find the failing commits one by one
            return set()
        lacking: set[str] = set()
        commit = ""
        fields = iter(out.split(b"\0"))
        for field in fields:
            if field.startswith(b":"):
                next(fields, None)  # the path
                if _lacks(field, missing):
                    lacking.add(commit)
            elif field.strip():
                commit = field.strip().decode("ascii", "replace")
        return lacking

    def _recover(self, commit: str) -> bytes:
        """``commit``'s diff without the files git cannot read (each reported)."""
        missing = self._missing.oids()
        try:
            listing = self.git.run(
                ["diff-tree", "-r", "-c", "-z", "--raw", "--no-abbrev", "--root",
                 "--no-renames", "--ignore-submodules=all", "--end-of-options", commit]
            )  # fmt: skip
        except Exception as exc:  # its tree cannot be read either: the commit is lost
            oid = unreadable_oid(str(exc).encode()) or ""
            self._missing.report(Skipped(commit, "", "missing", oid))
            return b""
        # path as git wrote it (for the pathspec) -> the object it lacks
        excluded: dict[bytes, str] = {}
        fields = listing.split(b"\0")
        for meta, raw in zip(fields[1::2], fields[2::2], strict=False):
            found = _lacks(meta, missing)
            if found:
                excluded[raw] = found
        while True:
            specs = [":(exclude,literal)" + os.fsdecode(raw) for raw in excluded]
            proc = subprocess.run(
                self.git.command(diff_one_command(self._max_blob_bytes, commit, specs)),
                capture_output=True, env=self.git.env, cwd=self.git.git_dir, check=False,
            )  # fmt: skip
            if proc.returncode == 0:
                break
            named = unreadable_oid(proc.stderr)
            raw_path = _path_of(listing, named) if named else None
            if named is None or raw_path is None or raw_path in excluded:  # give up on it
                self._missing.report(Skipped(commit, "", "missing", named or ""))
                return b""
            excluded[raw_path] = named
        for raw, oid in excluded.items():
            self._missing.report(Skipped(commit, raw.decode("utf-8", "replace"), "missing", oid))
        return proc.stdout

    def close(self) -> None:
        reap(self.proc)
        if self._owns_errors:
            self.errors.close()


def _lacks(meta: bytes, missing: set[str]) -> str | None:
    """The missing object a raw diff entry (``:mode... oid... status``) needs, if any. A
    deleted file needs none: it is never read (``--irreversible-delete``)."""
    oids = OID_PATTERN.findall(meta)
    if not oids or ZERO_PATTERN.match(oids[-1]):
        return None
    for oid in oids:
        if oid.decode() in missing:
            return oid.decode()
    return None


def _path_of(listing: bytes, oid: str) -> bytes | None:
    """The path whose entry in a ``diff-tree -z --raw`` listing names ``oid``."""
    fields = listing.split(b"\0")
    for meta, raw in zip(fields[1::2], fields[2::2], strict=False):
        if oid.encode() in meta:
            return raw
    return None


def fixed_restart(
    git: Git, max_blob_bytes: int, first: Callable[[], Sequence[str]]
) -> tuple[Restart, Callable[[], Sequence[str]]]:
    """The restart and ``commits`` of a lane whose commits are all known up front (``git
    log``'s, listed by ``first``): each new ``diff-tree --stdin`` reads its commits from a
    file."""
    given: list[Sequence[str]] = []

    def restart(commits: Sequence[str], errors: IO[bytes]) -> subprocess.Popen[bytes]:
        with tempfile.TemporaryFile() as source:  # git keeps its own descriptor
            source.write("".join(f"{c}\n" for c in commits).encode())
            source.seek(0)
            given.append(list(commits))
            return git.popen(
                diff_tree_command(max_blob_bytes), stdin=source, stderr=errors, bufsize=1 << 20
            )

    return restart, lambda: given[-1] if given else first()


def list_lane(git: Git, commits: Sequence[str], missing: Missing, max_blob_bytes: int) -> Lane:
    """A ``Lane`` over one ``diff-tree --stdin`` process for ``commits`` (closing it closes
    everything it opened)."""
    restart, given = fixed_restart(git, max_blob_bytes, lambda: commits)
    errors = tempfile.TemporaryFile()  # noqa: SIM115 - the lane closes it
    try:
        proc = restart(commits, errors)
    except BaseException:
        errors.close()
        raise
    return Lane(
        git, proc, errors, commits=given, restart=restart, missing=missing,
        max_blob_bytes=max_blob_bytes, owns_errors=True, fixed=True,
    )  # fmt: skip
