"""New Relic user API keys: ``NRAK-`` + 27 uppercase letters and digits.

The catalogue's rule wants the words "new relic" before the key; the prefix alone is
distinctive enough, so a key pasted anywhere (a curl flag, a notebook, a CSV) blocks.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector


class NewRelicUserKey(RegexDetector):
    rule = "new-relic-user-api-key"
    prefilter = r"nrak-"
    patterns = (lazy(WORD_BEFORE + r"NRAK-[A-Z0-9]{27}" + WORD_AFTER),)
