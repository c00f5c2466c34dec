"""Salesforce access (session) tokens: the 15-character org id (``00D`` + 12 base62) + ``!``
+ 80-260 of ``[A-Za-z0-9._-]``.

The catalogue reports one only next to an instance URL (``*.my.salesforce.com``). ``00D`` is
the key prefix of every org id and the ``!`` joining it to the session part is Salesforce's
own: the pair is distinctive alone. A ``.`` after the token ends the sentence, not the token.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import DASH_AFTER, WORD_BEFORE, RegexDetector


class SalesforceAccessToken(RegexDetector):
    rule = "salesforce-access-token"
    prefilter = r"00d[a-z0-9]{12}!"
    patterns = (
        lazy(WORD_BEFORE + r"00D[A-Za-z0-9]{12}![A-Za-z0-9._-]{79,259}[A-Za-z0-9_-]" + DASH_AFTER),
    )
