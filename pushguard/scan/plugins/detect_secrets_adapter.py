"""detect-secrets 1.5 plugins as pushguard Detectors.

detect-secrets is imported on the first ``find`` call, never at import (most pushes never
reach a line its plugins could flag), and without ``requests`` (``detect_secrets_import``).

Plugins are driven through ``analyze_string`` rather than ``analyze_line``: the latter reads
detect-secrets' global settings and may call verification endpoints over the network.
Plugins that our own detectors supersede (GitHub, GitLab, npm, OpenAI, Slack, private keys,
basic-auth URLs, Azure storage keys, PyPI) are not wrapped: two reports of one secret are noise.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterator
from typing import Any, Literal

from pushguard.scan.encoded import WRAP_WIDTHS
from pushguard.scan.filters import false_positive_reason
from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import STRUCTURED_PREFIXES, file_name
from pushguard.scan.plugins.detect_secrets_import import import_plugin
from pushguard.scan.types import Match

Kind = Literal["regex", "keyword", "entropy"]

LONG_LINE = 1000
"""Lines longer than this (minified code, data on one line) are searched by the keyword
plugin only around their keywords (``_windows``)."""
WINDOW = 256
ENTROPY_MEMO = 65536
"""Candidate strings whose entropy an entropy adapter remembers (then it forgets them all)."""

_WORD = lazy(r"[A-Za-z0-9_]")
# Values our structured detectors own (at the start or after a break, e.g. "A=1\nghp_..."):
# the generic detectors leave them alone.
_STRUCTURED = lazy(r"(?:^|(?<![A-Za-z0-9])|(?<=\\[nrt]))(?:" + STRUCTURED_PREFIXES + ")")
_NOT_SECRETS = frozenset(
    {"true", "false", "null", "none", "nil", "undefined", "required", "optional", "string"}
)
_INLINED_FILE = lazy(
    "iVBORw0KGg"  # PNG
    "|/9j/"  # JPEG
    "|R0lGOD[dl]h"  # GIF87a, GIF89a
    "|UklGR[A-Za-z0-9+/]{6}XRUJQ"  # RIFF, a size, WEBP
    "|JVBERi0"  # %PDF-1, %PDF-2
    "|d09GR|d09GM"  # wOFF, wOF2
    "|AAEAAA|T1RUT"  # TrueType, OpenType (OTTO)
    "|PHN2Z|PD94bWwg"  # <svg, <?xml
)
"""How base64 of a file begins, by the format's magic number: a notebook keeps each plot's
PNG so, a stylesheet its fonts, a page its icons. Such a string is data however random its
characters look, and judging kilobytes of it costs a push more than all the rest."""
_WRAPPED_LINE = lazy(
    "(?:" + "|".join(f"[A-Za-z0-9+/]{{{width}}}" for width in WRAP_WIDTHS) + r")(?:\\+[nr])+"
)
"""One line of wrapped base64 (``WRAP_WIDTHS``), its line break escaped: the rest of an
inlined file, a line to a string (a notebook's animation frames)."""


class DetectSecretsAdapter:
    """One detect-secrets plugin, named ``"module:Class"`` under ``detect_secrets.plugins``."""

    def __init__(
        self,
        rule: str,
        plugin: str,
        prefilter: str,
        *,
        kind: Kind = "regex",
        blocking: bool = True,
        extend: str = "",
        glued: str = "",
        context: str = "",
        skip: str = "",
        elsewhere: str = "",
        shape: str = "",
    ) -> None:
        self.rule = rule
        self.blocking = blocking
        self.prefilter = prefilter
        self._name = plugin
        self._kind = kind
        # A character-class body to extend a match over on the right, where detect-secrets'
        # regex stops early (Stripe keys past 24, Discord's 38-char third part, JWT signatures).
        self._extend = lazy(f"[{extend}]*") if extend else None
        # A word that may be glued before a match: Telegram's API puts the token right after
        # "bot" in its URLs (https://api.telegram.org/bot<token>/getMe).
        self._glued = glued
        # A shape-only format counts only with its provider named nearby (see Engine).
        self.context = lazy(context, re.IGNORECASE) if context else None
        # Matches that are identifiers, not secrets (Twilio's Account SIDs).
        self._skip = lazy(skip) if skip else None
        # Services whose keys share the format: on a line naming one, the key is theirs (the
        # catalogue's rule for it reports it), and the format's provider must not be called
        self._elsewhere = lazy(elsewhere, re.IGNORECASE) if elsewhere else None
        # The format's documented shape, where the plugin's regex takes more (a match that
        # does not fullmatch it is no such key)
        self._shape = lazy(f"(?:{shape})") if shape else None
        self._plugin: Any = None
        self._entropies: dict[str, float] = {}

    def __repr__(self) -> str:
        return f"DetectSecretsAdapter({self.rule!r}, {self._name!r})"

    def prepare(self) -> None:
        """Import the plugin now (see ``Detector``)."""
        self._load()

    def _load(self) -> Any:
        if self._plugin is None:
            module, _, cls = self._name.partition(":")
            self._plugin = getattr(import_plugin(module), cls)()
        return self._plugin

    def find(self, line: str, path: str) -> Iterator[Match]:
        if self._elsewhere is not None and self._elsewhere.search(line):
            return
        plugin = self._load()
        seen: set[str] = set()
        for raw in self.candidates(line, path):
            # Some denylist regexes include their delimiters (Artifactory's "=", ":", quotes).
            secret = self._complete(raw.strip(" \t\"'").lstrip("=:").strip(" \t\"'"), line)
            if not secret or secret in seen:
                continue
            if self._skip is not None and self._skip.match(secret):
                continue
            if self._shape is not None and not self._shape.fullmatch(secret):
                continue
            seen.add(secret)
            if self._kind == "regex":
                if false_positive_reason(secret, line, path) is None:
                    yield Match(secret)
            elif _generic_reason(plugin, secret, line, path) is None:
                yield Match(secret)

    def candidates(self, line: str, path: str) -> Iterator[str]:
        """What the plugin itself flags on ``line``, before boundaries and filters."""
        if self._kind != "keyword" or len(line) <= LONG_LINE:
            yield from self._candidates(line, path)
            return
        for window in self._windows(line):
            yield from self._candidates(window, path)

    def _windows(self, line: str) -> Iterator[str]:
        """The stretches of a long line around each keyword, merged while they overlap, at
        most ``4 * WINDOW`` long (plus a quoted value that runs past that).

        The keyword plugin's regexes backtrack over the whole line from every keyword and
        quote: on flask's history ten minified lines of 32-256 KB cost 2 s, the other
        780 lines it saw 0.04 s. A keyword's value starts within ``WINDOW`` characters of
        its keyword; a quoted one is taken whole, however long (a 1,040-character token
        in TruffleHog's tests). (The entropy plugins' regexes do not backtrack like that:
        they get the whole line.)
        """
        start = end = -1
        for found in _ANCHOR.finditer(line):
            low, high = max(0, found.start() - WINDOW), found.end() + WINDOW
            opening = _QUOTE.search(line, found.end(), high)
            if opening is not None:  # through the closing quote and a ";" after it
                closing = line.find(opening.group(), opening.end())
                high = max(high, closing + 2 if closing >= 0 else high)
            if low <= end and high - start <= 4 * WINDOW:
                end = max(end, high)
                continue
            if end > 0:
                yield line[start:end]
            start, end = low, high
        if end > 0:
            yield line[start:end]

    def _candidates(self, line: str, path: str) -> Iterator[str]:
        plugin = self._load()
        try:
            if self._kind == "keyword":
                groups = _possible(keyword_patterns(file_name(path)), line)
                yield from plugin.analyze_string(line, denylist_regex_to_group=groups)
            elif self._kind == "entropy":
                for candidate in plugin.analyze_string(line):
                    if self._entropy(plugin, candidate) > plugin.entropy_limit:
                        yield candidate
            else:
                yield from plugin.analyze_string(line)
        except RecursionError:
            # a hostile value the plugin parses (the JWT plugin decodes claims nested past
            # the JSON parser's depth) must not end the whole scan: this plugin skips the line
            return

    def _entropy(self, plugin: Any, candidate: str) -> float:
        """The plugin's entropy of ``candidate``, remembered (bounded): its pure-Python
        computation (one ``str.count`` per charset character) is the generic detectors'
        largest cost, and quoted strings recur across files and commits."""
        value = self._entropies.get(candidate)
        if value is None:
            if len(self._entropies) >= ENTROPY_MEMO:
                self._entropies.clear()
            value = self._entropies[candidate] = _shannon_entropy(plugin, candidate)
        return value

    def _complete(self, secret: str, line: str) -> str | None:
        """The full token around a regex hit, or None when it is glued to a longer word."""
        if self._kind != "regex":
            return secret
        start = line.find(secret)
        if start < 0:
            return secret
        end = start + len(secret)
        if self._extend is not None:
            end = self._extend.match(line, end).end()  # type: ignore[union-attr]
        if _WORD.match(secret[0]) and self._glued_before(line, start):
            return None
        if end < len(line) and _WORD.match(line[end]) and _WORD.match(line[end - 1]):
            return None
        dashed = line[end : end + 1] == "-" and _WORD.match(line[end + 1 : end + 2])
        if self._extend is not None and dashed:
            # the format has no "-" and the run goes on past one: another service's key
            # (Apideck's sk_live_…-…) or a made-up one, not this one
            return None
        return line[start:end]

    def _glued_before(self, line: str, start: int) -> bool:
        if start == 0 or not _WORD.match(line[start - 1]):
            return False
        if line[start - 2 : start] in ("\\n", "\\r", "\\t"):
            return False  # an escape sequence in a string literal is a break
        if self._glued and line.endswith(self._glued, 0, start):
            before = start - len(self._glued)
            return before > 0 and _WORD.match(line[before - 1]) is not None
        return True


def _shannon_entropy(plugin: Any, data: str) -> float:
    """``plugin.calculate_shannon_entropy(data)``. detect-secrets' own counts each character
    of its charset in ``data`` (64 ``str.count`` calls for base64), then adds a term for
    each one found: here only the characters ``data`` holds are counted, their terms added
    in the same order, so the sum is the same float."""
    if type(plugin).calculate_shannon_entropy is not _base_entropy():
        return float(plugin.calculate_shannon_entropy(data))  # the hex plugin's, adjusted
    if not data:
        return 0
    entropy = 0.0
    for x in plugin.charset:
        if x in data:
            p_x = float(data.count(x)) / len(data)
            entropy += -p_x * math.log(p_x, 2)
    return entropy


@functools.cache
def _base_entropy() -> Any:
    """detect-secrets' base class's entropy over a plugin's charset, the one
    ``_shannon_entropy`` computes (the hex plugin's own lowers it for digits alone)."""
    return import_plugin("high_entropy_strings").HighEntropyStringsPlugin.calculate_shannon_entropy


@functools.cache
def _needs() -> dict[re.Pattern[str], tuple[str, ...]]:
    """What each of the keyword plugin's regexes needs in a line, one of these strings at
    least (detect_secrets/plugins/keyword.py): a line lacking them is not searched by it.
    Its regexes open on a case-insensitive keyword and backtrack from each one: on
    TruffleHog's Go history the ";" of its quoted-value-and-semicolon regex, which Go lines
    seldom hold, cost 30% of the plugin's time."""
    from detect_secrets.plugins import keyword as k

    needs = {
        "FOLLOWED_BY_COLON_EQUAL_SIGNS_REGEX": (":=",),
        "FOLLOWED_BY_COLON_REGEX": (":",),
        "FOLLOWED_BY_COLON_QUOTES_REQUIRED_REGEX": (":",),
        "FOLLOWED_BY_EQUAL_SIGNS_OPTIONAL_BRACKETS_OPTIONAL_AT_SIGN_QUOTES_REQUIRED_REGEX": (
            "=",
            "!",
        ),
        "FOLLOWED_BY_OPTIONAL_ASSIGN_QUOTES_REQUIRED_REGEX": ('("',),
        "FOLLOWED_BY_EQUAL_SIGNS_REGEX": ("=",),
        "FOLLOWED_BY_EQUAL_SIGNS_QUOTES_REQUIRED_REGEX": ("=",),
        "PRECEDED_BY_EQUAL_COMPARISON_SIGNS_QUOTES_REQUIRED_REGEX": ("==", "!=", "=!", "!!"),
        "FOLLOWED_BY_QUOTES_AND_SEMICOLON_REGEX": (";",),
        "FOLLOWED_BY_ARROW_FUNCTION_SIGN_QUOTES_REQUIRED_REGEX": ("=",),
    }
    # by name: a regex another detect-secrets release renames or adds is simply always
    # searched (``_possible``), never a crash
    return {getattr(k, name): need for name, need in needs.items() if hasattr(k, name)}


def _possible(
    patterns: dict[re.Pattern[str], int | str], text: str
) -> dict[re.Pattern[str], int | str]:
    """``patterns`` (in their order) less those that need what ``text`` lacks (``_needs``)."""
    needs = _needs()
    return {
        pattern: group
        for pattern, group in patterns.items()
        if any(need in text for need in needs.get(pattern, ("",)))
    }


@functools.lru_cache(maxsize=4096)
def _indirect_reference(line: str) -> bool:
    """detect-secrets' ``is_indirect_reference`` (``secret = get_secret()``), whose regex
    tries every position of the line (18% of a TruffleHog scan's samples): remembered per
    line, and skipped when the line lacks what that regex requires (an assignment or
    comparison sign, an opening and a closing bracket or parenthesis)."""
    from detect_secrets.filters import heuristic as h

    if not ("=" in line or ":" in line or "!" in line):
        return False
    if not (("(" in line or "[" in line) and (")" in line or "]" in line)):
        return False
    return bool(h.is_indirect_reference(line))


def _generic_reason(plugin: Any, secret: str, line: str, path: str) -> str | None:
    """detect-secrets' heuristic filters (its defaults for a scan) plus ours."""
    from detect_secrets.filters import heuristic as h

    if _STRUCTURED.search(secret):
        return "structured format"
    if _INLINED_FILE.match(secret) or _WRAPPED_LINE.fullmatch(secret):
        return "an inlined file (an image, a font, a document)"
    if len(secret) < 6 or secret.lower() in _NOT_SECRETS:
        return "too short"
    if (
        h.is_sequential_string(secret)
        or h.is_potential_uuid(secret)
        or h.is_likely_id_string(secret, line, plugin)
        or h.is_templated_secret(secret)
        or h.is_prefixed_with_dollar_sign(secret)
        or _indirect_reference(line)
        or h.is_lock_file(path)
        or h.is_not_alphanumeric_string(secret)
        or h.is_swagger_file(path)
        or h.is_non_text_file(path)
    ):
        return "detect-secrets heuristic"
    return false_positive_reason(secret, line, path, generic=True)


# Prefilters are lowercase and every top-level branch starts with a literal character: the
# engine can then search lowercased text without re.I, where Python's regex engine skips
# ahead on the set of first characters instead of trying every branch at every position.

# Keyword plugin's own denylist (detect_secrets/plugins/keyword.py): a line it flags names one.
_KEYWORD_LIST = (
    "api_?key", "auth_?key", "service_?key", "account_?key", "db_?key", "database_?key",
    "priv_?key", "private_?key", "client_?key", "db_?pass", "database_?pass", "key_?pass",
    "password", "passwd", "pwd", "secret", "contrase(?:ñ|n)a",
)  # fmt: skip
_KEYWORDS = "|".join(_KEYWORD_LIST)
_ANCHOR = lazy(_KEYWORDS, re.I)
_QUOTE = lazy("['\"`]")
# detect-secrets' build_assignment_regex: keyword, optional quote/bracket, spaces, one of
# = : := => :: or spaces, optional quote, then the secret.
_ASSIGN = r"['\"\]=:> ]+['\"]?"

# What the keyword plugin's regexes (detect_secrets/plugins/keyword.py, every file type) need
# besides a keyword: an operator right after it (and its word suffix and closing quotes or
# brackets), a quoted value ending in ";" after it, or a comparison before it. Code full of
# such words (virtualenvs, vendored libraries: `def check_password(self):`) otherwise sent
# every line to the plugin's five backtracking regexes: a quarter of a dense history's CPU.
_AFFIX = r"[a-z0-9_\x80-\xff]{0,64}"
"""The word after a keyword (``password_hash``), bounded: where Python's re prefilters (no
compiled database), an unbounded run was read to its end from every keyword in it, and a
line of 60 KB of ``secret``s held the scan for half a minute. The plugin reads any length;
a keyword 64 word characters before its operator is not looked for."""
_SPACE = r"[ \t\r\x0b\x0c]"
"""The plugin's ``\\s`` as it meets it: it reads one line at a time. A prefilter whose
``\\s`` crossed a newline would hit the line where its match ends, not the keyword's.
(Not ``\\v``: to Hyperscan, as to PCRE, that is every vertical space, newline included.)"""
_AFTER_KEYWORD = (
    f"(?:{_AFFIX}(?:"
    # closing, operator (:= : = == === != !== => ! =), quote or @, a word character
    rf"(?:[\]'\"]{{0,2}}|\[[0-9]*\]){_SPACE}*[:=!][:=!>]{{0,2}}{_SPACE}*@?['\"`]?"
    r"[a-z0-9_\x80-\xff]"
    r"|(?:.assign)?\(\""  # C++: secret("bar"), secret.assign("bar")
    # private_key "value";: up to 50 more characters before the quote, as in the plugin,
    # and a value that holds no quote (a line of quotes is not read to its end from each)
    rf")|{_AFFIX}[^\s'\"`]{{0,50}}{_SPACE}*['\"`][^\n'\"`]*['\"`];)"
)
_KEYWORD_LINES = "|".join(
    [f"{keyword}{_AFTER_KEYWORD}" for keyword in _KEYWORD_LIST]
    # "value" == password
    + [f"{quote}{_SPACE}*[!=]{{2,3}}{_SPACE}*{_AFFIX}(?:{_KEYWORDS})" for quote in "'\"`"]
    # markup, PHP and Redis settings that ``keyword_patterns`` adds for such files: an
    # element <db:Password>, a pair key="DbPassword" value=, define('DB_PASSWORD', ...),
    # requirepass ...
    + [
        f"<[a-z0-9_.:-]*(?:{_KEYWORDS}){_AFFIX}>",
        f'key="[a-z0-9_.-]*(?:{_KEYWORDS})[a-z0-9_.-]*"{_SPACE}+value=',
        f"define\\({_SPACE}*['\"][a-z0-9_]*(?:{_KEYWORDS})",
        r"requirepass[ \t]+[^\s]",
        r"masterauth[ \t]+[^\s]",
    ]
)


def _assigned(keywords: tuple[str, ...], secret: str) -> str:
    return "|".join(f"{k}{_ASSIGN}{secret}" for k in keywords)


def _quoted(run: str) -> str:
    return f"'{run}'|\"{run}\""


def adapters() -> list[DetectSecretsAdapter]:
    """Every wrapped plugin. Prefilters are supersets of the plugin's own patterns."""
    a = DetectSecretsAdapter
    return [
        a("aws-access-key", "aws:AWSKeyDetector",
          "|".join(f"{p}[0-9a-z]{{16}}" for p in ("a3t[a-z0-9]", "akia", "asia", "abia", "acca"))
          # the plugin's keyword shape whole, not "aws" alone (116k matches on TruffleHog)
          + r"|aws.{0,20}(?:key|pwd|pw|password|pass|token).{0,20}['\"][0-9a-z/+]{40}['\"]",
          # a key id's 16 characters after its prefix are base32 (A-Z, 2-7), as gitleaks'
          # rule has them: with a 0, 1, 8 or 9 it is no AWS key id
          skip=r"(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{0,15}[0189]"),
        # up to a blank, a quote or the end, as the plugin's regexes want: "ap" + a hex digit
        # + 8 letters or digits alone is in every stretch of base64 and minified code. An API
        # key is "AKC" + 70 letters and digits: a shorter one is a fragment or made up. A
        # password is drawn too: one without a digit is a name (Cocoa's APActivationPayload)
        # Twilio names an application "AP" + 32 lowercase hex (its SIDs' form): an id
        a("artifactory-credentials", "artifactory:ArtifactoryDetector",
          r"akc[a-z0-9]{10,}(?:[\s\"]|$)|ap[0-9a-f][a-z0-9]{8,}(?:[\s\"]|$)",
          shape=r"AKC[A-Za-z0-9]{70}|AP(?=[A-Za-z0-9]*[0-9])[0-9A-F][A-Za-z0-9]{8,}",
          skip=r"AP[0-9a-f]{32}\Z"),
        a("cloudant-credentials", "cloudant:CloudantDetector",
          r"cl(?:oudant|ou)?[_-]?(?:api)?(?:key|pw|pass|token)|cloudant\.com"),
        a("discord-bot-token", "discord:DiscordBotTokenDetector",
          r"\.[a-z0-9_-]{6}\.[a-z0-9_-]{27}", extend="A-Za-z0-9_-"),
        a("ibm-cloud-iam-key", "ibm_cloud_iam:IbmCloudIamDetector",
          _assigned(("key", "pwd", "password", "pass", "token"), "[a-z0-9_-]{44}"),
          context=r"ibm|bluemix|iam\.cloud|softlayer"),
        a("ibm-cos-hmac", "ibm_cos_hmac:IbmCosHmacDetector",
          r"secret[-_]?(?:access)?[-_]?key" + _ASSIGN + "[0-9a-f]{48}"),
        a("mailchimp-key", "mailchimp:MailchimpDetector", r"-us[0-9]"),
        a("sendgrid-key", "sendgrid:SendGridDetector", r"sg\.[a-z0-9_-]{22}\."),
        a("softlayer-credentials", "softlayer:SoftlayerDetector",
          "|".join(f"{p}[_-]?(?:api)?[_-]?(?:key|pwd|pass|token)" for p in ("sl", "softlayer"))
          + r"|api\.softlayer\.com"),
        a("square-oauth-secret", "square_oauth:SquareOAuthDetector", r"sq0csp-"),
        # Clerk's secret keys are sk_live_ + 32 characters too
        a("stripe-key", "stripe:StripeDetector", r"rk_live_|sk_live_", extend="A-Za-z0-9",
          elsewhere=r"clerk"),
        # exactly 35 characters (a longer run is not reported: _complete): ":" + 35 of them
        # within a longer run is in every go.sum and lock file (481k matches on
        # TruffleHog's history, 3 tokens)
        a("telegram-bot-token", "telegram_token:TelegramBotTokenDetector",
          r":[a-z0-9_-]{35}(?:[^a-z0-9_-]|$)",
          glued="bot"),
        # An Account SID (AC...) names an account, it authenticates nothing: API key SIDs only.
        a("twilio-key", "twilio:TwilioKeyDetector", r"sk[a-z0-9]{32}", skip="AC"),
        # Judged by its claims (Engine): expired or public by design warns, a live one blocks.
        a("jwt", "jwt:JwtTokenDetector", r"eyj", extend=r"A-Za-z0-9_.+/=-"),
        a("secret-keyword", "keyword:KeywordDetector", _KEYWORD_LINES, kind="keyword",
          blocking=False),
        # A quoted run must be 23+ characters to exceed 4.5 bits/char, 9+ to exceed 3.0.
        a("base64-high-entropy", "high_entropy_strings:Base64HighEntropyString",
          _quoted(r"[a-z0-9+/=_\\-]{23,}"), kind="entropy", blocking=False),
        a("hex-high-entropy", "high_entropy_strings:HexHighEntropyString",
          _quoted(r"[0-9a-f]{9,}"), kind="entropy", blocking=False),
    ]  # fmt: skip


_CONFIG_NAMES = frozenset({".pypirc", ".npmrc", ".yarnrc", ".boto", "dockerfile", "containerfile"})
_CONFIG_SUFFIXES = (".env", ".envrc", ".sh", ".bash", ".zsh", ".bashrc", ".zshrc", ".profile")
_MARKUP_SUFFIXES = (".xml", ".config", ".csproj", ".props", ".targets", ".plist", ".xaml")


@functools.lru_cache(maxsize=256)
def keyword_patterns(name: str) -> dict[re.Pattern[str], int | str]:
    """The keyword plugin's patterns for a file named ``name``: detect-secrets' for its
    type, where files it does not know the type of (types go by extension) get the
    quoted-values-only ones. Files of ``NAME=value`` settings it does not recognise
    (dotenv files, ``.pypirc``, ``.npmrc``, Dockerfiles, shell scripts) get its config
    files' patterns, which take unquoted values; XML its patterns plus an element or an
    ``<add key= value=>`` pair named like a credential; PHP plus ``define('DB_PASSWORD',
    '...')``; config files plus Redis' ``requirepass`` and ``masterauth``."""
    from detect_secrets.plugins import keyword
    from detect_secrets.util.filetype import FileType, determine_file_type

    lowered = name.lower()
    kind = determine_file_type(lowered)
    if kind is FileType.OTHER and (
        lowered in _CONFIG_NAMES
        or lowered.startswith((".env.", "dockerfile."))
        or lowered.endswith(_CONFIG_SUFFIXES)
    ):
        kind = FileType.CONFIG
    patterns: dict[re.Pattern[str], int | str] = dict(
        keyword.REGEX_BY_FILETYPE.get(kind, keyword.QUOTES_REQUIRED_DENYLIST_REGEX_TO_GROUP)
    )
    if lowered.endswith(_MARKUP_SUFFIXES):
        patterns.update(dict.fromkeys(_MARKUP, "secret"))
    elif kind is FileType.PHP:
        patterns[_PHP_DEFINE] = "secret"
    elif kind is FileType.CONFIG:
        patterns[_REDIS_PASSWORD] = "secret"
    return patterns


_CREDENTIAL_NAME = rf"[\w.-]*(?:{_KEYWORDS})[\w.-]*"
_MARKUP = (
    # <password>...</password>, <db:Password>...</db:Password> (Maven's settings.xml)
    re.compile(
        rf"<(?:[\w.-]+:)?(?P<name>{_CREDENTIAL_NAME})>(?P<secret>[^<\s]{{1,200}})"
        r"</(?:[\w.-]+:)?(?P=name)>",
        re.IGNORECASE,
    ),
    # <add key="DbPassword" value="..."/> (.NET appSettings)
    re.compile(
        rf"\bkey=\"{_CREDENTIAL_NAME}\"\s+value=\"(?P<secret>[^\"\s]{{1,200}})\"",
        re.IGNORECASE,
    ),
)
# redis.conf, sentinel.conf: the password clients give, and a replica gives its primary
_REDIS_PASSWORD = re.compile(r"^\s*(?:requirepass|masterauth)[ \t]+(?P<secret>\S{1,200})\s*$")
_PHP_DEFINE = re.compile(
    rf"\bdefine\(\s*(?P<q>['\"]){_CREDENTIAL_NAME}(?P=q)\s*,\s*(?P<v>['\"])"
    r"(?P<secret>[^'\"\s]{1,200})(?P=v)",
    re.IGNORECASE,
)
