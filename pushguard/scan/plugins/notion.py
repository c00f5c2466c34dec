"""Notion internal integration secrets in their first form: ``secret_`` + 43 letters and
digits (newer ones start ``ntn_``: the catalogue's rule).

``secret_`` begins names in code as well, so a match counts only with Notion named on its
line, within a few lines (``import { Client } from "@notionhq/client"``) or in the path, and
with a digit and a letter in its body, as a random draw has.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ANY_VALUE, WORD_AFTER, WORD_BEFORE, RegexDetector


class NotionSecret(RegexDetector):
    rule = "notion-integration-secret"
    prefilter = r"secret_[a-z0-9]{43}"
    patterns = (lazy(WORD_BEFORE + r"secret_[A-Za-z0-9]{43}" + WORD_AFTER),)
    context = lazy(r"(?i:notion)")
    # Notion's names hold its newer ``ntn_`` secrets and OAuth tokens too:
    # named-provider-key still judges any value under them, as before this detector
    value_shape = ANY_VALUE
    mixed_body = "secret_"
