"""ClickHouse Cloud API secret keys: ``4b1d`` + 38 base62, 42 characters in all.

The catalogue reports one only next to its key id. A four-character prefix alone is weak
(``4b1d`` also starts hex digests), so the match must be exactly 42 characters, standing
alone (not a run inside base64, hence no ``+``, ``/`` or ``=`` around it), and its body must
hold digits, lowercase and uppercase letters, as a base62 draw does and no hex or base36
value can.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ESCAPED, RegexDetector

_PREFIX = "4b1d"
_BEFORE = rf"(?:(?<![A-Za-z0-9_+/-])|{ESCAPED})"
_AFTER = r"(?![A-Za-z0-9_+/=-])"
_CLASSES = (str.isdigit, str.islower, str.isupper)


class ClickHouseCloudSecretKey(RegexDetector):
    rule = "clickhouse-cloud-api-secret-key"
    prefilter = r"4b1d[a-z0-9]{38}"
    patterns = (lazy(_BEFORE + _PREFIX + r"[A-Za-z0-9]{38}" + _AFTER),)

    def accept(self, secret: str, line: str, path: str) -> bool:
        body = secret[len(_PREFIX) :]
        drawn = all(any(test(c) for c in body) for test in _CLASSES)
        return drawn and super().accept(secret, line, path)
