"""Amazon Bedrock short-term API keys: ``bedrock-api-key-`` and the base64 of a SigV4
presigned URL, as AWS's ``aws-bedrock-token-generator`` builds them
(``bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-…&Version=1``). The URL holds the
signing identity's temporary credentials (its session token) and a signature good for up to
12 hours: whoever holds the key calls Bedrock as that identity until it expires.

The catalogue's rule matches the first bytes only (the host's encoding) and the rest of the
key is taken for a longer token, so it never blocked. This reads the URL inside: a key
whose ``X-Amz-Date`` plus ``X-Amz-Expires`` is past warns (it authenticates nothing any
more, as an expired JWT), one still valid blocks. Long-term keys (``ABSK``) are the
catalogue's.
"""

from __future__ import annotations

import base64
import binascii
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import parse_qs

from pushguard.scan.filters import false_positive_reason
from pushguard.scan.lazyre import lazy
from pushguard.scan.types import Match

PREFIX = "bedrock-api-key-"
_KEY = lazy(
    r"(?<![A-Za-z0-9_-])bedrock-api-key-(?P<url>[A-Za-z0-9+/]{64,12000}={0,2})(?![A-Za-z0-9+/=])"
)
_SIGNATURE = lazy(r"[0-9a-f]{64}")
EXPIRED = "expired (its X-Amz-Date and X-Amz-Expires are past): it no longer authenticates"


def signed_url(secret: str) -> dict[str, list[str]] | None:
    """The query of the presigned Bedrock URL ``secret`` encodes, or None when it encodes
    none (another string that happens to start so)."""
    try:
        url = base64.b64decode(secret[len(PREFIX) :], validate=True).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    host, _, query = url.partition("/?")
    if not host.startswith("bedrock") or not host.endswith(".amazonaws.com"):
        return None
    fields = parse_qs(query)
    if fields.get("Action") != ["CallWithBearerToken"] or "X-Amz-Signature" not in fields:
        return None
    return fields


def expires_at(fields: dict[str, list[str]]) -> float | None:
    """When a presigned URL's signature expires (seconds since the epoch), if it says."""
    try:
        signed = datetime.strptime(fields["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        return signed.timestamp() + int(fields["X-Amz-Expires"][0])
    except (KeyError, IndexError, ValueError):
        return None


def _signed(signature: str, line: str, path: str) -> bool:
    """Whether ``signature`` is a drawn SHA-256: a documentation example signs nothing."""
    return _SIGNATURE.fullmatch(signature) is not None and not false_positive_reason(
        signature, line, path
    )


class AwsBedrockShortTermKey:
    rule = "aws-bedrock-api-key"
    blocking = True
    prefilter = r"bedrock-api-key-ymvkcm9jay"  # the encoded host's first bytes ("bedrock")

    def find(self, line: str, path: str) -> Iterator[Match]:
        for found in _KEY.finditer(line):
            secret = found.group()
            fields = signed_url(secret)
            if fields is None or not _signed(fields["X-Amz-Signature"][0], line, path):
                continue
            expiry = expires_at(fields)
            if expiry is not None and expiry < time.time():
                yield Match(secret, blocking=False, reason=EXPIRED)
            else:
                yield Match(secret)
