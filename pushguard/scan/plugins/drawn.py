"""Whether a value was drawn at random, as keys and tokens are: the judgements detectors of
values with no format of their own share (a bearer token, a key known by its service's
name). A draw comes from one alphabet whole, varied enough; a value typed or edited by hand,
a word or encoded text is no credential, or warns."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pushguard.scan.encoded import decoded_text
from pushguard.scan.filters import BOTH_CASES, false_positive_reason, is_name
from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import digits_and_letters, shannon_entropy
from pushguard.scan.types import Match

ENCODED_TEXT = 12
"""Characters of the shortest base64 value read for the text it may encode (9 bytes)."""
TOKEN68 = r"[A-Za-z0-9._~+/-]{16,1024}=*"
"""A credential sent in an HTTP header, in RFC 6750's token68 alphabet (letters, digits,
-._~+/ and "=" padding): 16 characters or more."""
TOKEN_ENTROPY = {"hex": 3.0, "other": 3.3}
"""Bits per character below which a value is a word or a filler, not a random draw (a draw of
16 from letters and digits has about 3.7, 32 hex characters 3.8)."""


def drawn_token(value: str) -> bool:
    """Whether ``value``, sent as a credential (a bearer token, an API key header's value),
    looks drawn at random: letters and digits, varied enough; not a JWT (the jwt rule judges
    its claims), a dotted or dashed name, words naming what they stand for
    (``oauth2_access_token_123``), nor a format's prefix before a word (``sk-ant-oat01-file``)."""
    if value.startswith("eyJ") or is_name(value) or not digits_and_letters(value):
        return False
    if _SELF_NAMED.fullmatch(value) or _GLUED_NAME.fullmatch(value.lower()):
        return False
    if _WORD_BODY.fullmatch(PREFIX_WORDS.sub("", value)):
        return False
    if one_case_base64(value):
        return False
    text = decoded_text(value, ENCODED_TEXT)
    if text is not None:
        # base64 of text: the text is what was drawn or typed (a test's "dGVzdDp0ZXN0",
        # itself "test:test" encoded); random bytes of 9 or more decode to printable
        # characters about once in 7,000 draws
        return drawn_token(text)
    return varied(value)


def one_case_base64(value: str) -> bool:
    """Whether ``value`` holds base64's "+" or "/" but letters of one case only: base64 of
    random bytes has both cases; a path or a checksum seldom does."""
    return ("/" in value or "+" in value) and not BOTH_CASES.match(value)


def varied(value: str) -> bool:
    """Whether ``value`` is varied as a random draw is: at ``TOKEN_ENTROPY`` bits per
    character or more, hex (dashes allowed: a UUID) judged as hex."""
    kind = "hex" if all(c in "0123456789abcdefABCDEF-" for c in value) else "other"
    return shannon_entropy(value) >= TOKEN_ENTROPY[kind]


def drawn_credential(value: str, line: str, path: str) -> bool:
    """``drawn_token``, and no placeholder, template or example (``false_positive_reason``)."""
    return drawn_token(value) and false_positive_reason(value, line, path) is None


_ALPHABETS = tuple(
    frozenset(chars)
    for chars in (
        "0123456789abcdef",
        "0123456789ABCDEF",
        "0123456789abcdefghijklmnopqrstuvwxyz",
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    )
)
PREFIX_WORDS = lazy(r"\A(?:(?:[a-z][a-z0-9]{0,9}|[A-Z][A-Z0-9]{0,9})[_-])+")
"""A format's words before its random part (``pk_``, ``bb_pr_``, HubSpot's ``pat-na1-``): no
draw of its."""
_WORD_BODY = lazy(r"[a-z]{1,12}|[A-Z]{1,12}|[0-9]{1,6}")
"""What follows a format's prefix in a test's stand-in (``file``, ``123``): no draw."""
_NAME_WORD = r"(?:[a-z][a-z0-9]{0,19}|[0-9]{1,3})"
_SELF_NAMED = lazy(
    rf"(?i)(?:{_NAME_WORD}[_.-])*(?:token|secret|key|password|access)(?:[_.-]{_NAME_WORD})*"
)
"""Words and small numbers, one word naming what the value stands for
(``CaSe_SeNsItIvE_ToKeN_123``); not a drawn part with a suffix (``<32 hex>.secret``)."""
_GLUED_NAME = lazy(r"[a-z]{0,20}(?:secret|token|password|passwd|apikey)[a-z]{0,20}[0-9]{0,4}")
"""The same words glued in one case (``mysecretapikey123``, a README's header value): a
draw of letters holds one of these five-letter words or longer once in millions."""
EDITED_MAX = 2
"""Characters a value may have outside the alphabet the rest of it is drawn from and still
be taken for an edited one; one more per 16 beyond 32 (a random draw of 48 from both cases
has three of either case or fewer once in 30 million draws)."""
EDITED_MIN_LENGTH = 24
"""Letters and digits a value needs for that judgement: a random draw of 24 from both cases
has one or two of either case once in about 1,400 draws, of 32 once in 60,000 (of 16, once
in 40: too often to call a key edited)."""
EDITED = (
    "a few characters outside the alphabet the rest of the value is drawn from "
    "(hex with a 'g', lowercase with a capital): an edited or made-up value, not a key"
)


def edited(value: str) -> bool:
    """Whether ``value`` is all from one of the alphabets keys are drawn from (hex,
    lowercase or uppercase letters and digits) but for a few characters: hex but for a
    "g", lowercase but for a capital. A key is drawn from its alphabet whole, so such a
    value was typed or changed by hand: an example, a test's near miss, a redacted copy."""
    body = [c for c in PREFIX_WORDS.sub("", value) if c.isalnum()]
    if len(body) < EDITED_MIN_LENGTH:
        return False
    most = max(EDITED_MAX, len(body) // 16)
    return any(0 < sum(c not in alphabet for c in body) <= most for alphabet in _ALPHABETS)


def token_matches(values: Iterable[str], line: str, path: str) -> Iterator[Match]:
    """A match for each distinct one of ``values`` (sent as credentials on ``line``) that is
    a ``drawn_credential``: blocking, but a warning where it was edited by hand."""
    seen: set[str] = set()
    for value in values:
        if value in seen:
            continue
        seen.add(value)
        if drawn_credential(value, line, path):
            yield Match(value, blocking=False, reason=EDITED) if edited(value) else Match(value)
