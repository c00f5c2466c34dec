"""Records that flow through the detection engine."""

from __future__ import annotations

from typing import NamedTuple


class AddedBlock(NamedTuple):
    """Consecutive lines a commit adds to one file.

    ``text`` holds the lines joined by ``\\n`` (no trailing newline); the first of them is
    line ``start`` (1-based) of ``path`` as of ``commit``. Blocks let the engine run its
    prefilter over many lines in one regex call instead of one call per line.
    """

    commit: str
    path: str
    start: int
    text: str


class InFile(NamedTuple):
    """A diff's added lines (``block``) with the whole new version of their file (``text``),
    in which their detectors judge them: a Secret's entry changed far below its unchanged
    ``kind: Secret`` line (``Detector.context_files``)."""

    block: AddedBlock
    text: str


class Skipped(NamedTuple):
    """A file the git layer did not scan, and why (``binary``, ``oversize``, or ``missing``:
    git could not read object ``oid``, e.g. in a partial clone; ``path`` is empty when a
    whole commit or tag could not be read)."""

    commit: str
    path: str
    reason: str
    oid: str = ""


class Match(NamedTuple):
    """One candidate secret a detector found in a line.

    ``checksum_ok`` is False when the token has a built-in checksum (GitHub, npm, GitLab
    routable) that does not validate: not a live token as written, so it is reported at
    medium confidence (it still blocks: a mistyped copy of a real token is one step away).
    """

    secret: str
    checksum_ok: bool = True
    # Set by detectors that carry many rules (the catalogue): the rule that matched, its
    # provider and confidence, and whether it blocks (None: the detector's ``blocking``).
    rule: str = ""
    provider: str = ""
    confidence: str = ""
    blocking: bool | None = None
    reason: str = ""  # why it does not block, when ``blocking`` is False
    # For a detector that needs its service named (``provider_nearby``): why it warns where
    # none is, rather than being dropped ("": dropped)
    unnamed: str = ""


class Finding(NamedTuple):
    """What the engine reports. Never holds the raw secret."""

    commit: str
    path: str
    line: int
    rule: str
    blocking: bool
    fingerprint: str  # hex HMAC-SHA256(server key, secret)
    redacted: str  # e.g. "hf_Ab…yz"
    reason: str = ""  # why a non-blocking finding does not block
    provider: str = ""  # whose credential: "github", "groq"; "" for generic detectors
    confidence: str = ""  # "high", "medium" or "low": how sure the rule is of its match

    def to_json(self) -> dict[str, object]:
        return self._asdict()
