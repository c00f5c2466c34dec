"""The catalogue tier: hundreds of providers' rules from a maintained catalogue, one detector.

The catalogue is Kingfisher's (``kingfisher-secret-scanner``, imported as ``kingfisher_sdk``):
MongoDB's Rust engine with ~490 rules at medium confidence or above, Hyperscan-compiled and
cached on disk, scanning in-process with the GIL released. Users' own rules (gitleaks or
betterleaks TOML, Kingfisher YAML; ``[scan] rules``) load into the same database.

Cost model. Loading the compiled catalogue costs ~0.4 s of CPU even from its disk cache, so
it happens once per process (``load``: a cache keyed by the rule files) and in a background
thread started when the engine is built, while git produces the diff; the first scan that
needs it waits for it. Scanning is bulk: one native call per chunk of raw ``git log -p``
output (``offsets``, so the diff parser keeps the file sections the catalogue hits) and one
per block of added lines (``find_block``), never a call per line.

Where the package has no wheel (musl, 32-bit), the engine runs without this tier and says so
(``status``): in ``pushguard config check``, ``/readyz`` and the scan's stats.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pushguard.errors import ConfigError
from pushguard.scan import anchors
from pushguard.scan.documented_formats import (
    BROWSER_KEY,
    browser_key,
    off_format,
    off_format_reason,
)
from pushguard.scan.encoded import WRAP_WIDTHS
from pushguard.scan.filters import false_positive_reason, is_name
from pushguard.scan.pairs import named_values
from pushguard.scan.plugins.naming import words
from pushguard.scan.rulemeta import (
    SUPERSEDED,
    base_id,
    catalogue_policy,
    is_jwt_rule,
    jwt_reason,
    provider_of,
)
from pushguard.scan.types import Match

PACKAGE = "kingfisher-secret-scanner"
BUILTIN = ("betterleaks.", "veles.", "kingfisher.")
"""Prefixes of the catalogue's own rule ids; users' rules keep theirs (or get ``custom.``)."""
MODULE = "kingfisher_sdk"
ANCHORS_VERSION = "12"  # bump when the anchors' derivation changes: recomputes the cached ones
CONFIDENCE: Literal["low", "medium", "high"] = "medium"
"""Kingfisher's own default: its low-confidence rules are broad keyword shapes."""


class NamedForm(NamedTuple):
    """A form of a rule's tokens that code has too, counted only with its service named."""

    shape: re.Pattern[str]  # what such a token fullmatches
    names: tuple[str, ...]  # lowercase: one must be in the text scanned with it
    reason: str


NAMED_FORMS = {
    # Vault's legacy service token is "s." and 24 letters and digits, a shape JavaScript has
    # too (a member access in swagger-ui's bundle has it). betterleaks' own rule counts
    # it only in a file that says "vault"; the SDK running that rule has no such keyword
    # list. Current "hvs." tokens need no name.
    "vault-service-token": NamedForm(
        re.compile(r"s\.[A-Za-z0-9]{24}"),
        ("vault",),
        "a legacy Vault token's shape ('s.' and 24 letters and digits) with no mention of "
        "Vault nearby: code has that shape too",
    ),
    # Z.ai (Zhipu) keys, 32 hex, "." and 16 letters and digits: betterleaks' rule wants
    # one of its names before the key; the SDK's has the bare shape
    "zai-api-key": NamedForm(
        re.compile(r"[0-9a-f]{32}\.[0-9A-Za-z]{16}"),
        ("zai", "z_ai", "z.ai", "glm", "zlm", "zhipu", "bigmodel"),
        "Z.ai's key shape (32 hex, '.', 16 letters and digits) with no mention of Z.ai, "
        "Zhipu or GLM nearby",
    ),
    # DeepSeek's keys are "sk-" and 32 hex, and so are DashScope's (Qwen) and other
    # OpenAI-compatible services': the SDK's rule has the bare shape, and a DashScope key
    # labelled DeepSeek's would be sent to DeepSeek's verify and revoke calls
    "deepseek-api-key": NamedForm(
        re.compile(r"sk-[0-9a-fA-F]{32}"),
        ("deepseek",),
        "the key shape DeepSeek shares with DashScope and others ('sk-' and 32 hex) with "
        "no mention of DeepSeek nearby",
    ),
}
"""By base rule id (``rulemeta.base_id``)."""


class CatalogueError(ConfigError):
    """The catalogue could not be loaded (a bad rule file, an unusable cache): the
    configuration's problem, reported as one line saying where to look."""


class Status(NamedTuple):
    available: bool
    detail: str  # one line for people: what runs, or why the tier is off

    def line(self) -> str:
        return f"catalogue tier {'on' if self.available else 'off'}: {self.detail}"


def status() -> Status:
    """Whether the catalogue can run on this machine (cheap: no catalogue is loaded)."""
    if importlib.util.find_spec(MODULE) is None:
        return Status(
            False,
            f"{PACKAGE} is not installed (no wheel for this platform?): only pushguard's "
            "own detectors and detect-secrets' run",
        )
    return Status(True, f"{PACKAGE} {_installed_version()}".strip())


def _installed_version() -> str:
    """The installed distribution's version, read from its ``.dist-info`` directory's name
    next to the module: every scan says it, and ``importlib.metadata`` costs a one-commit
    push 10 ms of imports. Empty when there is none (a source checkout on the path)."""
    spec = importlib.util.find_spec(MODULE)
    locations = spec.submodule_search_locations if spec is not None else None
    if not locations:
        return ""
    site = Path(next(iter(locations))).parent
    prefix = PACKAGE.replace("-", "_") + "-"
    for entry in site.glob(f"{prefix}*.dist-info"):
        return entry.name[len(prefix) : -len(".dist-info")]
    return ""


class Loaded(NamedTuple):
    rules: Any  # kingfisher_sdk.Rules
    scanner: Any  # kingfisher_sdk.Scanner


class Loader:
    """Loads the catalogue once, on first need (``start``: in a background thread); ``get``
    waits for it. Most pushes never need it: their lines hit none of its anchors."""

    def __init__(self, paths: tuple[str, ...], cache_dir: str | None) -> None:
        self._paths = paths
        self._cache_dir = cache_dir
        self._pid = os.getpid()
        self._done = threading.Event()
        self._started = threading.Lock()
        self._thread: threading.Thread | None = None
        self._loaded: Loaded | None = None
        self._error: BaseException | None = None
        self._anchors: list[str] | None = None

    def start(self) -> None:
        with self._started:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="catalogue", daemon=True)
                self._thread.start()

    def prefilters(self) -> list[str]:
        """Regexes (lowercase, or caseless) one of which matches every line some rule could
        match (see ``anchors``): the rules' literal anchors in one alternation, then the whole
        patterns of rules anchored only by common words. From a disk cache next to the
        compiled catalogue, computed (loading it) if missing."""
        if self._anchors is None:
            self._anchors = _cached_prefilters(self)
        return self._anchors

    @property
    def key(self) -> str:
        """What the catalogue's content depends on: engine version, rule files and their
        modification times (an edited rule file changes its anchors)."""
        parts = [status().detail, ANCHORS_VERSION]
        for path in self._paths:
            try:
                stat = os.stat(path)
                parts.append(f"{path}:{stat.st_mtime_ns}:{stat.st_size}")
            except OSError:
                parts.append(path)
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:24]

    def _run(self) -> None:
        try:
            import kingfisher_sdk as kf

            if self._cache_dir is not None:
                Path(self._cache_dir).mkdir(mode=0o700, parents=True, exist_ok=True)
            rules = kf.Rules(list(self._paths), confidence=CONFIDENCE, cache_dir=self._cache_dir)
            # base64: the catalogue also finds credentials inside base64 blobs (a PEM key in
            # a Kubernetes secret); policy None: pragmas and allowlists are ours to apply
            self._loaded = Loaded(rules, kf.Scanner(rules, base64=True))
        except BaseException as exc:  # re-raised in the scanning thread by get()
            self._error = exc
        finally:
            self._done.set()

    def settle(self) -> None:
        """Wait for a load already under way (before a fork: a child must not inherit the
        native engine half-built, with its locks held by a thread that stays behind)."""
        if self._thread is not None:
            self._done.wait()

    def get(self) -> Loaded:
        if os.getpid() != self._pid and not self._done.is_set():
            # a forked child (a `scan --jobs` worker, an RQ work horse) of a process whose
            # load had not finished: the loading thread stayed in the parent, so load this
            # process's. A load finished before the fork is copied whole and used as it is
            # (the native engine runs no threads of its own).
            return load(self._paths, self._cache_dir).get()
        self.start()
        self._done.wait()
        if self._error is not None:
            raise CatalogueError(
                f"the rule catalogue did not load: {self._error}; "
                "run `pushguard config check` for details"
            )
        assert self._loaded is not None
        return self._loaded


def load(paths: tuple[str, ...], cache_dir: str | None) -> Loader:
    """The process's catalogue for these rule files: loaded once, shared by every engine.

    Keyed by process too: a forked child (an RQ work horse) has none of its parent's threads,
    so a load still under way at the fork is no use to it and it loads its own catalogue.
    """
    return _load(paths, cache_dir, os.getpid())


@functools.lru_cache(maxsize=8)
def _load(paths: tuple[str, ...], cache_dir: str | None, pid: int) -> Loader:
    return Loader(paths, cache_dir)


class CatalogueDetector:
    """Every catalogue rule behind the ``Detector`` protocol.

    ``find`` and ``find_block`` yield ``Match``es that carry their own rule id, provider and
    confidence, and whether the rule blocks (``rulemeta.catalogue_policy``).
    """

    rule = "catalogue"
    blocking = True

    def __init__(self, loader: Loader, disabled: Sequence[str] = ()) -> None:
        self._loader = loader
        self._disabled = frozenset(disabled)
        # every rule's literal anchors (and a few whole patterns): the engine runs them with
        # our own detectors' prefilters, and only a block they hit loads and runs the catalogue
        self.prefilters = loader.prefilters()
        self.prefilter = self.prefilters[0]

    def loaded(self) -> Loaded:
        return self._loader.get()

    def start(self) -> None:
        """Start loading now, in the background (for scans sure to need it)."""
        self._loader.start()

    def settle(self) -> None:
        self._loader.settle()

    def find(self, line: str, path: str) -> Iterator[Match]:
        for _, match in self.find_block(line, path):
            yield match

    def find_block(self, text: str, path: str) -> list[tuple[int, Match]]:
        """(line index in ``text``, match) for every catalogue finding in ``text``."""
        scanner = self._loader.get().scanner
        data = text.encode("utf-8", "surrogateescape")
        lines = text.split("\n")
        out: dict[tuple[int, str], Match] = {}

        lowered = ""  # the text in lowercase, made on first need

        def named(names: tuple[str, ...]) -> bool:
            nonlocal lowered
            lowered = lowered or text.lower()
            return any(name in lowered for name in names)

        def record(index: int, finding: Any) -> None:
            if not finding.visible or finding.rule_id in self._disabled:
                return
            match = self._match(finding, lines[index], path)
            if match is not None and match.blocking is False:
                # a generic shape (curl's Authorization header) around a provider's token:
                # report the token under its provider's rule
                match = self._specific(scanner, match, lines[index], path) or match
            if match is not None:
                keep(index, _unless_unnamed(match, named) if match.blocking else match)

        def keep(index: int, match: Match) -> None:
            known = out.get((index, match.secret))
            if (
                known is None
                # the JWT rule warns on Scalr's token; Scalr's own rule, seen later, blocks
                or (match.blocking and not known.blocking)
                # two providers' rules on one format (Stripe's and Clerk's sk_live_): the
                # one whose provider the line names
                or (
                    match.blocking == known.blocking
                    and named_rather(lines[index], match.secret, match.provider, known.provider)
                )
            ):
                out[(index, match.secret)] = match

        for variant in variants(data):
            for finding in scanner.scan(variant):
                record(min(max(finding.location["line"] - 1, 0), len(lines) - 1), finding)
        pairs = named_values(lines) if b"name" in data and b"value" in data else []
        if pairs:
            joined = "\n".join(setting for _, setting in pairs)
            for finding in scanner.scan(joined.encode("utf-8", "surrogateescape")):
                if finding.secret in lines[pairs[finding.location["line"] - 1][0]]:
                    record(pairs[finding.location["line"] - 1][0], finding)
        return [(index, match) for (index, _), match in out.items()]

    def _specific(self, scanner: Any, match: Match, line: str, path: str) -> Match | None:
        for finding in scanner.scan(f" {match.secret} ".encode("utf-8", "surrogateescape")):
            if finding.visible and finding.rule_id not in self._disabled:
                specific = self._match(finding, line, path)
                if specific is not None and specific.blocking:
                    return specific
        return None

    def _match(self, finding: Any, line: str, path: str) -> Match | None:
        rule = finding.rule_id
        secret = finding.secret
        if not secret or is_name(secret) or base_id(rule) in SUPERSEDED:
            return None
        policy = catalogue_policy(rule)
        if false_positive_reason(secret, line, path, generic=not policy.blocking):
            return None
        blocking, reason = policy
        if is_jwt_rule(rule):
            why = jwt_reason(secret)
            blocking, reason = why is None, why or ""
        provider = provider_of(rule)
        # a catalogue rule looser than the service's own format (a user's rule says itself
        # what its author wants blocked)
        builtin = blocking and rule.startswith(BUILTIN)
        documented = off_format(provider, "", secret) if builtin else None
        if documented is not None:
            blocking, reason = False, off_format_reason(provider, documented)
        elif blocking and _named_as_identifier(line, secret):
            blocking, reason = False, IDENTIFIER_NAME
        elif blocking and browser_key(provider, words(_assigned_name(line, secret)), secret):
            blocking, reason = False, BROWSER_KEY
        elif blocking and _cut_from_longer(line, secret):
            blocking, reason = False, CUT
        elif blocking and _inside_encoded_data(line, secret):
            blocking, reason = False, ENCODED_DATA
        return Match(
            secret,
            rule=rule,
            provider=provider,
            confidence=finding.confidence,
            blocking=blocking,
            reason=reason,
        )


IDENTIFIER_NAME = "assigned to an identifier's name (an id, a username, a host): not a secret"
# the name a value is assigned to, right before it on its line: BOX_CLIENT_ID = "…",
# "box id": "…", clientId: '…'
_ASSIGNED_TO = re.compile(
    r"([A-Za-z][A-Za-z0-9_. -]{0,60}?)[\"'\]]?[ \t]*(?:=>|[=:])[ \t]*[\"'`]?\Z"
)
_IDENTIFIER_WORDS = frozenset(
    {"id", "ids", "username", "user", "email", "login", "host", "hostname", "url", "uri",
     "endpoint", "domain", "region"}
)  # fmt: skip
_SECRET_WORDS = frozenset(
    {"key", "secret", "token", "password", "passwd", "pwd", "pass", "auth", "credential",
     "credentials", "apikey", "pat", "private"}
)  # fmt: skip


# Logins that take a token: SonarScanner's ``sonar.login`` (its token parameter until
# ``sonar.token`` replaced it), also as a JVM property (``-Dsonar.login=…``) and, as words,
# in the variables scripts keep it in (``SONAR_LOGIN``, PowerShell's ``$sonarLogin``)
_TOKEN_LOGINS = ("sonar.login",)
_TOKEN_LOGIN_WORDS = (["sonar", "login"],)
# A value that says itself whose token it is (SonarQube's ``sqp_``): no name makes it an id
_OWN_PREFIX = re.compile(r"[a-z]{2,6}_(?=[A-Za-z0-9]*[0-9])[A-Za-z0-9]{20}")


def _assigned_name(line: str, secret: str) -> str:
    """The name ``secret`` is assigned to right before it on ``line``, or ""."""
    at = line.find(secret)
    assigned = _ASSIGNED_TO.search(line, max(0, at - 80), at) if at > 0 else None
    return "" if assigned is None else assigned.group(1)


def _named_as_identifier(line: str, secret: str) -> bool:
    """Whether ``secret`` is assigned on ``line`` to a name that says what it is and that is
    no secret: a catalogue rule keyed on a service's name and a value's shape (Box's 32
    characters) takes the service's client id for its token (``BOX_CLIENT_ID = "…"``)."""
    name = _assigned_name(line, secret)
    if not name or _OWN_PREFIX.match(secret):
        return False
    parts = words(name)
    if name.lower().endswith(_TOKEN_LOGINS) or parts[-2:] in _TOKEN_LOGIN_WORDS:
        return False
    return bool(parts) and parts[-1] in _IDENTIFIER_WORDS and _SECRET_WORDS.isdisjoint(parts)


CUT = "the start of a longer run of letters and digits: not this rule's token, cut short"
_RUN_ON = re.compile(r"[A-Za-z0-9_]{8}")
"""Characters a match must run on into to be a longer run's start (a format a few characters
longer than a rule's pattern, GitLab's 22-character bodies, is not that)."""


def _everywhere(line: str, secret: str, holds: Callable[[int, int], bool]) -> bool:
    """Whether ``secret`` is on ``line`` and ``holds(start, end)`` for every occurrence."""
    at = line.find(secret) if secret else -1
    if at < 0:
        return False
    while at >= 0:
        if not holds(at, at + len(secret)):
            return False
        at = line.find(secret, at + 1)
    return True


def _cut_from_longer(line: str, secret: str) -> bool:
    """Whether every occurrence of ``secret`` on ``line`` runs on into more letters and
    digits: a rule with no end to its pattern (GitLab's ``glpat-`` and 20 characters) takes
    the first 20 of 64 hex characters for a token."""
    return _everywhere(line, secret, lambda _, end: _RUN_ON.match(line, end) is not None)


ENCODED_DATA = "a slice of a long run of base64 (an image or a file inlined): not a token"
_BASE64_RUN = re.compile(r"(?:[A-Za-z0-9+/]|\\[nr])+")
"""Base64 as text holds it: its lines may be joined by escaped newlines (a notebook's image
output, JSON's ``"iVBOR…\\n…"``)."""
_DATA_RUN = 256
"""A run this long is data: no credential format is, and a key is set off by a delimiter."""


def _inside_encoded_data(line: str, secret: str) -> bool:
    """Whether every occurrence of ``secret`` on ``line`` is cut from a run of base64 of
    ``_DATA_RUN`` characters or more, or from a line of wrapped base64 (``WRAP_WIDTHS``), at
    a ``+`` or ``/`` of it: a rule's prefix and a stretch of its alphabet turn up by chance
    in a large enough image (Brave's ``BSA`` and 24 characters, in a plot's PNG inlined in a
    notebook), ended by a character of the encoding that the token's own alphabet lacks."""
    text = line.rstrip("\r")
    wrapped = len(text) in WRAP_WIDTHS and _BASE64_RUN.fullmatch(text) is not None

    def sliced(start: int, end: int) -> bool:
        glued = line[start - 1 : start] in ("+", "/") or line[end : end + 1] in ("+", "/")
        return glued and (wrapped or _in_long_run(line, start, end))

    return _everywhere(line, secret, sliced)


def _in_long_run(line: str, start: int, end: int) -> bool:
    """Whether ``line[start:end]`` lies in a base64 run of ``_DATA_RUN`` characters or more."""
    for run in _BASE64_RUN.finditer(line, max(0, start - _DATA_RUN), end + _DATA_RUN):
        if run.start() <= start and end <= run.end():
            return run.end() - run.start() >= _DATA_RUN
    return False


def _unless_unnamed(match: Match, named: Callable[[tuple[str, ...]], bool]) -> Match:
    """``match``, warning instead where its token is in a form that counts only with its
    service named (``NAMED_FORMS``) and the text scanned with it names none (``named``)."""
    form = NAMED_FORMS.get(base_id(match.rule))
    if form is None or not form.shape.fullmatch(match.secret) or named(form.names):
        return match
    return match._replace(blocking=False, reason=form.reason)


def named_rather(line: str, secret: str, provider: str, other: str) -> bool:
    """Whether ``line`` (``secret`` left out) names ``provider`` and not ``other``
    (``new-relic``: NEW_RELIC, newrelic)."""
    squashed = re.sub(r"[^a-z0-9]", "", line.replace(secret, " ").lower())

    def named(name: str) -> bool:
        return bool(name) and name.replace("-", "") in squashed

    return named(provider) and not named(other)


_DELIMITERS = bytes.maketrans(b"&<>()[],|{}@", b" " * 12)
_SENTENCE_END = re.compile(rb"\.(?=\s|$)", re.M)


def variants(data: bytes) -> list[bytes]:
    """``data`` as written, and with delimiters blanked, for the catalogue to scan.

    The catalogue's provider patterns want a blank, a quote or a line end around a token, so
    they miss one in a URL query (``?key=TOKEN&page=2``), an XML element, a CSV row, brackets,
    at the end of a sentence, or after an escape sequence (``"a\\ngsk_..."`` in a JSON
    string). The blanked variant has the same length, so offsets and line numbers hold in
    both; the original keeps the rules that read those delimiters as context.
    """
    blanked = data.translate(_DELIMITERS)
    if b"\\" in blanked:
        blanked = blanked.replace(b"\\n", b"  ").replace(b"\\r", b"  ").replace(b"\\t", b"  ")
    blanked = _SENTENCE_END.sub(b" ", blanked)
    return [data] if blanked == data else [data, blanked]


def _cached_prefilters(loader: Loader) -> list[str]:
    path = Path(loader._cache_dir) / f"anchors-{loader.key}.json" if loader._cache_dir else None
    if path is not None:
        try:
            cached = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(cached, list) and cached and all(isinstance(p, str) for p in cached):
                return cached
        except (OSError, ValueError):
            pass  # not computed yet, or unreadable: compute it
    loaded = loader.get()
    pieces: set[str] = set()
    wholes: dict[str, set[str]] = {}  # a rule's whole pattern, and its anchors if it fails
    for meta in loaded.rules.metadata():
        if base_id(meta["id"]) in SUPERSEDED:
            continue  # never reported: no reason to run the catalogue for it
        pattern = loaded.rules.detail(meta["id"]).get("pattern") or ""
        found = anchors.anchors(pattern)
        if found is not None:
            literals = {re.escape(a) for a in found}
        else:  # no complete literal set: a hand-written superset, or every line
            fallback = anchors.FALLBACK.get(base_id(meta["id"]), "")
            found = frozenset(fallback.split("|")) if fallback else None
            literals = {fallback}
        # anchored by common words only ("ibm|bx": "bx" is in every other hash)
        whole = anchors.whole_pattern(pattern) if found and anchors.weak(found) else None
        if whole is None:
            pieces |= literals
        else:
            wholes.setdefault(whole, set()).update(literals)
    for rejected in anchors.hyperscan_rejects(sorted(wholes)):
        pieces |= wholes.pop(rejected)
    # "" when some rule could match anything: then the catalogue runs on every block
    first = "" if "" in pieces else "|".join(sorted(pieces, key=lambda a: (-len(a), a)))
    result = [first, *sorted(wholes)]
    if path is not None:
        try:
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(result), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass  # a cache we cannot write only costs the next process a load
    return result


def rule_table(loaded: Loaded) -> list[dict[str, Any]]:
    """One row per loaded rule: id, provider, confidence, blocking, live check, revocation."""
    rows = []
    for meta in loaded.rules.metadata():
        if not meta.get("visible", True) or base_id(meta["id"]) in SUPERSEDED:
            continue
        detail = loaded.rules.detail(meta["id"])
        policy = catalogue_policy(meta["id"])
        rows.append(
            {
                "rule": meta["id"],
                "provider": provider_of(meta["id"]),
                "confidence": detail.get("confidence") or "",
                "blocking": policy.blocking and not is_jwt_rule(meta["id"]),
                "verify": bool(meta.get("validation")),
                "revoke": bool(meta.get("revocation")),
                "name": meta.get("name", ""),
            }
        )
    return rows
