"""npm access tokens: ``npm_`` + 30 base62 + CRC32 checksum, GitHub style (npm's 2021 format).

Legacy npm tokens were UUIDs and only recognisable as the ``_authToken`` of an ``.npmrc``
registry line, so that form is matched too (its value has no checksum).
"""

from __future__ import annotations

from pushguard.scan.checksum import valid_github_style
from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector


class NpmToken(RegexDetector):
    rule = "npm-token"
    prefilter = r"npm_|_authtoken"
    patterns = (
        lazy(WORD_BEFORE + r"npm_[A-Za-z0-9]{36}" + WORD_AFTER),
        lazy(
            r"_authToken[ \t]*=[ \t]*[\"']?"
            # values with a prefix of their own belong to that format's detector
            r"(?P<secret>(?!npm_|gh[pousr]_|github_pat_|gl[a-z]{2,6}-)"
            r"[A-Za-z0-9][A-Za-z0-9._~+/=-]{19,})"
        ),
    )

    def checksum_ok(self, secret: str) -> bool:
        return not secret.startswith("npm_") or valid_github_style(secret[4:])
