"""Mem0 API keys: ``m0-`` and 40 letters and digits, read by Mem0's clients from
``MEM0_API_KEY``. A key reads and rewrites every memory its projects keep of their users.

``m0-`` is short, and the catalogue's rule wants Mem0 named right before the key. A key
counts here where Mem0 is named within a few lines or in the path: an SDK client built
below its import (``from mem0 import MemoryClient`` over ``MemoryClient(api_key="m0-…")``),
the ``api.mem0.ai`` host, a ``MEM0_…`` setting.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ANY_VALUE, DASH_AFTER, DASH_BEFORE, RegexDetector


class Mem0Key(RegexDetector):
    rule = "mem0-api-key"
    prefilter = r"m0-[a-z0-9]{40}"
    patterns = (lazy(DASH_BEFORE + r"m0-[A-Za-z0-9]{40}" + DASH_AFTER),)
    # a random body of 40 letters and digits lacks a digit about once in 400
    mixed_body = "m0-"
    context = lazy(r"(?i:mem0|memoryclient)")
    # other values under Mem0's name stay named-provider-key's to judge
    value_shape = ANY_VALUE
