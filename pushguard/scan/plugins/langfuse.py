"""Langfuse secret keys: ``sk-lf-`` + a UUID.

The catalogue reports one only next to its public key (``pk-lf-``), which is not a secret and
is not matched here: the secret key alone reads every trace of the project.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import DASH_AFTER, WORD_BEFORE, RegexDetector

_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


class LangfuseSecretKey(RegexDetector):
    rule = "langfuse-secret-key"
    prefilter = r"sk-lf-"
    patterns = (lazy(WORD_BEFORE + r"sk-lf-" + _UUID + DASH_AFTER),)
