"""Braintree (PayPal) access tokens: ``access_token$production$`` (or ``$sandbox$``) + the
16-character merchant id + ``$`` + 32 hex.

The ``$``-joined shape is Braintree's own. A production token takes payments and refunds
for the merchant; sandbox tokens are test credentials, but blocked too: they still reach
the merchant's sandbox data and are rotated the same way.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector


class BraintreeAccessToken(RegexDetector):
    rule = "braintree-access-token"
    prefilter = r"access_token\$(?:production|sandbox)\$"
    patterns = (
        lazy(
            WORD_BEFORE
            + r"access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32}"
            + WORD_AFTER
        ),
    )
