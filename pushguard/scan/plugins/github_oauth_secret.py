"""GitHub OAuth app and GitHub App client secrets: 40 hex characters named a secret, next to
the app's client id (``Iv1.`` + 16 hex, ``Iv23li``/``Ov23li`` + 14 characters, or a GitHub
client id setting).

40 hex characters alone are a commit id or a SHA-1: the secret counts only with its client id
within a few lines (the engine checks ``context``), as in a ``.env`` or an app's settings, or
under a name that says whose client secret it is (``GITHUB_CLIENT_SECRET``).
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import RegexDetector

_CLIENT_ID = (
    r"(?<![A-Za-z0-9])(?:Iv1\.[0-9a-f]{16}|[IO]v23li[0-9A-Za-z]{14})(?![A-Za-z0-9])"
    r"|(?i:github[\w.-]{0,20}client[_-]?(?:id|secret))"
)
_NAMED_HEX = (
    r"(?i:secret)[\w.-]{0,20}\\?[\"']?[ \t]*(?:=>|:=|[:=])[ \t]*\\?[\"']?"
    r"(?<![0-9a-f])(?P<secret>[0-9a-f]{40})(?![0-9A-Za-z])"
)


class GitHubOAuthAppSecret(RegexDetector):
    rule = "github-oauth-app-secret"
    # the whole shape, not the word: "secret" alone is on every other line of some code
    # (347k matches on TruffleHog's history) and a 40-hex value after it is rare
    prefilter = r"secret[a-z0-9_.-]{0,20}\\?[\"']?[ \t]*(?:=>|:=|[:=])[ \t]*\\?[\"']?[0-9a-f]{40}"
    patterns = (lazy(_NAMED_HEX),)
    context = lazy(_CLIENT_ID)
