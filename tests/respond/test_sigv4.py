"""SigV4 against AWS's published test suite and the IAM ListUsers example (docs, 2015-08-30)."""

from __future__ import annotations

import base64
import datetime as dt

import pytest

from pushguard.respond import sigv4

# AWS's documented example credentials, assembled so no key-shaped literal sits in the file.
EXAMPLE_ID = "AKID" + "EXAMPLE"
EXAMPLE_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCY" + "EXAMPLE" + "KEY"  # pragma: allowlist secret
WHEN = dt.datetime(2015, 8, 30, 12, 36, tzinfo=dt.UTC)
FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}


@pytest.mark.parametrize(
    ("method", "url", "headers", "service", "signature"),
    [
        (
            "GET",
            "https://example.amazonaws.com/",
            {},
            "service",
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
        ),
        (
            "POST",
            "https://example.amazonaws.com/",
            {},
            "service",
            "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
        ),
        (
            "GET",
            "https://example.amazonaws.com/?Param2=value2&Param1=value1",
            {},
            "service",
            "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
        ),
        (
            "GET",
            "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08",
            FORM,
            "iam",
            "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
        ),
    ],
    ids=["get-vanilla", "post-vanilla", "get-vanilla-query-order-key-case", "iam-listusers"],
)
def test_signature_matches_the_published_vector(
    method: str, url: str, headers: dict[str, str], service: str, signature: str
) -> None:
    signed = sigv4.sign(
        method,
        url,
        headers,
        b"",
        access_key=EXAMPLE_ID,
        secret_key=EXAMPLE_SECRET,
        region="us-east-1",
        service=service,
        now=WHEN,
    )
    scope = f"{EXAMPLE_ID}/20150830/us-east-1/{service}/aws4_request"
    assert signed["Authorization"].startswith(f"AWS4-HMAC-SHA256 Credential={scope}, ")
    assert signed["Authorization"].endswith(f"Signature={signature}")
    assert signed["X-Amz-Date"] == "20150830T123600Z"


def test_signing_key_matches_the_documented_derivation() -> None:
    key = sigv4.signing_key(EXAMPLE_SECRET, "20150830", "us-east-1", "iam")
    assert key.hex() == "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9"


def _key_id_for(account: int, prefix: str = "AKIA") -> str:
    """Inverse of the documented decoding: account in bits 1-39 of the first 6 bytes."""
    raw = ((account << 7) | 0x5A).to_bytes(6, "big") + b"\x11\x22\x33\x44"
    return prefix + base64.b32encode(raw).decode()


@pytest.mark.parametrize("account", [609629065308, 52310077262, 1, 999999999999])
def test_account_id_round_trips(account: int) -> None:
    assert sigv4.account_id(_key_id_for(account)) == f"{account:012d}"


def test_account_id_of_the_published_example_and_of_junk() -> None:
    # Tal Be'ery's worked example (2023): this key id belongs to account 609629065308.
    assert sigv4.account_id("ASIA" + "Y34FZKBOKMUTVV7A") == "609629065308"
    assert sigv4.account_id("AKIA" + "0" * 16) is None
    assert sigv4.account_id("AKIA") is None
