"""Commit messages as blocks of added lines: a token pasted into a message is pushed, stored
and served like any file's.

One ``git log -z --format=%H%n%B`` process lists the commits a scan covers together with their
messages (it reads each commit object once, as ``rev-list`` would: same cost). A message is
reported under the path ``MESSAGE_PATH``, line 1 being its subject.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence

from pushguard.git.patch import Interesting
from pushguard.git.repo import Git
from pushguard.scan.types import AddedBlock

MESSAGE_PATH = "/COMMIT_MSG"
"""Where a commit message's findings are reported: Gerrit's name for it. No file in a
repository has a path that starts with "/", so it never collides with one."""


def messages_command(revs: Sequence[str]) -> list[str]:
    """The commits ``revs`` (plus revisions on stdin) select, newest first, each as
    ``<oid>\\n<message>\\0``; messages re-encoded to UTF-8, no signature or notes output
    whatever the configuration says."""
    return [
        "log", "-z", "--format=%H%n%B", "--encoding=UTF-8", "--no-show-signature",
        "--no-notes", "--no-decorate", *revs, "--stdin",
    ]  # fmt: skip


def read_message(git: Git, commit: str) -> str:
    """One commit's message, as ``message_blocks`` gives it (GitError if there is none)."""
    out = git.run(
        ["log", "-1", "--format=%B", "--encoding=UTF-8", "--no-show-signature", "--no-notes",
         "--end-of-options", commit]
    )  # fmt: skip
    return out.decode("utf-8", "replace").rstrip("\n")


def listed_commits(listing: bytes) -> list[str]:
    """The commit ids of a ``messages_command`` output, in its order."""
    return [listing[start : listing.index(b"\n", start, end)].decode("ascii")
            for start, end in _spans(listing)]  # fmt: skip


def message_blocks(listing: bytes, interesting: Interesting | None) -> Iterator[AddedBlock]:
    """A block per commit message of a ``messages_command`` output. ``interesting`` (the
    engine's prefilter over raw bytes): only messages with a hit are decoded and yielded."""
    records = list(_spans(listing))
    if interesting is not None:
        starts = [start for start, _ in records]
        wanted = sorted({bisect.bisect_right(starts, o) - 1 for o in interesting(listing)})
        records = [records[i] for i in wanted if i >= 0]
    for start, end in records:
        oid, _, message = listing[start:end].partition(b"\n")
        text = message.decode("utf-8", "replace").rstrip("\n")
        if text:
            yield AddedBlock(oid.decode("ascii"), MESSAGE_PATH, 1, text)


def _spans(listing: bytes) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each NUL-terminated record."""
    start = 0
    while start < len(listing):
        end = listing.find(b"\0", start)
        if end < 0:
            end = len(listing)
        if start < end:
            yield start, end
        start = end + 1
