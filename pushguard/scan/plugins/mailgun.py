"""Mailgun private API keys: the legacy ``key-`` + 32 lowercase letters and digits, and the
current form, 32 hex + ``-`` + 8 hex + ``-`` + 8 hex, that Mailgun's control panel shows.

Neither shape says Mailgun by itself (``key-…`` names a cache entry as well, and the hex form
is any three hashes joined), so a legacy key counts only with Mailgun named on its line,
within a few lines (``api.mailgun.net`` in the curl command below it) or in the path, and a
key in the hex form only with Mailgun named on its line (``new Mailgun(formData)``) or
after ``api:``, the user name of Mailgun's HTTP Basic credentials, with Mailgun named
within a few lines. Under a
Mailgun name (``MAILGUN_API_KEY=``) the keys blocked already; SDK calls (``mailgun.client({
username: "api", key: "key-…" })``) and a README's ``curl --user 'api:key-…'`` had no name
for them.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import (
    ANY_VALUE,
    WORD_AFTER,
    WORD_BEFORE,
    RegexDetector,
    digits_and_letters,
)

_HEX = "[0-9a-f]"


class MailgunKey(RegexDetector):
    rule = "mailgun-api-key"
    # the hex form has no literal to prefilter it by: it is looked for where Mailgun is
    # named on its line (an SDK call, a curl command), or after "api:", the user name
    # Mailgun's HTTP Basic credentials take (curl --user 'api:…', the URL on the next line)
    prefilter = r"key-[0-9a-z]{32}|mailgun|api:[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}"
    patterns = (
        lazy(WORD_BEFORE + r"key-[0-9a-z]{32}" + WORD_AFTER),
        lazy(WORD_BEFORE + rf"{_HEX}{{32}}-{_HEX}{{8}}-{_HEX}{{8}}" + r"(?![A-Za-z0-9_-])"),
    )
    context = lazy(r"(?i:mailgun)")
    # Mailgun's names hold keys of other kinds too (public validation keys, webhook signing keys):
    # named-provider-key still judges any value under them, as before this detector
    value_shape = ANY_VALUE

    def accept(self, secret: str, line: str, path: str) -> bool:
        # a legacy key's body holds a digit and a letter, as a random draw does: a name
        # ("key-" + words run together) does not
        legacy = secret.startswith("key-")
        return (not legacy or digits_and_letters(secret[4:])) and super().accept(secret, line, path)
