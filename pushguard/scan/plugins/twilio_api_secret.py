"""Twilio API key secrets: 32 letters and digits, the secret half of an API key whose SID is
``SK`` and 32 hex characters. The pair authenticates to Twilio's REST API as the account
does (sending messages and calls at its expense), as HTTP Basic credentials
(``SK…:<secret>``) or as a helper library's first two arguments (``Client("SK…", "…",
"AC…")``).

32 letters and digits alone are anybody's; next to their key's SID they are Twilio's: right
after it as the next argument or after a colon, or under a secret's or password's name a
few lines from it (Terraform's Twilio provider takes them as ``username`` and ``password``).
Those lines carry no anchor of their own, so the prefilter hits the SID and
``related_lines`` asks for the lines around it. The SID (``twilio-key``, the catalogue's)
is no secret by itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import (
    ASSIGNED,
    NAME_BEFORE,
    NEXT_ARGUMENT,
    RegexDetector,
    digits_and_letters,
)

_SID = r"SK[0-9a-f]{32}"
_DRAWN = r"(?P<secret>[A-Za-z0-9]{32})(?![A-Za-z0-9_])"
PAIR_LINES = 3
"""Lines either side of a SID that its secret may be on, under a name."""


class TwilioApiKeySecret(RegexDetector):
    rule = "twilio-api-key-secret"
    prefilter = r"sk[0-9a-f]{32}"
    patterns = (
        lazy(rf"(?<![A-Za-z0-9_]){_SID}(?:{NEXT_ARGUMENT}|:){_DRAWN}"),
        lazy(NAME_BEFORE + r"(?i:password|[a-z_]{0,40}secret)" + ASSIGNED + _DRAWN),
    )
    context = lazy(rf"(?<![A-Za-z0-9_]){_SID}(?![A-Za-z0-9_])")

    def accept(self, secret: str, line: str, path: str) -> bool:
        # a draw of 32 letters and digits holds both (one without a digit: once in 300)
        return digits_and_letters(secret) and super().accept(secret, line, path)

    @staticmethod
    def related_lines(lines: Sequence[str], index: int) -> list[int]:
        """The lines around a SID, where its secret may be under a name of its own."""
        first, last = max(0, index - PAIR_LINES), min(len(lines), index + PAIR_LINES + 1)
        return [number for number in range(first, last) if number != index]
