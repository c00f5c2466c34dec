"""LangSmith API keys: ``lsv2_pt_`` (personal) or ``lsv2_sk_`` (service) + 32 hex + ``_`` +
10 hex.

The catalogue's rule drops keys whose hex happens to score low on its entropy filter (a few
in a hundred real keys); the prefix and shape are distinctive enough to need no such filter.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector


class LangSmithKey(RegexDetector):
    rule = "langsmith-api-key"
    prefilter = r"lsv2_(?:pt|sk)_"
    patterns = (lazy(WORD_BEFORE + r"lsv2_(?:pt|sk)_[0-9a-f]{32}_[0-9a-f]{10}" + WORD_AFTER),)
