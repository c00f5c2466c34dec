"""Dropbox access tokens: ``sl.`` and a long base64url body (about 140 characters; the
``sl.u.`` tokens issued since 2024 run to over a thousand). The OAuth flow and the App
Console's "Generate access token" button hand them out; apps keep them as
``DROPBOX_ACCESS_TOKEN`` and send them as a bearer token to ``api.dropboxapi.com``. A token
reads and writes the files its app may reach, for four hours (its refresh token, which
Dropbox does not mark, mints more).

``sl.`` alone is short, but no name or word in code runs on for 120 characters of
base64url after it: the length makes the format Dropbox's.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ANY_VALUE, DASH_AFTER, DASH_BEFORE, RegexDetector


class DropboxAccessToken(RegexDetector):
    rule = "dropbox-access-token"
    prefilter = r"sl\.(?:u\.)?[a-z0-9_-]{120}"
    patterns = (lazy(DASH_BEFORE + r"sl\.(?:u\.)?[A-Za-z0-9_-]{120,2000}" + DASH_AFTER),)
    mixed_body = "sl."
    # long-lived tokens (64 characters, before 2021) and app secrets have no marking: they
    # stay named-provider-key's to judge under Dropbox's name
    value_shape = ANY_VALUE
