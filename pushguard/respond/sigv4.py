"""AWS Signature Version 4, with hmac and hashlib only (no boto dependency for two calls).

Follows "Create a signed AWS API request" (AWS IAM user guide) and is checked against AWS's
published test suite vectors (``get-vanilla``, ``post-vanilla``,
``get-vanilla-query-order-key-case``) and the IAM ``ListUsers`` example in
``tests/respond/test_sigv4.py``.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
from collections.abc import Mapping
from urllib.parse import parse_qsl, quote, urlsplit

ALGORITHM = "AWS4-HMAC-SHA256"
_SPACES = re.compile(r"\s+")


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def signing_key(secret_key: str, day: str, region: str, service: str) -> bytes:
    k_date = _hmac(("AWS4" + secret_key).encode(), day)
    return _hmac(_hmac(_hmac(k_date, region), service), "aws4_request")


def canonical_query(query: str) -> str:
    pairs = parse_qsl(query, keep_blank_values=True)
    encoded = sorted((quote(k, safe="-_.~"), quote(v, safe="-_.~")) for k, v in pairs)
    return "&".join(f"{k}={v}" for k, v in encoded)


def canonical_request(
    method: str, url: str, headers: Mapping[str, str], body: bytes
) -> tuple[str, str]:
    """The canonical request text and its signed-headers list."""
    parts = urlsplit(url)
    lowered = {k.lower(): _SPACES.sub(" ", v.strip()) for k, v in headers.items()}
    signed = ";".join(sorted(lowered))
    text = "\n".join(
        [
            method.upper(),
            quote(parts.path or "/", safe="/-_.~"),
            canonical_query(parts.query),
            "".join(f"{k}:{lowered[k]}\n" for k in sorted(lowered)),
            signed,
            hashlib.sha256(body).hexdigest(),
        ]
    )
    return text, signed


def sign(
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes,
    *,
    access_key: str,
    secret_key: str,
    region: str,
    service: str,
    now: dt.datetime | None = None,
    session_token: str | None = None,
) -> dict[str, str]:
    """``headers`` plus ``Host``, ``X-Amz-Date`` (and the session token) and ``Authorization``."""
    now = now or dt.datetime.now(dt.UTC)
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    day = amz_date[:8]
    out = {k: v for k, v in headers.items()}
    if not any(k.lower() == "host" for k in out):
        out["Host"] = urlsplit(url).netloc
    out["X-Amz-Date"] = amz_date
    if session_token:
        out["X-Amz-Security-Token"] = session_token
    text, signed = canonical_request(method, url, out, body)
    scope = f"{day}/{region}/{service}/aws4_request"
    to_sign = "\n".join([ALGORITHM, amz_date, scope, hashlib.sha256(text.encode()).hexdigest()])
    signature = hmac.new(
        signing_key(secret_key, day, region, service), to_sign.encode(), hashlib.sha256
    ).hexdigest()
    out["Authorization"] = (
        f"{ALGORITHM} Credential={access_key}/{scope}, SignedHeaders={signed}, "
        f"Signature={signature}"
    )
    return out


def account_id(access_key_id: str) -> str | None:
    """The 12-digit AWS account encoded in an access key id (``AKIA``/``ASIA`` + 16 base32).

    Characters 5-16 are base32; bits 1-39 of the first 6 decoded bytes are the account
    (Tal Be'ery, "A short note on AWS KEY ID", 2023; trufflehog ``aws.GetAccountNumFromID``).
    """
    body = access_key_id[4:]
    if len(access_key_id) != 20 or not re.fullmatch(r"[A-Z2-7]{16}", body):
        return None
    raw = base64.b32decode(body)
    value = int.from_bytes(raw[:6], "big")
    return f"{(value & 0x7FFFFFFFFF80) >> 7:012d}"
