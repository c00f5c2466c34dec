"""The key a Rails or Phoenix application signs and encrypts its cookies with,
``secret_key_base``: 128 hex characters as ``bin/rails secret`` prints them, or 64 base64
characters as ``mix phx.gen.secret`` does. With it a session cookie can be forged (and, in
older Rails, code run through a crafted marshalled cookie).

Found under its own name: ``SECRET_KEY_BASE=`` in a dotenv file, a compose file or a CI
config, ``config.secret_key_base = "..."``, ``secret_key_base: "..."`` in a Phoenix config.
Where the frameworks write development and test keys meant to be committed (Rails 4.1-5.1's
``config/secrets.yml``, Phoenix's ``config/dev.exs`` and ``config/test.exs``, and before
Phoenix 1.6 ``config/config.exs``) it warns: whether it is the production key there depends
on its section and on what production overrides.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from pushguard.scan.filters import false_positive_reason
from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ASSIGNED, NAME_BEFORE, digits_and_letters
from pushguard.scan.types import Match

_KEY = lazy(
    NAME_BEFORE
    + r"(?i:secret_key_base)"
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


class SecretKeyBase:
    rule = "secret-key-base"
    blocking = True
    prefilter = r"secret_key_base"

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
