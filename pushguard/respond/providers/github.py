"""GitHub tokens: classic/fine-grained PATs, OAuth, user-to-server, refresh, installation.

Verify: ``GET /user`` with ``Authorization: token``: 200 names the login, 401 means dead; a 403
that is not a rate limit means GitHub authenticated the token but refused the resource
(installation tokens get "Resource not accessible by integration"), so it is live.
Revoke (docs.github.com/rest/credentials/revoke): ``POST /credentials/revoke`` with
``{"credentials": [...]}``, at most 1000 per call, 60 calls an hour, and only UNauthenticated
(an authenticated call gets 403); 202 = accepted, 422 = validation failed or "spammed".
GitHub Enterprise Server (3.19 docs) documents the same endpoint as 60 AUTHENTICATED calls an
hour: configure ``github_revoke_credential`` for a GHES base URL.
Installation tokens (``ghs_``) are revoked by themselves: ``DELETE /installation/token`` -> 204.
Base URL: ``https://api.github.com``; GitHub Enterprise Server: ``https://HOST/api/v3``.
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
from pushguard.respond.client import Http, TokenBucket, TransportError, json_body, retry_after
from pushguard.respond.ratelimit import Limiter
from pushguard.scan.checksum import valid_github_style

BASE_URL = "https://api.github.com"
MAX_BATCH = 1000
"""GitHub's maximum credentials per revoke request."""

SPAMMED_RETRY = 3600.0
"""After a "spammed" 422 GitHub gives no Retry-After: wait out the hourly window."""

_PUBLIC_REVOKE = ("ghp_", "gho_", "ghu_", "ghr_", "github_pat_")
_HEADERS = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}


def revokes_per_hour_bucket(per_hour: int) -> TokenBucket:
    return TokenBucket(capacity=per_hour, per_second=per_hour / 3600)


class GitHub:
    name = "github"
    rules = (
        "github-pat",
        "github-fine-grained-pat",
        "github-oauth",
        "github-user-to-server",
        "github-refresh",
        "github-app-installation",
        "github-token",
    )
    revocable = True
    manual_steps = (
        "As the token's owner open https://github.com/settings/tokens (fine-grained: "
        "https://github.com/settings/personal-access-tokens), delete the token with this "
        "preview and create a new one. OAuth/app tokens: revoke the app's authorization at "
        "https://github.com/settings/applications. Then review the account's security log."
    )

    def __init__(
        self, http: Http, revoke_limiter: Limiter | None = None, revoke_token: str | None = None
    ) -> None:
        self.http = http
        self._revoke_token = revoke_token
        self.limiter: Limiter = revoke_limiter or revokes_per_hour_bucket(60)

    def verify(self, secret: Secret) -> Verification:
        if secret.value.startswith("ghr_"):
            # Refresh tokens authenticate nothing; a checksum-valid one is a real token.
            if valid_github_style(secret.value):
                return Live("GitHub App refresh token", by_format=True)
            return Dead("checksum does not validate")
        try:
            r = self.http.request(
                "GET", "/user", headers={**_HEADERS, "Authorization": f"token {secret.value}"}
            )
        except TransportError as exc:
            return Unknown(str(exc))
        if r.status_code == 200:
            body = json_body(r)
            scopes = r.headers.get("X-OAuth-Scopes")
            login = str(body.get("login", ""))
            return Live(
                f"{login} (scopes: {scopes})" if scopes else login,
                owner_email=body.get("email") or None,
            )
        if r.status_code == 401:
            return Dead("bad credentials")
        if r.status_code == 403 and retry_after(r) is None:
            return Live("authenticated, without access to /user")
        return Unknown(f"GET /user answered HTTP {r.status_code}")

    def revoke(self, secret: Secret) -> Revocation:
        return self.revoke_many([secret])[0]

    def revoke_many(self, secrets: Sequence[Secret]) -> list[Revocation]:
        out: dict[int, Revocation] = {}
        public: list[int] = []
        for i, s in enumerate(secrets):
            if s.value.startswith("ghs_"):
                out[i] = self._delete_installation_token(s)
            elif not s.value.startswith(_PUBLIC_REVOKE):
                out[i] = Failed("not a GitHub token format the revoke API accepts")
            elif not s.value.startswith("github_pat_") and not valid_github_style(s.value):
                out[i] = Failed("checksum does not validate: not a real GitHub token")
            else:
                public.append(i)
        for start in range(0, len(public), MAX_BATCH):
            chunk = public[start : start + MAX_BATCH]
            result = self._revoke_batch([secrets[i].value for i in chunk])
            out.update((i, result) for i in chunk)
        return [out[i] for i in range(len(secrets))]

    def _revoke_batch(self, values: list[str]) -> Revocation:
        wait = self.limiter.take()
        if wait:
            return Failed(
                "GitHub revoke rate limit (60 calls/hour) reached locally",
                retryable=True,
                retry_after=wait,
                sent=False,
            )
        try:
            # github.com answers 403 to an authenticated revoke call; GHES wants one.
            headers = dict(_HEADERS)
            if self._revoke_token:
                headers["Authorization"] = f"Bearer {self._revoke_token}"
            r = self.http.request(
                "POST", "/credentials/revoke", headers=headers, json={"credentials": values}
            )
        except TransportError as exc:
            return Failed(str(exc), retryable=True)
        if r.status_code == 202:
            return Revoked("GitHub accepted the revocation; the owner is notified by GitHub")
        if r.status_code == 422:
            message = str(json_body(r).get("message", ""))
            if "spam" in message.lower():
                return Failed(
                    "GitHub refused: the revoke endpoint has been spammed",
                    retryable=True,
                    retry_after=SPAMMED_RETRY,
                )
            return Failed(
                f"GitHub refused the batch: validation failed ({message[:100]})",
                retryable=True,
                retry_after=SPAMMED_RETRY,
            )
        if r.status_code == 429 or r.status_code >= 500 or retry_after(r) is not None:
            return Failed(
                f"revoke answered HTTP {r.status_code}", retryable=True, retry_after=retry_after(r)
            )
        return Failed(f"revoke answered HTTP {r.status_code}")

    def _delete_installation_token(self, secret: Secret) -> Revocation:
        try:
            r = self.http.request(
                "DELETE",
                "/installation/token",
                headers={**_HEADERS, "Authorization": f"token {secret.value}"},
            )
        except TransportError as exc:
            return Failed(str(exc), retryable=True)
        if r.status_code == 204:
            return Revoked("installation token deleted")
        if r.status_code == 401:
            return Revoked("already invalid")
        return Failed(
            f"DELETE /installation/token answered HTTP {r.status_code}",
            retryable=r.status_code == 429 or r.status_code >= 500,
        )
