"""Sentry auth tokens: organization tokens ``sntrys_`` + base64 of their JSON claims
(``eyJ``...) + ``_`` + 43 base64 of secret; user tokens ``sntryu_`` + 64 hex.

The catalogue's organization rule wants a ``region_url`` claim in the payload; any claims
will do here, the prefix and the two parts being Sentry's own.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector

_ORG = r"sntrys_eyJ[A-Za-z0-9+/]{16,800}={0,2}_[A-Za-z0-9+/_-]{43}(?![A-Za-z0-9+/=_-])"


class SentryToken(RegexDetector):
    rule = "sentry-auth-token"
    prefilter = r"sntry[su]_"
    patterns = (
        lazy(WORD_BEFORE + _ORG),
        lazy(WORD_BEFORE + r"sntryu_[0-9a-f]{64}" + WORD_AFTER),
    )
