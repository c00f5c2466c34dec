"""The detection engine: added lines in, findings out.

Cost model: a clean push must stay cheap and a full history must stream fast, so the engine
runs the detectors' prefilters over whole blocks of added lines at once (``prefilter.py``) and
hands only the lines they hit to the detectors that hit them.
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Callable, Collection, Container, Iterable, Sequence
from typing import TYPE_CHECKING

from pushguard.config import AllowEntry, Config, ScanConfig
from pushguard.git.patch import FileNames
from pushguard.scan.allowlist import Baseline, LazyAllowlist, ServerAllowlist, load_published
from pushguard.scan.catalogue import CatalogueDetector, named_rather
from pushguard.scan.encoded import decoded_text, unquoted_line
from pushguard.scan.lazyre import compile_all
from pushguard.scan.literals import joined_literals
from pushguard.scan.pairs import element_below, getter, joined
from pushguard.scan.plugin import Detector, enabled, rules_of
from pushguard.scan.prefilter import LineEnds, Prefilter, RegexPrefilter, make_prefilter
from pushguard.scan.rulemeta import UNDECODABLE, base_id, jwt_reason, provider_of, same_provider
from pushguard.scan.secrets import fingerprint, load_or_create_key, redact
from pushguard.scan.types import AddedBlock, Finding, InFile, Match, Skipped
from pushguard.scan.vendored import VendoredPaths

if TYPE_CHECKING:
    from pushguard.git import DiffStats, Git
    from pushguard.git.diff import Patches

PRAGMA = re.compile(r"pragma:\s*allowlist[ _-]secret", re.I)
PRAGMA_NEXTLINE = re.compile(r"pragma:\s*allowlist[ _-]nextline[ _-]secret", re.I)
KEY_BEGIN = re.compile(r"-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----")
PUTTY_HEADER = "PuTTY-User-Key-File-"
KEY_LINES = 200
"""How far below its header a private key's material is read (up to its END line)."""
CONTEXT_LINES = 5
"""How far from a shape-only match its provider's name or key id may be: a credentials file
section, a Terraform provider block, a .env group."""

GENERIC_MAX_LINE = 10_000
"""Longer lines are minified or generated (bundles, search indexes, inlined fonts): the
generic warnings skip them as they skip vendored paths (on flask's history a few dozen such
lines cost the keyword and entropy detectors 0.8 s); providers' rules still run on them."""

REWRITE_MAX = 2048
"""Characters of the longest line read a second time rewritten (its percent-escapes
decoded, its string literals joined): URLs stay under browsers' 2,000 or so; a longer
line with escapes is a recorded API response (PyGithub's fixtures in TruffleHog's
history, up to 8 KB each), whose second pass would cost as much as its first."""
LONG_LINE = 8192
"""Longer lines (minified bundles, source maps, data on one line) are read by each detector
only around where its prefilter matched (``_windows``), not whole: a detector's regexes cost
time in proportion to the line, and on laravel's history with all refs 700 such lines of
8-950 KB cost more detector time (7.8 s) than every other line together."""
REACH = (512, 4096)
"""How far before and after the end of a prefilter's match a detector reads a long line: a
credential's name and provider before it, the value after (a private key written on one
line with ``\\n`` escapes runs to ~3.3 KB)."""
WINDOW_MAX = 8192
"""The longest stretch of a long line a detector reads at once. Stretches around matches
that overlap are merged, and a line dense with them (120 KB of ``eyJ``) became one: the
detect-secrets JWT plugin's pattern, quadratic in such a run, took 3 s on it and 11 s on
twice as much. Past this length a stretch ends and the next begins (overlapping by the
reach), so each read stays short and the line's cost linear."""

MEMO_LINES = 65536
"""Lines whose detector results the engine remembers (then it forgets them all: bounded)."""
MEMO_MAX_LINE = 2048
"""Longer lines are not remembered (they rarely repeat, and would hold memory)."""

LineContext = Callable[[str, str, int], "str | None"]
"""(commit, path, line) -> that line's text; used for a pragma on an unchanged line above."""


class _DeadlineReached(Exception):
    pass


class BudgetExceeded(Exception):
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
    shallow: bool = False
    """The repository is a shallow clone: history before its cut was not scanned."""
    catalogue: str = ""  # "catalogue tier on: ..." or why it is off (said once per scan)
    lost_commits: tuple[str, ...] = ()
    """Commits the history names that the repository lost: the scan went around them, and
    history reached only through them was not scanned (``pushguard.git.lost``)."""

    @property
    def missing(self) -> tuple[Skipped, ...]:
        """Objects git could not read (a partial, damaged or incomplete repository): the
        scan went on without them, so it is partial."""
        return tuple(s for s in self.skipped if s.reason == "missing")

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
        prefilter: Callable[[Sequence[str]], Prefilter] | None = None,
        catalogue: CatalogueDetector | None = None,
        catalogue_status: str = "",
    ) -> None:
        self._disabled = frozenset(policy.disabled_rules)
        self._detectors = [d for d in detectors if enabled(d, self._disabled)]
        self._own_rules = frozenset(rule for d in self._detectors for rule in rules_of(d))
        # the catalogue tier: many rules in one detector, prefiltered with ours (its anchors,
        # the last pattern) and run in bulk on the blocks it hits
        self._catalogue = catalogue
        self.catalogue_status = catalogue_status
        patterns = [d.prefilter for d in self._detectors]
        if catalogue is not None:
            patterns.extend(catalogue.prefilters)
        self._catalogue_indices = frozenset(range(len(self._detectors), len(patterns)))
        self._prefilter = (prefilter or RegexPrefilter)(patterns)
        self._prefilter.bulk = self._catalogue_indices
        self._key = key
        self._policy = policy
        self._allowlist = allowlist
        self._baseline = baseline
        self._context = context
        self._false_positive = false_positive
        self._memo: dict[tuple[int, str, str], list[Match]] = {}
        # generic warnings skip third-party code, unless they block (``vendored.py``)
        self._vendored = VendoredPaths(() if policy.generic_blocking else policy.vendored_paths)
        self._generic = frozenset(
            index for index, detector in enumerate(self._detectors) if not detector.blocking
        )
        # rules whose secret may be another rule's token: stored base64-encoded (a Secret's
        # data: value under GROQ_API_KEY), the token inside is reported in its place
        self._caught = frozenset(d.rule for d in self._detectors if getattr(d, "catch_all", ""))
        # the order a line's detectors run in, which decides between two blocking reports of
        # one secret (the first is kept): registry order, catch-alls after every other rule
        self._rank = [
            (bool(getattr(detector, "catch_all", "")), index)
            for index, detector in enumerate(self._detectors)
        ]
        self._related = [
            (index, related)
            for index, detector in enumerate(self._detectors)
            if (related := getattr(detector, "related_lines", None)) is not None
        ]
        self._related_numbers = frozenset(number for number, _ in self._related)
        globs = [g for d in self._detectors for g in getattr(d, "context_files", ())]
        self._context_files = FileNames(globs) if globs else None

    def before_fork(self) -> None:
        """Load now what forked workers would each load on first use (plugin modules,
        compiled patterns: ~40 ms of CPU each), and let the catalogue's background load
        finish, so they copy it loaded and use it (0.4 s of CPU each saved) instead of
        waiting on a thread they do not have."""
        for detector in self._detectors:
            prepare = getattr(detector, "prepare", None)
            if prepare is not None:
                prepare()
        compile_all()
        if self._catalogue is not None:
            self._catalogue.settle()

    def interesting(self, data: bytes) -> list[int]:
        """Offsets in ``data`` (raw ``git log -p`` output, commit messages, a binary
        blob) where some prefilter matches: a line without one cannot yield a finding."""
        return self._prefilter.offsets(data)

    def patch_offsets(self, data: bytes) -> list[int]:
        """``interesting`` of raw ``git log -p`` output (``added_blocks(interesting=...)``
        skips the file sections with none), and an added line of every section of a
        ``context_file``: a line there may be a secret by an unchanged line elsewhere in
        the file, with no prefilter hit of its own (a netrc password below its ``machine``
        line)."""
        offsets = self.interesting(data)
        if self._context_files is not None:
            offsets += self._context_files.first_added_lines(data)
        return offsets

    def context_file(self, path: str) -> bool:
        """Whether ``path``'s new lines are judged within the whole file (a diff's, as
        ``InFile``), whatever they hold: one of the detectors' ``context_files``, where an
        unchanged line may make them secrets."""
        return self._context_files is not None and self._context_files.match(path)

    def scan(
        self,
        items: Iterable[AddedBlock | InFile | Skipped],
        *,
        stats: DiffStats | None = None,
        deadline: float | None = None,
    ) -> ScanResult:
        started = time.monotonic()
        findings: list[Finding] = []
        skipped: list[Skipped] = []

        def result() -> ScanResult:
            return ScanResult(
                tuple(findings),
                tuple(skipped),
                stats,
                time.monotonic() - started,
                catalogue=self.catalogue_status,
            )

        try:
            for item in items:
                if isinstance(item, Skipped):
                    skipped.append(item)
                elif isinstance(item, InFile):
                    findings.extend(self.scan_in_file(item))
                else:
                    findings.extend(self.scan_block(item))
                if deadline is not None and time.monotonic() > deadline:
                    raise _DeadlineReached
        except _DeadlineReached:
            raise BudgetExceeded(result()) from None
        return result()

    def interesting_until(self, deadline: float | None) -> Callable[[bytes], list[int]]:
        """``patch_offsets`` that also enforces the deadline: with skipped sections the
        stretches between items can be long, and this runs once per chunk of git output."""

        def check(data: bytes) -> list[int]:
            if deadline is not None and time.monotonic() > deadline:
                raise _DeadlineReached
            return self.patch_offsets(data)

        return check

    def scan_block(self, block: AddedBlock) -> list[Finding]:
        data = block.text.encode("utf-8", "surrogateescape")
        hits = self._prefilter.hits(data, self._skipped(block.path))
        extra: dict[int, list[Match]] = {}
        wanted = self._catalogue_indices
        if self._catalogue is not None and any(not wanted.isdisjoint(f) for f in hits.values()):
            for index, match in self._catalogue.find_block(block.text, block.path):
                extra.setdefault(index, []).append(match)
            hits = {line: [i for i in found if i not in wanted] for line, found in hits.items()}
        if not hits and not extra:
            return []
        lines = block.text.split("\n")
        return self._scan_hits(block, lines, self._with_related(lines, hits), extra)

    def scan_in_file(self, item: InFile) -> list[Finding]:
        """``scan_block`` of ``item.block``'s lines as lines of their whole new file: the
        file's other lines are judged with, nothing is reported on them."""
        block = item.block
        lines = item.text.split("\n")
        first = block.start - 1
        last = first + block.text.count("\n")
        if lines[first : last + 1] != block.text.split("\n"):  # not this file's version
            return self.scan_block(block)
        hits, ends = self.line_hits(block.path, item.text.encode("utf-8", "surrogateescape"))
        new = on_spans(hits, [(first, last)])
        whole = AddedBlock(block.commit, block.path, 1, item.text)
        return self.scan_new_lines(whole, lines, hits, new, [(first, last)], ends)

    def scan_new_lines(
        self,
        block: AddedBlock,
        lines: list[str],
        hits: dict[int, list[int]],
        new: dict[int, list[int]],
        spans: Sequence[tuple[int, int]],
        ends: LineEnds,
    ) -> list[Finding]:
        """``scan_file`` of ``block`` (split into ``lines``, with its ``line_hits``) where
        only the lines of ``spans`` (first, last) are new, and of those only the ``new``
        hits not scanned before: the rest is judged with, nothing is reported on it. A hit
        on an old line may still make a new line a finding (``anchors``)."""
        anchors = {line: found for line, found in self.anchors(hits).items() if line not in new}
        if not new and not anchors:
            return []
        stale = Stale(hits.keys() - new.keys(), spans)
        return self.scan_file(block, lines, new, stale, ends=ends, anchors=anchors)

    def line_hits(self, path: str, data: bytes) -> tuple[dict[int, list[int]], LineEnds]:
        """Every prefilter hit in a whole file's ``data``, by line (``scan_file``'s input;
        empty: no detector can report anything in it), and where on its long lines the
        prefilters matched, where the same pass tells (``scan_file``'s ``ends``)."""
        return self._prefilter.line_ends(data, LONG_LINE, self._skipped(path))

    def anchors(self, hits: dict[int, list[int]]) -> dict[int, list[int]]:
        """Of ``hits``, those of the detectors that judge other lines than their own
        (``related_lines``: a Secret's entries, below its ``kind: Secret`` line)."""
        numbers = self._related_numbers
        return {
            line: kept
            for line, found in hits.items()
            if (kept := [number for number in found if number in numbers])
        }

    def _skipped(self, path: str) -> frozenset[int]:
        """The prefilters left out for ``path``: in third-party code the generic detectors'
        (``vendored.py``), whose matches are most of such code's, dropped in the prefilter's
        own pass."""
        return self._generic if path in self._vendored else frozenset()

    def scan_file(
        self,
        block: AddedBlock,
        lines: list[str],
        hits: dict[int, list[int]],
        stale: Container[int] = (),
        window: int = CONTEXT_LINES,
        ends: LineEnds | None = None,
        anchors: dict[int, list[int]] | None = None,
    ) -> list[Finding]:
        """``scan_block`` of a whole file (``block.start`` 1, split into ``lines``) whose
        ``line_hits`` are known. The catalogue is given only the lines around its hits
        (``window`` either side), as it is given a diff's added lines around them: a file is
        mostly lines it has no anchor on, and scanning them natively cost as much as the
        rest of a history. ``stale``: lines with hits that an earlier version of the file
        had (left out of ``hits``); nothing is reported on them. ``ends``: ``line_hits``'
        match ends on long lines (byte offsets: used where a line is ASCII, whose offsets
        are its characters'). ``anchors``: ``anchors`` of hits on lines nothing is reported
        on (stale ones), whose related lines may be new (a changed entry of a Secret whose
        ``kind: Secret`` line is as it was)."""
        extra: dict[int, list[Match]] = {}
        wanted = self._catalogue_indices
        known = ends or {}
        # where on each long hit line the prefilters matched, for the catalogue and ours alike
        located = {
            line: known[line]
            if line in known and lines[line].isascii()
            else self._match_ends(lines[line], wanted.union(found))
            for line, found in hits.items()
            if line < len(lines) and len(lines[line]) > LONG_LINE
        }
        near = sorted(line for line, found in hits.items() if not wanted.isdisjoint(found))
        if self._catalogue is not None and near:
            kept: list[int] = []  # line index in the file of each line given to the catalogue
            for line in near:
                first = max(line - window, kept[-1] + 1 if kept else 0)
                if kept and first > kept[-1] + 1:
                    kept.append(-1)  # an empty line between windows: no match spans them
                kept.extend(range(first, min(line + window + 1, len(lines))))
            rows = [row for i in kept for row in self._catalogue_rows(lines, i, located.get(i))]
            text = "\n".join(part for _, part in rows)
            for index, match in self._catalogue.find_block(text, block.path):
                if rows[index][0] >= 0 and rows[index][0] not in stale:
                    extra.setdefault(rows[index][0], []).append(match)
            hits = {line: [i for i in found if i not in wanted] for line, found in hits.items()}
        related = self._with_related(lines, hits, stale, anchors)
        return self._scan_hits(block, lines, related, extra, located)

    def _with_related(
        self,
        lines: list[str],
        hits: dict[int, list[int]],
        stale: Container[int] = (),
        anchors: dict[int, list[int]] | None = None,
    ) -> dict[int, list[int]]:
        """``hits`` plus the lines a detector hit elsewhere (or on an ``anchors`` line) asks
        for: values that carry no anchor of their own (a Kubernetes Secret's, near its
        ``kind: Secret`` line; a netrc entry's password, below its ``machine`` line), and
        the token alone under an XML element's opening tag that names it (``<apiKey>``),
        read with its tags (``pairs.joined``) by the detectors that reading hits."""
        for line in [line for line in hits if element_below(lines, line)]:
            if line + 1 not in stale:
                hits.setdefault(line + 1, [])
        sources = [*hits.items(), *(anchors or {}).items()]
        for number, related in self._related:
            for line in [line for line, found in sources if number in found]:
                for other in related(lines, line):
                    if other not in stale and number not in hits.setdefault(other, []):
                        hits[other].append(number)
        return hits

    def _scan_hits(
        self,
        block: AddedBlock,
        lines: list[str],
        hits: dict[int, list[int]],
        extra: dict[int, list[Match]],
        located: dict[int, dict[int, list[int]]] | None = None,
    ) -> list[Finding]:
        findings: list[Finding] = []
        located = located or {}
        for index in sorted({*hits, *extra}):
            if index < len(lines):
                findings.extend(
                    self._scan_line(
                        block,
                        lines,
                        index,
                        hits.get(index, []),
                        extra.get(index, []),
                        located.get(index),
                    )
                )
        return findings

    def _scan_line(
        self,
        block: AddedBlock,
        lines: list[str],
        index: int,
        detectors: list[int],
        catalogue: Sequence[Match] = (),
        ends: dict[int, list[int]] | None = None,
    ) -> list[Finding]:
        """``ends``: where on a long line the prefilters matched, if already known."""
        line = lines[index]
        if self._policy.inline_pragmas and _has_pragma(line):
            return []
        if len(line) > GENERIC_MAX_LINE and self._vendored.enabled:
            detectors = [number for number in detectors if number not in self._generic]
        wrapped = (joined(lines, index) or getter(lines, index)) if len(line) <= LONG_LINE else None
        if wrapped is not None:
            # a value alone on its line, its name on the line above (or a getter's return,
            # its name the function's): read as one assignment, by the detectors that the
            # two lines' text hits together
            line = wrapped
            also = self._prefilter.hits(wrapped.encode("utf-8", "surrogateescape")).get(0, ())
            detectors = sorted({*detectors, *also} - self._catalogue_indices)
        best: dict[str, Finding] = {}
        structured: list[str] = []  # secrets our structured detectors report on this line
        generic: dict[str, str] = {}  # secret -> fingerprint, from our generic detectors
        if ends is None:
            ends = self._match_ends(line, detectors) if len(line) > LONG_LINE else {}
        for number in sorted(detectors, key=self._rank.__getitem__):
            detector = self._detectors[number]
            for match in self._find(number, line, block.path, ends.get(number)):
                if wrapped is not None and match.secret not in lines[index]:
                    continue  # the line above's own value (an argument before this one)
                finding = self._judge(detector, match, block, lines, index)
                if finding is None:
                    continue
                if detector.blocking and not getattr(detector, "catch_all", False):
                    structured.append(match.secret)
                else:
                    generic[match.secret] = finding.fingerprint
                self._keep(best, finding)
        for secret, digest in list(generic.items()):
            # ours wins where a catch-all or a keyword read part of the same secret (a
            # Bitwarden token's key after its ":", a bearer token up to it): one report
            if any(secret != s and _overlap(secret, s) for s in structured):
                del generic[secret]
                best.pop(digest, None)
        for match in catalogue:
            # ours wins on the same secret: it carries checksums and responders (issue 8)
            if any(_overlap(match.secret, secret) for secret in structured):
                continue
            assert self._catalogue is not None
            finding = self._judge(self._catalogue, match, block, lines, index)
            if finding is None or (not finding.blocking and block.path in self._vendored):
                continue
            if finding.blocking:  # a provider's rule beats a catch-all or a keyword warning ...
                ours = [d for s, d in generic.items() if _overlap(match.secret, s) and d in best]
                if any(
                    named_rather(line, match.secret, best[d].provider, finding.provider)
                    and not same_provider(best[d].provider, finding.provider)
                    for d in ours
                ):
                    # ... unless ours is the provider the line names and the rule's is not:
                    # DASHSCOPE_API_KEY=sk-<32 hex> is not the DeepSeek key its shape is
                    continue
                for digest in ours:
                    del best[digest]
            self._keep(best, finding)
        for secret, digest in generic.items():
            if digest in best and best[digest].blocking and best[digest].rule not in self._caught:
                continue  # already a secret under a rule of its own (private-key-base64)
            # a provider's token stored base64-encoded blocks under its own rule (ours
            # winning over the catalogue's, which may have decoded it too)
            for inner in self._scan_decoded(block, index, secret):
                best.pop(digest, None)
                if inner.rule in self._own_rules:
                    best[inner.fingerprint] = inner
                else:
                    self._keep(best, inner)
        if len(line) <= REWRITE_MAX and not any(f.blocking for f in best.values()):
            # a token behind a URL's percent-escapes ("Bearer%20hf_…": encoded's docstring)
            # or written in pieces ('"ghp_" + "…"': literals') blocks as if written plain;
            # where the line blocks as written (a SAS's signature is escaped by design), it
            # is judged as written
            for rewritten in (unquoted_line(lines[index]), joined_literals(lines[index])):
                for inner in self._blocking_in(block, index, rewritten):
                    best.setdefault(inner.fingerprint, inner)
        if best and self._policy.inline_pragmas and self._pragma_above(block, lines, index):
            return []
        return list(best.values())

    def _scan_decoded(self, block: AddedBlock, index: int, value: str) -> list[Finding]:
        """The blocking findings in what ``value`` decodes to (``encoded``), on its line.
        Each decoding shrinks the value by a quarter, so nested encodings end."""
        text = decoded_text(value)
        if text is None:
            return []
        found = self._blocking_in(block, index, text)
        # encoded again (no quotes left for the entropy detector to find it by)
        return found or self._scan_decoded(block, index, text)

    def _blocking_in(self, block: AddedBlock, index: int, text: str | None) -> list[Finding]:
        """The blocking findings in ``text``, another reading of line ``index`` (decoded,
        rewritten), reported on that line."""
        if text is None:
            return []
        line = block.start + index
        inner = self.scan_block(AddedBlock(block.commit, block.path, line, text))
        return [f._replace(line=line) for f in inner if f.blocking]

    @staticmethod
    def _keep(best: dict[str, Finding], finding: Finding) -> None:
        # one secret flagged by several detectors: keep the most severe report, and of two
        # as severe one that says whose secret it is (a development Django key over a
        # keyword's warning, a key named beside it in a Kubernetes Secret over the Secret's)
        kept = best.get(finding.fingerprint)
        if (
            kept is None
            or (finding.blocking and not kept.blocking)
            or (finding.blocking == kept.blocking and finding.provider and not kept.provider)
        ):
            best[finding.fingerprint] = finding

    def _catalogue_rows(
        self, lines: list[str], index: int, ends: dict[int, list[int]] | None = None
    ) -> list[tuple[int, str]]:
        """(file line index, text) of what the catalogue reads of line ``index`` (-1: the
        empty line between windows): the line, or of a long one the stretches around where
        the catalogue's prefilters matched (each a line of its own), as our detectors read
        it; nothing of a long line they did not match on. ``ends``: ``_match_ends`` of the
        line, if already known."""
        line = lines[index] if index >= 0 else ""
        if len(line) <= LONG_LINE:
            return [(index, line)]
        wanted = self._catalogue_indices
        if ends is None:
            ends = self._match_ends(line, wanted)
        spans = _windows(
            [end for i, found in ends.items() if i in wanted for end in found], len(line)
        )
        return [(index, line[start:stop]) for start, stop in spans] or [(-1, "")]

    def _match_ends(self, line: str, detectors: Collection[int]) -> dict[int, list[int]]:
        """Where on a long line each of ``detectors``' prefilters matched (offsets of the
        matches' ends). A character outside ASCII (in a bundle's strings) is read as "?":
        one byte for one character keeps the offsets the line's, and the prefilters look
        for ASCII."""
        return self._prefilter.located(line.encode("ascii", "replace"), frozenset(detectors))

    def _find(
        self, number: int, line: str, path: str, ends: list[int] | None = None
    ) -> list[Match]:
        """``detector.find`` remembered per line and path: a history with all its refs adds
        the same lines again and again (pull requests, rebases, cherry-picks), and the
        generic detectors cost most on exactly those (TruffleHog's test fixtures: 40% of
        the scan in detect-secrets' entropy and keyword plugins). Detectors are pure
        functions of ``(line, path)`` (``plugin.Detector``). ``ends``: where the detector's
        prefilter matched on a long line, which it then reads only around those."""
        detector = self._detectors[number]
        if ends:
            windowed: dict[Match, None] = {}  # in order, each once
            for start, end in _windows(ends, len(line)):
                windowed.update(dict.fromkeys(detector.find(line[start:end], path)))
            return list(windowed)
        if len(line) > MEMO_MAX_LINE:
            return list(detector.find(line, path))
        key = (number, line, path)
        found = self._memo.get(key)
        if found is None:
            if len(self._memo) >= MEMO_LINES:
                self._memo.clear()
            found = self._memo[key] = list(detector.find(line, path))
        return found

    def _judge(
        self, detector: Detector, match: Match, block: AddedBlock, lines: list[str], index: int
    ) -> Finding | None:
        secret = match.secret
        if self._false_positive is not None and self._false_positive(
            secret, lines[index], block.path
        ):
            return None
        if not self._in_context(detector, block, lines, index):
            return None
        reconsider = getattr(detector, "reconsider", None)
        if reconsider is not None:
            match = reconsider(lines, index, match)
        provider = match.provider
        nearby = getattr(detector, "provider_nearby", None)
        if not provider and nearby is not None:
            # a detector that knows a key by its service's name, named above its line
            provider = nearby(lines, index, match.secret)
            if not provider:
                if not match.unnamed or block.path in self._vendored:
                    return None  # the unnamed warning is generic: never on third-party code
                # a credential's own name, and no service named anywhere near: review it
                reason = match.reason if match.blocking is False else match.unnamed
                match = match._replace(blocking=False, reason=reason)
        if KEY_BEGIN.fullmatch(secret) or secret.startswith(PUTTY_HEADER):
            # a private key's header is the same for every key: fingerprint the key material
            secret = _key_material(secret, lines, index)
            if KEY_BEGIN.fullmatch(secret):
                return None  # a PEM header line alone (issue 8): code or docs, not a key
            if secret == match.secret and "Private-" not in lines[index]:
                return None  # a PuTTY header with no key fields below or beside it, as well
            # judged whole: a header over "..." or "<your key>" is documentation
            fake = self._false_positive
            if secret != match.secret and fake and fake(secret, lines[index], block.path):
                return None
        if self._baseline is not None and self._baseline.allows(match.secret, block.path):
            return None
        rule = match.rule or detector.rule
        if rule in self._disabled:
            return None  # one of a detector's several rules (Azure's kinds of key)
        digest = fingerprint(self._key, secret)
        allowlist = self._allowlist
        if allowlist is not None and allowlist.allows(digest, rule, block.path):
            return None
        structured = detector.blocking if match.blocking is None else match.blocking
        blocking = structured or self._policy.generic_blocking
        reason = "" if blocking else "generic detector: review it, it does not block"
        catch_all = getattr(detector, "catch_all", "")
        if (
            blocking
            and catch_all
            and not self._policy.generic_blocking
            and block.path in self._vendored
        ):
            # a password in a URL (or a connection string, a Secret...) inside a checked-in
            # library is the library's example or test (werkzeug's, redis-py's docstrings),
            # not this project's credential
            blocking, reason = False, f"{catch_all} in third-party code: review it"
        if match.reason and not blocking:
            reason = match.reason
        provider = provider or provider_of(rule)
        if match.secret.startswith("eyJ"):
            jwt = jwt_reason(match.secret)
        elif base_id(rule) == "jwt":  # "ey…" but not '{"' encoded: no JWT's header
            jwt = UNDECODABLE
        else:
            jwt = None
        if jwt is not None and not (jwt == UNDECODABLE and provider):
            # a JWT is judged by its claims, whichever rule found it; a provider's token
            # that merely starts like one (Monday's, Scalr's) is judged by its rule
            blocking, reason = False, jwt
        confidence = match.confidence or ("high" if structured else "low")
        if not match.checksum_ok:
            # Not a token the provider issued as written, but still blocked: a mistyped,
            # truncated or edited copy of a real one is one step from live, and every peer
            # scanner blocks the shape. The response worker finds it dead.
            confidence = "medium"
        return Finding(
            commit=block.commit,
            path=block.path,
            line=block.start + index,
            rule=rule,
            blocking=blocking,
            fingerprint=digest,
            redacted=redact(match.secret),
            reason=reason,
            provider=provider,
            confidence=confidence,
        )

    def _in_context(
        self, detector: Detector, block: AddedBlock, lines: list[str], index: int
    ) -> bool:
        """A shape-only rule (a 40-character base64 string is an AWS secret key) also needs
        its provider named nearby: a key id, a keyword (issue 8). A wrong provider label
        sends a secret to the wrong provider's verify and revoke calls."""
        context = getattr(detector, "context", None)
        if context is None:
            return True
        nearby = lines[max(0, index - CONTEXT_LINES) : index + CONTEXT_LINES + 1]
        return any(context.search(text) for text in (block.path, *nearby))

    def _pragma_above(self, block: AddedBlock, lines: list[str], index: int) -> bool:
        if index > 0:
            return bool(PRAGMA_NEXTLINE.search(lines[index - 1]))
        if self._context is None or block.start <= 1:
            return False
        above = self._context(block.commit, block.path, block.start - 1)
        return above is not None and bool(PRAGMA_NEXTLINE.search(above))


class Stale:
    """Lines of a file or segment on which nothing is reported: ``hits`` already scanned,
    and every line outside the ``spans`` of new lines (first, last)."""

    def __init__(self, hits: Container[int], spans: Sequence[tuple[int, int]]) -> None:
        self._hits, self._spans = hits, spans

    def __contains__(self, line: object) -> bool:
        assert isinstance(line, int)
        return line in self._hits or not _within(line, self._spans)


def on_spans(hits: dict[int, list[int]], spans: Sequence[tuple[int, int]]) -> dict[int, list[int]]:
    """Of ``hits``, those on the lines of ``spans`` (first, last): the new lines'."""
    return {line: found for line, found in hits.items() if _within(line, spans)}


def _within(line: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(first <= line <= last for first, last in spans)


def _has_pragma(line: str) -> bool:
    # a caseless regex tries every position of a line, and lowercasing a minified line of
    # hundreds of KB copies it: look for the word's end as "pragma", "Pragma" and "PRAGMA"
    # write it first
    return ("agma" in line or "AGMA" in line) and PRAGMA.search(line) is not None


def _windows(ends: list[int], length: int) -> list[tuple[int, int]]:
    """The stretches of a line of ``length`` within ``REACH`` of the match ``ends``, merged
    where they overlap."""
    before, after = REACH
    merged: list[tuple[int, int]] = []
    for end in sorted(ends):
        start, stop = max(0, end - before), min(length, end + after)
        if merged and start <= merged[-1][1] and stop - merged[-1][0] <= WINDOW_MAX:
            merged[-1] = (merged[-1][0], max(merged[-1][1], stop))
        else:
            merged.append((start, stop))
    return merged


def _overlap(a: str, b: str) -> bool:
    return a in b or b in a


def _key_material(header: str, lines: list[str], index: int) -> str:
    """The header plus the key's following lines (PEM up to END, PuTTY up to its MAC)."""
    last = "Private-MAC:" if header.startswith(PUTTY_HEADER) else "-----END"
    body: list[str] = []
    for line in lines[index + 1 : index + KEY_LINES]:
        body.append(line)
        if last in line:  # also in a comment or string literal: "# -----END ..."
            return "\n".join([header, *body])
    return header


def build_engine(
    config: Config,
    repo: str | None,
    *,
    git: Git | None = None,
    baseline_revs: Sequence[str] = (),
    large: bool = True,
    preload: bool | None = None,
    triaged: Sequence[AllowEntry] | None = None,
    context: LineContext | None = None,
) -> Engine:
    """An engine with the server's policy for one repository.

    ``large``: the input may be big (a history, an initial push), so compiling the Hyperscan
    prefilter pays off; otherwise only an already cached database is used.
    ``preload``: start loading the catalogue now, in the background (default: when
    ``large``); otherwise it loads when a line first hits one of its anchors.
    ``triaged``: the false positives marked in the store; None reads the file the service
    exports (``config.allowlist_file``), as the hook does: it never opens the database.
    ``context``: where a line above an added block is read (default: ``git``'s commits).
    """
    from pushguard.scan.filters import false_positive_reason
    from pushguard.scan.plugins import all_detectors

    policy = config.scan_for(repo)
    catalogue, catalogue_status = catalogue_for(config, policy)
    if catalogue is not None and (large if preload is None else preload):
        catalogue.start()  # a history will need it: load while git works
    baseline = None
    if policy.import_baseline and git is not None and baseline_revs:
        baseline = Baseline.load(git, baseline_revs)
    return Engine(
        all_detectors(),
        key=load_or_create_key(config.fingerprint_key_file),
        policy=policy,
        allowlist=LazyAllowlist(
            lambda: [
                *config.allowlist,
                *(load_published(config.allowlist_file) if triaged is None else triaged),
            ]
        ),
        baseline=baseline,
        context=context or (git.line_at if git is not None else None),
        false_positive=false_positive_reason,
        prefilter=lambda patterns: make_prefilter(
            patterns, config.home / "cache", compile_if_missing=large
        ),
        catalogue=catalogue,
        catalogue_status=catalogue_status,
    )


def start_catalogue(config: Config, repo: str | None = None) -> None:
    """Start loading the catalogue tier in the background, for a scan sure to need it."""
    catalogue, _ = catalogue_for(config, config.scan_for(repo))
    if catalogue is not None:
        catalogue.start()


def catalogue_for(config: Config, policy: ScanConfig) -> tuple[CatalogueDetector | None, str]:
    """The catalogue tier for this policy (its loading starts now, in the background), and
    the one line that says whether it runs."""
    from pushguard.scan import catalogue
    from pushguard.scan.custom_rules import rule_files

    available = catalogue.status()
    if not policy.catalogue:
        return None, "catalogue tier off: [scan] catalogue = false"
    if not available.available:
        return None, available.line()
    base = config.source.parent if config.source is not None else None
    paths = rule_files(policy.rules, base)
    cache = policy.catalogue_cache or config.home / "cache" / "kingfisher"
    loader = catalogue.load(paths, str(cache))
    detail = available.detail + (f" + {len(paths)} rule file(s)" if paths else "")
    return CatalogueDetector(loader, policy.disabled_rules), f"catalogue tier on: {detail}"


def scan_git(
    git: Git,
    config: Config,
    repo: str | None,
    revs: Sequence[str],
    *,
    stdin_revs: Sequence[str] = (),
    baseline_revs: Sequence[str] = (),
    deadline: float | None = None,
    large: bool = True,
    preload: bool | None = None,
    jobs: int = 1,
    started: Patches | None = None,
) -> ScanResult:
    """Scan the lines that the commits selected by ``revs``/``stdin_revs`` add.

    ``baseline_revs``: commits the server already had whose ``.secrets.baseline`` is trusted
    (used only when the policy imports baselines). ``large``, ``preload``: see
    ``build_engine``.
    ``jobs``/``started``: see ``added_blocks``; with several git processes the findings are
    sorted (rev-list order of their commits, then path and line), so reports stay stable.
    """
    from pushguard.git import DiffStats, added_blocks
    from pushguard.git.diff import start_patches

    git = git.offline()  # nothing the scan reads may be fetched from a promisor remote
    max_blob_bytes = config.scan_for(repo).max_blob_bytes
    # git first: it works while the detectors are imported and the engine is built
    patches = started or start_patches(
        git, revs, stdin_revs=stdin_revs, max_blob_bytes=max_blob_bytes, jobs=jobs
    )
    try:
        engine = build_engine(
            config, repo, git=git, baseline_revs=baseline_revs, large=large, preload=preload
        )
    except BaseException:
        patches.close()
        raise
    stats = DiffStats()
    items = added_blocks(
        git,
        revs,
        stdin_revs=stdin_revs,
        max_blob_bytes=max_blob_bytes,
        stats=stats,
        interesting=engine.interesting_until(deadline),
        in_file=engine.context_file,
        started=patches,
    )
    try:
        result = engine.scan(items, stats=stats, deadline=deadline)
    finally:
        items.close()
        patches.close()  # in case the generator never started
    if (git.git_dir / "shallow").exists():
        result = dataclasses.replace(result, shallow=True)
    if patches.order is None:
        return result
    rank = {commit: index for index, commit in enumerate(patches.order)}
    return dataclasses.replace(
        result,
        findings=tuple(
            sorted(result.findings, key=lambda f: (rank.get(f.commit, -1), f.path, f.line))
        ),
        skipped=tuple(sorted(result.skipped, key=lambda s: (rank.get(s.commit, -1), s.path))),
    )


def warm_prefilter_cache(config: Config) -> None:
    """Compile and cache the fast prefilter now, so hooks only ever load it (and its
    all-matches variant, which ``pushguard scan`` uses to skip diff sections).

    Touches nothing else under HOME: an installer running as another user than the hook
    must not create the fingerprint key the hook then cannot read.
    """
    from pushguard.scan.plugins import all_detectors

    disabled = config.scan.disabled_rules
    patterns = [d.prefilter for d in all_detectors() if enabled(d, disabled)]
    # compiles the catalogue into its cache and computes its anchors: hooks then only read
    # the anchors, and load the compiled catalogue when a line hits one
    catalogue, _ = catalogue_for(config, config.scan)
    if catalogue is not None:
        patterns.extend(catalogue.prefilters)  # the same pattern list as build_engine's
    make_prefilter(patterns, config.home / "cache", compile_if_missing=True).offsets(b"")
