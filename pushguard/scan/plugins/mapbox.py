"""Mapbox secret access tokens: ``sk.`` + base64url JSON (``eyJ``...) + ``.`` + 22 base64url.

Secret tokens carry the scopes that write (upload styles and tilesets, manage tokens).
Public ``pk.`` tokens of the same shape are made to ship in web pages: not matched.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import DASH_AFTER, WORD_BEFORE, RegexDetector


class MapboxSecretToken(RegexDetector):
    rule = "mapbox-secret-token"
    prefilter = r"sk\.eyj"
    patterns = (
        lazy(WORD_BEFORE + r"sk\.eyJ[A-Za-z0-9_-]{20,300}\.[A-Za-z0-9_-]{22}" + DASH_AFTER),
    )
