from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, update

from pushguard.crypto.local import LocalFileProvider, init_key_file
from pushguard.crypto.provider import MasterKeyError
from pushguard.store.db import Database
from pushguard.store.models import SealedSecret
from pushguard.store.sealed import (
    open_named,
    open_secret,
    put_secret,
    rewrap_all,
    set_named,
)

SECRET = "smtp-" + "x9" * 12


@pytest.fixture
def keys(tmp_path: Path) -> LocalFileProvider:
    init_key_file(tmp_path / "master.key")
    return LocalFileProvider(tmp_path / "master.key")


def test_no_column_holds_the_plaintext(database: Database, keys: LocalFileProvider) -> None:
    with database.session() as s:
        sid = put_secret(s, keys, "webhook-secret", SECRET)
    with database.engine.connect() as conn:
        row = conn.execute(select(SealedSecret.__table__)).one()
    assert not any(SECRET.encode() in (v if isinstance(v, bytes) else str(v).encode()) for v in row)
    with database.session() as s:
        assert open_secret(s, keys, sid, purpose="webhook-secret") == SECRET.encode()
        with pytest.raises(MasterKeyError, match="not a clone-credential"):
            open_secret(s, keys, sid, purpose="clone-credential")


def test_blob_moved_to_another_row_does_not_open(
    database: Database, keys: LocalFileProvider
) -> None:
    with database.session() as s:
        a = put_secret(s, keys, "webhook-secret", SECRET)
        b = put_secret(s, keys, "webhook-secret", "other")
    with database.session() as s:
        src = s.get_one(SealedSecret, a)
        s.execute(
            update(SealedSecret)
            .where(SealedSecret.id == b)
            .values(wrapped_key=src.wrapped_key, nonce=src.nonce, ciphertext=src.ciphertext)
        )
    with database.session() as s, pytest.raises(MasterKeyError):
        open_secret(s, keys, b)


def test_named_credentials_replace_in_place(database: Database, keys: LocalFileProvider) -> None:
    with database.session() as s:
        first = set_named(s, keys, "smtp-password", "one")
        second = set_named(s, keys, "smtp-password", "two")
    assert first == second
    with database.session() as s:
        assert open_named(s, keys, "smtp-password") == b"two"
        with pytest.raises(LookupError, match="no sealed credential named 'gitlab-admin'"):
            open_named(s, keys, "gitlab-admin")


def test_rotation_rewraps_every_record(database: Database, keys: LocalFileProvider) -> None:
    with database.session() as s:
        ids = [put_secret(s, keys, "credential", f"value-{i}") for i in range(3)]
    keys.rotate()
    with database.session() as s:
        assert rewrap_all(s, keys) == 3
    with database.session() as s:
        assert rewrap_all(s, keys) == 0
        assert {r.key_version for r in s.scalars(select(SealedSecret))} == {2}
        assert [open_secret(s, keys, i) for i in ids] == [b"value-0", b"value-1", b"value-2"]


def test_rewrap_with_wrong_key_changes_nothing(
    database: Database, keys: LocalFileProvider, tmp_path: Path
) -> None:
    with database.session() as s:
        sid = put_secret(s, keys, "credential", SECRET)
    init_key_file(tmp_path / "other.key")
    other = LocalFileProvider(tmp_path / "other.key")
    other.rotate()
    with pytest.raises(MasterKeyError), database.session() as s:
        rewrap_all(s, other)
    with database.session() as s:
        assert open_secret(s, keys, sid) == SECRET.encode()
