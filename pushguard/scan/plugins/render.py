"""Render API keys: ``rnd_`` + base62 (28 or 32 characters are reported; 28-40 allowed).

``rnd_`` is also a common name prefix (``rnd_seed``), so the body must be one unbroken run of
28 or more letters and digits holding both, as a random draw does; identifiers do not.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector


class RenderKey(RegexDetector):
    rule = "render-api-key"
    prefilter = r"rnd_[a-z0-9]{28}"
    mixed_body = "rnd_"
    patterns = (lazy(WORD_BEFORE + r"rnd_[A-Za-z0-9]{28,40}" + WORD_AFTER),)
