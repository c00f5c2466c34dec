"""OpenAI API keys. Every format embeds ``T3BlbkFJ`` (base64 of "OpenAI"): legacy
``sk-`` + 20 + marker + 20 alphanumerics, and project/service-account/admin keys
``sk-proj-``/``sk-svcacct-``/``sk-admin-`` whose halves also use ``-`` and ``_``."""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import DASH_AFTER, DASH_BEFORE, RegexDetector


class OpenAIKey(RegexDetector):
    rule = "openai-api-key"
    prefilter = r"t3blbkfj"
    patterns = (
        lazy(DASH_BEFORE + r"sk-[A-Za-z0-9_-]{20,120}T3BlbkFJ[A-Za-z0-9_-]{20,120}" + DASH_AFTER),
    )
