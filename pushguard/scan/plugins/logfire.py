"""Pydantic Logfire tokens and keys: ``pylf_v`` and a version, the region their project
lives in (``us``, ``eu``), and 44 letters and digits.

Write tokens, read tokens, API keys and the AI Gateway's keys share the format: a write
token sends telemetry into a project, a read token queries it (traces hold prompts,
responses and personal data), an API key manages the organisation's projects and tokens, a
Gateway key spends its LLM budget. The prefix is Logfire's own; the catalogue has no rule
for it. The region may also be a deployment's own name (``local``).
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import (
    ANY_VALUE,
    WORD_AFTER,
    WORD_BEFORE,
    RegexDetector,
    digits_and_letters,
)


class LogfireToken(RegexDetector):
    rule = "logfire-token"
    prefilter = r"pylf_v[0-9]{1,3}_[a-z0-9]{2,16}_[a-z0-9]{40}"
    patterns = (
        lazy(WORD_BEFORE + r"pylf_v[0-9]{1,3}_[a-z][a-z0-9]{1,15}_[A-Za-z0-9]{40,64}" + WORD_AFTER),
    )
    value_shape = ANY_VALUE

    def accept(self, secret: str, line: str, path: str) -> bool:
        # the random part holds a digit and a letter, as a draw does
        body = secret.rpartition("_")[2]
        return digits_and_letters(body) and super().accept(secret, line, path)
