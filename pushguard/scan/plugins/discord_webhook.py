"""Discord webhook URLs: anyone holding the URL can post as the webhook, or delete it.

Discord's API reference (Webhook resource) writes them ``/webhooks/{webhook.id}/{webhook.token}``
under ``https://discord.com/api``; the id is a snowflake (17-20 digits), the token 68
characters of ``[A-Za-z0-9_-]``. Clients still print the old ``discordapp.com`` host, the
``canary.``/``ptb.`` clients' hosts and versioned paths (``/api/v10/webhooks/...``). The
secret is the whole URL: its responder needs the id as well as the token.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import RegexDetector

WEBHOOK_PATH = (
    r"webhooks/(?P<id>\d{17,20})/(?P<token>[A-Za-z0-9_-]{68})"
    # a longer run is some other string; "/github", "?wait=true" may follow
    r"(?![A-Za-z0-9_-])"
)
"""The id and token after the API root, as groups ``id`` and ``token`` (its responder reads
them too)."""


class DiscordWebhook(RegexDetector):
    rule = "discord-webhook"
    prefilter = r"discord(?:app)?\.com/api/(?:v\d+/)?webhooks/"
    patterns = (
        lazy(
            # "mydiscord.com" is another host: without a scheme, the host starts the word
            r"(?:https?://)?(?<![A-Za-z0-9_.-])(?:(?:www|canary|ptb)\.)?discord(?:app)?\.com"
            r"/api/(?:v\d+/)?" + WEBHOOK_PATH
        ),
    )
