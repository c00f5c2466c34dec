"""Anyscale Endpoints API keys: ``esecret_`` + 20-40 lowercase letters and digits.

The body must hold a digit and a letter, as a random draw does: ``esecret_`` followed by a
lowercase word is a name.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector


class AnyscaleKey(RegexDetector):
    rule = "anyscale-api-key"
    prefilter = r"esecret_"
    mixed_body = "esecret_"
    patterns = (lazy(WORD_BEFORE + r"esecret_[a-z0-9]{20,40}" + WORD_AFTER),)
