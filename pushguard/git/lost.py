"""Histories that reach commits a damaged repository lost.

git stops a walk at a commit it cannot read (``error: Could not read <oid>``, then ``fatal:
Failed to traverse parents of commit <child>``), and at a ref naming one (``fatal: bad
object refs/...``): every listing of the history fails, so a scan would report nothing.
``around_lost_commits`` finds the lost commits, walking once per lost commit (a rev-list:
0.1 s on TruffleHog's 18k commits, and only after a scan failed), and gives a Git and
revisions whose walks go around them:

- a graft file (``GIT_GRAFT_FILE``) gives each commit that names a lost parent only its
  readable parents; with none left it is read as a root, as a shallow clone's boundary is,
  so its whole tree counts as added and what it kept of the lost history is scanned there;
- a ref to a lost commit is left out of ``--all`` (and ``--branches``, ``--glob``...) by an
  ``--exclude`` before each.

What only the lost commits, and commits nothing else reaches behind them, held is out of
reach: the scan reports the lost commits as missing objects and says its history is cut.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from pushguard.git.missing import unreadable_oid
from pushguard.git.repo import Git, failure

MAX_LOST = 64
"""Lost commits worked around at most: a repository missing more is too damaged to scan."""

_TRAVERSE = re.compile(rb"Failed to traverse parents of commit ([0-9a-f]{40,64})")
_BAD_REF = re.compile(rb"fatal: bad object (refs/\S+)")
_REF_SETS = ("--all", "--branches", "--tags", "--remotes", "--glob=")


class LostHistory(NamedTuple):
    """A Git and revisions whose walks go around the lost commits, and those commits."""

    git: Git
    revs: list[str]
    lost: tuple[str, ...]


def around_lost_commits(
    git: Git, revs: Sequence[str], stdin_revs: Sequence[str], workdir: Path
) -> LostHistory | None:
    """The history ``revs``/``stdin_revs`` select, walked around the commits it lost (the
    graft file is written in ``workdir``, which must outlive the returned Git's use); None
    when the walk needs no detour (a scan failed for another reason). GitError when it
    fails for another reason, or more than ``MAX_LOST`` commits are lost."""
    grafts: dict[str, list[str]] = {}
    excluded: list[str] = []
    lost: list[str] = []
    path = workdir / "grafts"
    path.write_bytes(b"")
    walker = copy.copy(git)
    walker.env = {**git.env, "GIT_GRAFT_FILE": str(path)}
    stdin = "".join(f"{rev}\n" for rev in stdin_revs).encode()
    while True:
        selected = _excluding(revs, excluded)
        args = ["rev-list", *selected, "--stdin"]
        proc = walker.attempt(args, stdin)
        if proc.returncode == 0:
            return LostHistory(walker, selected, tuple(dict.fromkeys(lost))) if lost else None
        if len(lost) >= MAX_LOST:
            raise failure(args, proc.stderr)
        child, oid = _TRAVERSE.search(proc.stderr), unreadable_oid(proc.stderr)
        bad_ref = _BAD_REF.search(proc.stderr)
        if child is not None and oid is not None:
            commit = child.group(1).decode("ascii")
            parents = grafts.get(commit) or _parents(walker, commit)
            grafts[commit] = [parent for parent in parents if parent != oid]
            path.write_text(
                "".join(f"{c} {' '.join(ps)}".rstrip() + "\n" for c, ps in grafts.items())
            )
        elif bad_ref is not None and any(rev.startswith(_REF_SETS) for rev in revs):
            ref = bad_ref.group(1).decode("utf-8", "replace")
            if ref in excluded:
                raise failure(args, proc.stderr)
            excluded.append(ref)
            oid = _target(walker, ref)
        else:
            raise failure(args, proc.stderr)
        lost.append(oid)


def _excluding(revs: Sequence[str], refs: Sequence[str]) -> list[str]:
    """``revs`` with ``refs`` left out of each set of refs they name (an ``--exclude``
    applies to the next ``--all``, ``--branches``... only)."""
    selected: list[str] = []
    for rev in revs:
        if rev.startswith(_REF_SETS):
            selected += [f"--exclude={ref}" for ref in refs]  # ref names hold no glob
        selected.append(rev)
    return selected


def _parents(git: Git, commit: str) -> list[str]:
    header = git.run(["cat-file", "commit", commit]).split(b"\n\n", 1)[0]
    return [line[7:].decode("ascii") for line in header.split(b"\n") if line.startswith(b"parent ")]


def _target(git: Git, ref: str) -> str:
    """The object ``ref`` names, read from the ref itself (the object is gone)."""
    listed = git.run(["for-each-ref", "--format=%(objectname)", ref]).decode("ascii", "replace")
    return listed.split("\n", 1)[0] or ref
