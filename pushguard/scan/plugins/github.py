"""GitHub classic PAT, OAuth, user-to-server, server-to-server and refresh tokens.

``gh[pousr]_`` + 30 base62 + 6-char base62 CRC32 of those 30 (see ``checksum``). A failed
checksum is still reported (as a warning) because it may be a typo'd or truncated real token.

Newer installation tokens are stateless, ``ghs_<app id>_<JWT>``, with no CRC: the app id,
then a JWT, whose header is base64url JSON and so starts with ``eyJ``.
"""

from __future__ import annotations

from pushguard.scan.checksum import valid_github_style
from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import DASH_AFTER, WORD_AFTER, WORD_BEFORE, RegexDetector

_B64URL = r"[A-Za-z0-9_-]"


class GitHubToken(RegexDetector):
    rule = "github-token"
    prefilter = r"gh[pousr]_"
    patterns = (
        lazy(WORD_BEFORE + r"gh[pousr]_[A-Za-z0-9]{36}" + WORD_AFTER),
        # GitHub App refresh tokens: ghr_ + 76 (GitHub's docs show one), no known checksum
        lazy(WORD_BEFORE + r"ghr_[A-Za-z0-9]{76}" + WORD_AFTER),
        lazy(
            WORD_BEFORE
            + rf"ghs_[0-9]{{1,12}}_eyJ{_B64URL}{{10,}}\.{_B64URL}{{10,}}\.{_B64URL}{{16,}}"
            + DASH_AFTER
        ),
    )

    def checksum_ok(self, secret: str) -> bool:
        if len(secret) > 40:  # a refresh token, a stateless installation token: no CRC
            return True
        return valid_github_style(secret[4:])
