"""Twilio auth tokens: 32 lowercase hex characters, assigned to ``TWILIO_AUTH_TOKEN`` (the
name Twilio's helper libraries and CLI read; any case, ``twilioAuthToken`` and a Java
property's ``twilio.auth.token`` too).

A 32-hex value alone is any MD5 digest; the name is what makes it Twilio's. With the account
SID (``AC`` + 32 hex, which is not secret) the auth token is the account's master credential:
it sends messages and calls, and reads every record, at the account's expense. The helper
libraries take the two in that order (``Client("AC…", "…")``, ``twilio("AC…", "…")``), so
32 hex passed right after an account SID is its auth token, whatever the call is named; and
so is 32 hex after an account SID and a colon, the two as HTTP Basic credentials
(``curl -u "AC…:…"``, as Twilio's API reference writes them).
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ASSIGNED, NAME_BEFORE, NEXT_ARGUMENT, RegexDetector

_SHAPE = r"[0-9a-f]{32}"


class TwilioAuthToken(RegexDetector):
    rule = "twilio-auth-token"
    prefilter = rf"twilio[_.-]?auth[_.-]?token|ac{_SHAPE}(?:{NEXT_ARGUMENT}|:){_SHAPE}"
    value_shape = lazy(_SHAPE)
    patterns = (
        lazy(
            NAME_BEFORE
            + r"(?i:twilio[_.-]?auth[_.-]?token)"
            + ASSIGNED
            + rf"(?P<secret>{_SHAPE})(?![A-Za-z0-9_])"
        ),
        # the helper libraries' next argument, or HTTP Basic credentials' password (curl -u,
        # Twilio's API reference)
        lazy(
            rf"(?<![A-Za-z0-9_])AC{_SHAPE}(?:{NEXT_ARGUMENT}|:)(?P<secret>{_SHAPE})"
            r"(?![A-Za-z0-9_])"
        ),
    )
