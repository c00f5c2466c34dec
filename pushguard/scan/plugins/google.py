"""Google API keys: ``AIza`` + 35 of ``[0-9A-Za-z_-]``."""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import DASH_AFTER, DASH_BEFORE, RegexDetector


class GoogleApiKey(RegexDetector):
    rule = "google-api-key"
    prefilter = r"aiza"
    patterns = (lazy(DASH_BEFORE + r"AIza[A-Za-z0-9_-]{35}" + DASH_AFTER),)
