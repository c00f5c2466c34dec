"""The token of a private npm registry in an ``.npmrc``: ``//host/path/:_authToken=...`` for
a host other than npm's (Nexus' ``NpmToken.`` + a UUID, Artifactory's, Verdaccio's, ...).

It is a credential like npm's own and blocks as one, under a rule of its own: npm's API
cannot check or revoke it, so it takes the response's notify path, with its registry named.
"""

from __future__ import annotations

from collections.abc import Iterator

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import RegexDetector
from pushguard.scan.plugins.npm import NPMRC_AUTH_LINE, other_registry
from pushguard.scan.types import Match


class NpmRegistryToken(RegexDetector):
    rule = "npm-registry-token"
    prefilter = r"_authtoken"
    patterns = (lazy(NPMRC_AUTH_LINE),)

    def find(self, line: str, path: str) -> Iterator[Match]:
        if other_registry(line):
            yield from super().find(line, path)
