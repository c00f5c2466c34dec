"""Twilio auth tokens: 32 lowercase hex characters, assigned to ``TWILIO_AUTH_TOKEN`` (the
name Twilio's helper libraries and CLI read; any case, ``twilioAuthToken`` and a Java
property's ``twilio.auth.token`` too).

A 32-hex value alone is any MD5 digest; the name is what makes it Twilio's. With the account
SID (``AC`` + 32 hex, which is not secret) the auth token is the account's master credential:
it sends messages and calls, and reads every record, at the account's expense.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ASSIGNED, NAME_BEFORE, RegexDetector

_SHAPE = r"[0-9a-f]{32}"


class TwilioAuthToken(RegexDetector):
    rule = "twilio-auth-token"
    prefilter = r"twilio[_.-]?auth[_.-]?token"
    value_shape = lazy(_SHAPE)
    patterns = (
        lazy(
            NAME_BEFORE
            + r"(?i:twilio[_.-]?auth[_.-]?token)"
            + ASSIGNED
            + rf"(?P<secret>{_SHAPE})(?![A-Za-z0-9_])"
        ),
    )
