"""Parser for ``git log -p -U0 --cc`` output: the lines each commit adds, as blocks.

Pure bytes-in, records-out, so it can be tested on its own. Input is the stream of lines
produced by ``diff.log_command`` (each commit introduced by a line ``NUL <oid>``).
"""

from __future__ import annotations

import bisect
import dataclasses
import fnmatch
import re
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple, Protocol

from pushguard.scan.types import AddedBlock


@dataclasses.dataclass
class DiffStats:
    """What ``added_blocks`` went through: commits walked, file diffs seen, added lines
    and their bytes (as stored, before decoding), files skipped (binary or oversize).
    With an ``interesting`` filter (see ``parse_patch``) ``lines`` is approximate (lines
    starting with "+", less "+++ " headers) and ``bytes`` counts the parsed sections only."""

    commits: int = 0
    files: int = 0
    lines: int = 0
    bytes: int = 0
    skipped: int = 0


class Readable(Protocol):
    """A byte stream: a pipe, or a ``recover.Lane`` over one."""

    def read(self, size: int, /) -> bytes: ...


class BinaryFile(NamedTuple):
    """A file git did not diff as text (binary, or larger than ``core.bigFileThreshold``):
    the caller decides from the new blob what to report."""

    commit: str
    path: str
    blob: str


_ESCAPES = {
    ord("a"): 7,
    ord("b"): 8,
    ord("t"): 9,
    ord("n"): 10,
    ord("v"): 11,
    ord("f"): 12,
    ord("r"): 13,
    ord('"'): 34,
    ord("\\"): 92,
}


def c_unquote(raw: bytes) -> tuple[bytes, bytes]:
    """Undo git's C-style quoting of ``raw`` (starting with '"'): (name, rest after it)."""
    out = bytearray()
    i, end = 1, len(raw)
    while i < end:
        ch = raw[i]
        if ch == 34:  # closing quote
            return bytes(out), raw[i + 1 :]
        if ch == 92 and i + 1 < end:
            nxt = raw[i + 1]
            if 48 <= nxt <= 51 and i + 3 < end:  # \ooo octal byte
                out.append(int(raw[i + 1 : i + 4], 8))
                i += 4
                continue
            out.append(_ESCAPES.get(nxt, nxt))
            i += 2
            continue
        out.append(ch)
        i += 1
    return bytes(out), b""


def _name(raw: bytes, prefix: bytes) -> bytes:
    """A path as printed after ``+++ ``/``rename to ``: maybe quoted, maybe prefixed."""
    if raw.startswith(b'"'):
        raw = c_unquote(raw)[0]
    return raw.removeprefix(prefix)


def _header_path(rest: bytes) -> bytes:
    """Path from ``diff --git a/P b/P``. Without rename detection both sides are the same,
    so an unquoted header splits in the middle even when P contains " b/"."""
    if rest.startswith(b'"'):
        name, after = c_unquote(rest)
        after = after.strip()
        if after.startswith(b'"'):
            return c_unquote(after)[0].removeprefix(b"b/")
        return after.removeprefix(b"b/") if after else name.removeprefix(b"a/")
    half = (len(rest) - 1) // 2
    return rest[half + 1 :].removeprefix(b"b/")


def _decode_path(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


# A whole -U0 hunk of a two-way diff: its removed lines, then its added lines (each run
# maybe followed by "\ No newline at end of file"). Group 1: first new line, group 2: the
# added lines with their "+" prefixes. Matched in C, so large additions cost no Python loop.
_HUNK = re.compile(
    rb"@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@[^\n]*\n"
    rb"(?:-[^\n]*\n)*(?:\\[^\n]*\n)?((?:\+[^\n]*\n)*)(?:\\[^\n]*\n)?"
)
# What may follow a complete hunk: another hunk, the next file, the next commit.
_AFTER_HUNK = frozenset(b"@d\0")

READ_SIZE = 1024 * 1024
MAX_BLOCK_BYTES = 1024 * 1024
"""Added lines per block at most (a longer run is cut at a line boundary): the scan checks its
deadline between blocks and holds one at a time, so a huge file costs linear time, bounded
memory, and cannot overrun the hook's budget (issue 13)."""


Interesting = Callable[[bytes], Iterable[int]]
"""Raw ``git log -p`` bytes -> offsets of bytes on lines that may hold a secret."""

MAX_COMMIT_BYTES = 8 * 1024 * 1024
"""A commit's diff larger than this is parsed as a stream instead of being held whole (held,
it costs about six times its size at the peak: the hook must stay small with a huge file)."""

SKIM_READ_SIZE = 256 * 1024
"""Reads when skipping sections: each read is copied about twice (commits are cut out whole),
and with one reader thread per git process small reads keep the peak memory flat."""


def parse_patch(
    stream: Readable, stats: DiffStats, interesting: Interesting | None = None
) -> Iterator[AddedBlock | BinaryFile]:
    """Blocks of consecutive added lines per file and commit, and the binary files.

    Reads ``stream`` in large chunks; memory stays bounded by the largest hunk (which
    ``core.bigFileThreshold`` bounds). Merges come as combined diffs, one prefix column
    per parent: a line counts as added only when every column is "+", i.e. it is new
    relative to every parent.

    ``interesting``: when given, only the file sections (a ``diff --`` header up to the next
    header or commit) with an offset on an added line, or with a ``Binary files`` line, are
    parsed; the others cannot yield anything a detector flags and are skipped unparsed
    (parsing every line costs far more than one prefilter pass over the raw bytes).
    """
    if interesting is None:
        yield from _parse_all(stream, stats)
        return
    parser = _Parser(DiffStats())
    pending: list[bytes] = []  # an unfinished commit (starting with its "\0<oid>" line)
    size = 0
    while True:
        chunk = stream.read(SKIM_READ_SIZE)
        if not chunk:
            break
        # the last commit marker ("\n\0": a diff line never starts with NUL) in the chunk,
        # the byte before it possibly ending the previous chunk
        cut = chunk.rfind(b"\n\0")
        if cut >= 0:
            cut += 1
        elif chunk.startswith(b"\0") and (not pending or pending[-1].endswith(b"\n")):
            cut = 0
        if cut < 0 or (cut == 0 and not pending):
            pending.append(chunk)
            size += len(chunk)
            if size > MAX_COMMIT_BYTES:  # one huge commit: stream the rest, bounded memory
                yield from parser.finish()
                yield from _parse_all(_Prefixed(pending, stream), stats)
                return
            continue
        part = b"".join([*pending, memoryview(chunk)[:cut]])
        pending, size = [chunk[cut:]], len(chunk) - cut
        yield from _sections(parser, part, stats, interesting)
    if pending:
        yield from _sections(parser, b"".join(pending), stats, interesting)
    yield from parser.finish()


def _sections(
    parser: _Parser, part: bytes, stats: DiffStats, interesting: Interesting
) -> list[AddedBlock | BinaryFile]:
    """Parse the interesting file sections of ``part``: whole commits, marker first."""
    stats.commits += part.count(b"\n\0") + part.startswith(b"\0")
    stats.files += part.count(b"\ndiff --") + part.startswith(b"diff --")
    stats.lines += part.count(b"\n+") - part.count(b"\n+++ ")
    lines: list[int] = []  # starts of the lines that make a section interesting
    for offset in interesting(part):
        start = part.rfind(b"\n", 0, offset) + 1
        if part.startswith(b"+", start):  # removed lines and headers never add anything
            lines.append(start)
    found = part.find(b"\nBinary files ")
    while found >= 0:
        lines.append(found + 1)
        found = part.find(b"\nBinary files ", found + 1)
    if not lines:
        return []
    # Where sections and commits start, found once: looking them up around each line with
    # find/rfind scanned to the part's end per line, quadratic in a dense commit (flask's
    # committed virtualenv: 65% of the scan's CPU in those two calls).
    headers = _starts(part, b"\ndiff --", part.startswith(b"diff --"))
    commits = _starts(part, b"\n\0", part.startswith(b"\0"))
    pieces: list[bytes] = []
    marker = -1  # the commit marker last handed to the parser
    end = 0
    for line in sorted(lines):
        if line < end:
            continue  # in the section just taken
        h = bisect.bisect_right(headers, line) - 1
        c = bisect.bisect_right(commits, line) - 1
        commit = commits[c] if c >= 0 else 0
        start = headers[h] if h >= 0 else 0
        if start <= commit:  # no header (cannot happen in git's output): take it all
            start = commit
        if commit != marker:
            marker = commit
            pieces.append(part[commit : part.find(b"\n", commit) + 1])
        end = min(
            headers[h + 1] if h + 1 < len(headers) else len(part),
            commits[c + 1] if c + 1 < len(commits) else len(part),
        )
        pieces.append(part[start:end])
    data = b"".join(pieces)
    before = parser.stats.bytes
    parser.feed(data, len(data), True)
    stats.bytes += parser.stats.bytes - before
    out, parser.out = parser.out, []
    return out


class FileNames:
    """Files chosen by name (a path's last part): ``globs``, ``*`` and ``?`` within a name."""

    def __init__(self, globs: Iterable[str]) -> None:
        globs = list(globs)
        self._names = re.compile("|".join(fnmatch.translate(glob) for glob in globs))
        # how such names end (a literal): a diff header's line ends with its file's name,
        # maybe closing a quoted path
        endings = {glob[max(glob.rfind("*"), glob.rfind("?")) + 1 :].encode() for glob in globs}
        self._endings = tuple(endings | {ending + b'"' for ending in endings})

    def match(self, path: str) -> bool:
        return self._names.match(path.rpartition("/")[2]) is not None

    def first_added_lines(self, data: bytes) -> list[int]:
        """Offsets in raw ``git log -p`` output ``data`` of the first added line of each
        file section of such a file: an ``interesting`` offset that keeps the section
        whatever a prefilter finds in it. Headers are found by their line's start and end,
        literals (a pattern for a whole header backtracked over a crafted name's blanks)."""
        found = []
        at = data.find(b"\ndiff --")  # a header follows its commit's line
        while at >= 0:
            start, at = at + 1, data.find(b"\ndiff --", at + 1)
            end = data.find(b"\n", start)
            if end < 0 or not data.endswith(self._endings, start, end):
                continue
            path = _section_path(data[start:end])
            if path is None or not self.match(_decode_path(path)):
                continue
            stop = min(x for x in (at, data.find(b"\n\0", end), len(data)) if x >= 0)
            hunk = data.find(b"\n@@", end, stop)  # past the "+++ " line
            added = data.find(b"\n+", hunk, stop) if hunk >= 0 else -1
            if added >= 0:
                found.append(added + 1)
        return found


def _section_path(header: bytes) -> bytes | None:
    """The path a ``diff --`` header line names (as the parser reads it), if any."""
    if header.startswith(b"diff --git "):
        return _header_path(header[11:])
    if header.startswith((b"diff --cc ", b"diff --combined ")):
        return _name(header.split(b" ", 2)[2], b"")
    return None


def split_block(text: bytes, start: int) -> Iterator[tuple[int, str]]:
    """``text`` (lines from line ``start``) in pieces of at most ``MAX_BLOCK_BYTES`` cut at
    line ends (a longer line is one piece): ``(first line number, decoded text)``."""
    pos = 0
    while True:
        end = len(text)
        if end - pos > MAX_BLOCK_BYTES:
            end = text.rfind(b"\n", pos, pos + MAX_BLOCK_BYTES + 1)
            if end < 0:  # one line longer than a block: kept whole
                end = text.find(b"\n", pos + MAX_BLOCK_BYTES)
                end = len(text) if end < 0 else end
        yield start, text[pos:end].decode("utf-8", "replace")
        if end >= len(text):
            return
        start += text.count(b"\n", pos, end) + 1
        pos = end + 1
def _starts(data: bytes, sep: bytes, at_zero: bool) -> list[int]:
    """Offsets just after each ``sep``'s newline (its line starts), plus 0 if ``at_zero``."""
    found = [0] if at_zero else []
    pos = data.find(sep)
    while pos >= 0:
        found.append(pos + 1)
        pos = data.find(sep, pos + 1)
    return found


class _Prefixed:
    """``stream`` with ``head`` (already read from it) put back in front."""

    def __init__(self, head: list[bytes], stream: Readable) -> None:
        self._head = head
        self._stream = stream

    def read(self, size: int) -> bytes:
        if self._head:
            return self._head.pop(0)
        return self._stream.read(size)


def _parse_all(
    stream: Readable, stats: DiffStats
) -> Iterator[AddedBlock | BinaryFile]:
    parser = _Parser(stats)
    buf = b""
    pos = 0
    want = READ_SIZE
    while True:
        chunk = stream.read(want)
        eof = not chunk
        buf = buf[pos:] + chunk
        pos = 0
        limit = len(buf) if eof else buf.rfind(b"\n") + 1
        done = parser.feed(buf, limit, eof)
        yield from parser.out
        parser.out.clear()
        # What is left is an unfinished hunk or line: read at least as much again, so that
        # a hunk longer than a chunk is re-matched O(log n) times, not O(n).
        want = max(READ_SIZE, len(buf) - done)
        pos = done
        if eof:
            break
    yield from parser.finish()


class _Parser:
    def __init__(self, stats: DiffStats) -> None:
        self.stats = stats
        self.out: list[AddedBlock | BinaryFile] = []
        self.commit = ""
        self.path = ""
        self.blob = ""
        self.in_hunk = False  # inside a hunk parsed line by line (combined or unusual)
        self.ncols = 1
        self.plus = b"+"
        self.lineno = 0
        self.start = 0
        self.block: list[bytes] = []
        self.block_bytes = 0

    def feed(self, buf: bytes, limit: int, eof: bool) -> int:
        """Consume complete units of ``buf[:limit]``; return where consumption stopped."""
        pos = 0
        while pos < limit:
            if not self.in_hunk and buf.startswith(b"@@ -", pos):
                m = _HUNK.match(buf, pos, limit)
                if m is not None and (m.end() < limit or eof):
                    if m.end() == limit or buf[m.end()] in _AFTER_HUNK:
                        added = m.group(2)
                        if added:
                            self._emit(int(m.group(1)), added)
                        pos = m.end()
                        continue
                elif m is not None and limit - pos <= MAX_BLOCK_BYTES:
                    return pos  # the hunk may go on in the next chunk
                # else a hunk longer than a block: parsed line by line, in bounded blocks
            nl = buf.find(b"\n", pos, limit)
            end = limit if nl < 0 else nl + 1
            self._line(buf[pos:end])
            pos = end
        return pos

    def _emit(self, start: int, added: bytes) -> None:
        text = added[1:-1].replace(b"\n+", b"\n")
        self.stats.lines += added.count(b"\n")
        self.stats.bytes += len(text)
        for line, piece in split_block(text, start):
            self.out.append(AddedBlock(self.commit, self.path, line, piece))

    def _flush(self) -> None:
        if self.block:
            raw = b"\n".join(self.block)
            self.stats.lines += len(self.block)
            self.stats.bytes += len(raw)
            self.out.append(
                AddedBlock(self.commit, self.path, self.start, raw.decode("utf-8", "replace"))
            )
            self.block = []

    def _hunk_line(self, line: bytes) -> bool:
        """One line of a hunk parsed line by line; False if it is not a hunk line."""
        first = line[:1]
        if first not in (b"+", b"-", b" ", b"\\"):
            return False
        cols = line[: self.ncols]
        if first == b"\\" or b"-" in cols:
            return True  # removed from some parent: not in the new file
        if cols == self.plus:
            if not self.block:
                self.start = self.lineno
                self.block_bytes = 0
            content = line[self.ncols :]
            self.block.append(content[:-1] if content.endswith(b"\n") else content)
            self.block_bytes += len(content)
            if self.block_bytes > MAX_BLOCK_BYTES:
                self.lineno += 1
                self._flush()  # the next added line starts the next block
                return True
        else:
            self._flush()  # a line some parent already had ends the block
        self.lineno += 1
        return True

    def _line(self, line: bytes) -> None:
        if self.in_hunk:
            if self._hunk_line(line):
                return
            self.in_hunk = False
        self._flush()
        if line.startswith(b"@@"):
            self.ncols = len(line) - len(line.lstrip(b"@")) - 1
            self.plus = b"+" * self.ncols
            at = line.index(b" +") + 2
            stop = at
            while line[stop : stop + 1].isdigit():
                stop += 1
            self.lineno = int(line[at:stop])
            self.in_hunk = True
        elif line.startswith(b"\0"):
            self.commit = line[1:].strip().decode("ascii")
            self.stats.commits += 1
        elif line.startswith(b"diff --git "):
            self.path = _decode_path(_header_path(line[11:].rstrip(b"\n")))
            self.blob = ""
            self.stats.files += 1
        elif line.startswith((b"diff --cc ", b"diff --combined ")):
            self.path = _decode_path(_name(line.split(b" ", 2)[2].rstrip(b"\n"), b""))
            self.blob = ""
            self.stats.files += 1
        elif line.startswith(b"+++ "):
            raw = line[4:].rstrip(b"\n")
            if raw.endswith(b"\t"):  # git appends a tab to names containing a space
                raw = raw[:-1]
            if raw != b"/dev/null":
                self.path = _decode_path(_name(raw, b"b/"))
        elif line.startswith((b"rename to ", b"copy to ")):
            self.path = _decode_path(_name(line.split(b" ", 2)[2].rstrip(b"\n"), b""))
        elif line.startswith(b"index "):
            new = line[6:].rstrip(b"\n").split(b"..", 1)[-1].split(b" ", 1)[0]
            self.blob = new.decode("ascii")
        elif line.startswith(b"Binary files ") and self.blob.strip("0"):
            self.out.append(BinaryFile(self.commit, self.path, self.blob))

    def finish(self) -> list[AddedBlock | BinaryFile]:
        self._flush()
        out, self.out = self.out, []
        return out
