"""Credentials sent in a header of a curl or wget command: the header's value blocks when it
is drawn at random, on the command's line or on a line continuing it; variables,
templates, placeholders, identifiers and other formats' tokens do not (or keep their own
rule). Values are drawn at run time."""

from __future__ import annotations

import random
import uuid

import pytest

from pushguard.scan.secrets import fingerprint
from tests.helpers import tokens as t
from tests.scan.test_engine import KEY, scan

RULE = "curl-auth-header"
RNG = random.Random("curl-auth-header")
TOKEN = t.rand(32, rng=RNG)
HEX = t.hex_secret(40)
KEY_UUID = str(uuid.UUID(int=RNG.getrandbits(128), version=4))

POSITIVES = [
    ("bearer", "README.md", TOKEN,
     f'curl -H "Authorization: Bearer {TOKEN}" https://api.acme.io/v1/items'),
    ("token-scheme", "docs/api.md", HEX,
     f"curl -X PUT -H 'Authorization: Token {HEX}' https://ci.acme.io/api/run/7"),
    ("api-scheme", "docs/api.md", HEX,
     f'curl --header "Authorization: Api-Token {HEX}" https://monitor.acme.io/api'),
    ("no-scheme", "ops/check.sh", KEY_UUID,
     f"curl --header 'Authorization: {KEY_UUID}' https://status.acme.io/api"),
    ("api-key-header", "scripts/sync.sh", TOKEN,
     f'curl -sS -H "X-API-Key: {TOKEN}" https://api.acme.io/v2/sync'),
    ("private-token", ".gitlab-ci.yml", TOKEN,
     f'    - curl --header "PRIVATE-TOKEN: {TOKEN}" "https://git.acme.io/api/v4/projects"'),
    ("wget", "Dockerfile", TOKEN,
     f'RUN wget --header="Authorization: Bearer {TOKEN}" https://files.acme.io/pkg.tgz'),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "secret", "line"), [p[1:] for p in POSITIVES], ids=[p[0] for p in POSITIVES]
)
def test_a_credential_in_a_curl_header_blocks(path: str, secret: str, line: str) -> None:
    found = [f for f in scan(line + "\n", path=path) if f.blocking]
    assert [(f.rule, f.fingerprint) for f in found] == [(RULE, fingerprint(KEY, secret))]
    assert secret not in found[0].redacted


def test_a_header_on_a_line_continuing_the_command_blocks_there() -> None:
    text = (
        "curl https://api.acme.io/v1/items \\\n"
        '  -H "Content-Type: application/json" \\\n'
        f'  -H "Authorization: Bearer {TOKEN}" \\\n'
        "  -d '{}'\n"
    )
    [finding] = [f for f in scan(text, path="README.md") if f.blocking]
    assert (finding.rule, finding.line, finding.fingerprint) == (
        RULE,
        3,
        fingerprint(KEY, TOKEN),
    )


NEGATIVES = [
    ("variable", 'curl -H "Authorization: Bearer $API_TOKEN" https://api.acme.io'),
    ("template", "curl -H 'Authorization: Bearer {{access_token}}' https://api.acme.io"),
    ("placeholder", 'curl -H "Authorization: Bearer YOUR_ACCESS_TOKEN_HERE" https://api.acme.io'),
    ("angle", 'curl -H "X-API-Key: <your-api-key>" https://api.acme.io'),
    ("not-a-credential-header", f'curl -H "X-Request-Id: {KEY_UUID}" https://api.acme.io'),
    ("user-header", f'curl -H "X-Auth-User: {HEX}" https://api.acme.io'),
    ("content-type", 'curl -H "Content-Type: application/vnd.api+json" https://api.acme.io'),
    ("short", 'curl -H "Token: 3fa9c1" https://api.acme.io'),
    # words glued in one case, as a README's example value is typed
    ("glued-words", "curl -X GET https://api.acme.io/items -H 'x-api-key: mysecret" + "apikey123'"),
    ("not-curl", f'http.get(url, headers={{"Authorization": "Bearer {TOKEN}"}})'),
    # below a command that has ended: no continuation
    ("ended", f'curl https://api.acme.io\n  -H "Authorization: Bearer {TOKEN}"'),
]  # fmt: skip


@pytest.mark.parametrize("text", [n[1] for n in NEGATIVES], ids=[n[0] for n in NEGATIVES])
def test_what_is_no_credential_in_a_header_is_not_reported_by_this_rule(text: str) -> None:
    assert [f for f in scan(text + "\n", path="run.sh") if f.rule == RULE] == []


def test_a_providers_token_or_a_jwt_in_the_header_keeps_its_own_rule() -> None:
    token = t.github_token("ghp")
    found = scan(f'curl -H "Authorization: Bearer {token}" https://api.github.com/user\n')
    assert [f.rule for f in found if f.blocking] == ["github-token"]
    jwt = t.jwt(claims={"sub": "ci", "exp": 1})  # expired: the jwt rule warns, nothing blocks
    found = scan(f'curl -H "Authorization: Bearer {jwt}" https://api.acme.io\n')
    assert RULE not in [f.rule for f in found]
