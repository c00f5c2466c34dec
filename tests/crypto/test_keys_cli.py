from __future__ import annotations

import stat
from pathlib import Path

import pytest

from pushguard.cli.main import main
from pushguard.crypto.local import LocalFileProvider
from pushguard.store.db import Database
from pushguard.store.sealed import open_secret, put_secret
from tests.helpers.db import url_of


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database: Database) -> Path:
    monkeypatch.setenv("PUSHGUARD_HOME", str(tmp_path))
    monkeypatch.setenv("PUSHGUARD_DATABASE_URL", url_of(database))
    monkeypatch.delenv("PUSHGUARD_CONFIG", raising=False)
    return tmp_path


def test_init_then_rotate_rewraps_stored_credentials(
    home: Path, database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["keys", "rotate"]) == 3  # no key yet: configuration error, no fallback
    assert "pushguard keys init" in capsys.readouterr().err
    assert main(["keys", "init"]) == 0
    key_file = home / "master.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert main(["keys", "init"]) == 3
    assert "refusing to overwrite" in capsys.readouterr().err
    with database.session() as s:
        sid = put_secret(s, LocalFileProvider(key_file), "webhook-secret", "s3cr3t-value")
    assert main(["keys", "rotate"]) == 0
    assert "master key v2: re-wrapped 1" in capsys.readouterr().out
    with database.session() as s:
        assert open_secret(s, LocalFileProvider(key_file), sid) == b"s3cr3t-value"
    assert main(["audit", "verify"]) == 0


def test_credentials_set_list_remove(
    home: Path,
    database: Database,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io

    from pushguard.store.sealed import open_named

    assert main(["keys", "init"]) == 0
    value = "smtp-" + "q7" * 10
    monkeypatch.setattr("sys.stdin", io.StringIO(value + "\n"))
    assert main(["credentials", "set", "smtp-password", "--stdin"]) == 0
    assert main(["credentials", "list"]) == 0
    out = capsys.readouterr().out
    assert "smtp-password  local:v1" in out and value not in out
    with database.session() as s:
        assert open_named(s, LocalFileProvider(home / "master.key"), "smtp-password") == (
            value.encode()
        )
    assert main(["credentials", "remove", "smtp-password"]) == 0
    assert main(["credentials", "remove", "smtp-password"]) == 2
