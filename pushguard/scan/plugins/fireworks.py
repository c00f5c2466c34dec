"""Fireworks AI API keys: ``fw_`` + 20-30 base62.

``fw_`` is a common name prefix (firmware, framework), so the body must be one unbroken run
holding both a digit and a letter, as a random draw does.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector


class FireworksKey(RegexDetector):
    rule = "fireworks-api-key"
    prefilter = r"fw_[a-z0-9]{20}"
    mixed_body = "fw_"
    patterns = (lazy(WORD_BEFORE + r"fw_[A-Za-z0-9]{20,30}" + WORD_AFTER),)
