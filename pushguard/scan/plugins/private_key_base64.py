"""Private keys stored base64-encoded: a whole PEM file as one base64 string (Kubernetes
``data:`` fields, CI variables, Helm values). ``-----BEGIN`` encodes to ``LS0tLS1CRUdJTi``
whatever follows, so that is the anchor; the string counts when it decodes to a PEM private
key whose body is key material, not a placeholder.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator

from pushguard.scan.filters import false_positive_reason
from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import RegexDetector
from pushguard.scan.types import Match

_ENCODED = lazy(r"(?<![A-Za-z0-9+/])LS0tLS1CRUdJTi[A-Za-z0-9+/]{60,}={0,2}")
_PEM = lazy(r"-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----")


class Base64PrivateKey(RegexDetector):
    rule = "private-key-base64"
    prefilter = r"ls0tls1crudjt"

    def find(self, line: str, path: str) -> Iterator[Match]:
        for match in _ENCODED.finditer(line):
            encoded = match.group()
            try:
                decoded = base64.b64decode(encoded + "=" * (-len(encoded) % 4)).decode()
            except (binascii.Error, UnicodeDecodeError):
                continue
            header = _PEM.match(decoded)
            if header is None:
                continue  # a certificate or a public key
            if false_positive_reason(decoded.strip(), line, path) is None:
                yield Match(encoded)
