"""ElevenLabs API keys: ``sk_`` and 48 lowercase hex characters, sent in the ``xi-api-key``
header to ``api.elevenlabs.io``. A key speaks, clones voices and spends credits as its
account.

``sk_`` and hex alone say little (other services begin keys with ``sk_``), and the
catalogue's rule wants ElevenLabs named right before the key. A key counts here where
ElevenLabs is named within a few lines or in the path, its API's host or its header
included: an SDK client (``ElevenLabs(api_key="sk_…")``), a request's headers, an n8n
credential named ``xi-api-key``.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ANY_VALUE, WORD_AFTER, WORD_BEFORE, RegexDetector


class ElevenLabsKey(RegexDetector):
    rule = "elevenlabs-api-key"
    prefilter = r"sk_[0-9a-f]{48}"
    patterns = (lazy(WORD_BEFORE + r"sk_[0-9a-f]{48}" + WORD_AFTER),)
    context = lazy(r"(?i:eleven[ _-]?labs|xi-api-key|xi_api_key)")
    # other values under ElevenLabs' name stay named-provider-key's to judge
    value_shape = ANY_VALUE
