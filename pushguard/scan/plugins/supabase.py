"""Supabase secret API keys: ``sb_secret_`` + base64url (about 31 characters: a random part,
``_``, a checksum; 30-60 allowed).

The server-side key of the 2025 API keys, bypassing row-level security. Its counterpart
``sb_publishable_`` is meant for browsers and is deliberately not matched. The catalogue's
rule for it is a JWT rule and only warns.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import DASH_AFTER, WORD_BEFORE, RegexDetector


class SupabaseSecretKey(RegexDetector):
    rule = "supabase-secret-key"
    prefilter = r"sb_secret_"
    patterns = (lazy(WORD_BEFORE + r"sb_secret_[A-Za-z0-9_-]{30,60}" + DASH_AFTER),)
