"""PlanetScale credentials: service tokens ``pscale_tkn_``, database passwords ``pscale_pw_``
and OAuth tokens ``pscale_oauth_``, each + 32-64 of ``[A-Za-z0-9_=.-]``.

The prefixes are PlanetScale's own. The catalogue's token rule also wants a user id nearby;
a token alone in a ``.env`` must block too. A final ``.`` is the sentence's, not the token's.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_BEFORE, RegexDetector

_BODY = r"[A-Za-z0-9_=.-]{31,63}[A-Za-z0-9_=-](?![A-Za-z0-9_=-])"


class PlanetScaleToken(RegexDetector):
    rule = "planetscale-token"
    prefilter = r"pscale_(?:tkn|pw|oauth)_"
    patterns = (lazy(WORD_BEFORE + r"pscale_(?:tkn|pw|oauth)_" + _BODY),)
