"""Cartesia API keys: ``sk_car_`` and 22 letters and digits, read from
``CARTESIA_API_KEY`` and sent in the ``X-API-Key`` header to ``api.cartesia.ai``. A key
synthesizes and clones voices at its organization's expense.

``sk_car_`` is Cartesia's alone, so a key blocks wherever it is written. The catalogue's
rule wants a 20-character body and Cartesia named before it; the keys Cartesia issues
have 22 characters (accepted here from 20 to 32).
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector


class CartesiaKey(RegexDetector):
    rule = "cartesia-api-key"
    prefilter = r"sk_car_[a-z0-9]{20}"
    patterns = (lazy(WORD_BEFORE + r"sk_car_[A-Za-z0-9]{20,32}" + WORD_AFTER),)
    # a random body holds a digit and a letter, a name (sk_car_SettingsPanelView) does not;
    # a body drawn without a digit (about one in 50) is left to CARTESIA_API_KEY's name
    mixed_body = "sk_car_"
