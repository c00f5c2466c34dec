"""Webhook authentication schemes, each over the raw request bytes, in constant time.

protocols.md ("Webhooks"): GitHub ``X-Hub-Signature-256``, Gitea/Forgejo bare-hex
``X-Gitea-Signature``, GitLab's ``X-Gitlab-Token`` (the secret itself) and Standard Webhooks
(``webhook-id``/``webhook-timestamp``/``webhook-signature``, key ``whsec_<base64>``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time

STANDARD_WEBHOOKS_TOLERANCE = 300
"""Seconds a Standard Webhooks timestamp may differ from our clock (the spec's default)."""


def hmac_sha256(key: bytes, message: bytes) -> bytes:
    return hmac.new(key, message, hashlib.sha256).digest()


def github_signature(secret: bytes, body: bytes) -> str:
    return "sha256=" + hmac_sha256(secret, body).hex()


def verify_github(secret: bytes, body: bytes, header: str | None) -> bool:
    """``X-Hub-Signature-256: sha256=<hex>`` over the raw body."""
    if not header:
        return False
    return hmac.compare_digest(github_signature(secret, body).encode(), header.strip().encode())


def verify_hex(secret: bytes, signed: bytes, header: str | None) -> bool:
    """Gitea/Forgejo: bare lowercase hex HMAC-SHA256 of the payload."""
    if not header:
        return False
    expected = hmac_sha256(secret, signed).hex()
    return hmac.compare_digest(expected.encode(), header.strip().lower().encode())


def verify_token(secret: bytes, header: str | None) -> bool:
    """GitLab ``X-Gitlab-Token``: the shared secret itself."""
    if not header:
        return False
    return hmac.compare_digest(secret, header.encode())


def standard_webhooks_key(secret: bytes) -> bytes:
    """``whsec_<base64>`` -> key bytes; any other secret is used as it is."""
    if secret.startswith(b"whsec_"):
        try:
            return base64.b64decode(secret[len(b"whsec_") :], validate=True)
        except binascii.Error:
            return secret
    return secret


def standard_webhooks_signature(secret: bytes, msg_id: str, timestamp: str, body: bytes) -> str:
    signed = msg_id.encode() + b"." + timestamp.encode() + b"." + body
    return "v1," + base64.b64encode(hmac_sha256(standard_webhooks_key(secret), signed)).decode()


def verify_standard_webhooks(
    secret: bytes,
    body: bytes,
    msg_id: str | None,
    timestamp: str | None,
    signatures: str | None,
    *,
    now: float | None = None,
    tolerance: int = STANDARD_WEBHOOKS_TOLERANCE,
) -> bool:
    """``webhook-signature`` holds space-separated ``v1,<base64>`` entries (key rotation);
    one match suffices. A timestamp outside ``tolerance`` fails: it bounds replays."""
    if not (msg_id and timestamp and signatures):
        return False
    # seconds since 1970 fit in 12 digits until the year 33658; a longer number is not a
    # time (and would overflow the float arithmetic below)
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        return False
    sent = int(timestamp)
    current = time.time() if now is None else now
    if abs(current - sent) > tolerance:
        return False
    expected = standard_webhooks_signature(secret, msg_id, timestamp, body).encode()
    ok = False
    for candidate in signatures.split():
        # no early exit: the time taken does not depend on which entry matched
        ok |= hmac.compare_digest(expected, candidate.encode())
    return ok
