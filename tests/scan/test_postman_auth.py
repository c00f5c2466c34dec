"""Credentials in a Postman collection's auth settings, pretty-printed as Postman exports
them or on one line: the secret slots block (bearer token, API key value, passwords,
OAuth 2.0 tokens and client secrets, AWS secret keys); usernames, header names,
``{{variables}}`` and placeholders do not. Values are drawn at run time."""

from __future__ import annotations

import json
import random

import pytest

from pushguard.scan.secrets import fingerprint
from tests.helpers import tokens as t
from tests.scan.test_engine import KEY, scan

RULE = "postman-auth"
RNG = random.Random("postman")
TOKEN = t.rand(40, rng=RNG)
PASSWORD = t.password(16, RNG)
AWS_SECRET = t.base64_secret(40)


def collection(auth_type: str, attributes: dict[str, str], *, indent: str | None = "\t") -> str:
    """A collection whose request carries ``auth_type`` auth, as Postman writes it."""
    auth = {
        "type": auth_type,
        auth_type: [{"key": k, "value": v, "type": "string"} for k, v in attributes.items()],
    }
    request = {"name": "List items", "request": {"auth": auth, "method": "GET"}}
    return json.dumps({"info": {"name": "Acme API"}, "item": [request]}, indent=indent) + "\n"


# (id, auth type, attributes, the secret, the rules that may report it)
POSITIVES = [
    ("bearer", "bearer", {"token": TOKEN}, TOKEN, {RULE}),
    ("apikey", "apikey", {"key": "X-API-Key", "value": TOKEN, "in": "header"}, TOKEN, {RULE}),
    ("basic", "basic", {"username": "ops", "password": PASSWORD}, PASSWORD, {RULE}),
    ("oauth2", "oauth2", {"accessToken": TOKEN, "tokenType": "Bearer"}, TOKEN, {RULE}),
    # AWS Signature's secret key: AWS's, where the AWS rule reads it so (its responder can
    # verify it), else this rule's
    ("awsv4", "awsv4", {"accessKey": "AKIA" + t.rand(16, t.UPPER_DIGITS, RNG),
                        "secretKey": AWS_SECRET, "region": "eu-west-1"},
     AWS_SECRET, {RULE, "aws-secret-key"}),
]  # fmt: skip


@pytest.mark.parametrize("indent", ["\t", None], ids=["exported", "one-line"])
@pytest.mark.parametrize(
    ("auth_type", "attributes", "secret", "rules"),
    [p[1:] for p in POSITIVES],
    ids=[p[0] for p in POSITIVES],
)
def test_a_secret_slot_of_a_collection_s_auth_blocks(
    auth_type: str, attributes: dict[str, str], secret: str, rules: set[str], indent: str | None
) -> None:
    text = collection(auth_type, attributes, indent=indent)
    found = [f for f in scan(text, path="postman/acme.postman_collection.json") if f.blocking]
    [rule] = [f.rule for f in found if f.fingerprint == fingerprint(KEY, secret)]
    assert rule in rules
    assert all(secret not in f.redacted for f in found)


NEGATIVES = [
    ("variable", "bearer", {"token": "{{access_token}}"}),
    ("placeholder", "bearer", {"token": "<your-token>"}),
    ("header-name-only", "apikey", {"key": "X-API-Key", "value": "{{api_key}}"}),
    ("username-only", "basic", {"username": "ops-deploy-2024"}),
    ("oauth2-settings", "oauth2", {"grant_type": "client_credentials",
                                   "accessTokenUrl": "https://auth.acme.io/token"}),
]  # fmt: skip


@pytest.mark.parametrize("indent", ["\t", None], ids=["exported", "one-line"])
@pytest.mark.parametrize(
    ("auth_type", "attributes"), [n[1:] for n in NEGATIVES], ids=[n[0] for n in NEGATIVES]
)
def test_what_is_no_secret_in_a_collection_s_auth_does_not_block(
    auth_type: str, attributes: dict[str, str], indent: str | None
) -> None:
    text = collection(auth_type, attributes, indent=indent)
    assert [f.rule for f in scan(text, path="acme.postman_collection.json") if f.blocking] == []


def test_a_providers_token_in_a_collection_keeps_its_own_rule() -> None:
    token = t.github_token("ghp")
    found = scan(collection("bearer", {"token": token}), path="github.postman_collection.json")
    assert [f.rule for f in found if f.blocking] == ["github-token"]
