"""Microsoft Teams incoming webhook URLs: a channel's Incoming Webhook connector posts
whatever reaches its URL, as the connector, to everyone in the channel (a phishing message
from "IT" with a link, say). The URL is the whole credential.

Teams writes them ``https://<tenant>.webhook.office.com/webhookb2/<group id>@<tenant id>/
IncomingWebhook/<32 hex>/<creator's id>``, newer ones with a signature segment after it;
older connectors were given ``https://outlook.office.com/webhook/...`` (or
``outlook.office365.com``). The secret is the URL from its scheme to its last segment: the
connector's id and signature in it are what Teams checks.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import RegexDetector

_GUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


class MicrosoftTeamsWebhook(RegexDetector):
    rule = "microsoft-teams-webhook"
    prefilter = r"webhook\.office\.com/webhookb2/|outlook\.office(?:365)?\.com/webhook/"
    patterns = (
        lazy(
            r"https://(?:[A-Za-z0-9-]{1,63}\.webhook\.office\.com/webhookb2"
            r"|outlook\.office(?:365)?\.com/webhook)"
            rf"/{_GUID}@{_GUID}/IncomingWebhook/[0-9a-fA-F]{{32}}/{_GUID}"
            # the signature segment of connectors created since 2024 (V2 and base64url)
            r"(?:/[A-Za-z0-9_-]{20,128})?"
            r"(?![A-Za-z0-9_-])"
        ),
    )
