"""Netlify authentication tokens in the format Netlify announced in 2023: ``nf`` and a letter
for the kind (``nfp_`` personal access, ``nfc_`` CLI, ``nfo_`` OAuth, ``nfu_`` app, ``nfb_``
build tokens) and a random body, 40 characters in all.

The catalogue's Netlify rule wants Netlify named right before the token; a client given one
(``new NetlifyAPI("nfp_...")``) names nothing there. A body must hold a digit and a letter,
as a random draw does: ``nfp_`` + words is a name in code.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ANY_VALUE, WORD_AFTER, WORD_BEFORE, RegexDetector

_PREFIX = "nf[pcoub]_"


class NetlifyToken(RegexDetector):
    rule = "netlify-token"
    prefilter = _PREFIX + "[a-z0-9]{36}"
    patterns = (lazy(WORD_BEFORE + _PREFIX + "[A-Za-z0-9]{36}" + WORD_AFTER),)
    mixed_body = "nfp_"  # any of the prefixes: the body after its four characters
    # tokens made before 2023 have no prefix and work on: named-provider-key still judges
    # every value under Netlify's name
    value_shape = ANY_VALUE
