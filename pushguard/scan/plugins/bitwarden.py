"""Bitwarden Secrets Manager access tokens: ``0.``, the token's id (a UUID), ``.``, its
client secret (30 letters and digits), ``:`` and its encryption key (16 bytes in base64).

A machine account's access token both logs in (id and client secret) and decrypts
(the key opens the organisation's key): whoever holds it reads, and where the account may,
changes, every secret of the projects the account is granted. The catalogue has no rule
for it; its shape is distinctive alone.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ANY_VALUE, UUID, RegexDetector, digits_and_letters


class BitwardenAccessToken(RegexDetector):
    rule = "bitwarden-access-token"
    prefilter = r"0\." + UUID + r"\.[a-z0-9]{30}:"
    patterns = (
        lazy(
            r"(?<![A-Za-z0-9.])0\." + UUID + r"\.[A-Za-z0-9]{30}:"
            r"[A-Za-z0-9+/]{22}==(?![A-Za-z0-9+/=])"
        ),
    )
    value_shape = ANY_VALUE

    def accept(self, secret: str, line: str, path: str) -> bool:
        client_secret = secret.split(".", 2)[2].partition(":")[0]
        return digits_and_letters(client_secret) and super().accept(secret, line, path)
