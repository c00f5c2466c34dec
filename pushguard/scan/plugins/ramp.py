"""Ramp API client secrets: ``ramp_sec_`` + 48 base62.

The catalogue reports one only next to its client id (``ramp_id_``); the secret pasted alone
(an .env line, a CI variable) is just as leaked, and ``ramp_sec_`` + an unbroken run of 48
letters and digits is no name.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector


class RampClientSecret(RegexDetector):
    rule = "ramp-client-secret"
    prefilter = r"ramp_sec_"
    patterns = (lazy(WORD_BEFORE + r"ramp_sec_[A-Za-z0-9]{48}" + WORD_AFTER),)
