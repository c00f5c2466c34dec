"""Canva Connect client secrets: ``cnvca`` + 51 of ``[A-Za-z0-9_-]``.

The catalogue reports one only next to a client id (``OC-``) and the word "canva". ``cnvca``
is no word, yet it can start a name glued to more letters: the body must be exactly 51
characters holding a digit and a letter, as a random draw does.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import DASH_AFTER, DASH_BEFORE, RegexDetector


class CanvaClientSecret(RegexDetector):
    rule = "canva-client-secret"
    prefilter = r"cnvca[a-z0-9_-]{51}"
    mixed_body = "cnvca"
    patterns = (lazy(DASH_BEFORE + r"cnvca[A-Za-z0-9_-]{51}" + DASH_AFTER),)
