"""What a pre-receive hook is told: ref update lines, and the revisions they add."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from pushguard.errors import UsageError

# SHA-1 (40) or SHA-256 (64) object ids; receive-pack always sends full lowercase hex.
_OID = re.compile(r"[0-9a-fA-F]{40}(?:[0-9a-fA-F]{24})?")


def is_null_oid(oid: str) -> bool:
    """All zeros, whatever the hash length (a SHA-256 null id has 64 of them)."""
    return bool(oid) and oid.count("0") == len(oid)


class RefUpdate(NamedTuple):
    old: str
    new: str
    ref: str

    @property
    def created(self) -> bool:
        return is_null_oid(self.old)

    @property
    def deleted(self) -> bool:
        return is_null_oid(self.new)


def parse_ref_updates(text: str) -> list[RefUpdate]:
    """Every ``<old> SP <new> SP <ref>`` line of a pre-receive hook's stdin (githooks(5)).

    Blank lines are ignored; anything else malformed raises ``UsageError`` naming the line.
    """
    updates: list[RefUpdate] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.removesuffix("\r")
        if not line.strip():
            continue
        parts = line.split(" ")
        if len(parts) != 3:
            raise UsageError(f"stdin line {number}: expected '<old-oid> <new-oid> <ref>'")
        old, new, ref = parts[0].lower(), parts[1].lower(), parts[2]
        for name, oid in (("old", old), ("new", new)):
            if not _OID.fullmatch(oid):
                raise UsageError(
                    f"stdin line {number}: {name} object id is not 40 or 64 hex digits"
                )
        if len(old) != len(new):
            raise UsageError(f"stdin line {number}: object ids of different lengths")
        if not ref or any(ord(ch) < 0x20 or ch == "\x7f" for ch in ref):
            raise UsageError(f"stdin line {number}: invalid ref name")
        if is_null_oid(old) and is_null_oid(new):
            raise UsageError(f"stdin line {number}: both object ids are null")
        updates.append(RefUpdate(old, new, ref))
    return updates


def push_revisions(updates: Sequence[RefUpdate]) -> tuple[list[str], list[str]]:
    """``(revs, stdin_revs)`` selecting the commits a push adds, for ``added_blocks``.

    The query git itself uses for its connectivity check: new tips on stdin, ``--not --all``.
    Inside the quarantine environment refs are not updated yet, so ``--all`` means "already
    in the repository": a new branch or lightweight tag on an existing commit adds nothing,
    a force push adds only the commits no ref had. Deletions add nothing. Annotated tags are
    peeled to their commit by git. All tips go into one call because refs share commits.
    """
    tips = list(dict.fromkeys(u.new for u in updates if not u.deleted))
    return ["--not", "--all"], tips
