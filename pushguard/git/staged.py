"""Added lines before there is a commit: the index (``scan --staged``, the pre-commit hook)
and whole files named on the command line.

Same parser, same pinned diff options and the same binary/oversize handling as a push, so a
commit the pre-commit hook lets through is one the server's hook accepts too.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator, Sequence
from pathlib import Path
from typing import IO, Final, cast

from pushguard.git.objects import Objects, as_text, whole_blob
from pushguard.git.patch import BinaryFile, DiffStats, parse_patch
from pushguard.git.repo import Git, failure, reap
from pushguard.scan.types import AddedBlock, Skipped

STAGED: Final = "staged"
"""The ``commit`` of findings in the index (there is no commit yet)."""

WORKTREE: Final = "worktree"
"""The ``commit`` of findings in files read from the working tree."""

_OPTIONS: Final = [
    "--patch", "-U0", "--inter-hunk-context=0", "--find-renames=100%", "--no-ext-diff",
    "--no-textconv", "--no-color", "--no-relative", "--full-index", "--src-prefix=a/",
    "--dst-prefix=b/", "--ignore-submodules=all", "--irreversible-delete",
]  # fmt: skip
"""``commands._DIFF_OPTIONS`` minus what only ``log``/``diff-tree`` take (--cc, --root)."""


def staged_command(max_blob_bytes: int, paths: Sequence[str]) -> list[str]:
    return [
        "-c", f"core.bigFileThreshold={max_blob_bytes}",
        "-c", "core.quotePath=false",
        "-c", "diff.suppressBlankEmpty=false",
        "--literal-pathspecs",
        "diff", "--cached", *_OPTIONS, "--", *paths,
    ]  # fmt: skip


class _Marked:
    """git's output behind the commit marker line the patch parser expects."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._head: list[bytes] = [b"\0" + STAGED.encode() + b"\n"]
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        return self._head.pop() if self._head else self._stream.read(size)


def staged_blocks(
    git: Git, paths: Sequence[str], *, max_blob_bytes: int, stats: DiffStats
) -> Generator[AddedBlock | Skipped, None, None]:
    """What the index adds relative to HEAD (everything, before the first commit)."""
    import tempfile

    with tempfile.TemporaryFile() as err:
        proc = git.popen(staged_command(max_blob_bytes, paths), stderr=err)
        objects = Objects(git)
        try:
            assert proc.stdout is not None
            for item in parse_patch(cast(IO[bytes], _Marked(proc.stdout)), stats):
                if isinstance(item, BinaryFile):
                    yield from whole_blob(item, objects, max_blob_bytes, stats)
                else:
                    yield item
            if proc.wait() != 0:
                err.seek(0)
                raise failure(["diff"], err.read())
        finally:
            reap(proc)
            objects.close()


def index_line(git: Git, path: str, line: int) -> str | None:
    """Line ``line`` of ``path`` as staged (for a pragma on an unchanged line above)."""
    proc = git.attempt(["--literal-pathspecs", "ls-files", "-s", "-z", "--", path])
    entry = proc.stdout.split(b"\0", 1)[0]
    if proc.returncode != 0 or not entry:
        return None
    blob = entry.split(b" ")[1].decode("ascii")
    text = git.run(["cat-file", "blob", blob]).split(b"\n")
    return text[line - 1].decode("utf-8", "replace") if 0 < line <= len(text) else None


def file_blocks(
    files: Sequence[Path], root: Path, *, max_blob_bytes: int, stats: DiffStats
) -> Iterator[AddedBlock | Skipped]:
    """Every line of each file (paths reported relative to ``root`` when inside it)."""
    for file in files:
        try:
            name = os.path.relpath(file.resolve(), root.resolve())
        except ValueError:
            name = str(file)
        if name.startswith(".."):
            name = str(file)
        stats.files += 1
        size = file.stat().st_size
        if size > max_blob_bytes:
            stats.skipped += 1
            yield Skipped(WORKTREE, name, "oversize")
            continue
        data = as_text(file.read_bytes())
        if data is None:
            stats.skipped += 1
            yield Skipped(WORKTREE, name, "binary")
            continue
        lines = data.split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        if not lines:
            continue
        stats.lines += len(lines)
        stats.bytes += len(data)
        yield AddedBlock(WORKTREE, name, 1, b"\n".join(lines).decode("utf-8", "replace"))
