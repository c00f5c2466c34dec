"""JFrog Artifactory reference tokens: base64 of ``reftkn:01:<expiry>:<random>``, 64
characters starting ``cmVmdGtu`` (base64 of ``reftkn``).

The catalogue's rule (``cmVmd`` + 59) reports one only next to an Artifactory URL; the
encoded ``reftkn`` marker is JFrog's own and distinctive alone. The decoded token is ASCII
text, so its base64 has no ``+`` or ``/``: 56 letters and digits follow the marker.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector


class ArtifactoryReferenceToken(RegexDetector):
    rule = "artifactory-reference-token"
    prefilter = r"cmvmdgtu"
    patterns = (lazy(WORD_BEFORE + r"cmVmdGtu[A-Za-z0-9]{56}" + WORD_AFTER),)
