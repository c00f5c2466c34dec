"""Every blob a whole history holds, read once per path: the fast path of ``pushguard scan``.

A scan of whole histories (no commit excluded) finds the same secrets in the blobs the
history introduces as in the lines its commits add: every line of every blob was added by
some commit. Reading blobs instead of diffs is what makes it cheap on real repositories:
on flask with all its refs (12,114 commits, 3,671 refs) ``git log -p`` costs 1.9 s of git
CPU and 68 MB of patch to parse, where the 15,132 distinct blobs those commits introduce
(24,329 introductions: pull-request refs and rebases repeat them) come out of one
``cat-file --batch`` in 0.8 s, and ``log --raw`` lists them in 0.26 s. Kingfisher reads
histories the same way.

``introductions`` lists each (blob, path) once, oldest introduction first (``listing``),
with the commit it came in with: a finding is reported where the secret first appeared.
``read_blobs`` streams their contents; an object the repository lacks (a partial or damaged
clone) is reported, never fetched (the caller's ``Git`` is ``offline``).
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Container, Iterator, Sequence
from typing import IO, NamedTuple, Protocol

from pushguard.errors import GitError
from pushguard.git.keyset import KeySet
from pushguard.git.missing import Missing, unreadable_oid
from pushguard.git.processes import check_exit, grow_pipe
from pushguard.git.repo import Git, failure, reap

_GITLINK = b"160000"
"""The mode of a submodule entry: its "blob" id names a commit of another repository."""

READ_SIZE = 1024 * 1024


class Introduction(NamedTuple):
    """A blob and where it first entered the history."""

    oid: str
    commit: str
    path: str


class Blob(NamedTuple):
    """A blob's content (None when it was not read: ``size`` is then -1 for an object the
    repository lacks, or its size when over the caller's limit)."""

    intro: Introduction
    size: int
    data: bytes | None


def introductions(stream: _Readable) -> Iterator[Introduction]:
    """Each blob of a listing (``listing.Listing``) once per path it comes in at: a
    copied or vendored file is read at each path, as its diff would show it there; the same
    file again on another branch, a rename or a mode change adds nothing. The (blob, path)
    pairs already listed are kept as 64-bit keys (``KeySet``), 8 bytes each."""
    placed = KeySet()
    for commit, entries in _commits(stream):
        renamed = {old for old, _, status, _ in entries if status == b"D"}
        for old, new, status, path in entries:
            if status == b"D" or not placed.add(hash((new, path)) & _KEY_MASK):
                continue
            if new not in renamed and old != new:
                yield Introduction(new.decode("ascii"), commit, path)


_KEY_MASK = (1 << 64) - 1


class _Readable(Protocol):
    """What a listing is read from: a pipe, or ``listing.Listing``'s pipes one after another."""

    def read(self, size: int = ..., /) -> bytes: ...


_Entry = tuple[bytes, bytes, bytes, str]
"""One raw diff entry: (old blob id, new blob id, status, path)."""


def _commits(stream: _Readable) -> Iterator[tuple[str, list[_Entry]]]:
    """``(commit, its entries)`` of a listing, submodules left out.
    A commit's entries come together: a rename is a deletion and an addition, in path order."""
    commit = ""
    entries: list[_Entry] = []
    entry: list[bytes] | None = None  # an entry read, its path (the next field) not yet
    pending = b""
    while True:
        data = stream.read(READ_SIZE)
        fields = (pending + data).split(b"\0")
        pending = fields.pop() if data else b""  # the last field may be cut short
        for field in fields:
            if entry is not None:
                parts, entry = entry, None
                colons = len(parts[0]) - len(parts[0].lstrip(b":"))
                if parts[colons] != _GITLINK and parts[0][colons:] != _GITLINK:
                    path = field.decode("utf-8", "replace")  # as the diff parser reports it
                    # a merge (several colons) lists one old id per parent: the first serves
                    status = b"D" if not parts[-2].strip(b"0") else parts[-1][:1]
                    entries.append((parts[colons + 1], parts[-2], status, path))
                continue
            field = field.lstrip(b"\n")
            if field.startswith(b"\x01"):
                if commit:
                    yield commit, entries
                commit, entries = field[1:].decode("ascii"), []
            elif field.startswith(b":"):
                entry = field.split(b" ")
        if not data:
            if commit:
                yield commit, entries
            return


def read_blobs(
    git: Git, wanted: Sequence[Introduction], max_bytes: int, absent: Container[str] = ()
) -> Iterator[Blob]:
    """The contents of ``wanted``'s blobs, in order, from ``cat-file --batch``; a blob over
    ``max_bytes`` is read past in pieces, never held. ``absent``: blobs known to be missing
    (``missing_blobs``), never asked for. If git dies on an object it cannot read (a
    damaged repository), that blob is reported missing and a new process takes the rest."""
    position = 0
    while position < len(wanted):
        with tempfile.TemporaryFile() as listing, tempfile.TemporaryFile() as errors:
            # git reads its input from a file while we read its output: no deadlock
            asked = (i.oid for i in wanted[position:] if i.oid not in absent)
            listing.write(b"".join(f"{oid}\n".encode() for oid in asked))
            listing.seek(0)
            proc = git.popen(
                ["cat-file", "--batch"], stdin=listing, stderr=errors, bufsize=READ_SIZE
            )
            try:
                for blob in _replies(proc, wanted[position:], max_bytes, absent):
                    position += 1
                    yield blob
            except _Died as died:
                errors.seek(0)
                stderr = errors.read()
                if unreadable_oid(stderr) is None and not died.mid_object:
                    raise failure(["cat-file", "--batch"], stderr) from None
                yield Blob(wanted[position], -1, None)
                position += 1
            finally:
                reap(proc)


class _Died(Exception):
    """``cat-file`` ended before answering (it exits on some unreadable objects); or
    ``mid_object``, inside an object's content (a corrupt object shorter than its header
    says: git names no object then)."""

    def __init__(self, mid_object: bool = False) -> None:
        super().__init__()
        self.mid_object = mid_object


def _replies(
    proc: subprocess.Popen[bytes],
    wanted: Sequence[Introduction],
    max_bytes: int,
    absent: Container[str],
) -> Iterator[Blob]:
    assert proc.stdout is not None
    grow_pipe(proc.stdout.fileno())  # git inflates the next blobs while we scan these
    out = proc.stdout
    for intro in wanted:
        if intro.oid in absent:
            yield Blob(intro, -1, None)
            continue
        header = out.readline()
        if not header:
            raise _Died
        if header.endswith(b" missing\n"):
            yield Blob(intro, -1, None)
            continue
        parts = header.split()
        if len(parts) != 3:
            raise failure(["cat-file", "--batch"], b"unexpected reply: " + header[:200])
        size = int(parts[2])
        if size > max_bytes:
            _skip(out, size + 1)
            yield Blob(intro, size, None)
            continue
        data = out.read(size)
        if len(data) < size or out.read(1) != b"\n":  # git ends each object with a newline
            raise _Died(mid_object=True)
        yield Blob(intro, size, data)  # not sliced off a read of size + 1: one copy fewer


def missing_blobs(git: Git, revs: Sequence[str]) -> frozenset[str]:
    """The objects ``revs`` reference that a partial clone lacks: there, asking ``cat-file``
    for one makes it try a promisor remote (a fetch process each, failing: ``Git.offline``),
    and on some it exits. Empty for other repositories, where it reports a missing object
    and goes on (no walk needed)."""
    if not has_promisor(git):
        return frozenset()
    return frozenset(Missing(git, revs, b"").oids())


def has_promisor(git: Git) -> bool:
    """Whether git would try to fetch a missing object: a partial clone's
    ``extensions.partialClone``, or any remote marked ``promisor``."""
    listed = git.run(["config", "--list", "--includes"]).decode("utf-8", "replace")
    for line in listed.splitlines():
        key, _, value = line.partition("=")
        key = key.lower()
        if key == "extensions.partialclone" and value.strip():
            return True
        if key.startswith("remote.") and key.endswith(".promisor") and value.lower() in {
            "true", "yes", "on", "1", ""
        }:
            return True
    return False


def _skip(out: IO[bytes], count: int) -> None:
    while count > 0:
        count -= len(out.read(min(count, READ_SIZE))) or count


class Unlistable(GitError):
    """A listing of the history stopped on an object git cannot read (a lost tree or commit
    of a damaged repository): the diff-based scan, which recovers from those, must take it."""


def check(proc: subprocess.Popen[bytes], errors: IO[bytes], args: Sequence[str]) -> None:
    """GitError with git's message when a listing (``args``) failed; ``Unlistable`` when it
    failed on an unreadable object."""
    check_exit(proc, errors, args, lambda stderr: Unlistable(str(failure(args, stderr))))
