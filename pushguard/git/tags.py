"""What a pushed tag adds besides commits: an annotated tag's message, and a blob or tree that a
tag (or a ref) points at directly, which no commit's diff would ever show.

A tag's message is reported under ``TAG_MESSAGE_PATH`` with the tag object's id in the commit
field; a tagged blob under ``TAGGED_BLOB_PATH``; a tagged tree's files under their paths in it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence

from pushguard.git.objects import MISSING, Objects, whole_blob
from pushguard.git.patch import BinaryFile, DiffStats
from pushguard.git.repo import Git
from pushguard.scan.types import AddedBlock, Skipped

TAG_MESSAGE_PATH = "/TAG_MSG"
TAGGED_BLOB_PATH = "/TAGGED_BLOB"
MAX_TAG_CHAIN = 16
"""Tags of tags followed at most this deep (git itself allows any depth)."""


TAG_REFS_COMMAND = ["for-each-ref", "--format=%(objectname) %(objecttype)", "refs/tags"]
"""Every tag ref with the type of what it names (``tag_refs`` of ``tag_blocks``)."""


def wants_tag_refs(revs: Sequence[str]) -> bool:
    """Whether ``revs`` select all refs, and so every tag too."""
    return "--all" in _positive(revs, ())


def tag_blocks(
    objects: Objects,
    revs: Sequence[str],
    stdin_revs: Sequence[str],
    commits: Collection[str],
    tag_refs: bytes,
    max_blob_bytes: int,
    stats: DiffStats,
) -> Iterator[AddedBlock | Skipped]:
    """Blocks for the objects that ``revs`` and ``stdin_revs`` name positively (a push's new
    tips) and that are not commits, and for the tags in ``tag_refs`` (``TAG_REFS_COMMAND``'s
    output, when ``wants_tag_refs``). ``commits``: commits already listed (they need no
    look-up: most pushes cost nothing here)."""
    wanted = [tip for tip in _positive(revs, stdin_revs) if tip not in commits]
    wanted += [
        oid.decode("ascii")
        for oid, _, kind in (line.partition(b" ") for line in tag_refs.splitlines())
        if kind != b"commit"
    ]
    seen: set[str] = set()
    for tip in dict.fromkeys(wanted):
        if tip != "--all":
            yield from _walk(objects, tip, seen, max_blob_bytes, stats)


def _walk(
    objects: Objects, oid: str, seen: set[str], max_blob_bytes: int, stats: DiffStats
) -> Iterator[AddedBlock | Skipped]:
    for _ in range(MAX_TAG_CHAIN):
        if oid in seen:
            return
        seen.add(oid)
        kind, _size = objects.info(oid)
        if kind == MISSING:
            stats.skipped += 1
            yield Skipped(oid, "", MISSING, oid)
            return
        if kind == "blob":
            yield from whole_blob(BinaryFile(oid, TAGGED_BLOB_PATH, oid), objects, max_blob_bytes,
                                  stats)  # fmt: skip
            return
        if kind == "tree":
            for path, blob in _tree_blobs(objects, oid):
                yield from whole_blob(BinaryFile(oid, path, blob), objects, max_blob_bytes, stats)
            return
        if kind != "tag":
            return  # a commit: its lines come from the diffs
        header, _, message = objects.read(oid).partition(b"\n\n")
        text = message.decode("utf-8", "replace").rstrip("\n")  # as read_tag_message
        if text:
            yield AddedBlock(oid, TAG_MESSAGE_PATH, 1, text)
        target = next((line[7:] for line in header.split(b"\n") if line.startswith(b"object ")),
                      None)  # fmt: skip
        if target is None:
            return
        oid = target.decode("ascii", "replace")


def read_tag_message(git: Git, oid: str) -> str:
    """One tag object's message, as ``tag_blocks`` gives it (GitError if it is no tag)."""
    data = git.run(["cat-file", "tag", oid])
    return data.partition(b"\n\n")[2].decode("utf-8", "replace").rstrip("\n")


def _tree_blobs(objects: Objects, tree: str) -> Iterator[tuple[str, str]]:
    """``(path, blob id)`` of every file under ``tree`` (submodules skipped)."""
    pending = [("", tree)]
    while pending:
        prefix, oid = pending.pop()
        data = objects.read(oid)
        hash_size = len(oid) // 2
        pos = 0
        while pos < len(data):
            space = data.index(b" ", pos)
            nul = data.index(b"\0", space)
            mode, name = data[pos:space], data[space + 1 : nul].decode("utf-8", "replace")
            entry = data[nul + 1 : nul + 1 + hash_size].hex()
            pos = nul + 1 + hash_size
            if mode == b"40000":
                pending.append((f"{prefix}{name}/", entry))
            elif mode != b"160000":
                yield f"{prefix}{name}", entry


def _positive(revs: Sequence[str], stdin_revs: Sequence[str]) -> list[str]:
    """The revisions (and ``--all``) that select objects rather than exclude them: no
    ``^x``, no range, nothing after an odd number of ``--not``."""
    found: list[str] = []
    positive = True
    for rev in revs:
        if rev == "--not":
            positive = not positive
        elif positive and (rev == "--all" or not (rev.startswith(("-", "^")) or ".." in rev)):
            found.append(rev)
    return found + [rev for rev in stdin_revs if not rev.startswith("^") and ".." not in rev]
