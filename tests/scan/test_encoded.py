"""Tokens stored base64-encoded, or behind a URL's percent-escapes, block under their own
rule, on the line that holds them."""

from __future__ import annotations

import base64
import json
import os
import random

import pytest

from pushguard.scan.encoded import decoded_text, unquoted_line
from tests.helpers import tokens
from tests.scan.test_engine import scan


def _b64(text: str, urlsafe: bool = False) -> str:
    encode = base64.urlsafe_b64encode if urlsafe else base64.b64encode
    return encode(text.encode()).decode()


def test_decoded_text_reads_printable_text_only() -> None:
    text = "user=deploy password=not-a-real-one\n"
    assert decoded_text(_b64(text)) == text.strip()
    assert decoded_text(_b64(text, urlsafe=True).rstrip("=")) == text.strip()
    assert decoded_text(base64.b64encode(os.urandom(48)).decode()) is None  # a digest, a key
    assert decoded_text(_b64("short")) is None
    assert decoded_text("not base64 at all, with spaces") is None


def test_a_token_in_a_base64_config_value_blocks_under_its_own_rule() -> None:
    token = tokens.github_token()
    plain = scan(f'"token": "{token}"', path="deploy/config.json")
    line = json.dumps({"auth": _b64(token + "\n")})
    (found,) = scan(line, path="deploy/config.json", start=7)
    assert (found.rule, found.blocking, found.line) == ("github-token", True, 7)
    assert found.fingerprint == plain[0].fingerprint  # the same secret, however stored
    assert token not in repr(found) and _b64(token + "\n") not in repr(found)


def test_a_token_encoded_twice_is_still_found() -> None:
    token = tokens.huggingface_token(random.Random(2))
    (found,) = scan(f'value = "{_b64(_b64(token))}"', path="app/settings.py")
    assert (found.rule, found.blocking) == ("huggingface-token", True)


@pytest.mark.parametrize(
    "value",
    [
        _b64("this is only a sentence that someone encoded, nothing secret in it"),
        base64.b64encode(random.Random(5).randbytes(48)).decode(),
    ],
    ids=["encoded-text", "random-bytes"],
)
def test_encoded_values_without_a_token_stay_what_they_were(value: str) -> None:
    found = scan(f'blob = "{value}"', path="app/settings.py")
    assert all(not f.blocking for f in found)


@pytest.mark.parametrize(
    "template",
    [
        "https://app.example.com/callback?auth=Bearer%20{token}&next=%2Fhome",  # a logged URL
        "curl 'https://api.example.com/v1/run?header=Authorization%3A%20Bearer%20{token}'",
        "redirect_uri=https%3A%2F%2Fexample.com%2Fcb%3Ftoken%3D{token}",
    ],
    ids=["space", "header", "query-in-query"],
)
def test_a_token_glued_to_a_percent_escape_blocks_once(template: str) -> None:
    token = tokens.huggingface_token(random.Random(template))
    plain = scan(f"HF_TOKEN={token}", path="app/.env")
    found = [f for f in scan(template.format(token=token), path="logs/access.log") if f.blocking]
    assert [(f.rule, f.fingerprint, f.line) for f in found] == [
        ("huggingface-token", plain[0].fingerprint, 1)
    ]


def test_unquoted_line_decodes_only_what_is_escaped() -> None:
    assert unquoted_line("a=Bearer%20x%2Fy") == "a=Bearer x/y"
    assert unquoted_line("printf('%d items', n)") is None  # no escape: "%d" is a format
    assert unquoted_line("100% sure") is None
    assert unquoted_line("psexec -p %ADMIN_PASSWORD% cmd") is None  # a Windows variable
