"""Google OAuth client secrets: ``GOCSPX-`` + 28 of ``[A-Za-z0-9_-]`` (the prefix Google
gives every client secret it has issued since 2021; ``client_secret.json`` holds one)."""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import DASH_AFTER, DASH_BEFORE, RegexDetector


class GoogleOAuthClientSecret(RegexDetector):
    rule = "google-oauth-client-secret"
    prefilter = r"gocspx-"
    patterns = (lazy(DASH_BEFORE + r"GOCSPX-[A-Za-z0-9_-]{28}" + DASH_AFTER),)
