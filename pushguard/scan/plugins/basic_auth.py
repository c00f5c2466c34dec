"""HTTP Basic credentials stored base64-encoded: an ``Authorization: Basic ...`` header (curl
commands, .http files, code), a Docker ``config.json`` registry ``"auth"`` and npm's legacy
``_auth=``, each encoding ``user:password``; and npm's ``_password=`` (per registry in
``.npmrc``, beside its ``username=``), encoding the password alone. Base64 hides them from
every pattern that reads text, so the value is decoded and the password judged as one in a
URL is (``passwords.is_credential``): defaults, placeholders and templates do not block.

A catch-all like ``url-password``: a provider's token used as the password (a GitHub token
for ghcr.io, a PAT for a package registry) is reported under its own rule, found in what
the value decodes to.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator

from pushguard.scan.filters import false_positive_reason
from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import RegexDetector, matches_at
from pushguard.scan.plugins.headers import begins_value
from pushguard.scan.plugins.passwords import is_credential, is_token
from pushguard.scan.types import Match

# not the first part of a dotted token (a JWT's header decodes to JSON, colons and all)
_VALUE = r"(?P<secret>[A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=]|\.[A-Za-z0-9_-])"
_WORDS = ("authorization", '"auth"', "_auth", "_password", "basic")
"""The word each of ``BasicAuth.patterns`` begins with (the first in any case)."""


class BasicAuth(RegexDetector):
    rule = "basic-auth-credentials"
    catch_all = "password in a Basic credential"
    prefilter = (
        r"authorization[\"']?(?:[ \t]*[:=]|[ \t])[ \t]*[\"']?basic[ \t]"
        r"|\"auth\"[ \t]*:|_auth[ \t]*=|_password[ \t]*=|\"basic[ \t]|'basic[ \t]|`basic[ \t]"
        r"|:[ \t]*basic[ \t]"
    )
    patterns = (
        # a header's value in code and requests, or a proxy's directive setting it (nginx's
        # proxy_set_header Authorization "Basic …", a blank between name and value)
        lazy(r"(?i)\bauthorization[\"']?(?:[ \t]*[:=]|[ \t])[ \t]*[\"']?basic[ \t]+" + _VALUE),
        lazy(r"\"auth\"[ \t]*:[ \t]*\"" + _VALUE + '"'),
        lazy(r"(?<![A-Za-z0-9])_auth[ \t]*=[ \t]*[\"']?" + _VALUE),
        lazy(r"(?<![A-Za-z0-9])_password[ \t]*=[ \t]*[\"']?" + _VALUE),
        # the scheme beginning a string or a header's value, its header's name elsewhere:
        # .header("Authorization", "Basic …"), setValue("Basic …", forHTTPHeaderField: …),
        # a HAR's or a Postman collection's "value": "Basic …"
        lazy(r"(?i)(?<![A-Za-z0-9_-])basic[ \t]+" + _VALUE),
    )

    def find(self, line: str, path: str) -> Iterator[Match]:
        seen: set[str] = set()
        for pattern, word in zip(self.patterns, _WORDS, strict=True):
            for match in matches_at(
                pattern, (word,), line, caseless=word in ("authorization", "basic")
            ):
                value = match.group("secret")
                if value in seen or (word == "basic" and not begins_value(line, match.start())):
                    continue
                seen.add(value)
                user, password = _password(value) if word == "_password" else _credentials(value)
                if password and is_credential(password, user, line, path):
                    yield Match(value)
                elif _holds_token(user, password, line, path):
                    # a provider's key as the user or the password (Stripe's key with an
                    # empty password): the engine reads what the value decodes to, and the
                    # key blocks under its own rule
                    yield Match(value)


def _password(value: str) -> tuple[str, str]:
    """``("", password)`` that ``value`` encodes, or empty strings: not text."""
    try:
        text = base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return "", ""
    return ("", text) if text.isprintable() else ("", "")


def _credentials(value: str) -> tuple[str, str]:
    """``(user, password)`` that ``value`` encodes, or empty strings: not ``user:password``."""
    try:
        text = base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return "", ""
    user, colon, password = text.partition(":")
    if not colon or not text.isprintable() or password.startswith("//"):
        return "", ""  # not text, no pair, or a URL ("http://am:http://am", a test's)
    return user, password


def _holds_token(user: str, password: str, line: str, path: str) -> bool:
    """Whether the user or the password is a token of a format with a rule of its own."""
    token = user if is_token(user) else password if is_token(password) else ""
    return bool(token) and false_positive_reason(token, line, path) is None
