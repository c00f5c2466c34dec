"""Bearer tokens written into requests: in code's headers, HTTP request files, HTTPie
commands and Postman collections the value after "Bearer" (or an Authorization header's
"Token") blocks when drawn at random; prose, variables, templates, placeholders, encoded
words and other formats' tokens do not (or keep their own rule). Values are drawn at run
time."""

from __future__ import annotations

import base64
import random

import pytest

from pushguard.scan.secrets import fingerprint
from tests.helpers import tokens as t
from tests.scan.test_engine import KEY, scan

RULE = "bearer-token"
TOKEN = t.rand(40, rng=random.Random("bearer-token"))

POSITIVES = [
    ("requests", "app/client.py",
     'requests.get(url, headers={{"Authorization": "Bearer {token}"}})'),
    ("fetch-template-literal", "web/api.js",
     "fetch(url, {{ headers: {{ Authorization: `Bearer {token}` }} }})"),
    ("go-header", "client.go", 'req.Header.Set("Authorization", "Bearer {token}")'),
    ("http-file", "requests/items.http",
     "GET https://api.acme.io/v1/items\nAuthorization: Bearer {token}\n"),
    ("httpie", "scripts/try.sh", 'http GET https://api.acme.io/v1 Authorization:"Bearer {token}"'),
    ("postman", "api.postman_collection.json",
     '{{"header": [{{"key": "Authorization", "value": "Bearer {token}", "type": "text"}}]}}'),
    ("drf-token-scheme", "docs/api.md", "    Authorization: Token {token}"),
    ("pagerduty-token-scheme", "app/pd.py", '    "Authorization": "Token token={token}",'),
    # HTTP clients' calls that send their argument as a bearer token
    ("dotnet", "src/Api/Client.cs",
     'auth = new AuthenticationHeaderValue("Bearer", "{token}");'),
    ("reqwest", "src/main.rs", 'let res = client.get(url).bearer_auth("{token}").send().await?;'),
    ("spring", "src/main/java/Api.java", 'headers.setBearerAuth("{token}");'),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "template"), [p[1:] for p in POSITIVES], ids=[p[0] for p in POSITIVES]
)
def test_a_bearer_token_written_into_a_request_blocks(path: str, template: str) -> None:
    found = [f for f in scan(template.format(token=TOKEN) + "\n", path=path) if f.blocking]
    assert [(f.rule, f.fingerprint) for f in found] == [(RULE, fingerprint(KEY, TOKEN))]
    assert TOKEN not in found[0].redacted


def _encoded(text: str) -> str:
    return base64.b64encode(text.encode()).decode().rstrip("=")


NEGATIVES = [
    ("prose", f"Send the token in the Authorization header, as Bearer {TOKEN} shows."),
    ("variable", 'headers = {"Authorization": f"Bearer {token}"}'),
    ("shell-variable", 'Authorization: "Bearer $ACCESS_TOKEN"'),
    ("template", 'Authorization: Bearer {{access_token}}'),
    ("placeholder", '"Authorization": "Bearer YOUR_ACCESS_TOKEN_GOES_HERE"'),
    # words naming what they stand for, a counter after them
    ("self-named", 'value: "Bearer oauth2_access_token_123",'),
    ("self-named-mixed-case", 'expect(headers[0].value).toBe("Bearer CaSe_SeNsItIvE_ToKeN_123")'),
    # a format's prefix and a word: a test's stand-in for a key it reads from a file
    ("prefix-and-word", 'assert req.headers["Authorization"] == "Bearer sk-ant-' + 'oat01-file"'),
    ("word-token-scheme", 'label = "Token " + name'),
    # a library's test: "test:test" base64-encoded twice
    ("encoded-words", f'("token", "Bearer {_encoded(_encoded("test:test"))}"),'),
]  # fmt: skip


@pytest.mark.parametrize("text", [n[1] for n in NEGATIVES], ids=[n[0] for n in NEGATIVES])
def test_what_is_no_bearer_token_is_not_reported_by_this_rule(text: str) -> None:
    assert [f for f in scan(text + "\n", path="app/client.py") if f.rule == RULE] == []


def test_a_providers_token_or_a_jwt_after_bearer_keeps_its_own_rule() -> None:
    token = t.github_token("ghp")
    found = scan(f'headers = {{"Authorization": "Bearer {token}"}}\n', path="app.py")
    assert [f.rule for f in found if f.blocking] == ["github-token"]
    jwt = t.jwt(claims={"sub": "ci", "exp": 1})  # expired: the jwt rule warns
    found = scan(f'headers = {{"Authorization": "Bearer {jwt}"}}\n', path="app.py")
    assert RULE not in [f.rule for f in found]


def test_a_value_edited_by_hand_warns() -> None:
    """Hex but for one letter: typed or changed by hand (an example, a test's near miss), as
    a named key's such value, it warns."""
    value = t.hex_secret(32, random.Random("edited"))
    value = value[:20] + "q" + value[21:]
    [finding] = [f for f in scan(f'h = {{"Authorization": "Bearer {value}"}}\n') if f.rule == RULE]
    assert not finding.blocking
    assert "edited" in finding.reason
