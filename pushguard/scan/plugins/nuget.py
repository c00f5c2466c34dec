"""NuGet Gallery API keys (nuget.org): ``oy2`` and 43 lowercase letters and digits.

A key pushes (or unlists) packages under its owner's name within its scopes and glob; a
leaked one lets anyone publish a release of those packages. The ``oy2`` prefix is NuGet's
own marking for secret scanners, so the key is known by its format alone; the catalogue
has no rule for it. A key of another NuGet server (a private feed's, Artifactory's) has no
format: ``named-provider-key`` judges it by the NuGet name beside it.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ANY_VALUE, WORD_AFTER, WORD_BEFORE, RegexDetector


class NuGetApiKey(RegexDetector):
    rule = "nuget-api-key"
    prefilter = r"oy2[a-z0-9]{43}"
    patterns = (lazy(WORD_BEFORE + r"oy2[a-z0-9]{43}" + WORD_AFTER),)
    mixed_body = "oy2"  # a word that starts so ("oy2...") is no draw
    # a private feed's keys (and nuget.org's older ones) have no prefix: named-provider-key
    # goes on judging every value under NuGet's name
    value_shape = ANY_VALUE
