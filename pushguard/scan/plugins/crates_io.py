"""crates.io API tokens: ``cio`` and 32 letters and digits.

A token publishes new versions of (or yanks) the crates its owner maintains, within its
scopes; crates.io revokes the ones GitHub's secret scanning reports. The prefix is three
letters, so the exact length and the boundaries around the token are what tell it from a
word; the catalogue has no rule for it.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector


class CratesIoToken(RegexDetector):
    rule = "crates-io-api-token"
    prefilter = r"cio[a-z0-9]{32}"
    patterns = (lazy(WORD_BEFORE + r"cio[A-Za-z0-9]{32}" + WORD_AFTER),)
    mixed_body = "cio"  # an identifier that starts so holds no digit, or no letter
