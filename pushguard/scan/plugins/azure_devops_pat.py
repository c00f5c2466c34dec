"""Azure DevOps personal access tokens in the format issued since 2024: 84 letters and
digits, ``AZDO`` at the 77th to 80th characters (Microsoft's marking for secret scanners).
Tools send them as the password of any user name to ``dev.azure.com``; a token acts as its
owner within its scopes (code, work items, pipelines, packages) in its organisations.

Tokens of the older format (52 lowercase base32 characters) have no marking: they are
``named-provider-key``'s, under a name or beside a URL that says Azure DevOps.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ANY_VALUE, WORD_AFTER, WORD_BEFORE, RegexDetector


class AzureDevOpsPat(RegexDetector):
    rule = "azure-devops-pat"
    prefilter = r"azdo[a-z0-9]{4}"
    patterns = (lazy(WORD_BEFORE + r"[A-Za-z0-9]{76}AZDO[A-Za-z0-9]{4}" + WORD_AFTER),)
    # the 52-character tokens stay named-provider-key's to judge
    value_shape = ANY_VALUE
