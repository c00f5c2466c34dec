"""Flutterwave secret keys: ``FLWSECK-`` (live) or ``FLWSECK_TEST-`` + 32 hex + ``-X``.

The catalogue only knows test keys; a live key moves money. The prefix and ``-X`` suffix are
Flutterwave's own; public keys (``FLWPUBK``) are not matched.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector


class FlutterwaveSecretKey(RegexDetector):
    rule = "flutterwave-secret-key"
    prefilter = r"flwseck"
    patterns = (lazy(WORD_BEFORE + r"FLWSECK(?:_TEST)?-[0-9a-fA-F]{32}-X" + WORD_AFTER),)
