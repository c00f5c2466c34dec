"""Credentials a proxy's config adds to the requests it forwards (nginx, Apache, HAProxy,
Caddy): a random value in a credential header blocks; variables, placeholders, headers
that carry none and a provider's token (its own rule) do not. Values are drawn at run
time."""

from __future__ import annotations

import random

import pytest

from pushguard.scan.secrets import fingerprint
from tests.helpers import tokens as t
from tests.scan.test_engine import KEY, scan

RULE = "proxy-auth-header"
TOKEN = t.rand(40, rng=random.Random("proxy-auth-header"))

POSITIVES = [
    ("nginx", "nginx/conf.d/api.conf", "    proxy_set_header X-API-Key {token};"),
    ("nginx-quoted-scheme", "nginx.conf", '  proxy_set_header Authorization "Token {token}";'),
    ("nginx-grpc", "nginx.conf", "    grpc_set_header x-auth-token {token};"),
    ("apache", "conf/httpd.conf", 'RequestHeader set X-Auth-Token "{token}"'),
    ("haproxy", "haproxy.cfg", "  http-request set-header PRIVATE-TOKEN {token}"),
    ("caddy", "Caddyfile", "    header_up X-Api-Key {token}"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "template"), [p[1:] for p in POSITIVES], ids=[p[0] for p in POSITIVES]
)
def test_a_credential_a_proxy_adds_to_requests_blocks(path: str, template: str) -> None:
    found = [f for f in scan(template.format(token=TOKEN) + "\n", path=path) if f.blocking]
    assert [(f.rule, f.fingerprint) for f in found] == [(RULE, fingerprint(KEY, TOKEN))]
    assert TOKEN not in found[0].redacted


NEGATIVES = [
    ("nginx-variable", "proxy_set_header X-Api-Key $api_key;"),
    ("nginx-forwarded", "proxy_set_header Authorization $http_authorization;"),
    ("apache-env", 'RequestHeader set X-Auth-Token "%{AUTH_TOKEN}e"'),
    ("placeholder", "proxy_set_header X-API-Key YOUR_API_KEY_GOES_HERE;"),
    ("not-a-credential", f"proxy_set_header X-Request-Id {TOKEN};"),
    ("user-header", f'RequestHeader set X-Auth-User "{TOKEN}"'),
]  # fmt: skip


@pytest.mark.parametrize("line", [n[1] for n in NEGATIVES], ids=[n[0] for n in NEGATIVES])
def test_what_is_no_credential_a_proxy_adds_does_not_block(line: str) -> None:
    assert [f.rule for f in scan(line + "\n", path="nginx.conf") if f.blocking] == []


def test_a_providers_token_a_proxy_adds_keeps_its_own_rule() -> None:
    token = t.github_token("ghp")
    found = scan(f'proxy_set_header Authorization "token {token}";\n', path="nginx.conf")
    assert [f.rule for f in found if f.blocking] == ["github-token"]
