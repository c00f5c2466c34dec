"""Objects read one at a time, for the few that a diff does not show: binary or oversize
files whose new version may be text, and what a pushed tag points at."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Generator

from pushguard.git.image_data import without_image_data
from pushguard.git.patch import BinaryFile, DiffStats, split_block
from pushguard.git.repo import Git, failure, reap
from pushguard.git.utf16 import utf16_text
from pushguard.scan.types import AddedBlock, Skipped

BINARY_SNIFF_BYTES = 8000
"""git looks for NUL in this many leading bytes to call a blob binary (xdiff-interface.c)."""
MIN_RUN = 8
"""Printable bytes in a row that count as text inside a binary blob (like ``strings -n 8``):
shorter than any credential a detector blocks, longer than most noise in real binaries."""
_PRINTABLE_RUN = re.compile(rb"[\t\x20-\x7e\x80-\xff]{%d,}" % MIN_RUN)


MISSING = "missing"
"""``Objects.info``'s type for an object the repository lacks (never fetched: the caller's
``Git`` is ``offline``)."""


class Objects:
    """Types, sizes and contents of objects, from lazily started ``cat-file --batch-check``
    / ``--batch`` processes: sizes first, so that an oversize blob's content is never read."""

    def __init__(self, git: Git) -> None:
        self._git = git
        self._check: subprocess.Popen[bytes] | None = None
        self._batch: subprocess.Popen[bytes] | None = None

    def _ask(self, proc: subprocess.Popen[bytes], oid: str) -> tuple[str, int]:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(oid.encode() + b"\n")
        proc.stdin.flush()
        header = proc.stdout.readline()
        if header.endswith(b" missing\n"):  # absent (a partial clone), or unreadable
            return MISSING, -1
        parts = header.split()
        if len(parts) != 3:
            raise failure(["cat-file"], b"unexpected reply: " + header[:200])
        return parts[1].decode("ascii", "replace"), int(parts[2])

    def info(self, oid: str) -> tuple[str, int]:
        """``(type, size)`` of an object; ``(MISSING, -1)`` when git cannot read it."""
        if self._check is None:
            self._check = self._git.popen(["cat-file", "--batch-check"], stdin=True)
        return self._ask(self._check, oid)

    def size(self, oid: str) -> int:
        return self.info(oid)[1]

    def read(self, oid: str) -> bytes:
        if self._batch is None:
            self._batch = self._git.popen(["cat-file", "--batch"], stdin=True)
        size = self._ask(self._batch, oid)[1]
        assert self._batch.stdout is not None
        data = self._batch.stdout.read(size + 1)  # content plus git's trailing LF
        return data[:size]

    def close(self) -> None:
        for proc in (self._check, self._batch):
            if proc is not None:
                reap(proc)


def whole_blob(
    item: BinaryFile, objects: Objects, max_blob_bytes: int, stats: DiffStats
) -> Generator[AddedBlock | Skipped, None, None]:
    """Every line of ``item``'s blob (of a binary one: its printable runs), in blocks of at
    most ``MAX_BLOCK_BYTES``; an oversize blob is skipped unread, a missing one reported."""
    size = objects.size(item.blob)
    if size < 0:
        stats.skipped += 1
        yield Skipped(item.commit, item.path, MISSING, item.blob)
        return
    if size > max_blob_bytes:
        stats.skipped += 1
        yield Skipped(item.commit, item.path, "oversize")
        return
    yield from blob_blocks(item.commit, item.path, objects.read(item.blob), stats)


def as_text(data: bytes) -> bytes | None:
    """A file's content ``data`` as text: itself, or as UTF-8 if it is UTF-16 (which git
    calls binary: ``utf16.utf16_text``); None if it is binary (a NUL in its start, as git
    sniffs it)."""
    if b"\0" not in data[:BINARY_SNIFF_BYTES]:
        return data
    return utf16_text(data)


def blob_blocks(
    commit: str, path: str, data: bytes, stats: DiffStats
) -> Generator[AddedBlock | Skipped, None, None]:
    """Every line of a blob's content ``data`` (of a binary one: its printable runs), in
    blocks of at most ``MAX_BLOCK_BYTES``."""
    readable = as_text(data)
    if readable is None:
        # git calls it binary, but a token after a NUL in an otherwise text file is still a
        # leak (issue 13): scan its printable runs, line numbers kept (an image's pixels,
        # compressed, hold none); none: nothing to scan
        readable = printable_runs(without_image_data(data))
        if not readable.strip():
            stats.skipped += 1
            yield Skipped(commit, path, "binary")
            return
    data = readable
    if not data:
        return
    if data.endswith(b"\n"):  # a file of one empty line still has that line
        data = data[:-1]
    stats.lines += data.count(b"\n") + 1
    stats.bytes += len(data)
    for line, text in split_block(data, 1):
        yield AddedBlock(commit, path, line, text)


def printable_runs(data: bytes) -> bytes:
    """``data`` with everything but runs of ``MIN_RUN`` printable bytes (UTF-8 included)
    blanked: runs on one line are joined by a space, lines stay where they were."""
    return b"\n".join(b" ".join(_PRINTABLE_RUN.findall(line)) for line in data.split(b"\n"))
