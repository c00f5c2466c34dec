"""GitLab personal, project and group access tokens (``glpat-``), gitlab.com or self-managed.

Verify: ``GET /api/v4/personal_access_tokens/self`` with ``PRIVATE-TOKEN``: 200 with
``active`` true is live (``active`` false: revoked or expired), 401 is dead.
Revoke: with an instance administrator token configured, the admin token API
``DELETE /api/v4/admin/token`` ``{"token": ...}`` -> 204 (flag ``api_admin_token_revoke``);
otherwise the token revokes itself: ``DELETE /api/v4/personal_access_tokens/self`` -> 204.
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
    Unsupported,
    Verification,
)
from pushguard.respond.client import Http, TransportError, json_body

BASE_URL = "https://gitlab.com"


class GitLab:
    name = "gitlab"
    rules = ("gitlab-pat", "gitlab-routable-pat", "gitlab-token")
    revocable = True
    manual_steps = (
        "As the token's owner open User settings > Access tokens (project/group tokens: the "
        "project's or group's Settings > Access tokens) on your GitLab instance, revoke the "
        "token with this preview and create a new one; an administrator can also use "
        "Admin area > Users > Impersonation tokens or the admin token API."
    )

    def __init__(self, http: Http, admin_token: str | None = None) -> None:
        self.http = http
        self._admin_token = admin_token

    def verify(self, secret: Secret) -> Verification:
        if not secret.value.startswith("glpat-"):
            return self._admin_identify(secret)
        try:
            r = self.http.request(
                "GET",
                "/api/v4/personal_access_tokens/self",
                headers={"PRIVATE-TOKEN": secret.value},
            )
        except TransportError as exc:
            return Unknown(str(exc))
        if r.status_code == 200:
            body = json_body(r)
            if body.get("active") is False or body.get("revoked") is True:
                return Dead("token is revoked or expired")
            scopes = ",".join(map(str, body.get("scopes") or ()))
            return Live(
                f"{body.get('name', '')} of user {body.get('user_id', '?')} (scopes: {scopes})"
            )
        if r.status_code == 401:
            return Dead("rejected by /personal_access_tokens/self")
        return Unknown(f"/personal_access_tokens/self answered HTTP {r.status_code}")

    def _admin_identify(self, secret: Secret) -> Verification:
        """Deploy, runner, trigger... tokens: only the admin token API can look them up."""
        if not self._admin_token:
            return Unknown("only an instance administrator can check this GitLab token type")
        try:
            r = self.http.request(
                "POST",
                "/api/v4/admin/token",
                headers={"PRIVATE-TOKEN": self._admin_token},
                json={"token": secret.value},
            )
        except TransportError as exc:
            return Unknown(str(exc))
        if r.status_code == 200:
            body = json_body(r)
            if body.get("revoked") is True or body.get("active") is False:
                return Dead("token is revoked or expired")
            return Live(str(body.get("name") or body.get("id") or "GitLab token"))
        if r.status_code == 404:
            return Dead("the instance does not know this token")
        return Unknown(f"admin token API answered HTTP {r.status_code}")

    def revoke(self, secret: Secret) -> Revocation:
        if not secret.value.startswith("glpat-"):
            if not self._admin_token:
                return Unsupported(self.manual_steps)
            return self._admin_revoke(secret)
        if self._admin_token:
            result = self._admin_revoke(secret)
            if isinstance(result, Revoked) or (isinstance(result, Failed) and result.retryable):
                return result
        return self._self_revoke(secret)

    def _admin_revoke(self, secret: Secret) -> Revocation:
        try:
            r = self.http.request(
                "DELETE",
                "/api/v4/admin/token",
                headers={"PRIVATE-TOKEN": self._admin_token or ""},
                json={"token": secret.value},
            )
        except TransportError as exc:
            return Failed(str(exc), retryable=True)
        if r.status_code in (200, 204):
            return Revoked("revoked with the instance admin token API")
        return Failed(
            f"admin token API answered HTTP {r.status_code}",
            retryable=r.status_code == 429 or r.status_code >= 500,
        )

    def _self_revoke(self, secret: Secret) -> Revocation:
        try:
            r = self.http.request(
                "DELETE",
                "/api/v4/personal_access_tokens/self",
                headers={"PRIVATE-TOKEN": secret.value},
            )
        except TransportError as exc:
            return Failed(str(exc), retryable=True)
        if r.status_code == 204:
            return Revoked("the token revoked itself")
        if r.status_code == 401:
            return Revoked("already invalid")
        if r.status_code == 403:
            return Failed("the token may not revoke itself (missing scope): " + self.manual_steps)
        return Failed(
            f"self-revoke answered HTTP {r.status_code}",
            retryable=r.status_code == 429 or r.status_code >= 500,
        )
