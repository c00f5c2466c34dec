"""RunPod API keys: ``rpa_`` + 40-60 uppercase letters and digits (some keys end with a few
mixed-case characters, up to 8 allowed).

Uppercase-and-digit runs of 40 and more are not identifiers; the prefix is RunPod's own.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector


class RunPodKey(RegexDetector):
    rule = "runpod-api-key"
    prefilter = r"rpa_"
    patterns = (lazy(WORD_BEFORE + r"rpa_[A-Z0-9]{40,60}[A-Za-z0-9]{0,8}" + WORD_AFTER),)
