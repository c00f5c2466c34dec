"""AWS access keys (``AKIA``/``ASIA``... key id plus a 40-character secret access key).

Verify: STS ``GetCallerIdentity`` signed with the leaked pair (SigV4, needs no permission):
200 names the ARN; 403 ``InvalidClientTokenId`` = dead; ``SignatureDoesNotMatch`` = the secret
found next to the id is not its secret. Keys of known canary accounts (decoded from the key
id) are never sent to AWS: using one alerts whoever planted it.
Revoke: a key cannot safely disable itself (AWS's quarantine policy denies it), so an admin
principal configured for the account calls IAM ``GetAccessKeyLastUsed`` (which names the
user) and ``UpdateAccessKey Status=Inactive``. Without one, a person must.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlencode

from pushguard.respond import sigv4
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
from pushguard.respond.client import Http, TransportError

STS_URL = "https://sts.amazonaws.com"
IAM_URL = "https://iam.amazonaws.com"
KEY_ID = re.compile(r"(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}")
SECRET_KEY = re.compile(r"[A-Za-z0-9/+]{40}")
_FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}


def _tag(xml: str, name: str) -> str:
    # AWS query-API answers are small fixed XML documents: a regex avoids parsing
    # attacker-influenced XML with a full parser.
    m = re.search(rf"<{name}>([^<]*)</{name}>", xml)
    return m.group(1) if m else ""


def split_pair(secret: Secret) -> tuple[str | None, str | None]:
    """(key id, secret access key) from a finding and the secrets found next to it."""
    candidates = [secret.value, *secret.related]
    key_id = next((c for c in candidates if KEY_ID.fullmatch(c)), None)
    secret_key = next((c for c in candidates if SECRET_KEY.fullmatch(c)), None)
    return key_id, secret_key


class Aws:
    name = "aws"
    rules = ("aws-access-key", "aws-access-key-id", "aws-secret-key", "aws-secret-access-key")
    revocable = True
    manual_steps = (
        "In the AWS console (IAM > Users > the user > Security credentials) make the access key "
        "with this id Inactive, then delete it and create a new one; or run `aws iam "
        "update-access-key --access-key-id <id> --status Inactive --user-name <user>` "
        "(`aws iam get-access-key-last-used --access-key-id <id>` names the user). Review "
        "CloudTrail for the key's use."
    )

    def __init__(
        self,
        sts: Http,
        iam: Http,
        *,
        region: str = "us-east-1",
        canary_accounts: Iterable[str] = (),
        admin: tuple[str, str] | None = None,
    ) -> None:
        self.sts = sts
        self.iam = iam
        self.region = region
        self.canary_accounts = frozenset(canary_accounts)
        self._admin = admin
        # Without an admin principal nothing can revoke a key for us: default to verify-only.
        self.revocable = admin is not None

    def _signed(
        self, http: Http, service: str, params: dict[str, str], access_key: str, secret_key: str
    ) -> tuple[int, str]:
        body = urlencode(params).encode()
        url = http.url("/")
        headers = sigv4.sign(
            "POST",
            url,
            _FORM,
            body,
            access_key=access_key,
            secret_key=secret_key,
            region=self.region,
            service=service,
        )
        r = http.request("POST", "/", headers=headers, data=body)
        return r.status_code, r.text

    def verify(self, secret: Secret) -> Verification:
        key_id, secret_key = split_pair(secret)
        if key_id is None:
            return Unknown("no AWS access key id found with this secret")
        account = sigv4.account_id(key_id)
        if account in self.canary_accounts:
            return Unknown(f"key of canary account {account}: not contacted")
        if key_id.startswith("ASIA"):
            return Unknown("temporary (ASIA) key: needs its session token to be checked")
        if secret_key is None:
            return Unknown("no secret access key found next to the key id")
        try:
            status, text = self._signed(
                self.sts,
                "sts",
                {"Action": "GetCallerIdentity", "Version": "2011-06-15"},
                key_id,
                secret_key,
            )
        except TransportError as exc:
            return Unknown(str(exc))
        if status == 200:
            return Live(_tag(text, "Arn") or f"account {account}")
        code = _tag(text, "Code")
        if code == "InvalidClientTokenId":
            return Dead("InvalidClientTokenId")
        if code == "SignatureDoesNotMatch":
            return Unknown("the secret found next to the key id is not its secret")
        return Unknown(f"GetCallerIdentity answered HTTP {status} {code}".strip())

    def revoke(self, secret: Secret) -> Revocation:
        key_id, _ = split_pair(secret)
        if key_id is None:
            return Failed("no AWS access key id found with this secret")
        if sigv4.account_id(key_id) in self.canary_accounts:
            return Failed("canary key: never contacted")
        if self._admin is None:
            return Unsupported(self.manual_steps)
        admin_id, admin_secret = self._admin
        try:
            status, text = self._signed(
                self.iam,
                "iam",
                {"Action": "GetAccessKeyLastUsed", "AccessKeyId": key_id, "Version": "2010-05-08"},
                admin_id,
                admin_secret,
            )
            user = _tag(text, "UserName")
            if status != 200 or not user:
                return Failed(
                    f"GetAccessKeyLastUsed answered HTTP {status} {_tag(text, 'Code')}".strip(),
                    retryable=status >= 500,
                )
            status, text = self._signed(
                self.iam,
                "iam",
                {
                    "Action": "UpdateAccessKey",
                    "AccessKeyId": key_id,
                    "Status": "Inactive",
                    "UserName": user,
                    "Version": "2010-05-08",
                },
                admin_id,
                admin_secret,
            )
        except TransportError as exc:
            return Failed(str(exc), retryable=True)
        if status == 200:
            return Revoked(f"deactivated (UpdateAccessKey Inactive) for IAM user {user}")
        return Failed(
            f"UpdateAccessKey answered HTTP {status} {_tag(text, 'Code')}".strip(),
            retryable=status >= 500,
        )
