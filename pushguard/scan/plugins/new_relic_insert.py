"""New Relic Insights insert keys: ``NRII-`` and 32 letters, digits, ``-`` and ``_``.

An insert key writes custom events into its account's data, which the account's
dashboards and alerts read. The catalogue's rule wants the words "new relic" before the
key; the prefix is New Relic's own and distinctive alone.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector


class NewRelicInsertKey(RegexDetector):
    rule = "new-relic-insert-key"
    prefilter = r"nrii-"
    patterns = (lazy(WORD_BEFORE + r"NRII-[A-Za-z0-9_-]{32}" + WORD_AFTER),)
    mixed_body = "NRII-"  # a draw of 32 holds a digit and a letter
