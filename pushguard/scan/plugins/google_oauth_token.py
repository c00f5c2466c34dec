"""Google OAuth 2.0 tokens a client was issued: refresh tokens (``1//0`` + base64url, long
lived: they mint access tokens until revoked) and access tokens (``ya29.`` + base64url, an
hour's bearer credential for the user's granted scopes).

Both prefixes are Google's own. A refresh token found with its OAuth client's secret is a
standing grant to the user's account.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import DASH_AFTER, DASH_BEFORE, RegexDetector


class GoogleOAuthToken(RegexDetector):
    rule = "google-oauth-token"
    prefilter = r"1//0[a-z0-9_-]{30}|ya29\.[a-z0-9_-]{30}"
    patterns = (
        lazy(
            DASH_BEFORE + r"(?:1//0[A-Za-z0-9_-]{40,500}|ya29\.[A-Za-z0-9_-]{50,2000})" + DASH_AFTER
        ),
    )
