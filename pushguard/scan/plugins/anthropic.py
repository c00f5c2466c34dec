"""Anthropic API and admin keys (``sk-ant-api03`` or ``sk-ant-admin01``, a dash, 93 chars,
``AA``), plus
Claude OAuth access/refresh tokens (``sk-ant-oat01-``/``sk-ant-ort01-``, length unpublished)."""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import DASH_AFTER, DASH_BEFORE, RegexDetector


class AnthropicKey(RegexDetector):
    rule = "anthropic-api-key"
    prefilter = r"sk-ant-"
    patterns = (
        lazy(DASH_BEFORE + r"sk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{93}AA" + DASH_AFTER),
        lazy(DASH_BEFORE + r"sk-ant-o[ar]t01-[A-Za-z0-9_-]{40,}" + DASH_AFTER),
    )
