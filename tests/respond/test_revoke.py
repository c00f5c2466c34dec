"""Revocation per provider, following each documented contract, confirmed by re-verifying."""

from __future__ import annotations

import hashlib
import hmac
import json
import random

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from pushguard.respond.base import (
    Failed,
    Live,
    Revoked,
    Secret,
    Unknown,
    Unsupported,
    confirm,
    revoke_all,
)
from pushguard.respond.client import TokenBucket
from pushguard.respond.providers import aws, doppler, github, gitlab, huggingface, npm, slack
from pushguard.respond.providers.webhook import OrgWebhook
from tests.helpers import tokens
from tests.respond.conftest import MakeHttp
from tests.respond.test_sigv4 import _key_id_for


def _json(request: Request) -> dict[str, object]:
    return json.loads(request.get_data())


# --- Hugging Face: always 202, so only re-verification tells -----------------------------


@pytest.mark.parametrize(
    ("after_status", "expected", "confirmed"),
    [(401, Revoked, True), (200, Failed, None), (500, Revoked, False)],
    ids=["dead-after", "still-live", "no-answer"],
)
def test_huggingface_revoke_is_confirmed_by_whoami(
    httpserver: HTTPServer,
    make_http: MakeHttp,
    after_status: int,
    expected: type,
    confirmed: bool | None,
) -> None:
    token = tokens.huggingface_token()
    httpserver.expect_ordered_request(
        "/api/credentials/revoke", method="POST", json={"credentials": [token]}
    ).respond_with_data("", status=202)
    httpserver.expect_ordered_request("/api/whoami-v2").respond_with_json(
        {"name": "alice"}, status=after_status
    )
    hf = huggingface.HuggingFace(make_http(retries=0))
    secret = Secret(token, "huggingface-token")
    result = confirm(hf, secret, hf.revoke(secret))
    assert isinstance(result, expected)
    if isinstance(result, Revoked):
        assert result.confirmed is confirmed
    else:
        assert isinstance(result, Failed) and result.retryable  # 202 did nothing: try again
    assert "Authorization" not in httpserver.log[0][0].headers  # anyone may revoke


def test_huggingface_batches_many_tokens(httpserver: HTTPServer, make_http: MakeHttp) -> None:
    rng = random.Random(3)
    values = [tokens.huggingface_token(rng) for _ in range(150)]
    httpserver.expect_request("/api/credentials/revoke").respond_with_data("", status=202)
    out = revoke_all(huggingface.HuggingFace(make_http()), [Secret(v, "hf") for v in values])
    assert all(isinstance(r, Revoked) for r in out)
    sent = [list(_json(req)["credentials"]) for req, _ in httpserver.log]  # type: ignore[call-overload]
    assert [len(c) for c in sent] == [100, 50]
    assert [v for chunk in sent for v in chunk] == values


# --- GitHub -------------------------------------------------------------------------------


def test_github_revokes_in_batches_of_1000_unauthenticated(
    httpserver: HTTPServer, make_http: MakeHttp
) -> None:
    rng = random.Random(5)
    values = [tokens.github_token(rng=rng) for _ in range(1500)]
    httpserver.expect_request("/credentials/revoke", method="POST").respond_with_data(
        "", status=202
    )
    out = github.GitHub(make_http()).revoke_many([Secret(v, "github-pat") for v in values])
    assert all(isinstance(r, Revoked) for r in out)
    assert [len(_json(req)["credentials"]) for req, _ in httpserver.log] == [1000, 500]  # type: ignore[arg-type]
    assert all("Authorization" not in req.headers for req, _ in httpserver.log)


def test_github_spammed_422_is_retryable_after_the_hour(
    httpserver: HTTPServer, make_http: MakeHttp
) -> None:
    httpserver.expect_request("/credentials/revoke").respond_with_json(
        {"message": "Validation failed, or the endpoint has been spammed."}, status=422
    )
    result = github.GitHub(make_http()).revoke(Secret(tokens.github_token(), "github-pat"))
    assert isinstance(result, Failed) and result.retryable
    assert result.retry_after == github.SPAMMED_RETRY
    assert len(httpserver.log) == 1  # a 422 is never hammered


def test_github_local_rate_limit_defers_instead_of_calling(
    httpserver: HTTPServer, make_http: MakeHttp
) -> None:
    httpserver.expect_request("/credentials/revoke").respond_with_data("", status=202)
    gh = github.GitHub(make_http(), revoke_limiter=TokenBucket(2, 2 / 3600))
    results = [gh.revoke(Secret(tokens.github_token(rng=random.Random(i)), "p")) for i in range(3)]
    assert [type(r) for r in results] == [Revoked, Revoked, Failed]
    assert isinstance(results[2], Failed) and results[2].retry_after == pytest.approx(1800, 1)
    assert len(httpserver.log) == 2


def test_github_never_sends_a_token_whose_checksum_fails(
    httpserver: HTTPServer, make_http: MakeHttp
) -> None:
    result = github.GitHub(make_http()).revoke(
        Secret(tokens.github_token(valid=False), "github-pat")
    )
    assert isinstance(result, Failed) and not result.retryable
    assert httpserver.log == []


@pytest.mark.parametrize(("status", "expected"), [(204, Revoked), (401, Revoked), (500, Failed)])
def test_github_installation_token_deletes_itself(
    httpserver: HTTPServer, make_http: MakeHttp, status: int, expected: type
) -> None:
    token = tokens.github_token("ghs")
    httpserver.expect_request(
        "/installation/token", method="DELETE", headers={"Authorization": f"token {token}"}
    ).respond_with_data("", status=status)
    assert isinstance(github.GitHub(make_http(retries=0)).revoke(Secret(token, "g")), expected)


# --- GitLab -------------------------------------------------------------------------------


def test_gitlab_self_revoke(httpserver: HTTPServer, make_http: MakeHttp) -> None:
    token = tokens.gitlab_pat()
    httpserver.expect_request(
        "/api/v4/personal_access_tokens/self", method="DELETE", headers={"PRIVATE-TOKEN": token}
    ).respond_with_data("", status=204)
    assert isinstance(gitlab.GitLab(make_http()).revoke(Secret(token, "gitlab-pat")), Revoked)


def test_gitlab_admin_api_revokes_with_the_admin_token(
    httpserver: HTTPServer, make_http: MakeHttp
) -> None:
    token, admin = tokens.gitlab_pat(), tokens.gitlab_pat(random.Random(9))
    httpserver.expect_request(
        "/api/v4/admin/token",
        method="DELETE",
        headers={"PRIVATE-TOKEN": admin},
        json={"token": token},
    ).respond_with_data("", status=204)
    result = gitlab.GitLab(make_http(), admin_token=admin).revoke(Secret(token, "gitlab-pat"))
    assert isinstance(result, Revoked) and "admin" in result.detail


def test_gitlab_falls_back_to_self_revoke_when_the_admin_api_is_off(
    httpserver: HTTPServer, make_http: MakeHttp
) -> None:
    token = tokens.gitlab_pat()
    httpserver.expect_request("/api/v4/admin/token", method="DELETE").respond_with_data(
        "", status=404
    )  # feature flag api_admin_token_revoke disabled
    httpserver.expect_request(
        "/api/v4/personal_access_tokens/self", method="DELETE"
    ).respond_with_data("", status=204)
    gl = gitlab.GitLab(make_http(retries=0), admin_token="x")
    assert isinstance(gl.revoke(Secret(token, "gitlab-pat")), Revoked)
    assert len(httpserver.log) == 2


def test_gitlab_token_without_scope_to_revoke_itself_gets_manual_steps(
    httpserver: HTTPServer, make_http: MakeHttp
) -> None:
    httpserver.expect_request(
        "/api/v4/personal_access_tokens/self", method="DELETE"
    ).respond_with_data("", status=403)
    result = gitlab.GitLab(make_http()).revoke(Secret(tokens.gitlab_pat(), "gitlab-pat"))
    assert isinstance(result, Failed) and "Access tokens" in result.reason


# --- Slack, npm ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"ok": True, "revoked": True}, Revoked),
        ({"ok": False, "error": "invalid_auth"}, Revoked),
        ({"ok": False, "error": "ratelimited"}, Failed),
    ],
)
def test_slack_auth_revoke(
    httpserver: HTTPServer, make_http: MakeHttp, body: dict[str, object], expected: type
) -> None:
    token = tokens.slack_token()
    httpserver.expect_request(
        "/api/auth.revoke", method="POST", headers={"Authorization": f"Bearer {token}"}
    ).respond_with_json(body)
    assert isinstance(slack.Slack(make_http()).revoke(Secret(token, "slack-token")), expected)


def test_npm_delete_and_otp(httpserver: HTTPServer, make_http: MakeHttp) -> None:
    token = tokens.npm_token()
    httpserver.expect_ordered_request(
        f"/-/npm/v1/tokens/token/{token}", method="DELETE"
    ).respond_with_data("", status=204)
    httpserver.expect_ordered_request(
        f"/-/npm/v1/tokens/token/{token}", method="DELETE"
    ).respond_with_data("", status=401, headers={"WWW-Authenticate": "OTP"})
    n = npm.Npm(make_http())
    assert isinstance(n.revoke(Secret(token, "npm-token")), Revoked)
    otp = n.revoke(Secret(token, "npm-token"))
    assert isinstance(otp, Unsupported) and "npm token revoke" in otp.manual_steps


@pytest.mark.parametrize(
    ("status", "expected"), [(200, Revoked), (401, Revoked), (403, Failed), (503, Failed)]
)
def test_doppler_token_revokes_itself(
    httpserver: HTTPServer, make_http: MakeHttp, status: int, expected: type
) -> None:
    token = tokens.doppler_token()
    httpserver.expect_request(
        "/v3/auth/revoke",
        method="POST",
        headers={"Authorization": f"Bearer {token}"},
        json={"token": token},
    ).respond_with_json({"success": status == 200}, status=status)
    result = doppler.Doppler(make_http()).revoke(Secret(token, "doppler-token"))
    assert isinstance(result, expected)
    if isinstance(result, Failed):
        assert result.retryable == (status >= 500)


# --- AWS ----------------------------------------------------------------------------------

STS_OK = (
    "<GetCallerIdentityResponse><GetCallerIdentityResult>"
    "<Arn>arn:aws:iam::123456789012:user/ci</Arn><Account>123456789012</Account>"
    "</GetCallerIdentityResult></GetCallerIdentityResponse>"
)
STS_DEAD = (
    "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code>"
    "</Error></ErrorResponse>"
)


def _aws(make_http: MakeHttp, **kwargs: object) -> aws.Aws:
    return aws.Aws(make_http("/sts"), make_http("/iam"), **kwargs)  # type: ignore[arg-type]


def test_aws_verify_sends_a_signed_get_caller_identity(
    httpserver: HTTPServer, make_http: MakeHttp
) -> None:
    key_id, secret_key = _key_id_for(123456789012), tokens.aws_secret_key()
    httpserver.expect_request(
        "/sts/", method="POST", data="Action=GetCallerIdentity&Version=2011-06-15"
    ).respond_with_data(STS_OK)
    result = _aws(make_http).verify(Secret(key_id, "aws-access-key", related=(secret_key,)))
    assert isinstance(result, Live) and result.identity.endswith(":user/ci")
    auth = httpserver.log[0][0].headers["Authorization"]
    assert auth.startswith(f"AWS4-HMAC-SHA256 Credential={key_id}/")
    assert "/us-east-1/sts/aws4_request" in auth and secret_key not in auth


def test_aws_invalid_client_token_is_dead(httpserver: HTTPServer, make_http: MakeHttp) -> None:
    httpserver.expect_request("/sts/").respond_with_data(STS_DEAD, status=403)
    result = _aws(make_http).verify(
        Secret(tokens.aws_secret_key(), "aws-secret-key", related=(_key_id_for(42),))
    )
    assert result.kind == "dead"


def test_aws_canary_keys_are_never_sent(httpserver: HTTPServer, make_http: MakeHttp) -> None:
    key_id = _key_id_for(52310077262)  # a canarytokens.org account
    responder = _aws(make_http, canary_accounts=("052310077262",), admin=("A", "B"))
    secret = Secret(key_id, "aws-access-key", related=(tokens.aws_secret_key(),))
    assert isinstance(responder.verify(secret), Unknown)
    assert isinstance(responder.revoke(secret), Failed)
    assert httpserver.log == []


def test_aws_without_admin_principal_is_manual(make_http: MakeHttp) -> None:
    responder = _aws(make_http)
    assert not responder.revocable
    assert isinstance(responder.revoke(Secret(_key_id_for(1), "aws-access-key")), Unsupported)


def test_aws_admin_deactivates_the_key_of_its_user(
    httpserver: HTTPServer, make_http: MakeHttp
) -> None:
    key_id = _key_id_for(123456789012)
    httpserver.expect_ordered_request(
        "/iam/",
        method="POST",
        data=f"Action=GetAccessKeyLastUsed&AccessKeyId={key_id}&Version=2010-05-08",
    ).respond_with_data(
        "<GetAccessKeyLastUsedResult><UserName>ci-bot</UserName></GetAccessKeyLastUsedResult>"
    )
    httpserver.expect_ordered_request(
        "/iam/",
        method="POST",
        data=f"Action=UpdateAccessKey&AccessKeyId={key_id}&Status=Inactive&UserName=ci-bot"
        "&Version=2010-05-08",
    ).respond_with_data("<UpdateAccessKeyResponse/>")
    admin_id = _key_id_for(123456789012, "AKIA")
    responder = _aws(make_http, admin=(admin_id, tokens.aws_secret_key(random.Random(1))))
    result = responder.revoke(Secret(key_id, "aws-access-key"))
    assert isinstance(result, Revoked) and "ci-bot" in result.detail
    assert all(
        f"Credential={admin_id}/" in req.headers["Authorization"] for req, _ in httpserver.log
    )


# --- the organisation's own token service ------------------------------------------------


@pytest.mark.parametrize("identify", ["fingerprint", "sha256", "raw"])
def test_org_webhook_is_signed_and_sends_the_secret_only_when_told(
    httpserver: HTTPServer, make_http: MakeHttp, identify: str
) -> None:
    key = b"shared-signing-key"
    token = "intl_" + tokens.rand(32)
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        return Response(json.dumps({"status": "revoked"}), content_type="application/json")

    httpserver.expect_request("/tokens/revoke", method="POST").respond_with_handler(handler)
    hook = OrgWebhook(make_http("/tokens/revoke"), ("internal-token",), key, identify)
    secret = Secret(
        token,
        "internal-token",
        fingerprint="ab" * 32,
        redacted="in…yz",
        where={"repository": "acme/app", "path": "a.env", "line": "3"},
    )
    assert isinstance(hook.revoke(secret), Revoked)
    body = seen[0].get_data()
    ts = seen[0].headers["X-Pushguard-Timestamp"]
    expected = "sha256=" + hmac.new(key, ts.encode() + b"." + body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(seen[0].headers["X-Pushguard-Signature"], expected)
    payload = json.loads(body)
    assert payload["fingerprint"] == "ab" * 32 and payload["repository"] == "acme/app"
    assert (token in body.decode()) == (identify == "raw")
    assert ("sha256" in payload) == (identify == "sha256")


def test_github_enterprise_revoke_is_authenticated_when_configured(
    httpserver: HTTPServer, make_http: MakeHttp
) -> None:
    admin = tokens.github_token(rng=random.Random(77))
    httpserver.expect_request(
        "/api/v3/credentials/revoke", method="POST", headers={"Authorization": f"Bearer {admin}"}
    ).respond_with_data("", status=202)
    gh = github.GitHub(make_http("/api/v3"), revoke_token=admin)
    assert isinstance(gh.revoke(Secret(tokens.github_token(), "github-token")), Revoked)
