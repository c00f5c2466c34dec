"""Values of a Kubernetes Secret manifest block: a credential by the manifest's kind."""

from __future__ import annotations

import base64
import json
import os
import random
from pathlib import Path

import pytest

from pushguard.config import ScanConfig
from pushguard.scan.types import Finding
from tests.helpers import tokens as t
from tests.helpers.cli import run_pushguard
from tests.helpers.gitrepo import GitRepo
from tests.scan.test_engine import scan

PASSWORD = t.password(18, random.Random(31))


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def manifest(entries: str, kind: str = "Secret", key: str = "data") -> str:
    return (
        f"apiVersion: v1\nkind: {kind}\nmetadata:\n  name: db\n  labels:\n    app: api\n"
        f"type: Opaque\n{key}:\n{entries}"
    )


def blocking(found: list[Finding]) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in found if f.blocking]


def test_a_long_random_value_under_any_key_blocks() -> None:
    """Found by its entropy, whatever its key is called (``token`` is no keyword)."""
    text = manifest(f"  token: {b64(t.rand(40))}\n")
    assert blocking(scan(text, path="deploy/api.yaml")) == [("kubernetes-secret", 9)]


def test_a_service_binding_s_type_and_provider_do_not_block() -> None:
    """The Service Binding spec's Secret says what it binds (``type``, ``provider``) beside
    the credentials: those entries are words, the password still blocks."""
    entries = (
        '  type: "postgresql"\n  provider: "bitnami"\n  host: "db"\n'
        f'  password: "{PASSWORD}"\n'
    )
    text = manifest(entries, key="stringData")
    assert blocking(scan(text, path="k8s/db.yml")) == [("kubernetes-secret", 12)]


def test_a_comment_after_a_value_is_not_part_of_it() -> None:
    """A chart's demo Secret notes what each value encodes: "admin", a default, does not
    block; a drawn password with a comment after it still does."""
    entries = f"  username: {b64('admin')}   # admin\n  passphrase: {b64('admin')} # admin\n"
    assert blocking(scan(manifest(entries), path="charts/kiali/demosecret.yaml")) == []
    entries = f"  password: {b64(PASSWORD)}  # rotated by ops\n"
    assert blocking(scan(manifest(entries), path="deploy/db.yaml")) == [("kubernetes-secret", 9)]


def test_a_password_in_a_secrets_data_blocks_on_its_line() -> None:
    text = manifest(f"  username: {b64('api')}\n  password: {b64(PASSWORD)}\n")
    found = scan(text, path="deploy/db-secret.yaml")
    assert blocking(found) == [("kubernetes-secret", 10)]
    [finding] = [f for f in found if f.blocking]
    assert PASSWORD not in finding.redacted and b64(PASSWORD) not in finding.redacted


def test_string_data_is_read_as_written() -> None:
    text = manifest(f'  db-password: "{PASSWORD}"\n', key="stringData")
    assert blocking(scan(text, path="k8s/secret.yml")) == [("kubernetes-secret", 9)]


def test_a_key_whose_service_its_name_says_is_reported_as_that_service_s() -> None:
    # a key of no format of its own under TOGETHER_API_KEY: Together's, not just the Secret's
    key = t.hex_secret(64, random.Random(32))
    text = manifest(f"  TOGETHER_API_KEY: {key}\n", key="stringData")
    [finding] = [f for f in scan(text, path="k8s/together.yaml") if f.blocking]
    assert (finding.rule, finding.provider, finding.line) == ("named-provider-key", "together", 9)


def test_kind_may_come_after_the_data() -> None:
    text = f"apiVersion: v1\ndata:\n  client-secret: {b64(PASSWORD)}\nkind: Secret\n"
    assert blocking(scan(text, path="secret.yaml")) == [("kubernetes-secret", 3)]


@pytest.mark.parametrize(
    ("entries", "kind"),
    [
        (f"  password: {b64('changeme')}\n", "Secret"),  # a placeholder, encoded
        (f"  password: {b64('${DB_PASSWORD}')}\n", "Secret"),  # a template, encoded
        (f"  password: {b64(PASSWORD)}\n", "ConfigMap"),  # not a Secret: the keyword warns
        (f"  password: {b64('12345')}\n", "Secret"),  # too short for a credential
        ("  password: changeme\n", "Secret"),  # a placeholder, as stringData would hold it
        (f"  password: {b64('mysqlpassword')}\n", "Secret"),  # a wordy default, encoded
        ("  server.key: SERVER_KEY\n", "Secret"),  # an m4/envsubst template's macro
        (f"  apiUsername: {b64('deploy-bot-account')}\n", "Secret"),  # who, in camelCase
        (f"  apiAddress: {b64('tcp://10.0.0.7:5705')}\n", "Secret"),  # where
        # stringData words that happen to be base64 (they decode to bytes of nothing)
        ("  clientSecret: my" + "secret\n", "Secret"),
        ("  redisPass: my" + "secret" + "12345678\n", "Secret"),
        ('  password: "pass"\n', "Secret"),
        ("  clientID: my-oidc-client-name\n", "Secret"),  # an OAuth client's id
        ("  client_id: my-oauth-client-ID\n", "Secret"),
        ("  saslMechanism: SCRAM-SHA-512\n", "Secret"),  # how, not what
        ("  audience: lokistack\n", "Secret"),  # whom a token is for
        ("  access_key_secret: minio" + "123\n", "Secret"),  # MinIO's docs' default
    ],
    ids=["placeholder", "template", "configmap", "short", "string-placeholder", "wordy",
         "macro", "camel-case-user", "address", "word-as-base64", "word-and-digits-as-base64",
         "default-as-base64", "client-id", "client-id-snake", "sasl-mechanism", "audience",
         "minio-default"],
)
def test_what_is_no_credential_does_not_block(entries: str, kind: str) -> None:
    assert blocking(scan(manifest(entries, kind=kind), path="deploy/x.yaml")) == []


def test_a_config_map_in_the_same_file_as_a_secret_stays_a_warning() -> None:
    config = manifest(f"  password: {b64(PASSWORD)}\n", kind="ConfigMap")
    secret = manifest(f"  password: {b64(t.password(18, random.Random(32)))}\n")
    found = scan(f"{config}---\n{secret}", path="deploy/all.yaml")
    assert blocking(found) == [("kubernetes-secret", 19)]


def test_a_config_map_after_a_secret_in_a_readme_is_no_secret() -> None:
    """A README's Secret, then its ConfigMap in another code block (or in one block, with no
    separator): the ConfigMap's data are configuration (a registry's host:port, a name)."""
    secret = manifest(f"  password: {b64(PASSWORD)}\n")
    config = manifest('  REGISTRY: "registry.internal:5000"\n  DB_USER: "paperless"\n', "ConfigMap")
    readme = f"```yaml\n{secret}```\n\nThen:\n\n```yaml\n{config}```\n"
    assert blocking(scan(readme, path="docs/deployment.md")) == [("kubernetes-secret", 10)]
    joined = f"{secret}{config}"
    assert blocking(scan(joined, path="k8s/all.yaml")) == [("kubernetes-secret", 9)]


def test_the_rule_can_be_disabled() -> None:
    text = manifest(f"  password: {b64(PASSWORD)}\n")
    policy = ScanConfig(disabled_rules=("kubernetes-secret",))
    assert blocking(scan(text, path="secret.yaml", policy=policy)) == []


def test_a_history_scan_reports_the_value_once_where_the_manifest_brought_it(
    tmp_path: Path, git_repo: GitRepo
) -> None:
    text = manifest(f"  password: {b64(PASSWORD)}\n")
    git_repo.commit({"README.md": "# app\n"})
    first = git_repo.commit({"deploy/db.yaml": text})
    git_repo.commit({"deploy/db.yaml": text.replace("app: api", "app: api-v2")})
    env = {**os.environ, "PUSHGUARD_HOME": str(tmp_path / "home"), "PUSHGUARD_CONFIG": ""}
    done = run_pushguard("scan", str(git_repo.path), "--format", "json", cwd=tmp_path, env=env)
    assert done.returncode == 1, done.stderr
    [finding] = json.loads(done.stdout)["findings"]
    assert (finding["rule"], finding["commit"], finding["line"]) == ("kubernetes-secret", first, 9)
    assert PASSWORD not in done.stdout and b64(PASSWORD) not in done.stdout


def test_an_ssh_key_stored_encoded_under_data_blocks() -> None:
    """ssh-keygen's format holds zero bytes that encode to runs of "A": no filler."""
    encoded = b64(t.openssh_key(random.Random(41)))
    text = manifest(f"  ssh-privatekey: {encoded}\n")
    assert blocking(scan(text, path="deploy/ssh.yaml")) == [("private-key-base64", 9)]


def test_a_database_url_stored_encoded_blocks_by_its_password() -> None:
    url = t.connection_url(port=5432, path="/payments", rng=random.Random(42))
    text = manifest(f"  DATABASE_URL: {b64(url)}\n")
    assert blocking(scan(text, path="deploy/db.yaml")) == [("url-password", 9)]


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://db.internal:5432/payments",  # no credentials in it
        "postgresql://app:changeme@db.internal:5432/payments",  # a default
        "https://api.acme.test/v1",
    ],
)
def test_a_url_stored_encoded_without_a_real_password_does_not_block(url: str) -> None:
    text = manifest(f"  DATABASE_URL: {b64(url)}\n")
    assert blocking(scan(text, path="deploy/db.yaml")) == []
