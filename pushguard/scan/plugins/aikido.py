"""Aikido client secrets: ``AIK_SECRET_`` + 64 base62.

The catalogue reports one only next to its client id (``AIK_CLIENT_``); the secret alone is
what a pasted CI variable leaks, and ``AIK_SECRET_`` followed by 64 letters and digits is
Aikido's own shape (a variable named ``AIK_SECRET_KEY`` has no such body).
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector


class AikidoClientSecret(RegexDetector):
    rule = "aikido-client-secret"
    prefilter = r"aik_secret_"
    patterns = (lazy(WORD_BEFORE + r"AIK_SECRET_[A-Za-z0-9]{64}" + WORD_AFTER),)
