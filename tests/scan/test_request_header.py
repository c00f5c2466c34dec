"""Credential headers given a literal in code or config (a client's header call, a header
map, an HTTP request file's or a YAML map's header line): a random value blocks; a header
that is no credential (idempotency key, WebSocket nonce, request id), a setting named
with underscores (the named-key rule's), variables and placeholders do not. Values are
drawn at run time."""

from __future__ import annotations

import random

import pytest

from pushguard.scan.secrets import fingerprint
from tests.helpers import tokens as t
from tests.scan.test_engine import KEY, scan

RULE = "request-header-credential"
TOKEN = t.rand(40, rng=random.Random("request-header"))
SEALED = t.base64_secret(88, random.Random("sealed"))
DIGEST = t.base64_secret(24, random.Random("digest"))

POSITIVES = [
    ("go", "client/client.go", 'req.Header.Set("X-API-Key", "{token}")'),
    ("java", "src/main/java/Api.java", 'conn.setRequestProperty("X-Auth-Token", "{token}");'),
    ("csharp", "Api/Client.cs", 'headers.Add("Ocp-Apim-Subscription-Key", "{token}");'),
    ("python-dict", "app/client.py", 'HEADERS = {{"x-api-key": "{token}", "Accept": "text/csv"}}'),
    ("ruby-hash", "lib/client.rb", 'headers = {{ "PRIVATE-TOKEN" => "{token}" }}'),
    ("http-file", "requests/items.http", "GET https://api.acme.io/v1/items\nX-Api-Key: {token}"),
    ("yaml-map", "traefik/dynamic.yml", "customRequestHeaders:\n  X-Upstream-Token: \"{token}\""),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "template"), [p[1:] for p in POSITIVES], ids=[p[0] for p in POSITIVES]
)
def test_a_credential_header_given_a_literal_blocks(path: str, template: str) -> None:
    found = [f for f in scan(template.format(token=TOKEN) + "\n", path=path) if f.blocking]
    assert [(f.rule, f.fingerprint) for f in found] == [(RULE, fingerprint(KEY, TOKEN))]
    assert TOKEN not in found[0].redacted


NEGATIVES = [
    ("idempotency-key", f'headers = {{"Idempotency-Key": "{TOKEN}"}}'),
    ("websocket-nonce", f'req.Header.Set("Sec-WebSocket-Key", "{TOKEN}")'),
    ("request-id", f'req.Header.Set("X-Request-Id", "{TOKEN}")'),
    ("public-key", f'headers = {{"X-Public-Key": "{TOKEN}"}}'),
    ("underscored-setting", f'settings.set("api_key", "{TOKEN}")'),
    ("variable", 'req.Header.Set("X-API-Key", apiKey)'),
    ("placeholder", 'headers = {"X-API-Key": "YOUR_API_KEY_GOES_HERE"}'),
    # a key kept sealed (ciphertext), a key's digest, a listing's cursor
    ("sealed-key", f'"X-Minio-Internal-Server-Side-Encryption-Sealed-Key": "{SEALED}",'),
    ("key-digest", f'"X-Amz-Server-Side-Encryption-Customer-Key-Md5": []string{{"{DIGEST}"}},'),
    ("continuation-token", f'v.Add("continuation-token", "{TOKEN}")'),
    ("object-metadata", f'"X-Amz-Meta-X-Amz-Key": "{SEALED[:44]}",'),
]  # fmt: skip


@pytest.mark.parametrize("line", [n[1] for n in NEGATIVES], ids=[n[0] for n in NEGATIVES])
def test_what_is_no_credential_header_is_not_reported_by_this_rule(line: str) -> None:
    assert [f for f in scan(line + "\n", path="app/client.py") if f.rule == RULE] == []


def test_a_providers_token_in_a_header_keeps_its_own_rule() -> None:
    token = t.github_token("ghp")
    found = scan(f'req.Header.Set("X-GitHub-Token", "{token}")\n', path="main.go")
    assert [f.rule for f in found if f.blocking] == ["github-token"]


def test_a_path_under_a_credential_header_s_name_is_no_credential() -> None:
    """A lock file's package named like a header (registry-auth-token) and its path."""
    text = "  registry-auth-token: registry.npmjs.org/registry-auth-token/3.1.0\n"
    assert [f for f in scan(text, path="deps.yaml") if f.rule == RULE] == []
