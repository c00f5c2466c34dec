"""StackHawk API keys: ``hawk.``, 20 letters and digits, ``.``, 20 more (an id and its
secret), read by the HawkScan CLI and its CI actions from ``HAWK_API_KEY``. A key runs
scans and reads every finding of its organization's applications.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector


class StackHawkApiKey(RegexDetector):
    rule = "stackhawk-api-key"
    prefilter = r"hawk\.[a-z0-9]{20}\.[a-z0-9]{20}"
    patterns = (lazy(WORD_BEFORE + r"hawk\.[A-Za-z0-9]{20}\.[A-Za-z0-9]{20}" + WORD_AFTER),)
    mixed_body = "hawk."
