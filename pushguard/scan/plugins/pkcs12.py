"""PKCS#12 bundles (``.pfx``/``.p12``) stored base64-encoded: a certificate with its private
key as one string (an App Service or Key Vault certificate in an ARM template's parameters,
``"Certificate": {"Base64": "MII…"}`` in a .NET settings file, a CI variable).

The DER of a bundle begins with a SEQUENCE and the version 3 (RFC 7292): ``30 82 LL LL 02 01
03 30 82``, which base64 writes ``MII???IBAzCC`` (Microsoft's scanners anchor on ``IBAzCC``
too). A bundle counts when the string decodes whole (the outer length is all of it: not a
truncated copy) and holds a key bag, plain or shrouded (RFC 7292's ``keyBag`` and
``pkcs8ShroudedKeyBag``): a bundle of certificates alone, a trust store, is public. A
password-protected key blocks as an ``ENCRYPTED PRIVATE KEY`` does: its password is often
empty, short, or committed beside it.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import RegexDetector
from pushguard.scan.types import Match

_ENCODED = lazy(r"(?<![A-Za-z0-9+/])MII[A-Za-z0-9+/]{3}IBAzCC[A-Za-z0-9+/]{100,}={0,2}")
_HEAD = bytes.fromhex("3082")  # a SEQUENCE whose length takes two bytes
_VERSION = bytes.fromhex("020103")  # INTEGER 3
# DER of the OIDs 1.2.840.113549.1.12.10.1.1 (keyBag) and .2 (pkcs8ShroudedKeyBag)
_BAG = "060b2a864886f70d010c0a01"
_KEY_BAGS = (bytes.fromhex(_BAG + "01"), bytes.fromhex(_BAG + "02"))


def holds_private_key(der: bytes) -> bool:
    """Whether ``der`` is one whole PKCS#12 bundle with a private key in it."""
    if der[:2] != _HEAD or der[4:7] != _VERSION:
        return False
    if int.from_bytes(der[2:4], "big") + 4 != len(der):
        return False  # cut short, or more than one bundle: not what a tool wrote
    return any(bag in der for bag in _KEY_BAGS)


class Pkcs12PrivateKey(RegexDetector):
    rule = "private-key-pkcs12"
    prefilter = r"mii[a-z0-9+/]{3}ibazcc"

    def find(self, line: str, path: str) -> Iterator[Match]:
        for match in _ENCODED.finditer(line):
            encoded = match.group()
            try:
                der = base64.b64decode(encoded, validate=True)
            except (binascii.Error, ValueError):
                continue
            if holds_private_key(der):
                yield Match(encoded)
