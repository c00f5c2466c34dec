"""Re-read a finding's secret from the git object it was found in (commit, path, line; the
paths ``MESSAGE_PATH`` and ``TAG_MESSAGE_PATH`` are the commit's or tag's message).

The store keeps only a keyed fingerprint and a redacted preview; the raw secret is found again
in the repository's mirror and accepted only when its fingerprint matches, in constant time.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hmac
import re
from collections.abc import Callable, Sequence
from typing import Any

from pushguard.git.messages import MESSAGE_PATH, read_message
from pushguard.git.tags import TAG_MESSAGE_PATH, read_tag_message
from pushguard.respond.base import Responder
from pushguard.scan.plugin import Detector
from pushguard.scan.secrets import fingerprint
from pushguard.store import models

RELATED_LINES = 3
"""Lines around a finding searched for its companion secret (an AWS key id's secret key)."""

FILE_CACHE = 256
"""Files kept decoded per job (findings cluster in a few files of a few commits)."""

MAX_BLOB = 8 * 1024 * 1024
"""Larger files are not re-read (the scanner skips files past its own, smaller, limit)."""

_AWS_SECRET = re.compile(r"(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])")


@dataclasses.dataclass(frozen=True)
class Reread:
    value: str = dataclasses.field(repr=False)
    related: tuple[str, ...] = dataclasses.field(repr=False)
    author_email: str | None
    context: str = dataclasses.field(default="", repr=False)  # catalogue rules: lines around


SecretReader = Callable[[models.Finding, models.Repository, Responder], "Reread | None"]
"""Re-reads a finding's secret from git (the mirror in production)."""


def mirror_reader(
    home: Any,
    key: bytes,
    detectors: Sequence[Detector],
    lock: Callable[[int], contextlib.AbstractContextManager[Any]],
    credential: Callable[[models.Repository], Any] = lambda repo: None,
    catalogue: Callable[[models.Repository], Detector | None] = lambda repo: None,
) -> SecretReader:
    """Re-read secrets from each repository's mirror, fetching a missing commit under the
    repository's lock. Files are read once per job, however many findings they hold.
    ``catalogue``: the repository's rule catalogue, for findings of its rules (loaded only
    when such a finding is re-read)."""
    from pushguard.workers.mirror import Mirror

    files: dict[tuple[int, str, str], list[str] | None] = {}
    authors: dict[tuple[int, str], str | None] = {}

    def lines_of(mirror: Mirror, repo_id: int, commit: str, path: str) -> list[str] | None:
        key_ = (repo_id, commit, path)
        if key_ not in files:
            if len(files) >= FILE_CACHE:
                files.clear()
            if path == MESSAGE_PATH:
                files[key_] = read_message(mirror.git(), commit).split("\n")
            elif path == TAG_MESSAGE_PATH:
                files[key_] = read_tag_message(mirror.git(), commit).split("\n")
            else:
                blob = mirror.git().read_blob(commit, path, max_bytes=MAX_BLOB)
                files[key_] = None if blob is None else blob.decode("utf-8", "replace").split("\n")
        return files[key_]

    def read(f: models.Finding, repo: models.Repository, responder: Responder) -> Reread | None:
        mirror = Mirror.for_repository(home, repo.id, repo.clone_url, credential(repo))
        if (repo.id, f.commit) not in authors:
            if not mirror.has_commit(f.commit):
                with lock(repo.id):
                    if not mirror.exists():
                        mirror.sync()
                    if not mirror.has_commit(f.commit) and not mirror.fetch_commit(f.commit):
                        return None
            out = mirror.run("log", "-1", "--format=%ae", "--end-of-options", f.commit)
            authors[(repo.id, f.commit)] = out.decode().strip() or None
        lines = lines_of(mirror, repo.id, f.commit, f.path)
        if lines is None or not 1 <= f.line <= len(lines):
            return None
        value = _matching(lines[f.line - 1], f, key, detectors)
        context = ""
        if value is None and ("." in f.rule or "/" in f.rule):  # a catalogue rule's id
            found = catalogue(repo)
            value = _matching(lines[f.line - 1], f, key, [found], by_match=True) if found else None
            window = lines[max(0, f.line - 1 - RELATED_LINES) : f.line + RELATED_LINES]
            context = "\n".join(window)
        if value is None:
            return None
        related: list[str] = []
        if responder.name == "aws":
            for text in lines[max(0, f.line - 1 - RELATED_LINES) : f.line + RELATED_LINES]:
                related.extend(m for m in _AWS_SECRET.findall(text) if m != value)
                related.extend(
                    m.secret
                    for d in detectors
                    if d.rule == f.rule
                    for m in d.find(text, f.path)
                    if m.secret != value
                )
        return Reread(value, tuple(dict.fromkeys(related)), authors[(repo.id, f.commit)], context)

    return read


def _matching(
    line: str,
    f: models.Finding,
    key: bytes,
    detectors: Sequence[Detector],
    by_match: bool = False,
) -> str | None:
    """``by_match``: the detectors carry many rules (the catalogue): each match names its own."""
    for detector in detectors:
        if not by_match and detector.rule != f.rule:
            continue
        for match in detector.find(line, f.path):
            if by_match and match.rule != f.rule:
                continue
            if hmac.compare_digest(fingerprint(key, match.secret), f.fingerprint):
                return match.secret
    return None


# --- RQ entry points ---------------------------------------------------------------------------
