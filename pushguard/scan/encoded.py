"""Tokens stored encoded. Base64: a Kubernetes Secret's ``data``, a JSON config's ``auth``, a
CI variable someone encoded to survive quoting. The generic entropy detector finds the
encoded value (and only warns); the engine reads what it decodes to, and a provider's token
inside blocks under its own rule, as Kingfisher's and TruffleHog's base64 decoding do.
Percent-encoding: a URL logged or passed as a parameter (``auth=Bearer%20hf_…``,
``redirect=https%3A%2F%2Fhooks.slack.com%2F…``), where ``%20`` glues a token to what
precedes it and ``%2F`` hides a webhook's path; the engine reads the line decoded too."""

from __future__ import annotations

import base64
import binascii
import re

MIN_ENCODED = 24
"""Characters of the shortest encoded value worth decoding (16 bytes: shorter than any
token format the detectors know)."""

_ENCODED = re.compile(r"[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+={0,2}")
WRAP_WIDTHS = (64, 76)
"""Widths base64 is wrapped at onto lines (PEM's, MIME's): a line of base64 alone, that wide,
is one line of a longer run (an inlined image, a certificate), not a value of its own."""


def decoded_text(value: str, shortest: int = MIN_ENCODED) -> str | None:
    """The text a base64 (or base64url) ``value`` of ``shortest`` characters or more encodes,
    when it is printable UTF-8; None for anything else (most high-entropy strings decode to
    binary: digests, keys, nonces)."""
    if len(value) < shortest or not _ENCODED.fullmatch(value):
        return None
    altchars = b"-_" if "-" in value or "_" in value else None
    try:
        raw = base64.b64decode(value + "=" * (-len(value) % 4), altchars, validate=True)
        text = raw.decode("utf-8")
    except (binascii.Error, ValueError):  # UnicodeDecodeError is a ValueError
        return None
    stripped = text.strip()
    if not stripped or not stripped.replace("\n", " ").replace("\t", " ").isprintable():
        return None
    return stripped


_PERCENT = re.compile(r"%([2-7][0-9A-Fa-f])")
"""An escape of printable ASCII (``%20``, ``%2F``, ``%3D``): the escapes that glue or hide
a token. Others are left alone: Windows' ``%ADMIN_PASSWORD%`` would read as one."""


def unquoted_line(line: str) -> str | None:
    """``line`` with its escapes of printable ASCII decoded, when it has any; else None."""
    if "%" not in line:
        return None
    decoded = _PERCENT.sub(lambda escape: chr(int(escape.group(1), 16)), line)
    return decoded if decoded != line else None
