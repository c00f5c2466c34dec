"""Hugging Face user access tokens (``hf_``).

Verify: ``GET /api/whoami-v2`` with ``Authorization: Bearer``; 200 names the account, 401 means
dead. Revoke: anyone may ``POST /api/credentials/revoke`` with ``{"credentials": [...]}``
(huggingface/hub-docs ``security-tokens.md``, "Revoking a leaked token"); it always answers 202,
whether or not anything was revoked, so success is only ever confirmed by re-verifying.
"""

from __future__ import annotations

from collections.abc import Sequence

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

BASE_URL = "https://huggingface.co"
BATCH = 100
"""Credentials per revoke call: keeps a request small; the endpoint documents no maximum."""


class HuggingFace:
    name = "huggingface"
    rules = ("huggingface-token", "huggingface-org-token")
    revocable = True
    manual_steps = (
        "Sign in to https://huggingface.co/settings/tokens as the token's owner, find the "
        "token by its preview, choose Invalidate and refresh (or Delete), then update every "
        "place that used it."
    )

    def __init__(self, http: Http) -> None:
        self.http = http

    def verify(self, secret: Secret) -> Verification:
        try:
            r = self.http.request(
                "GET", "/api/whoami-v2", headers={"Authorization": f"Bearer {secret.value}"}
            )
        except TransportError as exc:
            return Unknown(str(exc))
        if r.status_code == 200:
            body = json_body(r)
            role = ((body.get("auth") or {}).get("accessToken") or {}).get("role", "")
            identity = str(body.get("name", ""))
            return Live(
                f"{identity} ({role})" if role else identity, owner_email=body.get("email") or None
            )
        if r.status_code == 401:
            return Dead("rejected by whoami-v2")
        return Unknown(f"whoami-v2 answered HTTP {r.status_code}")

    def revoke(self, secret: Secret) -> Revocation:
        return self.revoke_many([secret])[0]

    def revoke_many(self, secrets: Sequence[Secret]) -> list[Revocation]:
        out: list[Revocation] = []
        for start in range(0, len(secrets), BATCH):
            chunk = secrets[start : start + BATCH]
            result = self._post([s.value for s in chunk])
            out.extend([result] * len(chunk))
        return out

    def _post(self, values: list[str]) -> Revocation:
        try:
            r = self.http.request("POST", "/api/credentials/revoke", json={"credentials": values})
        except TransportError as exc:
            return Failed(str(exc), retryable=True)
        if r.status_code in (200, 202, 204):
            return Revoked("revocation accepted (202); confirmed by re-verifying")
        if r.status_code == 429 or r.status_code >= 500:
            return Failed(f"revoke answered HTTP {r.status_code}", retryable=True)
        return Failed(f"revoke answered HTTP {r.status_code}")
