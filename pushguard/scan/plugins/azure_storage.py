"""Azure Storage account keys: 64 random bytes, base64 (86 characters + ``==``), next to their
name in a connection string (``AccountKey=...``), a setting (``"accountKey": "..."``,
``'account_key' => '...'``, ``<AccountKey>...</AccountKey>``), a dictionary's entry or a
call's arguments (``{ "AccountKey", "..." }``) or a command line (``-storagekey ...``).

detect-secrets' plugin only sees ``AccountKey=`` followed directly by the key, so a quoted
value (``AccountKey="..."``, ``AccountKey=\\"...\\"`` inside a JSON string) was only a keyword
warning. The secret is the key itself, whatever quotes surround it.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import RegexDetector

_NAME = r"(?i:account[_-]?key|storage[_-]?(?:account[_-]?|access[_-]?)?key)"
# "=", ":" or "=>" between name and key, ">" where the name is an XML element's
# (<AccountKey>...</AccountKey> in a .NET or Java settings file), a comma where the two are
# a dictionary's entry or a call's arguments ({ "AccountKey", "…" }, Add("AccountKey", "…")),
# or blanks after a command-line flag (-storagekey …)
_BETWEEN = r"\\?[\"']?\]?(?:[ \t]*(?:=>|[:=>,])[ \t]*|[ \t]+)\\?[\"']?"
_KEY = r"(?<![A-Za-z0-9+/])(?P<secret>[A-Za-z0-9+/]{86}==)"


class AzureStorageKey(RegexDetector):
    rule = "azure-storage-key"
    prefilter = r"account[_-]?key|storage[_-]?(?:account[_-]?|access[_-]?)?key"
    patterns = (lazy(_NAME + _BETWEEN + _KEY),)
