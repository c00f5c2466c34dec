"""Contentful personal access tokens: ``CFPAT-`` + 43 base64url.

A personal access token reaches the Content Management API with its owner's rights in every
space. The catalogue only knows delivery tokens next to the word "contentful"; ``CFPAT-`` is
distinctive on its own.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import DASH_AFTER, WORD_BEFORE, RegexDetector


class ContentfulPat(RegexDetector):
    rule = "contentful-personal-access-token"
    prefilter = r"cfpat-"
    patterns = (lazy(WORD_BEFORE + r"CFPAT-[A-Za-z0-9_-]{43}" + DASH_AFTER),)
