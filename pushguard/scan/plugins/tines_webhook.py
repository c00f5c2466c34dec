"""Tines webhook URLs: a story's Webhook action emits an event for whatever reaches its URL,
and the URL carries what Tines checks. Tines' docs write it
``https://<tenant>.tines.com/webhook/<path>/<secret>``: the action's path, then the secret
its access control asks for. The secret is the URL whole; a path alone (a public webhook,
or a URL written with its secret left out) is not reported.
"""

from __future__ import annotations

from pushguard.scan.filters import false_positive_reason
from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import RegexDetector, digits_and_letters


class TinesWebhook(RegexDetector):
    rule = "tines-webhook"
    prefilter = r"\.tines\.com/webhook/"
    patterns = (
        lazy(
            r"https://[A-Za-z0-9-]{1,63}\.tines\.com/webhook/[A-Za-z0-9_-]{1,64}"
            r"/[A-Za-z0-9]{16,64}(?![A-Za-z0-9_-])"
        ),
    )

    def accept(self, secret: str, line: str, path: str) -> bool:
        drawn = secret.rpartition("/")[2]
        if not digits_and_letters(drawn) or false_positive_reason(drawn, line, path):
            return False
        return super().accept(secret, line, path)
