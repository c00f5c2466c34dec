"""Tavily API keys: ``tvly-`` (newer keys ``tvly-dev-``/``tvly-prod-``) + 32 base62 (up to
40 allowed).

``tvly`` is no word or common abbreviation; the prefix is Tavily's own.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector


class TavilyKey(RegexDetector):
    rule = "tavily-api-key"
    prefilter = r"tvly-"
    patterns = (lazy(WORD_BEFORE + r"tvly-(?:(?:dev|prod)-)?[A-Za-z0-9]{32,40}" + WORD_AFTER),)
