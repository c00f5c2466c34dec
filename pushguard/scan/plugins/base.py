"""The shape most of our detectors share: compiled patterns, value filters, an optional checksum."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator

from pushguard.scan.filters import UUID as UUID_REGEX
from pushguard.scan.filters import false_positive_reason, is_name
from pushguard.scan.lazyre import LazyRegex, lazy
from pushguard.scan.types import Match

# Token boundaries: a token glued to more identifier characters is part of another word.
# An escape sequence before it (the \n in a JSON string "a=1\nTOKEN=...") is still a break.
ESCAPED = r"(?<=\\[nrt])"
WORD_BEFORE = rf"(?:(?<![A-Za-z0-9_])|{ESCAPED})"
WORD_AFTER = r"(?![A-Za-z0-9_])"
# For formats whose alphabet includes "-" (base64url bodies).
DASH_BEFORE = rf"(?:(?<![A-Za-z0-9_-])|{ESCAPED})"
DASH_AFTER = r"(?![A-Za-z0-9_-])"
# The openings of the token formats our structured detectors own: the generic detectors and
# the catch-alls leave a value that starts so to the rule that knows its format. "sk-" apart:
# OpenAI's and Anthropic's keys begin so, and so do DeepSeek's, DashScope's and many more.
OWN_PREFIXES = (
    r"gh[pousr]_|github_pat_|gl[a-z]{2,6}-|GR1348941|npm_|hf_|api_org_|xox[abposre]|xapp-"
    r"|AIza|pgt_|A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|[rs]k_live_|SG\.|eyJ|pypi-|sq0|-----BEGIN"
)
STRUCTURED_PREFIXES = OWN_PREFIXES + "|sk-"
# A variable's name and what sits between it and its value, for formats only their name
# identifies (a 32-hex Datadog or Twilio key, an AWS secret key): a name with a prefix of its
# own still counts (TF_VAR_dd_api_key), one glued to more of a word does not
# (DD_API_KEY_FILE). Between name and value: the name's closing quote or bracket ("NAME",
# ['NAME'], \"NAME\"] in a notebook), then an assignment, a YAML/INI colon, a call's comma
# (os.environ.get("NAME", "value")), a fallback to an environment lookup in Rust
# (env::var("NAME").unwrap_or_else(|_| "value".into())), a typed declaration (NAME: &str =
# ...) or Go's (var NAME string = ...), a default's assignment (Ruby's ENV['NAME'] ||= ...,
# JavaScript's ??=, Make's ?=), Make's other assignments (::=, :::=), an appending one
# (PHP's .=, +=) or a fallback to a lookup (process.env.NAME || "value", ?? in TypeScript,
# os.getenv("NAME") or "value", the shell's ${NAME:-value}), R's NAME <- value, a Markdown
# table's next cell (| NAME | value |), an XML element (<NAME>value) or attribute pair
# (key="NAME" value="..."), a JSON key/value pair ("key": "NAME", "value": ..., as Postman
# stores variables), "is" (docs: "NAME is value"), GitHub's CLI (gh secret set NAME --body
# value), or plain blanks (Dockerfile ENV NAME value); then the value's opening quote, or two
# (Gradle's buildConfigField "String", "NAME", "\"value\""), maybe after Objective-C's or
# C#'s "@".
NAME_BEFORE = rf"(?:(?<![A-Za-z0-9])|{ESCAPED})"
ASSIGNED = (
    r"(?![A-Za-z0-9_])(?:\\?[\"'])?"
    r"(?:[\])]?(?:[ \t]*:[ \t]*&?(?:'static[ \t]+)?[A-Za-z]+|[ \t]+string)?[ \t]*"
    r"(?:=>|:{1,3}=|(?<=[ \t])[.+]=|:-|<<?-|\|\|=?|\|(?![|>])|\?\??=|\?\?|or(?=[ \t])|[:=,])"
    r"|\)\.unwrap_or(?:_else)?\((?:\|_\|)?"
    r"|>|[ \t]+value[ \t]*=|[ \t]*,[ \t]*[\"']value[\"'][ \t]*:|[ \t]+is[ \t]"
    r"|[ \t]+--body[ \t]+|[ \t])"
    r"[ \t]*@?(?:\\?[\"'`]){0,2}"
)


UUID = UUID_REGEX.pattern
"""A UUID as services print them (lowercase hex), for a detector's pattern."""

NEXT_ARGUMENT = r"[\"'`][ \t]*,[ \t]*[\"'`]"
"""Between a call's quoted argument and the next one: ``Client("AC…", "…")``."""

ANY_VALUE = lazy(r"[^\s]+")
"""A ``value_shape`` for a detector that knows some of its service's key formats but not all:
``named-provider-key`` goes on judging every value under the service's name."""


class RegexDetector:
    """A detector made of patterns; the secret is group ``secret`` when present, else the match.

    Subclasses set ``rule``, ``prefilter`` and ``patterns`` as class attributes (compiled once
    at import) and override :meth:`checksum_ok` when the format carries a checksum.
    """

    rule: str = ""
    blocking: bool = True
    prefilter: str = ""
    patterns: tuple[LazyRegex, ...] = ()
    mixed_body: str = ""
    """A prefix that code also starts names with (``fw_``, ``re_``): the body after it must
    hold a digit and a letter, as a random draw does (a 24-character base62 draw lacks a
    digit about once in 70) and camelCase or snake_case identifiers do not."""
    starts: tuple[str, ...] = ()
    """Lowercase words one of which every match begins with: the patterns are only tried
    where the line has one (``matches_at``), for patterns that begin with a lookbehind or
    a caseless name and whose prefilter words are common."""

    def find(self, line: str, path: str) -> Iterator[Match]:
        seen: set[str] = set()
        for pattern in self.patterns:
            with_group = "secret" in pattern.groupindex
            found = (
                matches_at(pattern, self.starts, line) if self.starts else pattern.finditer(line)
            )
            for match in found:
                secret = match.group("secret") if with_group else match.group()
                if secret in seen or not self.accept(secret, line, path):
                    continue
                seen.add(secret)
                yield Match(secret, self.checksum_ok(secret))

    def accept(self, secret: str, line: str, path: str) -> bool:
        if self.mixed_body and not digits_and_letters(secret[len(self.mixed_body) :]):
            return False
        return not is_name(secret) and false_positive_reason(secret, line, path) is None

    def checksum_ok(self, secret: str) -> bool:
        return True


def file_name(path: str) -> str:
    """The last part of ``path``, a repository's ("/") or a Windows one's in files mode."""
    return path.replace("\\", "/").rpartition("/")[2]


def digits_and_letters(body: str) -> bool:
    return any(c.isdigit() for c in body) and any(c.isalpha() for c in body)


def shannon_entropy(value: str) -> float:
    """Bits per character of ``value``'s own character frequencies."""
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


MATCH_REACH = 2048
"""Characters after one of its words that a match tried there may span. A pattern with a
lazy gap (``curl`` ... ``-u``, ``mysql`` ... ``-p``) tried from each of a long line's
thousands of words read on to the line's end from each: 240 KB of ``curl -H x`` held a
scan for minutes. A command's options before its password fit in far less."""


def matches_at(
    pattern: LazyRegex, words: Iterable[str], line: str, *, caseless: bool = True
) -> Iterator[re.Match[str]]:
    """The matches of ``pattern`` that begin where one of ``words`` does in ``line`` (in its
    lowercase, if ``caseless``), each tried there alone. A search tries every character
    of the line, and re finds no literal start in a pattern that begins with a lookbehind
    (``\\b``, ``WORD_BEFORE``) or a caseless group: on a minified line of 200 KB that costs
    milliseconds per pattern, on each line that names the word once."""
    text = line.lower() if caseless else line
    if len(text) != len(line):  # lowercase of a few letters is longer: offsets would shift
        yield from pattern.finditer(line)
        return
    for word in words:
        at = text.find(word)
        while at >= 0:
            match = pattern.match(line, at, at + MATCH_REACH)
            if match is not None:
                yield match
            at = text.find(word, at + len(word))
