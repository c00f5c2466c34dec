"""Hugging Face organization API tokens (legacy): ``api_org_`` + 34 letters."""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector


class HuggingFaceOrgToken(RegexDetector):
    rule = "huggingface-org-token"
    prefilter = r"api_org_"
    patterns = (lazy(WORD_BEFORE + r"api_org_[A-Za-z]{34}" + WORD_AFTER),)
