"""pushguard's own API tokens (``pgt_`` + 30 base62 + CRC32), so a leaked admin token is caught."""

from __future__ import annotations

from pushguard.scan.checksum import valid_pgt
from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector


class PushguardToken(RegexDetector):
    rule = "pushguard-api-token"
    prefilter = r"pgt_"
    patterns = (lazy(WORD_BEFORE + r"pgt_[A-Za-z0-9]{36}" + WORD_AFTER),)

    def checksum_ok(self, secret: str) -> bool:
        return valid_pgt(secret)
