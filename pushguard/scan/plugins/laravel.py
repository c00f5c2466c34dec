"""Laravel application keys: ``APP_KEY=base64:...`` (what ``php artisan key:generate``
writes to ``.env``), also as a default in ``config/app.php`` (``'key' => env('APP_KEY',
'base64:...')``), in a deployment's environment, or as a ``key`` setting of its own (an
app's section in YAML, INI, TOML or JSON). The key is 32 random bytes for the default
AES-256 cipher (44 base64 characters), 16 for AES-128 (24).

It encrypts and signs the application's cookies and sessions: whoever holds it forges
them, and on Laravel before 5.6.30 that is remote code execution (CVE-2018-15133). Rotate
it with ``php artisan key:generate`` (sessions end; data encrypted with the old key needs
``APP_PREVIOUS_KEYS``).
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ASSIGNED, NAME_BEFORE, RegexDetector

_KEY = r"(?P<secret>base64:(?:[A-Za-z0-9+/]{43}=|[A-Za-z0-9+/]{22}==))(?![A-Za-z0-9+/=])"


class LaravelAppKey(RegexDetector):
    rule = "laravel-app-key"
    prefilter = r"app[_.-]?key|'key'[ \t]*=>|key[\"']?[ \t]*[:=][ \t]*[\"']?base64:"
    patterns = (
        # APP_KEY, LARAVEL_APP_KEY, a Helm chart's appKey, a dotted app.key
        lazy(NAME_BEFORE + r"(?i:[a-z0-9_]{0,40}app[_.-]?key)" + ASSIGNED + _KEY),
        # config/app.php: 'key' => 'base64:...', or env('APP_KEY', 'base64:...')
        lazy(r"'key'[ \t]*=>[ \t]*(?:env\([ \t]*'APP_KEY'[ \t]*,[ \t]*)?'" + _KEY + "'"),
        # a key setting under an app's section (app:\n  key: base64:..., [app] key = ...):
        # base64: and 32 bytes is how Laravel's encrypter reads its key, no other's format
        lazy(
            r"(?<![A-Za-z0-9_])(?i:key)[\"']?[ \t]*[:=][ \t]*[\"']?"
            r"(?P<secret>base64:[A-Za-z0-9+/]{43}=)(?![A-Za-z0-9+/=])"
        ),
    )
