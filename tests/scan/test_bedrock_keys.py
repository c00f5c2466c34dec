"""Amazon Bedrock short-term API keys (a presigned URL, base64-encoded after
``bedrock-api-key-``) block while their signature is valid, wherever the key is put, and
warn once expired; a string that starts so but encodes no presigned URL, or one whose
signature was typed, blocks under neither our rule nor the catalogue's. Long-term keys
(``ABSK``) block under the catalogue's rule."""

from __future__ import annotations

import base64
import datetime
import random

import pytest

from pushguard.scan.plugins.aws_bedrock_short_term import EXPIRED
from pushguard.scan.secrets import fingerprint
from tests.helpers import tokens as t
from tests.scan.test_catalogue import KEY, scan

PLACES = [
    ("app/.env", "AWS_BEARER_TOKEN_BEDROCK={key}\n"),
    ("app/llm.py", 'client = boto3.client("bedrock-runtime")\nTOKEN = "{key}"\n'),
    ("scripts/call.sh",
     "curl -H 'Authorization: Bearer {key}' https://bedrock-runtime.us-east-1.amazonaws.com/\n"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "template"), PLACES)
def test_a_valid_short_term_key_blocks_whole(path: str, template: str) -> None:
    key = t.bedrock_short_term_key(random.Random(path))
    text = template.format(key=key)
    [finding] = [f for f in scan(text, path) if f.blocking]
    assert (finding.rule, finding.provider) == ("aws-bedrock-api-key", "aws-bedrock")
    assert finding.fingerprint == fingerprint(KEY, key)  # the whole key, not its first bytes
    assert finding.line == 1 + text[: text.index(key)].count("\n")


def test_an_expired_short_term_key_warns_saying_so() -> None:
    signed = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=2)
    key = t.bedrock_short_term_key(random.Random(1), signed_at=signed)
    found = scan(f"AWS_BEARER_TOKEN_BEDROCK={key}\n", "app/.env")
    assert [(f.rule, f.blocking, f.reason) for f in found] == [
        ("aws-bedrock-api-key", False, EXPIRED)
    ]


@pytest.mark.parametrize(
    "encoded",
    [
        # the host, and no presigned URL after it
        b"bedrock.amazonaws.com/docs/api-keys/short-term-keys-and-how-to-use-them",
        # the encoded host alone, as a scanner's own rule writes it, and an example after it
        b"bedrock.amazonaws.com",
        b"bedrock.amazonaws.com" + base64.b64decode("EXAMPLE="),
        # a presigned URL whose signature was typed
        b"bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Signature="
        + b"0123456789abcdef" * 4 + b"&Version=1",
    ],
)  # fmt: skip
def test_what_encodes_no_signed_url_does_not_block(encoded: bytes) -> None:
    key = "bedrock-api-key-" + base64.b64encode(encoded).decode()
    assert [f for f in scan(f"AWS_BEARER_TOKEN_BEDROCK={key}\n", "app/.env") if f.blocking] == []


def test_a_long_term_key_blocks_under_the_catalogues_rule() -> None:
    rng = random.Random(2)
    body = f"BedrockAPIKey-{t.rand(4, t.LOWER_ALNUM, rng)}-at-{rng.randint(10**11, 10**12 - 1)}:"
    key = "ABSK" + base64.b64encode((body + t.high_entropy(60, t.ALNUM, rng)).encode()).decode()
    [finding] = [f for f in scan(f"AWS_BEARER_TOKEN_BEDROCK={key}\n", "app/.env") if f.blocking]
    assert finding.fingerprint == fingerprint(KEY, key)
