"""Cloudflare API credentials in the scannable format Cloudflare introduced in 2026: a
prefix for the kind (``cfk_`` Global API Key, ``cfut_`` user API token, ``cfat_`` account
API token), 40 random characters and a checksum (8 hex digits).

The catalogue knows the two token prefixes but not the Global API Key's, the one credential
with the account's full access. Tokens made before 2026 have no prefix of their own: the
catalogue and ``named-provider-key`` judge those by the Cloudflare name beside them.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import (
    ANY_VALUE,
    WORD_AFTER,
    WORD_BEFORE,
    RegexDetector,
    digits_and_letters,
)

_PREFIX = "cf(?:k|ut|at)_"


class CloudflareCredential(RegexDetector):
    rule = "cloudflare-api-credential"
    prefilter = _PREFIX + "[a-z0-9]{48}"
    patterns = (lazy(WORD_BEFORE + _PREFIX + "[A-Za-z0-9]{40}[a-f0-9]{8}" + WORD_AFTER),)
    # the credentials made before 2026 have no prefix and work on: named-provider-key still
    # judges every value under Cloudflare's name
    value_shape = ANY_VALUE

    def accept(self, secret: str, line: str, path: str) -> bool:
        # the random part holds a digit and a letter, as a draw of 40 does
        body = secret.partition("_")[2][:40]
        return digits_and_letters(body) and super().accept(secret, line, path)
