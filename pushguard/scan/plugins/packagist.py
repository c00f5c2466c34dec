"""Private Packagist tokens: organization read (``packagist_ort_``) and update
(``packagist_out_``) tokens + 68 hex, and API secrets (``packagist_acs_``) + 64-96 hex.

The catalogue knows each kind under a rule of its own (and verifies them only with their
companions: the ``repo.packagist.com`` URL, the API key ``packagist_ack_``); the
``packagist_`` prefixes are Private Packagist's own and distinctive alone, so one rule of ours
covers the three kinds under one provider. The API key is an identifier and is not matched.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector


class PackagistToken(RegexDetector):
    rule = "packagist-token"
    prefilter = r"packagist_o[ru]t_|packagist_acs_"
    patterns = (
        lazy(WORD_BEFORE + r"packagist_(?:o[ru]t_[0-9a-f]{68}|acs_[0-9a-f]{64,96})" + WORD_AFTER),
    )
