"""Literal anchors of regular expressions: strings one of which every match contains.

The catalogue's ~490 rules are compiled by its own engine, which costs ~0.4 s of CPU per
process to load. Most pushes hold no line any of them could match, so the engine prefilters
for the catalogue too: one alternation of every rule's anchors (``gsk_``, ``lin_api_``,
``datadog``...) joins our detectors' prefilters, and only a hit loads and runs the catalogue.

An anchor set must be complete (every match contains one of them), so anything this parser
does not understand yields no anchors, and the caller falls back to running the rule always.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Sequence
from typing import Any

try:  # the parser behind re.compile
    import re._parser as sre_parse  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover  (Python < 3.11)
    import sre_parse  # type: ignore[no-redef,unused-ignore]

MIN_ANCHOR = 3
"""Shorter literals ("_", "sk") hit nearly every line: no better than no anchor."""
MAX_ANCHORS = 24
"""A rule with more alternatives than this is prefiltered by none (runs on every hit)."""

_INLINE_FLAGS = re.compile(r"\(\?[imsxU-]+\)")
_POSIX = re.compile(r"\[:(\w+):\]")
_POSIX_CLASSES = {
    "alpha": "a-zA-Z", "digit": "0-9", "alnum": "a-zA-Z0-9", "xdigit": "0-9a-fA-F",
    "upper": "A-Z", "lower": "a-z", "space": r"\s", "punct": r"!-/:-@\[-`{-~",
}  # fmt: skip

Anchors = frozenset[str] | None  # None: no complete set of literals found


COMMON = frozenset(
    {"key", "secret", "token", "access", "app", "api-", "box", "pat", "curl", "re_", "==:",
     ".ey", "sk-", "session", "private", "ion_", "test_", "client", "message", "sts.",
     "cli_", "password", "address", "storage", "linked", "checkout", "account", "cursor",
     "pat.", "monday", "enterprise", "al-", "linear", "twitter", "sentry", "mailgun",
     "stability", "facebook", "dropbox", "consumer"}
)  # fmt: skip
"""Anchors that much of any source code contains ("key", "token", "private", and names code
uses for other things: CSS's "linear" gradients, "al-" in every "val-", Twitter cards,
Sentry's and Mailgun's settings without a key): a rule anchored by one is prefiltered by its
whole pattern instead, where Python and Hyperscan both take it. (On laravel's history the
names sent 2,600 of the 4,400 windows of code the catalogue scanned, for no finding.)"""


_ONE_LINE_CLASS = r"\[(?!\^)(?:[^\]\\]|\\[^sSWDnxuUN0-9])*\]"
"""A character class that cannot match a line break: no negation, no \\s, \\S, \\W or \\D,
no character written by its code."""
_ONE_LINE_ITEM = (
    rf"(?:{_ONE_LINE_CLASS}|\\[^sSWDnbBAZzxuUN0-9]|[^\\()\[\]|.^$])"  # class, escape, literal
    r"(?:\{[0-9]+(?:,[0-9]*)?\}|[*+?])?"  # and its repeat
)
_TRAILING_REPEAT = re.compile(rf"({_ONE_LINE_CLASS})\{{([1-9][0-9]*),[0-9]*\}}(\)*)\Z")
"""A pattern's last item: a repeated class that stays on one line (so the shortest match
ends on the same line as the longest), then closing groups."""
_OPTIONAL_TAIL = re.compile(rf"\(\?:(?:{_ONE_LINE_ITEM})+\)\?(\)*)\Z")
"""A pattern's last item: an optional group of one-line items (a JWT's signature)."""

_LONG_REPEAT = re.compile(r"(?<!\\)\{([0-9]+),([0-9]+)\}")
LONG_REPEAT = 256
"""A bounded repeat longer than this is prefiltered unbounded (``{16,2048}`` as ``{16,}``): a
superset, which is all a prefilter must be, and Hyperscan compiles a long bounded repeat into
a large automaton. Five catalogue rules have one (AWS session tokens' ``{16,2048}``, 0.7 s
alone): on a machine's first scan each of the engine's two databases took 1.24 s to compile
with them bounded, 0.37 s unbounded."""

_BOUNDARIES = (
    r"""(?:\\?['"\x60]|[\s;]|\\[nr]|$)""",
    r"""(?:[^\w-]|\Z)""",
    r"""(?:[^\w\/+=-]|\Z)""",
)


def weak(found: frozenset[str]) -> bool:
    """Anchors that ordinary code contains: common words, and short letters-only keywords
    ("fal" is in every "false", "box" in "checkbox")."""
    return bool(found & COMMON) or any(a.isalpha() and len(a) <= 5 for a in found)


def python_source(pattern: str) -> str:
    """A catalogue (Rust) pattern in Python's syntax, as far as prefiltering needs."""
    source = _INLINE_FLAGS.sub("", pattern)  # Rust allows (?i) anywhere; we match caseless
    source = source.replace("\\z", "\\Z")  # Rust's end of text
    return _POSIX.sub(lambda m: _POSIX_CLASSES.get(m.group(1), "\\w"), source)


def whole_pattern(pattern: str) -> str | None:
    """``pattern`` as a caseless prefilter of its own, or None where Python's re does not
    take it (or warns); ``hyperscan_rejects`` tells which of these Hyperscan does not take."""
    # Without its boundaries (\b, the closing-delimiter group of betterleaks' rules): the
    # catalogue also scans a variant with delimiters blanked, where they hold more often, so
    # the prefilter must not demand them.
    source = python_source(pattern).replace("\\b", "")
    for boundary in _BOUNDARIES:
        source = source.replace(boundary, "")
    # A line holds a match as soon as it holds the match without an optional last group, and
    # with the final repeat's minimum; Hyperscan reports every end offset, so
    # "([A-Za-z0-9]{30,64})" would report up to 35 per token, a JWT's "(?:\.[\w-]{10,})?" 70
    source = _OPTIONAL_TAIL.sub(r"\1", source)
    source = _LONG_REPEAT.sub(_unbounded, source)
    source = _TRAILING_REPEAT.sub(r"\1{\2}\3", source)
    piece = f"(?i:{source})"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            re.compile(piece.encode())
    except (re.error, FutureWarning, DeprecationWarning):
        return None
    return piece


def hyperscan_rejects(pieces: Sequence[str]) -> set[str]:
    """Those of ``pieces`` that Hyperscan does not compile in both of the engine's modes
    (none where it is not installed). One database of all of them is tried first: compiling
    each alone cost a machine's first scan 30 ms a piece."""
    try:
        import hyperscan
    except ImportError:
        return set()

    def compiles(some: Sequence[str], flags: int) -> bool:
        try:
            database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
            database.compile(
                expressions=[p.encode() for p in some],
                ids=list(range(len(some))),
                elements=len(some),
                flags=[flags] * len(some),
            )
        except hyperscan.error:
            return False
        return True

    modes = (hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_SINGLEMATCH, hyperscan.HS_FLAG_CASELESS)
    if not pieces or all(compiles(pieces, flags) for flags in modes):
        return set()
    return {p for p in pieces if not all(compiles([p], flags) for flags in modes)}


def _unbounded(repeat: re.Match[str]) -> str:
    low, high = repeat.groups()
    return f"{{{low},}}" if int(high) > LONG_REPEAT else repeat.group(0)


def anchors(pattern: str) -> Anchors:
    """Lowercase literals one of which every match of ``pattern`` contains, or None."""
    source = python_source(pattern)
    try:
        parsed = sre_parse.parse(source, re.IGNORECASE)
    except (re.error, OverflowError, RecursionError):
        return None
    found = _sequence(list(parsed))
    if not found or min(len(a) for a in found) < MIN_ANCHOR or len(found) > MAX_ANCHORS:
        return None
    return frozenset(a.lower() for a in found)


def _sequence(items: list[Any]) -> Anchors:
    """The best anchor set of a concatenation: its best run of literals (alternations of
    literals multiply a run: ``A(?:KIA|SIA)`` -> AKIA, ASIA) or its best single item."""
    best: Anchors = None
    run: set[str] = {""}
    for op, arg in items:
        strings = _literal_strings(op, arg)
        if strings is not None and len(run) * len(strings) <= MAX_ANCHORS:
            run = {r + s for r in run for s in strings}
            continue
        leads = _leading(op, arg)  # A(?:3T[A-Z0-9]|KIA): the run goes on into each branch
        if leads is not None and len(run) * len(leads) <= MAX_ANCHORS:
            best = _better(best, _closed({r + lead for r in run for lead in leads}))
        best = _better(best, _closed(run))
        run = {""}
        best = _better(best, _item(op, arg))
    return _better(best, _closed(run))


def _closed(run: set[str]) -> Anchors:
    return frozenset(run) if run and all(run) else None


def _literal_strings(op: Any, arg: Any) -> set[str] | None:
    """The strings an item matches when it only matches literals, else None."""
    if op is sre_parse.LITERAL:
        return {chr(arg)}
    if op is sre_parse.IN:
        if not all(o is sre_parse.LITERAL for o, _ in arg):
            return None
        letters = {chr(a).lower() for _, a in arg}
        return letters if len(letters) <= 4 else None  # [Ss], [ua]: a few literals
    if op is sre_parse.SUBPATTERN:
        return _all_literal(list(arg[-1]))
    if op is sre_parse.BRANCH:
        out: set[str] = set()
        for branch in arg[1]:
            strings = _all_literal(list(branch))
            if strings is None:
                return None
            out |= strings
        return out if len(out) <= MAX_ANCHORS else None
    return None


def _leading(op: Any, arg: Any) -> set[str] | None:
    """Each branch's leading literals, when every branch starts with some."""
    if op is not sre_parse.BRANCH:
        return None
    out: set[str] = set()
    for branch in arg[1]:
        lead: set[str] = {""}
        for item_op, item_arg in branch:
            strings = _literal_strings(item_op, item_arg)
            if strings is None or len(lead) * len(strings) > MAX_ANCHORS:
                break
            lead = {x + y for x in lead for y in strings}
        if not all(lead):
            return None
        out |= lead
    return out


def _all_literal(items: list[Any]) -> set[str] | None:
    out: set[str] = {""}
    for op, arg in items:
        strings = _literal_strings(op, arg)
        if strings is None or len(out) * len(strings) > MAX_ANCHORS:
            return None
        out = {o + s for o in out for s in strings}
    return out


def _item(op: Any, arg: Any) -> Anchors:
    if op is sre_parse.SUBPATTERN:
        return _sequence(list(arg[-1]))
    if op is sre_parse.BRANCH:
        union: set[str] = set()
        for branch in arg[1]:
            found = _sequence(list(branch))
            if not found:
                return None  # a branch without anchors: the alternation has none
            union |= found
        return frozenset(union)
    if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT):
        low, _, body = arg
        return _sequence(list(body)) if low >= 1 else None
    return None


def _better(a: Anchors, b: Anchors) -> Anchors:
    if not a:
        return b
    if not b:
        return a
    return a if _quality(a) >= _quality(b) else b


def _quality(found: frozenset[str]) -> tuple[int, int]:
    return (min(len(x) for x in found), -len(found))


# Rules whose patterns have no complete set of literals: a lowercase regex each, a superset
# of what the rule matches (written from the rule's pattern; keyed by rule id sans prefix).
FALLBACK = {
    "azure-ad-client-secret": r"\dq~",
    "facebook-access-token": r"\d{15}[|%]",
    "ibm-cloud-user-api-key": r"ibm|bx",
    "jwt-base64": r"zxlk",
    "salesforce-access-token": r"00[a-z0-9]{13}!",
    "twilio-api-key": r"sk[0-9a-f]{32}",
    "vault-service-token": r"hvs\.|s\.[a-z0-9]{24}",
    # Z.ai's keys have no literal; betterleaks' own rule wants its names near the key
    # (catalogue.NAMED_FORMS), and the shape as a prefilter cost an eighth of Hyperscan's pass
    "zai-api-key": r"zai_|zai-|z_ai|z\.ai|glm_|glm-|zhipuai|bigmodel",
}


def literal_form(pattern: str) -> str:
    """``pattern``'s literal anchors in one alternation, a superset of it that Python's re
    searches in linear time; ``pattern`` itself where it has none.

    The catalogue's whole patterns are written for Hyperscan, which runs any of them in
    linear time. Python's backtracking re does not: from every start a pattern may take, it
    tries the rest of the text. 127 KB of crafted YAML kept a Kubernetes Secret's rule (``kind:
    Secret``, then anywhere below, ``data:``) busy 2 s with its wildcard bounded at 1,000
    characters and 120 s unbounded (``LONG_REPEAT``); 120 KB of ``eyJ`` kept the JWT rule 19 s,
    and repeated ``curl -H`` the curl rules 17 s. A push the hook prefilters with re (before
    the database is compiled, or where Hyperscan has no wheel) could hold it that long."""
    found = anchors(pattern)
    return alternation(found) if found else pattern


def alternation(all_anchors: Iterable[str]) -> str:
    """One lowercase regex matching any of the anchors (the engine's prefilter form)."""
    return "|".join(re.escape(a) for a in sorted(set(all_anchors), key=lambda a: (-len(a), a)))
