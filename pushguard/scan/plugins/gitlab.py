"""GitLab personal access tokens.

Legacy: ``glpat-`` + 20 of ``[0-9A-Za-z_-]``. Routable (GitLab 17.x+, gitlabhq
``lib/authn/token_field/generator/routable_token.rb``): ``glpat-<base64url payload>.01.``
+ 2 base36 (payload length) + 7 base36 (CRC32 of everything before it, prefix included); the
first routable tokens had no ``.01`` version field. An instance-wide prefix may precede
``glpat-``; it is part of the checksummed text.
"""

from __future__ import annotations

from collections.abc import Iterator

from pushguard.scan.checksum import valid_gitlab_routable
from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import DASH_AFTER, WORD_BEFORE, RegexDetector
from pushguard.scan.types import Match

# Nothing token-like may follow, but a full stop may end a sentence after the token.
ROUTABLE_TAIL = (
    r"[A-Za-z0-9_-]{27,300}(?:\.[0-9a-z]{2})?\.[0-9a-z]{9}(?![A-Za-z0-9_-]|\.[A-Za-z0-9_-])"
)
# An instance prefix starts at a word boundary, never on the letter of an escape ("\nacme-").
INSTANCE = r"(?P<instance>(?<!\\)[A-Za-z0-9_]{1,20}-)?"


class GitLabPat(RegexDetector):
    rule = "gitlab-pat"
    prefilter = r"glpat-"
    patterns = (
        lazy(WORD_BEFORE + INSTANCE + "glpat-" + ROUTABLE_TAIL),
        lazy(WORD_BEFORE + r"glpat-[A-Za-z0-9_-]{20}" + DASH_AFTER),
    )

    def find(self, line: str, path: str) -> Iterator[Match]:
        routable, legacy = self.patterns
        for match in routable.finditer(line):
            secret = match.group()
            if match.group("instance") and not valid_gitlab_routable(secret):
                secret = secret[len(match.group("instance")) :]
            if self.accept(secret, line, path):
                yield Match(secret, valid_gitlab_routable(secret))
        for match in legacy.finditer(line):
            if self.accept(match.group(), line, path):
                yield Match(match.group())
