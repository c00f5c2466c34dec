"""The detection engine: added lines in, findings out.

Cost model: a clean push must stay cheap, so the engine runs one combined, case-insensitive
prefilter (every detector's ``prefilter`` in a single alternation) over whole blocks of added
lines in one regex call, and only lines it hits are handed to the detectors.
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from pushguard.config import Config, ScanConfig
from pushguard.scan.allowlist import Baseline, ServerAllowlist
from pushguard.scan.plugin import Detector
from pushguard.scan.secrets import fingerprint, load_or_create_key, redact
from pushguard.scan.types import AddedBlock, Finding, Match, Skipped

if TYPE_CHECKING:
    from pushguard.git import DiffStats, Git

PRAGMA = re.compile(r"pragma:\s*allowlist[ _-]secret", re.I)
PRAGMA_NEXTLINE = re.compile(r"pragma:\s*allowlist[ _-]nextline[ _-]secret", re.I)
KEY_BEGIN = re.compile(r"-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----")

LineContext = Callable[[str, str, int], "str | None"]
"""(commit, path, line) -> that line's text; used for a pragma on an unchanged line above."""


class BudgetExceeded(Exception):  # noqa: N818 - it is an outcome, not a bug
    """The scan ran past its deadline; ``partial`` holds what was found so far."""

    def __init__(self, partial: ScanResult) -> None:
        super().__init__("scan did not finish within its time budget")
        self.partial = partial


@dataclasses.dataclass(frozen=True)
class ScanResult:
    findings: tuple[Finding, ...]
    skipped: tuple[Skipped, ...]
    stats: DiffStats | None = None
    seconds: float = 0.0

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.blocking)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.blocking)


class Engine:
    def __init__(
        self,
        detectors: Sequence[Detector],
        *,
        key: bytes,
        policy: ScanConfig,
        allowlist: ServerAllowlist | None = None,
        baseline: Baseline | None = None,
        context: LineContext | None = None,
        false_positive: Callable[[str, str, str], str | None] | None = None,
    ) -> None:
        self._detectors = [
            (d, re.compile(d.prefilter, re.I))
            for d in detectors
            if d.rule not in policy.disabled_rules
        ]
        self._prefilter = re.compile(
            "|".join(f"(?:{d.prefilter})" for d, _ in self._detectors) or r"(?!)", re.I
        )
        self._key = key
        self._policy = policy
        self._allowlist = allowlist
        self._baseline = baseline
        self._context = context
        self._false_positive = false_positive

    def scan(
        self,
        items: Iterable[AddedBlock | Skipped],
        *,
        stats: DiffStats | None = None,
        deadline: float | None = None,
    ) -> ScanResult:
        started = time.monotonic()
        findings: list[Finding] = []
        skipped: list[Skipped] = []
        for item in items:
            if isinstance(item, Skipped):
                skipped.append(item)
            else:
                findings.extend(self.scan_block(item))
            if deadline is not None and time.monotonic() > deadline:
                raise BudgetExceeded(
                    ScanResult(tuple(findings), tuple(skipped), stats, time.monotonic() - started)
                )
        return ScanResult(tuple(findings), tuple(skipped), stats, time.monotonic() - started)

    def scan_block(self, block: AddedBlock) -> list[Finding]:
        text = block.text
        hit = self._prefilter.search(text)
        if hit is None:
            return []
        findings: list[Finding] = []
        lineno = block.start
        counted = 0  # offset up to which newlines have been counted into lineno
        while hit is not None:
            begin = text.rfind("\n", 0, hit.start()) + 1
            end = text.find("\n", hit.start())
            end = len(text) if end < 0 else end
            lineno += text.count("\n", counted, begin)
            counted = begin
            findings.extend(self._scan_line(block, text, begin, end, lineno))
            hit = self._prefilter.search(text, end + 1) if end < len(text) else None
        return findings

    def _scan_line(
        self, block: AddedBlock, text: str, begin: int, end: int, lineno: int
    ) -> list[Finding]:
        line = text[begin:end]
        if self._policy.inline_pragmas and PRAGMA.search(line):
            return []
        best: dict[str, Finding] = {}
        for detector, prefilter in self._detectors:
            if not prefilter.search(line):
                continue
            for match in detector.find(line, block.path):
                finding = self._judge(detector, match, block, text, end, lineno, line)
                if finding is None:
                    continue
                # one secret flagged by several detectors: keep the most severe report
                kept = best.get(finding.fingerprint)
                if kept is None or (finding.blocking and not kept.blocking):
                    best[finding.fingerprint] = finding
        if best and self._policy.inline_pragmas and self._pragma_above(block, text, begin, lineno):
            return []
        return list(best.values())

    def _judge(
        self,
        detector: Detector,
        match: Match,
        block: AddedBlock,
        text: str,
        end: int,
        lineno: int,
        line: str,
    ) -> Finding | None:
        secret = match.secret
        if self._false_positive is not None and self._false_positive(secret, line, block.path):
            return None
        if KEY_BEGIN.match(secret):
            # a private key's header is the same for every key: fingerprint the key material
            secret = _key_material(secret, text, end)
        if self._baseline is not None and self._baseline.allows(match.secret, block.path):
            return None
        digest = fingerprint(self._key, secret)
        if self._allowlist is not None and self._allowlist.allows(digest, detector.rule, block.path):
            return None
        blocking = detector.blocking or self._policy.generic_blocking
        reason = "" if detector.blocking else "generic detector: review it, it does not block"
        if not match.checksum_ok:
            blocking = False
            reason = "checksum does not validate: not a live token"
        return Finding(
            commit=block.commit,
            path=block.path,
            line=lineno,
            rule=detector.rule,
            blocking=blocking,
            fingerprint=digest,
            redacted=redact(match.secret),
            reason=reason,
        )

    def _pragma_above(self, block: AddedBlock, text: str, begin: int, lineno: int) -> bool:
        if begin > 0:
            above_start = text.rfind("\n", 0, begin - 1) + 1
            return bool(PRAGMA_NEXTLINE.search(text, above_start, begin - 1))
        if self._context is None or lineno <= 1:
            return False
        above = self._context(block.commit, block.path, lineno - 1)
        return above is not None and bool(PRAGMA_NEXTLINE.search(above))


def _key_material(header: str, text: str, end: int) -> str:
    """The header plus the added lines up to the matching END line (bounded)."""
    stop = text.find("-----END", end)
    if stop < 0 or stop - end > 64 * 1024:
        return header
    return header + text[end:stop]


def build_engine(
    config: Config, repo: str | None, *, git: Git | None = None, baseline_revs: Sequence[str] = ()
) -> Engine:
    """An engine with the server's policy for one repository."""
    from pushguard.scan.filters import false_positive_reason
    from pushguard.scan.plugins import all_detectors

    policy = config.scan_for(repo)
    baseline = None
    if policy.import_baseline and git is not None and baseline_revs:
        baseline = Baseline.load(git, baseline_revs)
    return Engine(
        all_detectors(),
        key=load_or_create_key(config.fingerprint_key_file),
        policy=policy,
        allowlist=ServerAllowlist(config.allowlist),
        baseline=baseline,
        context=git.line_at if git is not None else None,
        false_positive=false_positive_reason,
    )


def scan_git(
    git: Git,
    config: Config,
    repo: str | None,
    revs: Sequence[str],
    *,
    stdin_revs: Sequence[str] = (),
    baseline_revs: Sequence[str] = (),
    deadline: float | None = None,
) -> ScanResult:
    """Scan the lines that the commits selected by ``revs``/``stdin_revs`` add.

    ``baseline_revs``: commits the server already had whose ``.secrets.baseline`` is trusted
    (used only when the policy imports baselines).
    """
    from pushguard.git import DiffStats, added_blocks

    engine = build_engine(config, repo, git=git, baseline_revs=baseline_revs)
    stats = DiffStats()
    items = added_blocks(
        git,
        revs,
        stdin_revs=stdin_revs,
        max_blob_bytes=config.scan_for(repo).max_blob_bytes,
        stats=stats,
    )
    try:
        return engine.scan(items, stats=stats, deadline=deadline)
    finally:
        items.close()
