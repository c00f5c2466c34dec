"""Tailscale keys: ``tskey-`` + kind (``auth``, ``api``, ``client``, ``scim``, ``webhook``) +
``-`` + key id + ``-`` + secret, letters and digits.

An auth key joins machines to the tailnet; an API key or OAuth client secret administers it.
The catalogue knows only short API keys; every kind has this prefix.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector

_KINDS = r"(?:auth|api|client|scim|webhook)"


class TailscaleKey(RegexDetector):
    rule = "tailscale-key"
    prefilter = r"tskey-"
    patterns = (
        lazy(
            WORD_BEFORE + rf"tskey-{_KINDS}-[A-Za-z0-9]{{6,40}}-[A-Za-z0-9]{{16,64}}" + WORD_AFTER
        ),
    )
