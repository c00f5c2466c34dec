"""A scan of a history that reaches commits the repository lost (``pushguard.git.lost``):
tried as it is, and when git fails, walked again around the lost commits, which the result
reports as missing objects and as the points where its history is cut."""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pushguard.errors import GitError
from pushguard.git import Git
from pushguard.git.lost import around_lost_commits
from pushguard.git.objects import MISSING
from pushguard.scan.types import Skipped

if TYPE_CHECKING:  # the engine's import waits until git runs (``cli.scan``)
    from pushguard.scan.engine import ScanResult


def scan_around_lost_commits(
    scan: Callable[[Git, Sequence[str]], ScanResult],
    git: Git,
    revs: Sequence[str],
    stdin_revs: Sequence[str] = (),
) -> ScanResult:
    """``scan(git, revs)``; if git fails on a commit the history lost, ``scan`` again with a
    Git and revisions that walk around it. Any other failure is raised as it was."""
    try:
        return scan(git, revs)
    except GitError as failed:
        with tempfile.TemporaryDirectory(prefix="pushguard-lost-") as workdir:
            try:
                around = around_lost_commits(git, revs, stdin_revs, Path(workdir))
            except GitError:
                raise failed from None
            if around is None:
                raise
            result = scan(around.git, around.revs)
    lost = tuple(Skipped(oid, "", MISSING, oid) for oid in around.lost)
    return dataclasses.replace(result, skipped=(*result.skipped, *lost), lost_commits=around.lost)
