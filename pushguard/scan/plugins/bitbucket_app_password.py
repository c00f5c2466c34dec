"""Bitbucket Cloud app passwords: ``ATBB`` and a random body (32 letters and digits, an
8-character check after them), given with the account's username to Git over HTTPS and to
``api.bitbucket.org``. A password acts as its user within the scopes chosen at its
creation: cloning and pushing every repository the user may, often the workspace's.

``ATBB`` before 28 or more letters and digits is Bitbucket's marking, so a password blocks
wherever it is written.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ANY_VALUE, WORD_AFTER, WORD_BEFORE, RegexDetector


class BitbucketAppPassword(RegexDetector):
    rule = "bitbucket-app-password"
    prefilter = r"atbb[a-z0-9]{28}"
    patterns = (lazy(WORD_BEFORE + r"ATBB[A-Za-z0-9]{28,64}" + WORD_AFTER),)
    mixed_body = "ATBB"
    # workspace and repository access tokens, OAuth consumer secrets: they stay
    # named-provider-key's to judge under Bitbucket's name
    value_shape = ANY_VALUE
