"""Grafana Cloud access policy tokens: ``glc_`` and the base64 of a small JSON object naming
the token's organization (``o``), name (``n``), secret (``k``) and region (``m``). A token
reads or writes the stack's metrics, logs and traces, or manages the stack, as its access
policy allows.

Its length grows with its name and region, and the catalogue's rule stops at about 150
characters of body, so a token with a longer name was missed whole. A token here is
``glc_`` and base64 of any length that decodes to a JSON object holding its ``k``.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ANY_VALUE, WORD_BEFORE, RegexDetector
from pushguard.scan.types import Match

_TOKEN = lazy(WORD_BEFORE + r"glc_eyJ[A-Za-z0-9+/]{20,2048}={0,2}(?![A-Za-z0-9+/=_-])")


class GrafanaCloudToken(RegexDetector):
    rule = "grafana-cloud-token"
    prefilter = r"glc_eyj[a-z0-9+/]{20}"
    patterns = (_TOKEN,)
    # Grafana's other credentials (glsa_ service account tokens, an instance's API keys)
    # stay named-provider-key's to judge under its name
    value_shape = ANY_VALUE

    def find(self, line: str, path: str) -> Iterator[Match]:
        for match in super().find(line, path):
            if _holds_key(match.secret):
                yield match


def _holds_key(token: str) -> bool:
    body = token[len("glc_") :]
    try:
        claims = json.loads(base64.b64decode(body + "=" * (-len(body) % 4)))
    except (binascii.Error, ValueError, RecursionError):
        return False  # not base64, not UTF-8, not JSON, or nested past the parser (hostile)
    return isinstance(claims, dict) and isinstance(claims.get("k"), str) and bool(claims["k"])
