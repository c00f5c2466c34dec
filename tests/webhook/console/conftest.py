"""Console fixtures: tokens with chosen scopes, and test clients signed in with them through
the real sign-in form (CSRF cookie and all)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from pushguard.config import Config
from pushguard.store.db import Database
from pushguard.tokens import create_token, load_token_key
from tests.helpers.gitserver import git_http_server  # noqa: F401 - fixture

MakeToken = Callable[..., tuple[str, int]]
SignIn = Callable[..., FlaskClient]
_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def make_token(database: Database, service_config: Config) -> MakeToken:
    key = load_token_key(service_config.token_key_file, create=True)

    def make(
        *scopes: str,
        lifetime: dt.timedelta = dt.timedelta(days=1),
        now: dt.datetime | None = None,
        name: str = "console test",
    ) -> tuple[str, int]:
        with database.session() as s:
            raw, info = create_token(s, key, name=name, scopes=scopes, lifetime=lifetime, now=now)
        return raw, info.id

    return make


def csrf_of(page: str, form_action: str = "") -> str:
    """The CSRF field of the first form (posting to ``form_action``, when given)."""
    if form_action:
        page = page.split(f'action="{form_action}"', 1)[-1]
    match = _FIELD.search(page)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


def post_signin(client: FlaskClient, raw: str, addr: str = "10.0.0.1", **extra: str):  # type: ignore[no-untyped-def]
    page = client.get("/signin", environ_base={"REMOTE_ADDR": addr}).get_data(as_text=True)
    return client.post(
        "/signin",
        data={"token": raw, "csrf_token": csrf_of(page, "/signin"), **extra},
        environ_base={"REMOTE_ADDR": addr},
    )


@pytest.fixture
def signed_in(webhook_app: Flask, make_token: MakeToken) -> SignIn:
    """``signed_in("findings:read", ...)``: a fresh client with a session for those scopes."""

    def sign_in(*scopes: str) -> FlaskClient:
        client = webhook_app.test_client()
        raw, _ = make_token(*scopes)
        response = post_signin(client, raw)
        assert response.status_code == 303, response.get_data(as_text=True)
        return client

    return sign_in
