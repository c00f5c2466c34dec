"""WordPress' authentication keys and salts in ``wp-config.php``: ``define( 'AUTH_KEY', ... )``
and its seven siblings (``SECURE_AUTH_KEY``, ``LOGGED_IN_KEY``, ``NONCE_KEY`` and the four
``*_SALT``), 64 characters as the salt generator (api.wordpress.org/secret-key/1.1/salt/)
draws them from letters, digits and punctuation.

They sign the login cookies: with them a cookie for any user can be forged. The sample
config's ``put your unique phrase here`` is no key. Rotate: new values from the generator
(every session ends).
"""

from __future__ import annotations

from collections.abc import Iterator

from pushguard.scan.filters import false_positive_reason
from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import digits_and_letters
from pushguard.scan.types import Match

_DEFINE = lazy(
    r"define\([ \t]*(?P<n>['\"])(?:SECURE_AUTH|AUTH|LOGGED_IN|NONCE)_(?:KEY|SALT)(?P=n)[ \t]*,"
    r"[ \t]*(?P<q>['\"])(?P<secret>[^'\"\\\n]{64})(?P=q)[ \t]*\)"
)


MIN_DISTINCT = 30
"""Distinct characters below which a value was typed, not drawn."""


class WordPressSalt:
    rule = "wordpress-salt"
    blocking = True
    prefilter = r"_key['\"][ \t]*,|_salt['\"][ \t]*,"

    def find(self, line: str, path: str) -> Iterator[Match]:
        for found in _DEFINE.finditer(line):
            secret = found.group("secret")
            # drawn from 92 characters: letters, digits, punctuation, 30 or more distinct
            # ones (a draw of 64 has about 45; a typed phrase has 20-odd)
            if (
                digits_and_letters(secret)
                and not secret.isalnum()
                and len(set(secret)) >= MIN_DISTINCT
                and false_positive_reason(secret, line, path) is None
            ):
                yield Match(secret, provider="wordpress")
