"""The organisation's own token service: a signed JSON event per verify/revoke request.

Contract (documented for whoever writes the receiving service)::

    POST <webhook_url>
    Content-Type: application/json
    X-Pushguard-Timestamp: <unix seconds>
    X-Pushguard-Signature: sha256=<hex HMAC-SHA256(key, "<timestamp>.<raw body>")>

    {"action": "verify" | "revoke", "rule": ..., "fingerprint": ..., "redacted": ...,
     "repository": ..., "commit": ..., "path": ..., "line": ...,
     "sha256": ... (only when identify = "sha256"), "secret": ... (only when identify = "raw")}

Answer 200 with ``{"status": "live"|"dead"|"unknown"|"revoked"|"failed"|"unsupported",
"identity": ..., "owner_email": ..., "reason": ...}``.

What identifies the token is a deliberate choice (``[respond] webhook_identify``): by default
the keyed fingerprint, the redacted preview and where it was committed: the service can re-read
the line itself, and no form of the secret leaves pushguard. ``sha256`` adds the unkeyed
SHA-256, which token services that store hashed tokens can look up (safe for random tokens,
not for passwords); ``raw`` sends the secret itself and must be chosen explicitly.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable, Mapping
from typing import Any

from pushguard.respond.base import (
    Dead,
    Failed,
    Live,
    Revocation,
    Revoked,
    Secret,
    Unknown,
    Unsupported,
    Verification,
)
from pushguard.respond.client import Http, TransportError, json_body

SIGNATURE_HEADER = "X-Pushguard-Signature"
TIMESTAMP_HEADER = "X-Pushguard-Timestamp"


def sign(key: bytes, timestamp: str, body: bytes) -> str:
    return "sha256=" + hmac.new(key, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def signed_post(
    http: Http,
    key: bytes | None,
    payload: Mapping[str, Any],
    clock: Callable[[], float] = time.time,
) -> Any:
    body = json.dumps(payload, sort_keys=True).encode()
    timestamp = str(int(clock()))
    headers = {"Content-Type": "application/json", TIMESTAMP_HEADER: timestamp}
    if key is not None:
        headers[SIGNATURE_HEADER] = sign(key, timestamp, body)
    return http.request("POST", "", headers=headers, data=body)


class OrgWebhook:
    name = "webhook"
    revocable = True
    manual_steps = "Revoke the credential in the system that issued it and issue a new one."

    def __init__(
        self, http: Http, rules: tuple[str, ...], key: bytes | None, identify: str = "fingerprint"
    ) -> None:
        self.http = http
        self.rules = rules
        self._key = key
        self._identify = identify

    def _payload(self, action: str, secret: Secret) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "action": action,
            "rule": secret.rule,
            "fingerprint": secret.fingerprint,
            "redacted": secret.redacted,
            **secret.where,
        }
        if self._identify == "sha256":
            payload["sha256"] = hashlib.sha256(secret.value.encode()).hexdigest()
        elif self._identify == "raw":
            payload["secret"] = secret.value
        return payload

    def _ask(self, action: str, secret: Secret) -> dict[str, Any] | str:
        try:
            r = signed_post(self.http, self._key, self._payload(action, secret))
        except TransportError as exc:
            return str(exc)
        if r.status_code != 200:
            return f"token service answered HTTP {r.status_code}"
        return json_body(r)

    def verify(self, secret: Secret) -> Verification:
        body = self._ask("verify", secret)
        if isinstance(body, str):
            return Unknown(body)
        status = body.get("status")
        if status == "live":
            return Live(str(body.get("identity", "")), owner_email=body.get("owner_email"))
        if status == "dead":
            return Dead(str(body.get("reason", "")))
        return Unknown(str(body.get("reason", "token service did not know")))

    def revoke(self, secret: Secret) -> Revocation:
        body = self._ask("revoke", secret)
        if isinstance(body, str):
            return Failed(body, retryable=True)
        status = body.get("status")
        if status == "revoked":
            return Revoked(str(body.get("reason", "revoked by the token service")))
        if status == "unsupported":
            return Unsupported(str(body.get("reason", self.manual_steps)))
        return Failed(str(body.get("reason", f"token service status {status!r}")))
