"""Microsoft Entra ID (Azure AD) client secrets created since 2022: 3 characters + a digit +
``Q~`` + 31-34, all of ``[A-Za-z0-9_~.-]``.

No name prefix, but the ``Q~`` at a fixed offset is Microsoft's marker of the format, and
``~`` hardly occurs in other random strings (base64 has none). A ``.`` right after is the
sentence's.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ESCAPED, RegexDetector

_CHARS = r"[A-Za-z0-9_~.-]"
_START = rf"(?:(?<![A-Za-z0-9_~.-])|{ESCAPED})"


class EntraClientSecret(RegexDetector):
    rule = "azure-ad-client-secret"
    prefilter = r"q~[a-z0-9_~.-]{31}"
    patterns = (lazy(_START + _CHARS + r"{3}[0-9]Q~" + _CHARS + r"{31,34}(?![A-Za-z0-9_~-])"),)
