"""The key a Rails or Phoenix application signs and encrypts its cookies with,
``secret_key_base``: 128 hex characters as ``bin/rails secret`` prints them, or 64 base64
characters as ``mix phx.gen.secret`` does. With it a session cookie can be forged (and, in
older Rails, code run through a crafted marshalled cookie).

Found under its own name: ``SECRET_KEY_BASE=`` in a dotenv file, a compose file or a CI
config, ``config.secret_key_base = "..."``, ``secret_key_base: "..."`` in a Phoenix config.
Where the frameworks write development and test keys meant to be committed (Rails 4.1-5.1's
``config/secrets.yml``, Phoenix's ``config/dev.exs`` and ``config/test.exs``, and before
Phoenix 1.6 ``config/config.exs``) it warns: whether it is the production key there depends
on its section and on what production overrides. In ``secrets.yml`` a key seen under its
section blocks unless that section is ``development`` or ``test``: ``production``'s key
should come from the environment (``<%= ENV["SECRET_KEY_BASE"] %>``), and ``shared`` keys
serve production too.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Sequence

from pushguard.scan.filters import false_positive_reason
from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ASSIGNED, NAME_BEFORE, digits_and_letters
from pushguard.scan.types import Match

_KEY = lazy(
    NAME_BEFORE
    + r"(?i:secret[_.-]?key[_.-]?base)"  # secret_key_base, a Helm chart's secretKeyBase
    + ASSIGNED
    + r"(?P<secret>[0-9a-f]{128}|[A-Za-z0-9+/]{64})(?![A-Za-z0-9+/=])"
)
_GENERATED_FOR_DEVELOPMENT = re.compile(
    r"(?:^|/)config/(?:secrets\.yml|config\.exs|dev\.exs|test\.exs)$"
)
DEVELOPMENT_KEY = (
    "where Rails and Phoenix write development and test keys meant to be committed: "
    "check whether this is a production key"
)


_SECTION = lazy(r"(?P<name>[A-Za-z_][A-Za-z0-9_-]*):[ \t]*(?:&[A-Za-z0-9_-]+[ \t]*)?(?:#.*)?")
"""A top-level YAML key opening a section (``production:``, ``default: &default``)."""
_COMMITTED_SECTIONS = frozenset({"development", "test"})
SECTION_REACH = 20
"""Lines above a ``secrets.yml`` key read for its section (Rails writes it right above)."""


class SecretKeyBase:
    rule = "secret-key-base"
    blocking = True
    prefilter = r"secret[_.-]?key[_.-]?base"

    def find(self, line: str, path: str) -> Iterator[Match]:
        development = _GENERATED_FOR_DEVELOPMENT.search(posixpath.normpath(path.replace("\\", "/")))
        for found in _KEY.finditer(line):
            secret = found.group("secret")
            if not digits_and_letters(secret) or false_positive_reason(secret, line, path):
                continue
            provider = "rails" if len(secret) == 128 else "phoenix"
            if development:
                yield Match(secret, provider=provider, blocking=False, reason=DEVELOPMENT_KEY)
            else:
                yield Match(secret, provider=provider)

    @staticmethod
    def reconsider(lines: Sequence[str], index: int, match: Match) -> Match:
        """A Rails ``secrets.yml`` key under a section other than development or test
        blocks: it is a production key written into the repository. Where its section is
        not among ``lines`` (a diff's changed line alone), it keeps its warning."""
        if match.reason != DEVELOPMENT_KEY or not lines[index][:1].isspace():
            return match
        for above in range(index - 1, max(-1, index - 1 - SECTION_REACH), -1):
            line = lines[above]
            if not line.strip() or line[:1].isspace() or line.lstrip().startswith("#"):
                continue
            section = _SECTION.fullmatch(line.rstrip())
            if section is None or section.group("name") in _COMMITTED_SECTIONS:
                return match
            return match._replace(blocking=None, reason="")
        return match
