"""Azure Storage shared access signatures (SAS): the query string Azure appends to a blob,
queue, table or file URL (``https://acct.blob.core.windows.net/c/f?sv=2022-11-02&ss=b&srt=o
&sp=r&se=2030-01-01T00:00:00Z&spr=https&sig=...%3D``), also kept alone (``az ... --sas-token``)
or in a connection string (``SharedAccessSignature=sv=...&sig=...``).

``sv=`` (the signed version, a date) with ``sig=`` (base64 of an HMAC-SHA256, URL-encoded)
beside it is Azure's format and nobody else's. The secret is the signature: whoever holds
the URL has the permissions it grants (``sp``) until it expires (``se``, ISO 8601 in UTC). A
SAS whose expiry has passed grants nothing any more: it is reported without blocking. One
with no ``se`` is bound to a stored access policy, whose expiry the text does not say: it
blocks, as does one whose ``se`` does not parse.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterator
from urllib.parse import unquote

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import RegexDetector
from pushguard.scan.types import Match

EXPIRED = "expired SAS (se in the past): it no longer grants access"

# One URL, query or connection-string value: up to blanks, quotes, tags, brackets, ";" and ","
_SPAN = lazy(r"""[^\s"'`<>;,()\[\]{}|\\]+""")
# A parameter: its name after "?", "&", the "=" of SharedAccessSignature=, or the span's start;
# its value up to the next parameter ("=" padding of a sig not URL-encoded is kept).
_PARAM = lazy(r"(?:(?<=[?&=])|^)([a-z]{2,5})=([^&?=]*(?:=+(?=&|$))?)")
_VERSION = lazy(r"\d{4}-\d{2}-\d{2}")
_SIG = lazy(r"(?:[A-Za-z0-9+/]|%2[BbFf]){40,100}(?:=|%3[Dd]){0,2}")
_EXPIRY = lazy(r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?")
# Escaped "&": HTML and XML (&amp;), JSON written by Go or .NET (\u0026); and JSON's "\/"
_ESCAPES = (("&amp;", "&"), ("\\u0026", "&"), ("\\/", "/"))


class AzureSasToken(RegexDetector):
    rule = "azure-sas-token"
    # "sig=" alone is in every signed URL of every provider; the version date is Azure's
    prefilter = r"sv=20"

    def find(self, line: str, path: str) -> Iterator[Match]:
        for old, new in _ESCAPES:
            line = line.replace(old, new)
        seen: set[str] = set()
        for span in _SPAN.finditer(line):
            if "sig=" not in span.group():
                continue
            params: dict[str, str] = {}
            for param in _PARAM.finditer(span.group()):
                params.setdefault(param.group(1), param.group(2))
            sig = params.get("sig", "")
            if (
                not _VERSION.fullmatch(params.get("sv", ""))
                or not _SIG.fullmatch(sig)
                or sig in seen
                or not self.accept(sig, line, path)
            ):
                continue
            seen.add(sig)
            if _expired(unquote(params.get("se", ""))):
                yield Match(sig, blocking=False, confidence="high", reason=EXPIRED)
            else:
                yield Match(sig)


def _expired(expiry: str) -> bool:
    """Whether ``se`` (``YYYY-MM-DD``, ``...Thh:mmZ``, ``...Thh:mm:ss[.fff]Z``) is past;
    False when there is none or it does not parse (then the SAS blocks)."""
    match = _EXPIRY.match(expiry)
    if match is None:
        return False
    year, month, day, hour, minute, second = (int(part or 0) for part in match.groups())
    try:
        when = datetime.datetime(year, month, day, hour, minute, second, tzinfo=datetime.UTC)
    except ValueError:
        return False
    return when.timestamp() < time.time()
