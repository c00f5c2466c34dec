from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from pushguard.config import parse
from pushguard.crypto.env import EnvProvider
from pushguard.crypto.envelope import open_sealed, rewrap, seal
from pushguard.crypto.factory import load_provider
from pushguard.crypto.local import LocalFileProvider, init_key_file
from pushguard.crypto.provider import MasterKeyError, MasterKeyProvider
from pushguard.crypto.vault import VaultTransitProvider
from pushguard.errors import ConfigError, ExitCode
from tests.crypto.vault_server import FakeTransit

PLAINTEXT = b"webhook-signing-" + os.urandom(8).hex().encode()
AAD = b"webhook-secret\0record-1"


def _b64key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "keys" / "master.key"
    init_key_file(path)
    return path


@pytest.fixture
def vault_token() -> str:
    return "hvs." + os.urandom(12).hex()


@pytest.fixture
def transit(httpserver: HTTPServer, vault_token: str) -> FakeTransit:
    return FakeTransit(httpserver, vault_token)


@pytest.fixture(params=["local", "env", "vault"])
def provider(
    request: pytest.FixtureRequest, key_file: Path, httpserver: HTTPServer, vault_token: str
) -> MasterKeyProvider:
    if request.param == "local":
        return LocalFileProvider(key_file)
    if request.param == "env":
        return EnvProvider({"PUSHGUARD_MASTER_KEY": _b64key()})
    request.getfixturevalue("transit")
    return VaultTransitProvider(httpserver.url_for("/"), "pushguard", token=vault_token)


def test_round_trip_and_no_plaintext_in_record(provider: MasterKeyProvider) -> None:
    sealed = seal(provider, PLAINTEXT, AAD)
    assert open_sealed(provider, sealed, AAD) == PLAINTEXT
    assert PLAINTEXT not in sealed.ciphertext + sealed.wrapped_key
    assert "ciphertext" not in repr(sealed) and sealed.provider == provider.provider_id
    # a fresh data key and nonce per record
    other = seal(provider, PLAINTEXT, AAD)
    assert other.ciphertext != sealed.ciphertext and other.wrapped_key != sealed.wrapped_key


def test_record_bound_to_its_associated_data(provider: MasterKeyProvider) -> None:
    sealed = seal(provider, PLAINTEXT, AAD)
    with pytest.raises(MasterKeyError):
        open_sealed(provider, sealed, b"webhook-secret\0record-2")


def test_rotate_rewraps_and_old_records_still_open(provider: MasterKeyProvider) -> None:
    old = seal(provider, PLAINTEXT, AAD)
    new_version = provider.rotate()
    if new_version is None:  # env: versions come from the operator
        pytest.skip("environment keys are rotated by the operator")
    assert new_version == old.key_version + 1 == provider.current_version()
    assert open_sealed(provider, old, AAD) == PLAINTEXT
    moved = rewrap(provider, old, AAD)
    assert moved.key_version == new_version and moved.ciphertext == old.ciphertext
    assert open_sealed(provider, moved, AAD) == PLAINTEXT


def test_wrong_local_key_is_a_config_error(tmp_path: Path) -> None:
    a, b = tmp_path / "a.key", tmp_path / "b.key"
    init_key_file(a)
    init_key_file(b)
    sealed = seal(LocalFileProvider(a), PLAINTEXT, AAD)
    with pytest.raises(MasterKeyError, match="does not open") as info:
        open_sealed(LocalFileProvider(b), sealed, AAD)
    assert isinstance(info.value, ConfigError) and info.value.exit_code == ExitCode.CONFIG


def test_wrong_env_key_and_other_provider_are_refused(key_file: Path) -> None:
    sealed = seal(EnvProvider({"PUSHGUARD_MASTER_KEY": _b64key()}), PLAINTEXT, AAD)
    with pytest.raises(MasterKeyError, match="does not open"):
        open_sealed(EnvProvider({"PUSHGUARD_MASTER_KEY": _b64key()}), sealed, AAD)
    with pytest.raises(MasterKeyError, match="sealed with the 'env'"):
        open_sealed(LocalFileProvider(key_file), sealed, AAD)


def test_env_provider_key_versions() -> None:
    v1, v2 = _b64key(), _b64key()
    old = seal(EnvProvider({"PUSHGUARD_MASTER_KEY": v1}), PLAINTEXT, AAD)
    both = EnvProvider({"PUSHGUARD_MASTER_KEY": f"2:{v2},1:{v1}"})
    assert both.current_version() == 2 and old.key_version == 1
    assert rewrap(both, old, AAD).key_version == 2
    assert open_sealed(both, old, AAD) == PLAINTEXT


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "PUSHGUARD_MASTER_KEY is not set"),
        ({"PUSHGUARD_MASTER_KEY": "not base64!"}, "expected base64"),
        ({"PUSHGUARD_MASTER_KEY": base64.b64encode(b"short").decode()}, "must be 32 bytes"),
    ],
)
def test_bad_env_keys(env: dict[str, str], message: str) -> None:
    with pytest.raises(MasterKeyError, match=message):
        EnvProvider(env)


def test_missing_key_file_names_the_fix(tmp_path: Path) -> None:
    config = parse({}, {"PUSHGUARD_HOME": str(tmp_path)})
    with pytest.raises(MasterKeyError, match="pushguard keys init"):
        load_provider(config, env={})


def test_key_file_is_private_and_never_overwritten(key_file: Path) -> None:
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    before = key_file.read_bytes()
    with pytest.raises(MasterKeyError, match="refusing to overwrite"):
        init_key_file(key_file)
    assert key_file.read_bytes() == before
    key_file.chmod(0o644)
    with pytest.raises(MasterKeyError, match="chmod 600"):
        LocalFileProvider(key_file)


def test_rotated_key_file_keeps_old_versions(key_file: Path) -> None:
    provider = LocalFileProvider(key_file)
    provider.rotate()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert LocalFileProvider(key_file).current_version() == 2


def test_vault_wrong_token_and_unreachable(
    httpserver: HTTPServer, transit: FakeTransit, vault_token: str
) -> None:
    good = VaultTransitProvider(httpserver.url_for("/"), "pushguard", token=vault_token)
    sealed = seal(good, PLAINTEXT, AAD)
    assert sealed.wrapped_key.startswith(b"vault:v1:")
    bad = VaultTransitProvider(httpserver.url_for("/"), "pushguard", token="hvs.wrong")
    with pytest.raises(MasterKeyError, match="HTTP 403: permission denied"):
        open_sealed(bad, sealed, AAD)
    gone = VaultTransitProvider("http://127.0.0.1:9", "pushguard", token=vault_token, timeout=2)
    with pytest.raises(MasterKeyError, match="unreachable"):
        open_sealed(gone, sealed, AAD)


def test_vault_from_config_reads_token_file(
    tmp_path: Path, httpserver: HTTPServer, transit: FakeTransit, vault_token: str
) -> None:
    token_file = tmp_path / "vault-token"
    token_file.write_text(vault_token + "\n")
    keys = {
        "provider": "vault",
        "vault_addr": httpserver.url_for("/"),
        "vault_token_file": str(token_file),
    }
    provider = load_provider(parse({"keys": keys}, {}), env={})
    assert open_sealed(provider, seal(provider, PLAINTEXT, AAD), AAD) == PLAINTEXT
    with pytest.raises(MasterKeyError, match="VAULT_TOKEN"):
        load_provider(parse({"keys": {**keys, "vault_token_file": ""}}, {}), env={})
