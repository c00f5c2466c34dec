"""SonarQube tokens: a prefix for the kind (``squ_`` user token, ``sqp_`` project analysis
token, ``sqa_`` global analysis token) and 40 hex digits.

A user token acts as its user through the Web API (an administrator's: the whole
instance); an analysis token runs analyses of one project, or of every project. The
catalogue's rule wants SonarScanner's setting name right before the token (``sonar.token``,
``sonar.login``, ``SONAR_TOKEN``), so a token under a name of the pipeline's own only warned;
the prefixes are SonarQube's own and distinctive alone. Older tokens have no prefix: the
catalogue judges those by the setting's name, and named-provider-key by SonarQube's.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ANY_VALUE, WORD_AFTER, WORD_BEFORE, RegexDetector


class SonarQubeToken(RegexDetector):
    rule = "sonarqube-token"
    prefilter = r"sq[upa]_[0-9a-f]{40}"
    patterns = (lazy(WORD_BEFORE + r"sq[upa]_[0-9a-f]{40}" + WORD_AFTER),)
    # the 40 hex digits hold a digit and a letter (all but once in 10^8); every kind's
    # prefix is as long as this one
    mixed_body = "squ_"
    # older tokens have no prefix: named-provider-key goes on judging
    # every value under SonarQube's name
    value_shape = ANY_VALUE
