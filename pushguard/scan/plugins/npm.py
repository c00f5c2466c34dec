"""npm access tokens: ``npm_`` + 30 base62 + CRC32 checksum, GitHub style (npm's 2021 format).

Legacy npm tokens were UUIDs and only recognisable as the ``_authToken`` of an ``.npmrc``
registry line, so that form is matched too (its value has no checksum), for npm's registry
or none named: another registry's token is ``npm_registry``'s, never sent to npm's API.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pushguard.scan.checksum import valid_github_style
from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector
from pushguard.scan.types import Match

AUTH_VALUE = (
    r"[\"']?"
    # values with a prefix of their own belong to that format's detector
    r"(?P<secret>(?!npm_|gh[pousr]_|github_pat_|gl[a-z]{2,6}-)"
    r"[A-Za-z0-9][A-Za-z0-9._~+/=-]{19,})"
)
"""A registry token's value, as an ``.npmrc`` or ``.yarnrc.yml`` gives it."""
NPMRC_AUTH_LINE = r"_authToken[ \t]*=[ \t]*" + AUTH_VALUE
"""An ``.npmrc`` line's ``_authToken`` value."""

NPM_REGISTRIES = frozenset({"registry.npmjs.org", "registry.npmjs.com"})
REGISTRY = lazy(r"//(?P<host>[^/\s:]+)[^\s]*:_authToken", re.I)
"""The registry an ``_authToken`` line is for (``//host/path/:_authToken=``)."""


def other_registry(line: str) -> bool:
    """Whether ``line`` gives the token of a registry other than npm's."""
    registry = REGISTRY.search(line)
    return registry is not None and registry.group("host").lower() not in NPM_REGISTRIES


class NpmToken(RegexDetector):
    rule = "npm-token"
    prefilter = r"npm_|_authtoken"
    patterns = (
        lazy(WORD_BEFORE + r"npm_[A-Za-z0-9]{36}" + WORD_AFTER),
        lazy(NPMRC_AUTH_LINE),
    )

    def find(self, line: str, path: str) -> Iterator[Match]:
        other = other_registry(line)
        for match in super().find(line, path):
            if not other or match.secret.startswith("npm_"):
                yield match

    def checksum_ok(self, secret: str) -> bool:
        return not secret.startswith("npm_") or valid_github_style(secret[4:])
