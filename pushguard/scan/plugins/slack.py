"""Slack tokens (api.slack.com "Token types"; shapes as gitleaks documents them): bot
``xoxb-``, user ``xoxp-``, workspace/refresh ``xoxa-``/``xoxr-``, legacy ``xoxo-``/``xoxs-``,
app-level ``xapp-``, configuration access ``xoxe.xoxp-``/``xoxe.xoxb-`` and refresh ``xoxe-``."""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ESCAPED, RegexDetector

_START = rf"(?:(?<![A-Za-z0-9_.-])|{ESCAPED})"
_END = r"(?![A-Za-z0-9_-])"

_FORMS = (
    r"xoxb-[0-9]{8,14}-(?:[0-9]{8,14}-)?[A-Za-z0-9]{18,34}",
    r"xox[pe]-(?:[0-9]{8,14}-){3}[A-Za-z0-9]{28,34}",
    # letters somewhere: a drawn body is not all digits (a team id cut short by a stray "?")
    r"xox[ar]-(?=[0-9-]*[A-Za-z])(?:[0-9]-)?[A-Za-z0-9]{8,48}(?:-[A-Za-z0-9]+)*",
    r"xox[os]-[0-9]+-[0-9]+-[0-9]+-[A-Fa-f0-9]{8,}",
    r"xapp-[0-9]-[A-Z0-9]{8,}-[0-9]{8,}-[A-Za-z0-9]{32,}",
    r"xoxe\.xox[bp]-[0-9]-[A-Za-z0-9]{140,180}",
    r"xoxe-[0-9]-[A-Za-z0-9]{140,160}",
)


class SlackToken(RegexDetector):
    rule = "slack-token"
    prefilter = r"xox[abposre][.-]|xapp-"
    patterns = (lazy(_START + "(?:" + "|".join(_FORMS) + ")" + _END),)
