"""fal API keys: a key id (a UUID) and its secret (32 lowercase hex characters) joined by a
colon, read by fal's clients from ``FAL_KEY`` and sent as ``Authorization: Key <key>`` to
``fal.run`` and ``api.fal.ai``. A key runs models at its account's expense; an ADMIN-scoped
one deploys and manages its private apps too.

The shape alone is any id and hash written together, and fal's name is too short to be
one named-provider-key looks for. A key counts here where fal is named within a few lines
or in the path (``FAL_KEY``, ``fal.config({ credentials })``, ``import fal_client``, the
``fal.run`` host), or where it is sent in fal's ``Key`` authorization scheme.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ANY_VALUE, RegexDetector

_HEX = "[0-9a-f]"
_KEY = rf"{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}:{_HEX}{{32}}"


class FalKey(RegexDetector):
    rule = "fal-api-key"
    # from the UUID's last dash: a prefilter opens with a literal
    prefilter = rf"-{_HEX}{{12}}:{_HEX}{{32}}"
    patterns = (lazy(rf"(?<![A-Za-z0-9_-]){_KEY}(?![A-Za-z0-9_])"),)
    context = lazy(
        r"(?i:(?<![A-Za-z0-9])fal(?:[_-]?(?:key|ai|client|api))?(?![A-Za-z0-9])"
        r"|authorization[\"']?[ \t]*[:=,][ \t]*[\"']?key[ \t])"
    )
    # other values under fal's name stay named-provider-key's to judge
    value_shape = ANY_VALUE
