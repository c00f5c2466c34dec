"""Jina AI API keys: ``jina_`` + about 60 base62 (50-70 allowed).

The library's own names (``jina_embeddings``) have underscores or are short; a key is one
long unbroken run of letters and digits.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector


class JinaKey(RegexDetector):
    rule = "jina-api-key"
    prefilter = r"jina_[a-z0-9]{50}"
    patterns = (lazy(WORD_BEFORE + r"jina_[A-Za-z0-9]{50,70}" + WORD_AFTER),)
