"""Resend API keys: ``re_`` + an 8-character key id + ``_`` + 24 of secret (base58 as issued;
any base62 matched).

``re_`` starts many names (``re_compile``), so the shape is exact and the body must hold a
digit and a letter, as a random draw does.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector


class ResendKey(RegexDetector):
    rule = "resend-api-key"
    prefilter = r"re_[a-z0-9]{8}_[a-z0-9]{24}"
    mixed_body = "re_"
    patterns = (lazy(WORD_BEFORE + r"re_[A-Za-z0-9]{8}_[A-Za-z0-9]{24}" + WORD_AFTER),)
