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


def environment(entries: list[dict[str, object]], *, indent: str | None = "\t") -> str:
    """A Postman environment export holding ``entries``."""
    exported = {"name": "Production", "values": entries, "_postman_variable_scope": "environment"}
    return json.dumps(exported, indent=indent) + "\n"


@pytest.mark.parametrize("indent", ["\t", None], ids=["exported", "one-line"])
def test_an_environment_variable_typed_secret_blocks(indent: str | None) -> None:
    """Postman's "secret" type is its author's own word that the value is one."""
    entries: list[dict[str, object]] = [
        {"key": "baseUrl", "value": "https://api.acme.io", "type": "default", "enabled": True},
        {"key": "apiToken", "value": TOKEN, "type": "secret", "enabled": True},
        {"key": "tenant", "value": t.rand(24, rng=RNG), "type": "default", "enabled": True},
    ]
    found = scan(environment(entries, indent=indent), path="Production.postman_environment.json")
    assert [(f.rule, f.fingerprint) for f in found if f.blocking] == [
        (RULE, fingerprint(KEY, TOKEN))
    ]


def test_a_variable_a_secret_slot_refers_to_blocks_where_the_collection_defines_it() -> None:
    text = collection("bearer", {"token": "{{token}}"}).rstrip().rstrip("}")
    text += ',\n\t"variable": [\n\t\t{\n\t\t\t"key": "token",\n\t\t\t"value": "' + TOKEN + '"\n'
    text += '\t\t},\n\t\t{\n\t\t\t"key": "baseUrl",\n\t\t\t"value": "https://api.acme.io"\n\t\t}\n'
    text += "\t]\n}\n"
    json.loads(text)  # a collection as Postman writes it
    found = [f for f in scan(text, path="billing.postman_collection.json") if f.blocking]
    assert [(f.rule, f.fingerprint) for f in found] == [(RULE, fingerprint(KEY, TOKEN))]
