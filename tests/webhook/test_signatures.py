from __future__ import annotations

import time

import pytest

from pushguard.webhook import signatures

# protocols.md: GitHub's documented test vector
GITHUB_SECRET = b"It's a Secret to Everybody"
GITHUB_BODY = b"Hello, World!"
GITHUB_SIG = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"


def test_github_test_vector() -> None:
    assert signatures.github_signature(GITHUB_SECRET, GITHUB_BODY) == GITHUB_SIG
    assert signatures.verify_github(GITHUB_SECRET, GITHUB_BODY, GITHUB_SIG)


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        GITHUB_SIG[:-1] + "0",
        GITHUB_SIG.replace("sha256=", "sha1="),
        GITHUB_SIG[len("sha256=") :],
        GITHUB_SIG.upper(),
    ],
)
def test_github_rejects(header: str | None) -> None:
    assert not signatures.verify_github(GITHUB_SECRET, GITHUB_BODY, header)


def test_github_rejects_other_body() -> None:
    assert not signatures.verify_github(GITHUB_SECRET, GITHUB_BODY + b" ", GITHUB_SIG)


def test_gitea_bare_hex() -> None:
    header = GITHUB_SIG[len("sha256=") :]
    assert signatures.verify_hex(GITHUB_SECRET, GITHUB_BODY, header)
    assert not signatures.verify_hex(GITHUB_SECRET, GITHUB_BODY, GITHUB_SIG)
    assert not signatures.verify_hex(b"other", GITHUB_BODY, header)


def test_gitlab_token() -> None:
    assert signatures.verify_token(b"s3cret-token", "s3cret-token")
    assert not signatures.verify_token(b"s3cret-token", "s3cret-tokem")
    assert not signatures.verify_token(b"s3cret-token", None)


def _standard(secret: bytes, ts: int, body: bytes = b'{"a":1}') -> tuple[str, str, str, bytes]:
    sig = signatures.standard_webhooks_signature(secret, "msg_1", str(ts), body)
    return "msg_1", str(ts), sig, body


def test_standard_webhooks_spec_vector() -> None:
    # the example from the Standard Webhooks specification's reference libraries
    secret = b"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    msg_id, ts = "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330"
    body = b'{"test": 2432232314}'
    expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    assert signatures.standard_webhooks_signature(secret, msg_id, ts, body) == expected
    assert signatures.verify_standard_webhooks(
        secret, body, msg_id, ts, f"v1,bogus {expected}", now=1614265330
    )


@pytest.mark.parametrize(
    ("skew", "ok"), [(0, True), (299, True), (-299, True), (301, False), (-3600, False)]
)
def test_standard_webhooks_timestamp_tolerance(skew: int, ok: bool) -> None:
    now = int(time.time())
    msg_id, ts, sig, body = _standard(b"whsec_" + b"QUJD" * 8, now + skew)
    assert (
        signatures.verify_standard_webhooks(b"whsec_" + b"QUJD" * 8, body, msg_id, ts, sig, now=now)
        is ok
    )


def test_standard_webhooks_rejects_tampering() -> None:
    now = int(time.time())
    secret = b"whsec_" + b"QUJD" * 8
    msg_id, ts, sig, body = _standard(secret, now)
    assert not signatures.verify_standard_webhooks(secret, body + b" ", msg_id, ts, sig, now=now)
    assert not signatures.verify_standard_webhooks(secret, body, "msg_2", ts, sig, now=now)
    assert not signatures.verify_standard_webhooks(secret, body, msg_id, "abc", sig, now=now)
    assert not signatures.verify_standard_webhooks(secret, body, msg_id, ts, None, now=now)
