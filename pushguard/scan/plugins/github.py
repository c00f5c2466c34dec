"""GitHub classic PAT, OAuth, user-to-server, server-to-server and refresh tokens.

``gh[pousr]_`` + 30 base62 + 6-char base62 CRC32 of those 30 (see ``checksum``). A failed
checksum is still reported (as a warning) because it may be a typo'd or truncated real token.
"""

from __future__ import annotations

from pushguard.scan.checksum import valid_github_style
from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector


class GitHubToken(RegexDetector):
    rule = "github-token"
    prefilter = r"gh[pousr]_"
    patterns = (lazy(WORD_BEFORE + r"gh[pousr]_[A-Za-z0-9]{36}" + WORD_AFTER),)

    def checksum_ok(self, secret: str) -> bool:
        return valid_github_style(secret[4:])
