"""Doppler API tokens (``dp.pt.``, ``dp.st.``, ...).

Verify: ``GET /v3/me`` with ``Authorization: Bearer``: 200 describes the token (its type,
name and workplace), 401 means dead. Revoke: the token revokes itself, ``POST
/v3/auth/revoke`` with ``{"token": ...}`` and the token as the bearer; a token already
revoked answers 401.
"""

from __future__ import annotations

from pushguard.respond.base import (
    Dead,
    Failed,
    Live,
    Revocation,
    Revoked,
    Secret,
    Unknown,
    Verification,
)
from pushguard.respond.client import Http, TransportError, json_body

BASE_URL = "https://api.doppler.com"


class Doppler:
    name = "doppler"
    rules = ("doppler-token",)
    revocable = True
    manual_steps = (
        "A Doppler workplace admin opens https://dashboard.doppler.com, finds the token with "
        "this preview (personal and CLI tokens: the owner's Tokens page; service tokens: the "
        "config's Access tab; service accounts: Team > Service Accounts), revokes it, and "
        "rotates the secrets it could read (the workplace's Activity log shows what it did)."
    )

    def __init__(self, http: Http) -> None:
        self.http = http

    def verify(self, secret: Secret) -> Verification:
        try:
            r = self.http.request("GET", "/v3/me", headers=_bearer(secret))
        except TransportError as exc:
            return Unknown(str(exc))
        if r.status_code == 200:
            body = json_body(r)
            workplace = body.get("workplace") or {}
            name = str(body.get("name") or body.get("slug") or "")
            kind = str(body.get("type") or "")
            where = str(workplace.get("name", "")) if isinstance(workplace, dict) else ""
            parts = (kind, name, f"@ {where}" if where else "")
            return Live(" ".join(part for part in parts if part))
        if r.status_code == 401:
            return Dead("rejected by /v3/me")
        return Unknown(f"/v3/me answered HTTP {r.status_code}")

    def revoke(self, secret: Secret) -> Revocation:
        try:
            r = self.http.request(
                "POST", "/v3/auth/revoke", headers=_bearer(secret), json={"token": secret.value}
            )
        except TransportError as exc:
            return Failed(str(exc), retryable=True)
        if r.status_code in (200, 204):
            return Revoked("token revoked")
        if r.status_code == 401:
            return Revoked("already invalid")
        return Failed(
            f"revoke answered HTTP {r.status_code}",
            retryable=r.status_code == 429 or r.status_code >= 500,
        )


def _bearer(secret: Secret) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret.value}"}
