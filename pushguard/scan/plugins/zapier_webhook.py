"""Zapier catch-hook URLs: a Zap triggered by "Webhooks by Zapier" runs on whatever is posted
to its URL, so anyone holding the URL can feed the Zap and everything it writes to (a
spreadsheet, a CRM, a channel). There is no key beside it: the URL is the credential.

Zapier's help writes them ``https://hooks.zapier.com/hooks/catch/<account id>/<hook id>/``:
the account's number, then the hook's short draw of lowercase letters and digits, maybe
``silent/`` after it (Silent Mode) and a query of fields. The URL changes only when the
Zap changes owner. The secret is the URL up to the hook id. Both numbers are short, so a
documentation example ("123456/abcdef") is told by the two read together.
"""

from __future__ import annotations

from pushguard.scan.filters import false_positive_reason
from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import RegexDetector


class ZapierWebhook(RegexDetector):
    rule = "zapier-webhook"
    prefilter = r"hooks\.zapier\.com/hooks/catch/\d"
    patterns = (
        lazy(
            # "myhooks.zapier.com" is no Zapier host: without a scheme, the host starts the word
            r"(?:https?://)?(?<![A-Za-z0-9_.-])hooks\.zapier\.com/hooks/catch/"
            r"\d{3,12}/[A-Za-z0-9]{5,16}(?![A-Za-z0-9_-])"
        ),
    )

    def accept(self, secret: str, line: str, path: str) -> bool:
        account, _, hook = secret.rpartition("/catch/")[2].partition("/")
        drawn = false_positive_reason(account + hook, line, path) is None
        return drawn and super().accept(secret, line, path)
