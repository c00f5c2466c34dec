"""Rails master keys: ``config/master.key`` and ``config/credentials/<environment>.key``
(32 hex characters, what ``bin/rails credentials:edit`` generates), or the key given to a
deployment as ``RAILS_MASTER_KEY``.

The key decrypts ``config/credentials.yml.enc``, which is committed by design: with the
key, every credential the application holds is readable (its database, its providers'
API keys, its ``secret_key_base``). Rails ignores the key files in ``.gitignore`` for that
reason. Rotate: a new key (``bin/rails credentials:edit`` after removing the old files),
then every credential the encrypted file held.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from pushguard.scan.filters import false_positive_reason
from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ASSIGNED, NAME_BEFORE
from pushguard.scan.types import Match

_HEX = r"[0-9a-f]{32}"
_IN_FILE = lazy(r"[ \t]*(?P<secret>" + _HEX + r")[ \t\r]*")
_ASSIGNED = lazy(
    NAME_BEFORE + r"RAILS_MASTER_KEY" + ASSIGNED + r"(?P<secret>" + _HEX + r")(?![A-Za-z0-9])"
)
_KEY_FILE = re.compile(r"(?:^|/)config/(?:master|credentials/[A-Za-z0-9_-]+)\.key$")


class RailsMasterKey:
    rule = "rails-master-key"
    blocking = True
    # the key file's line, at the start of a block (its only line), or as a patch's added
    # line: a "\n+" (literal: prefilters run without multiline mode, and a branch that
    # could start after any newline costs the whole prefilter pass 7%); or the variable
    prefilter = (
        r"^[ \t]*[0-9a-f]{32}[ \t\r]*(?:\n|$)|" + "\n" + r"\+[0-9a-f]{32}(?:\n|$)|rails_master_key"
    )

    def find(self, line: str, path: str) -> Iterator[Match]:
        if _KEY_FILE.search(posixpath.normpath(path.replace("\\", "/"))):
            found = _IN_FILE.fullmatch(line)
        else:
            found = _ASSIGNED.search(line)
        if found is None:
            return
        secret = found.group("secret")
        if false_positive_reason(secret, line, path) is None:
            yield Match(secret)
