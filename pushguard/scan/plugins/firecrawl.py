"""Firecrawl API keys: ``fc-`` + exactly 32 lowercase hex.

``fc-`` is a common class prefix (FullCalendar's CSS), so the prefilter already wants the hex
and the token must stand alone: no letter, digit, ``_`` or ``-`` on either side.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import DASH_AFTER, DASH_BEFORE, RegexDetector


class FirecrawlKey(RegexDetector):
    rule = "firecrawl-api-key"
    prefilter = r"fc-[0-9a-f]{32}"
    patterns = (lazy(DASH_BEFORE + r"fc-[0-9a-f]{32}" + DASH_AFTER),)
