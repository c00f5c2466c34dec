from __future__ import annotations

import datetime as dt
import json
import random
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from pushguard.cli.main import main
from pushguard.errors import UsageError
from pushguard.scan.checksum import valid_pgt
from pushguard.store.db import Database
from pushguard.store.models import ApiToken, AuditEvent
from pushguard.tokens import (
    AuthError,
    authenticate,
    create_token,
    load_token_key,
    parse_lifetime,
    revoke_token,
)
from tests.helpers.db import url_of

T0 = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


@pytest.fixture
def key(tmp_path: Path) -> bytes:
    return load_token_key(tmp_path / "token.key", create=True)


def _create(
    db: Database,
    key: bytes,
    scopes: tuple[str, ...] = ("findings:read",),
    lifetime: dt.timedelta = dt.timedelta(days=30),
) -> tuple[str, int]:
    with db.session() as s:
        raw, info = create_token(
            s,
            key,
            name="ci",
            scopes=scopes,
            lifetime=lifetime,
            now=T0,
            rng=random.Random(len(scopes)),
        )
    return raw, info.id


def test_token_shape_and_only_a_keyed_hash_stored(database: Database, key: bytes) -> None:
    raw, _ = _create(database, key)
    assert valid_pgt(raw)
    with database.engine.connect() as conn:
        row = conn.execute(select(ApiToken.__table__)).one()
    assert raw not in " ".join(str(v) for v in row)
    assert raw[4:12] not in row.hint  # the hint is too short to be of use


@pytest.mark.parametrize(
    ("scope", "at", "revoke", "reason"),
    [
        ("findings:read", T0 + dt.timedelta(days=1), False, None),
        ("audit:read", T0 + dt.timedelta(days=1), False, "scope"),
        ("findings:read", T0 + dt.timedelta(days=30), False, "expired"),
        ("findings:read", T0 + dt.timedelta(days=1), True, "revoked"),
    ],
)
def test_authenticate(
    database: Database, key: bytes, scope: str, at: dt.datetime, revoke: bool, reason: str | None
) -> None:
    raw, token_id = _create(database, key)
    if revoke:
        with database.session() as s:
            assert revoke_token(s, token_id)
    with database.session() as s:
        if reason is None:
            assert authenticate(s, key, raw, scope, now=at).id == token_id
        else:
            with pytest.raises(AuthError) as info:
                authenticate(s, key, raw, scope, now=at)
            assert info.value.reason == reason
    with database.session() as s:
        used = s.get_one(ApiToken, token_id).last_used_at
        assert used == (at if reason is None else None)


def test_unknown_and_malformed_tokens(database: Database, key: bytes, tmp_path: Path) -> None:
    raw, _ = _create(database, key)
    other_key = load_token_key(tmp_path / "other.key", create=True)
    with database.session() as s:
        for token, reason in [(raw, "unknown"), (raw[:-1] + "x", "malformed"), ("", "malformed")]:
            with pytest.raises(AuthError) as info:
                authenticate(
                    s, other_key if reason == "unknown" else key, token, "findings:read", now=T0
                )
            assert info.value.reason == reason


@pytest.mark.parametrize(
    ("text", "days"), [("30d", 30), ("2w", 14), ("1y", 365), ("366d", 366), ("12h", 0.5)]
)
def test_parse_lifetime(text: str, days: float) -> None:
    assert parse_lifetime(text) == dt.timedelta(days=days)


@pytest.mark.parametrize("text", ["0d", "367d", "2y", "forever", "30", "-1d"])
def test_parse_lifetime_refuses(text: str) -> None:
    with pytest.raises(UsageError):
        parse_lifetime(text)


def test_no_unscoped_or_unknown_scope_token(database: Database, key: bytes) -> None:
    for scopes in [(), ("admin",)]:
        with pytest.raises(UsageError), database.session() as s:
            create_token(s, key, name="x", scopes=scopes, lifetime=dt.timedelta(days=1))


def test_key_file_private(tmp_path: Path, key: bytes) -> None:
    path = tmp_path / "token.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_token_key(path) == key


def test_cli_create_list_revoke(
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PUSHGUARD_HOME", str(tmp_path))
    monkeypatch.setenv("PUSHGUARD_DATABASE_URL", url_of(database))
    monkeypatch.delenv("PUSHGUARD_CONFIG", raising=False)
    assert (
        main(
            [
                "tokens",
                "create",
                "--scope",
                "findings:read",
                "--scope",
                "audit:read",
                "--expires",
                "30d",
                "--name",
                "dashboard",
            ]
        )
        == 0
    )
    out = capsys.readouterr()
    raw = out.out.strip()
    assert valid_pgt(raw) and "not shown again" in out.err
    assert main(["tokens", "list", "--format", "json"]) == 0
    listed = capsys.readouterr().out
    assert raw not in listed
    (token,) = json.loads(listed)["tokens"]
    assert token["scopes"] == ["findings:read", "audit:read"] and token["state"] == "active"
    assert main(["tokens", "revoke", str(token["id"])]) == 0
    assert main(["tokens", "list"]) == 0
    assert "revoked" in capsys.readouterr().out
    assert main(["tokens", "revoke", "999"]) == 2
    assert main(["tokens", "create", "--scope", "findings:read", "--expires", "5y"]) == 2
    assert main(["tokens", "create", "--expires", "5d"]) == 2  # no scope
    with database.session() as s:
        actions = s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["token.create", "token.revoke"]
    assert raw not in capsys.readouterr().err
