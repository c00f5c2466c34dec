"""Basic credentials stored base64-encoded: headers, Docker's config.json, npm's _auth and
_password."""

from __future__ import annotations

import base64
import json
import random

import pytest

from pushguard.scan.secrets import fingerprint
from tests.helpers import tokens as t
from tests.scan.test_engine import KEY, scan

PW = t.password(18, random.Random(51))


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


CREDENTIAL = b64(f"deploy:{PW}")
POSITIVES = [
    ("curl", "deploy.sh",
     f'curl -H "Authorization: Basic {CREDENTIAL}" https://api.acme.io/v1/items'),
    ("python-headers", "app/client.py",
     f'HEADERS = {{"Authorization": "Basic {CREDENTIAL}", "Accept": "application/json"}}'),
    ("http-file", "requests.http", f"Authorization: Basic {CREDENTIAL}"),
    # a proxy adding it to the requests it forwards: a blank between name and value
    ("nginx", "nginx/conf.d/api.conf", f'    proxy_set_header Authorization "Basic {CREDENTIAL}";'),
    ("apache", "httpd.conf", f'RequestHeader set Authorization "Basic {CREDENTIAL}"'),
    # the scheme beginning a string or a header's value, the header's name elsewhere
    ("java-header-call", "src/main/java/Api.java",
     f'    .header("Authorization", "Basic {CREDENTIAL}")'),
    ("swift-set-value", "App/APIClient.swift",
     f'request.setValue("Basic {CREDENTIAL}", forHTTPHeaderField: "Authorization")'),
    ("har", "captures/session.har", f'  "value": "Basic {CREDENTIAL}",'),
    ("docker-config", ".docker/config.json",
     json.dumps({"auths": {"registry.acme.io": {"auth": CREDENTIAL}}})),
    ("npmrc-legacy", ".npmrc", f"_auth={CREDENTIAL}"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "line"), [p[1:] for p in POSITIVES], ids=[p[0] for p in POSITIVES]
)
def test_an_encoded_user_and_password_blocks(path: str, line: str) -> None:
    found = [f for f in scan(line + "\n", path=path) if f.blocking]
    assert [(f.rule, f.fingerprint) for f in found] == [
        ("basic-auth-credentials", fingerprint(KEY, CREDENTIAL))
    ]
    assert CREDENTIAL not in found[0].redacted


def test_an_npm_registry_password_blocks() -> None:
    """npm's per-registry ``_password`` encodes the password alone, its user beside it."""
    text = f"//npm.acme.io/:username=deploy\n//npm.acme.io/:_password={b64(PW)}\n"
    found = [f for f in scan(text, path=".npmrc") if f.blocking]
    assert [(f.rule, f.line, f.fingerprint) for f in found] == [
        ("basic-auth-credentials", 2, fingerprint(KEY, b64(PW)))
    ]


def test_a_providers_key_sent_as_the_basic_user_blocks_under_its_own_rule() -> None:
    """Stripe's API takes its secret key as the Basic user, the password empty: the key
    inside blocks as Stripe's, wherever the header is written."""
    key = t.stripe_key(rng=random.Random("basic"))
    for line in (f"Authorization: Basic {b64(key + ':')}",
                 f'.addHeader("Authorization", "Basic {b64(key + ":")}")'):  # fmt: skip
        found = [f for f in scan(line + "\n", path="ApiService.kt") if f.blocking]
        assert [(f.rule, f.fingerprint) for f in found] == [("stripe-key", fingerprint(KEY, key))]


NEGATIVES = [
    ("prose", f"Send it with basic {CREDENTIAL} as the docs say."),
    ("default", f"Authorization: Basic {b64('admin:admin')}"),
    # RFC 7617's example, as HTTP libraries' tests send it
    ("rfc-example", f"'proxy-authorization', 'Basic {b64('Aladdin:' + 'open sesame')}'"),
    ("rfc-example-joined", f"'proxy-authorization', 'Basic {b64('aladdin:' + 'opensesame')}'"),
    ("placeholders-with-counters", f"assert auth == 'Basic {b64('foo2:bar2')}'"),
    ("hello-world", f'      "auth": "{b64("hello:" + "world")}",'),  # a test's pair
    ("self-described", f'\t\t"Basic {b64("api:" + "test-api-key")}",'),  # says what it is
    ("placeholder", f"Authorization: Basic {b64('user:your_password_here')}"),
    ("template", f"Authorization: Basic {b64('user:${PASSWORD}')}"),
    ("shell", 'curl -H "Authorization: Basic $(echo -n "$USER:$PASS" | base64)" https://x.io'),
    ("no-password", f"Authorization: Basic {b64('api-key-id:')}"),
    # a URL encoded where a pair would be (Alertmanager's test: its receiver's URLs)
    ("encoded-url", f'require.Equal(t, "Basic {b64("https://am-" + "notify.internal:https://am")}",'
                    " got)"),
    ("not-user-password", f'{{"auth": "{t.base64_secret(40, random.Random(3))}"}}'),
    ("npm-password-placeholder", f"//npm.acme.io/:_password={b64('changeme')}"),
    ("npm-password-variable", "//npm.acme.io/:_password=${NPM_PASSWORD}"),
    # a JWT's header decodes to JSON with a colon in it: an expired token is no credential
    ("jwt-after-basic",
     f"Authorization: Basic {t.jwt(random.Random(4), {'sub': 'ci', 'exp': 1600000000})}"),
]  # fmt: skip


@pytest.mark.parametrize("line", [n[1] for n in NEGATIVES], ids=[n[0] for n in NEGATIVES])
def test_what_is_no_credential_does_not_block(line: str) -> None:
    assert [f.rule for f in scan(line + "\n", path="deploy.sh") if f.blocking] == []


def test_a_providers_token_as_the_password_is_reported_under_its_own_rule() -> None:
    token = t.github_token("ghp")
    line = json.dumps({"auths": {"ghcr.io": {"auth": b64(f"ci-bot:{token}")}}})
    found = [f for f in scan(line + "\n", path=".docker/config.json") if f.blocking]
    assert [(f.rule, f.fingerprint) for f in found] == [("github-token", fingerprint(KEY, token))]


@pytest.mark.parametrize(
    "path",
    ["src/main/webapp/bower_components/angular/angular.js", "web/node_modules/axios/README.md"],
)
def test_basic_credentials_in_a_library_checked_in_warn(path: str) -> None:
    """A package manager's install directory holds its libraries' docs and examples."""
    encoded = base64.b64encode(f"deploy:{t.password(16, random.Random(path))}".encode()).decode()
    line = f" *   $http.defaults.headers.common.Authorization = 'Basic {encoded}'\n"
    [finding] = scan(line, path=path)
    assert (finding.rule, finding.blocking) == ("basic-auth-credentials", False)
    assert "third-party code" in finding.reason
