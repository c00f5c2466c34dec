"""OWASP Dependency-Track API keys: ``odt_`` and 32 or more letters and digits (the prefix
every key has carried since Dependency-Track 4.9; 4.13 put a public id and ``_`` before the
secret part). CI pipelines keep them to upload SBOMs (``DTRACK_API_KEY``, the ``X-Api-Key``
header); a team's key reads and changes what the team's permissions allow, often the whole
portfolio's vulnerabilities.

``odt_`` also starts names (``odt_export_template``: OpenDocument text), so the body must
hold a digit and a letter, as a random draw does.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ANY_VALUE, WORD_AFTER, WORD_BEFORE, RegexDetector


class DependencyTrackApiKey(RegexDetector):
    rule = "dependency-track-api-key"
    prefilter = r"odt_[a-z0-9]{5}"
    patterns = (lazy(WORD_BEFORE + r"odt_(?:[A-Za-z0-9]{5,16}_)?[A-Za-z0-9]{32,96}" + WORD_AFTER),)
    mixed_body = "odt_"
    # keys made before 4.9 have no prefix: they stay named-provider-key's to judge under
    # Dependency-Track's name
    value_shape = ANY_VALUE
