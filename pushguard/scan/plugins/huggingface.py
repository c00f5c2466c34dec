"""Hugging Face user access tokens: ``hf_`` + 34 letters (gitleaks allows letters; we also
accept digits, as trufflehog does, since nothing else has this exact shape)."""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector


class HuggingFaceToken(RegexDetector):
    rule = "huggingface-token"
    prefilter = r"hf_"
    patterns = (lazy(WORD_BEFORE + r"hf_[A-Za-z0-9]{34}" + WORD_AFTER),)
