"""Browserbase API keys: ``bb_live_`` + 20-40 base64url.

The prefix is Browserbase's own and names the live environment.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import DASH_AFTER, WORD_BEFORE, RegexDetector


class BrowserbaseKey(RegexDetector):
    rule = "browserbase-api-key"
    prefilter = r"bb_live_"
    patterns = (lazy(WORD_BEFORE + r"bb_live_[A-Za-z0-9_-]{20,40}" + DASH_AFTER),)
