"""Adafruit IO keys in their prefixed form: ``aio_`` and 28 letters and digits, the key of an
Adafruit IO account (every feed, dashboard and device of it). Devices carry it in their
sketches (``#define IO_KEY "aio_…"``), where the variable names no service.

Keys made before the prefix are 32 hex characters: ``named-provider-key`` judges those under
Adafruit's name. Python's asyncio libraries name things ``aio_``: a key's body is one draw
from both cases and digits, not lowercase words.
"""

from __future__ import annotations

from pushguard.scan.filters import BOTH_CASES
from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ANY_VALUE, WORD_AFTER, WORD_BEFORE, RegexDetector

_PREFIX = "aio_"


class AdafruitIoKey(RegexDetector):
    rule = "adafruit-io-key"
    prefilter = _PREFIX + "[a-z0-9]{28}"
    patterns = (lazy(WORD_BEFORE + _PREFIX + "[A-Za-z0-9]{28}" + WORD_AFTER),)
    # the legacy 32-hex keys under Adafruit's name stay named-provider-key's
    value_shape = ANY_VALUE

    def accept(self, secret: str, line: str, path: str) -> bool:
        # both cases, as a draw of 28 has (one in 140 lacks a digit: that is no name either)
        body = secret[len(_PREFIX) :]
        return BOTH_CASES.match(body) is not None and super().accept(secret, line, path)
