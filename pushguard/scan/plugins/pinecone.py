"""Pinecone API keys: ``pcsk_`` + a short key id + ``_`` + a long base62 secret.

The prefix and its two-part shape are Pinecone's own, with a key id of 5-6 characters and a
secret of 63 (the catalogue's rule wants exactly that). Lengths around it (4-10, 50-80) are
still reported, so a key of another generation is seen, but they warn: a key a character
short or long is more often a truncated, padded or made-up one than a new format.
"""

from __future__ import annotations

from collections.abc import Iterator

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector
from pushguard.scan.types import Match

_KNOWN_SHAPE = lazy(r"pcsk_[A-Za-z0-9]{5,6}_[A-Za-z0-9]{63}")
OFF_SHAPE = (
    "not the shape of Pinecone's keys (pcsk_, 5-6 characters, _, 63 characters): "
    "a truncated, padded or made-up key"
)


class PineconeKey(RegexDetector):
    rule = "pinecone-api-key"
    prefilter = r"pcsk_"
    patterns = (lazy(WORD_BEFORE + r"pcsk_[A-Za-z0-9]{4,10}_[A-Za-z0-9]{50,80}" + WORD_AFTER),)

    def find(self, line: str, path: str) -> Iterator[Match]:
        for match in super().find(line, path):
            if _KNOWN_SHAPE.fullmatch(match.secret):
                yield match
            else:
                yield match._replace(blocking=False, reason=OFF_SHAPE)
