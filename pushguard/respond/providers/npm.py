"""npm access tokens (``npm_``).

Verify: ``GET /-/whoami`` with ``Authorization: Bearer``: 200 ``{"username"}``, 401 dead.
Revoke: the token deletes itself, ``DELETE /-/npm/v1/tokens/token/{token}`` (what
``npm token revoke`` sends); accounts with 2FA for writes answer 401 with
``WWW-Authenticate: OTP``: then a person must revoke it.
"""

from __future__ import annotations

from urllib.parse import quote

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

BASE_URL = "https://registry.npmjs.org"


class Npm:
    name = "npm"
    rules = ("npm-token", "npm-access-token")
    revocable = True
    manual_steps = (
        "As the token's owner run `npm token list`, then `npm token revoke <id>` for the "
        "token with this preview (or delete it at https://www.npmjs.com/settings/<user>/tokens); "
        "check the packages it could publish for unexpected versions."
    )

    def __init__(self, http: Http) -> None:
        self.http = http

    def verify(self, secret: Secret) -> Verification:
        try:
            r = self.http.request(
                "GET", "/-/whoami", headers={"Authorization": f"Bearer {secret.value}"}
            )
        except TransportError as exc:
            return Unknown(str(exc))
        if r.status_code == 200:
            return Live(str(json_body(r).get("username", "")))
        if r.status_code in (401, 403):
            return Dead(f"whoami answered HTTP {r.status_code}")
        return Unknown(f"whoami answered HTTP {r.status_code}")

    def revoke(self, secret: Secret) -> Revocation:
        try:
            r = self.http.request(
                "DELETE",
                f"/-/npm/v1/tokens/token/{quote(secret.value, safe='')}",
                headers={"Authorization": f"Bearer {secret.value}"},
            )
        except TransportError as exc:
            return Failed(str(exc), retryable=True)
        if r.status_code in (200, 204):
            return Revoked("token deleted")
        if r.status_code == 401 and "otp" in r.headers.get("WWW-Authenticate", "").lower():
            return Unsupported(
                "npm requires a one-time password to delete this token. " + self.manual_steps
            )
        if r.status_code == 401:
            return Revoked("already invalid")
        return Failed(
            f"token delete answered HTTP {r.status_code}",
            retryable=r.status_code == 429 or r.status_code >= 500,
        )
