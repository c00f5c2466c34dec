"""Hostile requests against the real app: every one gets a 4xx with a one-line JSON error and
leaves no traceback in the log (issue #13). Values are built at run time."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pushguard.config import Config
from pushguard.store.db import Database
from pushguard.tokens import create_token, load_token_key
from tests.helpers.webhooks import (
    body_of,
    gitea_headers,
    gitea_push,
    github_headers,
    github_push,
    gitlab_headers,
    gitlab_push,
)
from tests.webhook.test_intake import SECRET, A, B, deliveries

DEEP = b"[" * 100_000
LONE = "\ud800"  # a lone surrogate: valid in JSON's \u escapes, not in UTF-8
HUGE_INT = b'{"n": ' + b"7" * 5000 + b"}"


def _push_with(build: Callable[..., dict[str, Any]], name: str, *path: str) -> dict[str, Any]:
    payload = build(name, "refs/heads/main", A, B)
    target = payload
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = LONE
    return payload


def _form(body: bytes) -> bytes:
    return urlencode({"payload": body.decode("latin-1")}).encode()


@pytest.fixture
def api_token(database: Database, service_config: Config) -> str:
    key = load_token_key(service_config.token_key_file, create=True)
    with database.session() as s:
        raw, _ = create_token(
            s,
            key,
            name="fuzz",
            scopes=("scans:write", "findings:read"),
            lifetime=dt.timedelta(days=1),
        )
    return raw


@pytest.fixture
def hostile(
    client: FlaskClient,
    register: Callable[..., int],
    caplog: pytest.LogCaptureFixture,
    database: Database,
) -> Callable[..., Any]:
    """``hostile(method, url, body, headers) -> response``, asserting the contract."""
    for platform in ("github", "gitlab", "gitea"):
        register(platform, "acme/widgets", secret=SECRET)

    def call(
        method: str, url: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> Any:
        caplog.clear()
        with caplog.at_level(logging.INFO):
            response = client.open(url, method=method, data=body, headers=headers or {})
        assert 400 <= response.status_code < 500, (response.status_code, response.data[:300])
        assert response.is_json, response.data[:300]
        assert list(response.get_json()) == ["error"]
        assert "\n" not in response.get_json()["error"]
        assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
        return response

    return call


def _github(body: bytes) -> dict[str, str]:
    return github_headers(SECRET, body)


CASES: list[tuple[str, str, Callable[[], tuple[bytes, dict[str, str]]]]] = [
    # deep nesting: the compatibility URL parses before it can verify
    ("deep JSON, github", "/webhooks/github", lambda: (DEEP, _github(DEEP))),
    ("deep JSON, gitlab", "/webhooks/gitlab", lambda: (DEEP, gitlab_headers(SECRET, DEEP))),
    ("deep JSON, gitea", "/webhooks/gitea", lambda: (DEEP, gitea_headers(SECRET, DEEP))),
    (
        "deep JSON in a gitea form",
        "/webhooks/gitea",
        lambda: (
            _form(DEEP),
            {
                **gitea_headers(SECRET, DEEP),
                "Content-Type": "application/x-www-form-urlencoded",
            },
        ),
    ),
    ("deep JSON, signed", "/webhooks/github/acme/widgets", lambda: (DEEP, _github(DEEP))),
    ("huge integer", "/webhooks/github", lambda: (HUGE_INT, _github(HUGE_INT))),
    (
        "huge integer, signed",
        "/webhooks/github/acme/widgets",
        lambda: (HUGE_INT, _github(HUGE_INT)),
    ),
    (
        "lone surrogate in full_name",
        "/webhooks/github",
        lambda: (
            b := body_of(_push_with(github_push, "acme/widgets", "repository", "full_name")),
            _github(b),
        ),
    ),
    (
        "lone surrogate in ref",
        "/webhooks/github/acme/widgets",
        lambda: (b := body_of(_push_with(github_push, "acme/widgets", "ref")), _github(b)),
    ),
    (
        "lone surrogate in gitea full_name",
        "/webhooks/gitea",
        lambda: (
            b := body_of(_push_with(gitea_push, "acme/widgets", "repository", "full_name")),
            gitea_headers(SECRET, b),
        ),
    ),
    (
        "400-digit webhook-timestamp",
        "/webhooks/gitlab/acme/widgets",
        lambda: (
            b := body_of(gitlab_push("acme/widgets", "refs/heads/main", A, B)),
            {
                **gitlab_headers(SECRET, b, signed=True),
                "webhook-timestamp": "9" * 400,
                "X-Gitlab-Token": "",
            },
        ),
    ),
]


@pytest.mark.parametrize(("what", "url", "make"), CASES, ids=[c[0] for c in CASES])
def test_hostile_webhook_is_a_4xx_with_a_json_error(
    hostile: Callable[..., Any],
    database: Database,
    what: str,
    url: str,
    make: Callable[[], tuple[bytes, dict[str, str]]],
) -> None:
    body, headers = make()
    hostile("POST", url, body, headers)
    assert deliveries(database) == []


def test_lone_surrogate_in_optional_pusher_is_dropped_not_stored(
    client: FlaskClient, register: Callable[..., int], database: Database
) -> None:
    register("gitlab", "acme/widgets", secret=SECRET)
    payload = _push_with(gitlab_push, "acme/widgets", "user_username")
    body = body_of(payload)
    response = client.post(
        "/webhooks/gitlab/acme/widgets", data=body, headers=gitlab_headers(SECRET, body)
    )
    assert response.status_code == 202  # a signed push is still scanned
    [row] = deliveries(database)
    assert row.pusher is None


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("POST", "/api/v1/repos/{repo}/rescan", DEEP),
        ("POST", "/api/v1/repos/{repo}/rescan", HUGE_INT),
        ("POST", "/api/v1/repos/{repo}/rescan", b'{"range": "\\ud800..main"}'),
        ("POST", "/api/v1/repos/{repo}/rescan", b'{"range": "' + b"a" * 5000 + b'"}'),
        ("POST", "/api/v1/repos/" + "9" * 23 + "/rescan", b""),
        ("GET", "/api/v1/findings?repo=" + "9" * 30, b""),
        ("GET", "/api/v1/findings?repo=" + "9" * 5000, b""),
        ("GET", "/api/v1/scans?after=" + "9" * 30, b""),
    ],
    ids=lambda v: v[:40] if isinstance(v, str) else None,
)
def test_hostile_api_request_is_a_4xx_with_a_json_error(
    hostile: Callable[..., Any],
    register: Callable[..., int],
    api_token: str,
    method: str,
    url: str,
    body: bytes,
) -> None:
    repo = register("github", "acme/api")
    headers = {"Authorization": f"Bearer {api_token}", "Content-Type": "application/json"}
    hostile(method, url.format(repo=repo), body, headers)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    platform=st.sampled_from(["github", "gitlab", "gitea"]),
    per_repo=st.booleans(),
    body=st.one_of(
        st.binary(max_size=300),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=20),
            lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids),
            max_leaves=20,
        ).map(lambda v: __import__("json").dumps(v).encode()),
    ),
)
def test_fuzzed_signed_bodies_never_500(
    hostile: Callable[..., Any], platform: str, per_repo: bool, body: bytes
) -> None:
    sign = {
        "github": _github,
        "gitlab": lambda b: gitlab_headers(SECRET, b),
        "gitea": lambda b: gitea_headers(SECRET, b),
    }[platform]
    url = f"/webhooks/{platform}" + ("/acme/widgets" if per_repo else "")
    hostile("POST", url, body, sign(body))
