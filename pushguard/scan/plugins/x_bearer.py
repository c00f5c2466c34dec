"""X (Twitter) app-only bearer tokens: a run of ``A`` (21 in X's documented example), then
the rest of a URL-encoded base64 string (``%2B``, ``%2F``, ``%3D`` for ``+``, ``/``, ``=``),
about 110 characters in all.

X calls the format unspecified, and the ``A`` run alone says little: base64 of zero bytes
starts the same way. So the token must be the whole run of its alphabet (a base64 blob goes
on with ``+``, ``/`` or ``=``), and what follows the ``A`` run must look drawn at random.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import (
    ESCAPED,
    RegexDetector,
    digits_and_letters,
    shannon_entropy,
)

_MIN_BODY_ENTROPY = 4.0
"""Bits per character of the part after the ``A`` run: a random draw of 60+ characters of
base62 has about 5.5; repeated fillers and words far less."""


class XBearerToken(RegexDetector):
    rule = "twitter-bearer-token"
    prefilter = r"a{20}[a-z0-9%]{60}"
    patterns = (
        lazy(
            rf"(?:(?<![A-Za-z0-9%+_-])|{ESCAPED})A{{20,24}}[A-Za-z0-9%]{{60,130}}"
            r"(?![A-Za-z0-9%+/=_-])"
        ),
    )

    def accept(self, secret: str, line: str, path: str) -> bool:
        body = secret.lstrip("A")
        if not digits_and_letters(body) or shannon_entropy(body) < _MIN_BODY_ENTROPY:
            return False
        return super().accept(body, line, path)
