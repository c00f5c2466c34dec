"""Slack incoming webhooks and workflow triggers: anyone holding the URL can post as the app."""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import RegexDetector


class SlackWebhook(RegexDetector):
    rule = "slack-webhook"
    prefilter = r"hooks\.slack\.com/"
    patterns = (
        lazy(
            r"(?:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/"
            r"T[A-Za-z0-9_]{6,}/[A-Za-z0-9_]{6,}/[A-Za-z0-9_/]{10,}(?![A-Za-z0-9_/])"
        ),
    )
