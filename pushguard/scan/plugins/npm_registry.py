"""The token of a private npm registry in an ``.npmrc``: ``//host/path/:_authToken=...`` for
a host other than npm's (Nexus' ``NpmToken.`` + a UUID, Artifactory's, Verdaccio's, ...), and
Yarn 2+'s ``npmAuthToken`` in ``.yarnrc.yml``, whose registry is set on another line (a
scope's or ``npmRegistryServer``), so it cannot be told to be npm's.

It is a credential like npm's own and blocks as one, under a rule of its own: npm's API
cannot check or revoke it, so it takes the response's notify path, with its registry named.
An ``npm_`` token is npm's own format wherever it is, and stays ``npm-token``'s.
"""

from __future__ import annotations

from collections.abc import Iterator

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import RegexDetector
from pushguard.scan.plugins.npm import AUTH_VALUE, NPMRC_AUTH_LINE, other_registry
from pushguard.scan.types import Match

_YARNRC_AUTH_LINE = r"(?<![A-Za-z0-9_])npmAuthToken[ \t]*:[ \t]*" + AUTH_VALUE


class NpmRegistryToken(RegexDetector):
    rule = "npm-registry-token"
    prefilter = r"_authtoken|npmauthtoken"
    patterns = (lazy(NPMRC_AUTH_LINE), lazy(_YARNRC_AUTH_LINE))

    def find(self, line: str, path: str) -> Iterator[Match]:
        if "npmAuthToken" in line or other_registry(line):
            yield from super().find(line, path)
