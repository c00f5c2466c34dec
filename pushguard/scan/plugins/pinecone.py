"""Pinecone API keys: ``pcsk_`` + a short key id + ``_`` + a long base62 secret.

The prefix and its two-part shape are Pinecone's own. The catalogue wants exactly 5-6 + 63
characters; lengths here have a margin (4-10, 50-80) so a key of another generation still
blocks.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector


class PineconeKey(RegexDetector):
    rule = "pinecone-api-key"
    prefilter = r"pcsk_"
    patterns = (lazy(WORD_BEFORE + r"pcsk_[A-Za-z0-9]{4,10}_[A-Za-z0-9]{50,80}" + WORD_AFTER),)
