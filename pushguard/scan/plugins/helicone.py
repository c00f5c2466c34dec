"""Helicone API keys: ``sk-helicone-`` (read and write) or ``pk-helicone-`` (write only),
``eu-`` for keys of Helicone's EU region, then four groups of seven lowercase base32
characters joined by dashes, as Helicone's dashboard draws them.

A Helicone key reads every logged prompt and completion of its organization. Its groups are
lowercase letters more often than not, so ``named-provider-key``, which takes a run of six
lowercase letters for a word, turned most of them down.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ANY_VALUE, WORD_AFTER, WORD_BEFORE, RegexDetector

_GROUP = "[a-z2-7]{7}"


class HeliconeKey(RegexDetector):
    rule = "helicone-api-key"
    prefilter = r"sk-helicone-|pk-helicone-"
    patterns = (
        lazy(WORD_BEFORE + rf"[sp]k-helicone-(?:eu-)?{_GROUP}(?:-{_GROUP}){{3}}" + WORD_AFTER),
    )
    # other values under Helicone's name stay named-provider-key's to judge
    value_shape = ANY_VALUE
