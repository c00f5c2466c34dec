"""Credentials in the files tools read them from: a package index's password in ``.pypirc``,
a repository server's in Maven's ``settings.xml``, a user's token or password in a
kubeconfig, a MySQL client's in ``.my.cnf``, Cargo's registry token, Composer's HTTP password,
Redis' and an LDAP client's passwords, s3cmd's and rclone's storage keys, a password in
Terraform's state, a server's password in file-transfer clients' files (VS Code's and
Sublime's SFTP, Atom's remote-ftp, FileZilla, WinSCP). These settings exist to hold a credential, so
a typed password blocks there as a generated one does; placeholders, environment
references, Maven's encrypted values and other rules' tokens do not block under this rule.
Values are drawn at run time."""

from __future__ import annotations

import base64
import random

import pytest

from pushguard.scan.secrets import fingerprint
from tests.helpers import tokens as t
from tests.scan.test_engine import KEY, scan

RULE = "tool-config-credential"
RNG = random.Random(907)
GENERATED = t.password(24, RNG)
TYPED = "Harbour-" + str(RNG.randrange(1000, 9999)) + "-" + t.rand(4, rng=RNG)
KUBE_TOKEN = t.rand(40, "abcdefghijklmnopqrstuvwxyz0123456789", RNG)

PYPIRC = (
    "[distutils]\nindex-servers =\n    internal\n\n[internal]\n"
    "repository = https://nexus.example.com/repository/pypi-internal/\n"
    "username = deploy\npassword = {secret}\n"
)
MAVEN = (
    "<settings>\n  <servers>\n    <server>\n      <id>nexus-releases</id>\n"
    "      <username>deploy</username>\n      <password>{secret}</password>\n"
    "    </server>\n  </servers>\n</settings>\n"
)
KUBECONFIG = (
    "apiVersion: v1\nkind: Config\ncurrent-context: prod\nusers:\n- name: ci\n  user:\n"
    "    {key}: {secret}\n"
)

MY_CNF = "[client]\nuser = dba\nhost = db.internal\npassword = {secret}\n"
# an alternative registry's token has no format (crates.io's, "cio" + 32, blocks under
# crates-io-api-token: test_platform_tokens)
CARGO = '[registries.internal]\ntoken = "{secret}"\n'
COMPOSER = (
    '{{\n    "http-basic": {{\n        "repo.packagist.com": {{\n'
    '            "username": "token",\n            "password": "{secret}"\n        }}\n    }}\n}}\n'
)
REDIS = "bind 127.0.0.1\nport 6379\n# requirepass foobared\nrequirepass {secret}\n"
LDAP = (
    "BASE dc=example,dc=com\nURI ldaps://ldap.example.com\n"
    "BINDDN cn=reader,dc=example,dc=com\nBINDPW {secret}\n"
)
SSSD = "[domain/example.com]\nid_provider = ldap\nldap_default_authtok = {secret}\n"
S3CFG = (
    "[default]\naccess_key = DO00{access}\nhost_base = fra1.digitaloceanspaces.com\n"
    "secret_key = {{secret}}\n"
)
RCLONE = (
    "[r2]\ntype = s3\nprovider = Cloudflare\naccess_key_id = {access}\n"
    "secret_access_key = {{secret}}\n"
)
SFTP = "[backup]\ntype = sftp\nhost = backup.example.com\nuser = ops\npass = {secret}\n"
TFSTATE = (
    '{{\n  "version": 4,\n  "resources": [\n    {{\n      "type": "aws_db_instance",\n'
    '      "instances": [\n        {{\n          "attributes": {{\n'
    '            "username": "app",\n            "password": "{secret}",\n'
)
ANSIBLE_VAULT = "---\nvault_db_user: app\nvault_db_password: {secret}\n"
VSCODE_SFTP = (
    '{{\n    "name": "prod",\n    "host": "sftp.acme.io",\n    "protocol": "sftp",\n'
    '    "username": "deploy",\n    "password": "{secret}",\n    "remotePath": "/var/www"\n}}\n'
)
REMOTE_FTP = (
    '{{\n  "protocol": "ftp",\n  "host": "ftp.acme.io",\n  "user": "deploy",\n'
    '  "pass": "{secret}"\n}}\n'
)
FILEZILLA = (
    "<FileZilla3>\n<Servers>\n<Server>\n<Host>ftp.acme.io</Host>\n<User>deploy</User>\n"
    '<Pass encoding="base64">{secret}</Pass>\n</Server>\n</Servers>\n</FileZilla3>\n'
)
WINSCP = (
    "[Sessions\\deploy@sftp.acme.io]\nHostName=sftp.acme.io\nUserName=deploy\nPassword={secret}\n"
)
NUGET = (
    "<configuration>\n  <packageSourceCredentials>\n    <AcmeFeed>\n"
    '      <add key="Username" value="ci" />\n'
    '      <add key="ClearTextPassword" value="{secret}" />\n'
    "    </AcmeFeed>\n  </packageSourceCredentials>\n</configuration>\n"
)
# FileZilla keeps the password base64-encoded; WinSCP obfuscates it as hex (both reversible)
FILEZILLA_PASS = base64.b64encode(TYPED.encode()).decode()
WINSCP_PASS = t.hex_secret(40, RNG).upper()
OBSCURED = t.rand(40, t.WORD_DASH, RNG)  # rclone's obscured password: base64url
STORAGE_SECRET = t.rand(43, t.BASE64[:-2] + "-_", RNG)
R2_SECRET = t.hex_secret(64, RNG)

PLACED = [
    ("pypirc", ".pypirc", PYPIRC, GENERATED, 8, "twine"),
    ("pypirc-typed", "home/deploy/.pypirc", PYPIRC, TYPED, 8, "twine"),
    ("maven", ".m2/settings.xml", MAVEN, GENERATED, 6, "maven"),
    ("maven-typed", "ci/settings.xml", MAVEN, TYPED, 6, "maven"),
    ("kube-token", "home/ops/.kube/config", KUBECONFIG.replace("{key}", "token"), KUBE_TOKEN, 7,
     "kubernetes"),
    ("kube-password", "clusters/prod.kubeconfig", KUBECONFIG.replace("{key}", "password"), TYPED,
     7, "kubernetes"),
    # kubeadm's administrator kubeconfig, and one named for its cluster
    ("kubeadm-admin", "k8s/admin.conf", KUBECONFIG.replace("{key}", "token"), KUBE_TOKEN, 7,
     "kubernetes"),
    ("kube-named", "infra/kubeconfig_prod", KUBECONFIG.replace("{key}", "token"), KUBE_TOKEN, 7,
     "kubernetes"),
    ("my-cnf", "home/dba/.my.cnf", MY_CNF, TYPED, 4, "mysql"),
    ("my-cnf-quoted", ".my.cnf", MY_CNF.replace("{secret}", '"{secret}"'), GENERATED, 4, "mysql"),
    ("cargo", "home/ci/.cargo/credentials.toml", CARGO, GENERATED, 2, "cargo"),
    ("composer", "auth.json", COMPOSER, GENERATED, 5, "composer"),
    ("redis", "deploy/redis.conf", REDIS, TYPED, 4, "redis"),
    ("redis-replica", "etc/redis/redis-6380.conf", REDIS.replace("requirepass {", "masterauth {"),
     GENERATED, 4, "redis"),
    ("ldap", "etc/ldap/ldap.conf", LDAP, TYPED, 4, "ldap"),
    ("nslcd", "etc/nslcd.conf", LDAP.lower().replace("{secret}", "{secret}"), GENERATED, 4, "ldap"),
    ("sssd", "etc/sssd/sssd.conf", SSSD, TYPED, 3, "ldap"),
    ("s3cmd", "home/ops/.s3cfg", S3CFG.format(access=t.rand(16, t.UPPER_ALNUM, RNG)),
     STORAGE_SECRET, 4, "s3cmd"),
    ("rclone", ".config/rclone/rclone.conf", RCLONE.format(access=t.hex_secret(32, RNG)),
     R2_SECRET, 5, "rclone"),
    ("rclone-obscured", "rclone.conf", SFTP, OBSCURED, 5, "rclone"),
    ("tfstate", "infra/terraform.tfstate", TFSTATE, TYPED, 10, "terraform"),
    ("ansible-vault", "inventory/group_vars/prod/vault.yml", ANSIBLE_VAULT, GENERATED, 3,
     "ansible"),
    ("vscode-sftp", ".vscode/sftp.json", VSCODE_SFTP, TYPED, 6, "sftp"),
    ("sublime-sftp", "sftp-config.json", VSCODE_SFTP, GENERATED, 6, "sftp"),
    ("remote-ftp", ".ftpconfig", REMOTE_FTP, TYPED, 5, "remote-ftp"),
    ("filezilla", "sitemanager.xml", FILEZILLA, FILEZILLA_PASS, 6, "filezilla"),
    ("winscp", "WinSCP.ini", WINSCP, WINSCP_PASS, 4, "winscp"),
    ("nuget", "NuGet.Config", NUGET, GENERATED, 5, "nuget"),
    ("nuget-typed", "src/nuget.config", NUGET, TYPED, 5, "nuget"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "text", "secret", "line", "provider"),
    [p[1:] for p in PLACED],
    ids=[p[0] for p in PLACED],
)
def test_a_credential_in_a_tool_s_configuration_file_blocks(
    path: str, text: str, secret: str, line: int, provider: str
) -> None:
    found = [f for f in scan(text.format(secret=secret), path=path) if f.blocking]
    assert [(f.rule, f.line, f.provider, f.fingerprint) for f in found] == [
        (RULE, line, provider, fingerprint(KEY, secret))
    ]


NOT_CREDENTIALS = [
    ("maven-encrypted", "settings.xml", MAVEN, "{COQLCE6DU6GtcS5P=}"),
    ("maven-env", "settings.xml", MAVEN, "${env.NEXUS_PASSWORD}"),
    ("pypirc-placeholder", ".pypirc", PYPIRC, "<your-password>"),
    ("pypirc-default", ".pypirc", PYPIRC, "changeme"),
    ("pypirc-short", ".pypirc", PYPIRC, "s3cr3t"),
    ("kube-exec-env", "kubeconfig", KUBECONFIG.replace("{key}", "token"), "$KUBE_TOKEN"),
    # code and docs about kubeconfigs are named for them too: not one (a test's fixture)
    ("kube-test-code", "pkg/kubeconfig/kubeconfig_test.go",
     KUBECONFIG.replace("{key}", "token"), KUBE_TOKEN),
    ("redis-sample", "redis.conf", REDIS, "foobared"),
    ("ldap-placeholder", "ldap.conf", LDAP, "<bind-password>"),
    ("tfstate-variable", "terraform.tfstate", TFSTATE, "${var.db_password}"),
    ("composer-placeholder", "auth.json", COMPOSER, "YOUR_TOKEN_HERE"),
    ("nuget-env", "NuGet.Config", NUGET, "%NUGET_FEED_TOKEN%"),
    ("nuget-msbuild", "nuget.config", NUGET, "$(FeedPassword)"),
    # the clear-text passwords of NuGet's own nuget.config reference
    ("nuget-docs-contoso", "NuGet.Config", NUGET, "33f!!lloppa"),
    ("nuget-docs-test-source", "nuget.config", NUGET, "hal+9ooo_da!sY"),
    # encrypted as ansible-vault writes it: a header and hex lines, no setting
    (
        "ansible-vault-encrypted",
        "group_vars/all/vault.yml",
        "$ANSIBLE_VAULT;1.1;AES256\n{secret}\n",
        t.hex_secret(64, RNG),
    ),
]


@pytest.mark.parametrize(
    ("path", "text", "secret"),
    [c[1:] for c in NOT_CREDENTIALS],
    ids=[c[0] for c in NOT_CREDENTIALS],
)
def test_placeholders_references_and_encrypted_values_do_not_block(
    path: str, text: str, secret: str
) -> None:
    assert [f.rule for f in scan(text.format(secret=secret), path=path) if f.blocking] == []


def test_the_same_settings_in_other_files_are_not_this_rule_s() -> None:
    text = f"[server]\npassword = {TYPED}\n"
    assert [f for f in scan(text, path="app/server.ini") if f.rule == RULE] == []
    kube = KUBECONFIG.replace("{key}", "token").format(secret=KUBE_TOKEN)
    assert [f for f in scan(kube, path="deploy/config") if f.rule == RULE] == []
    # a password in some application's JSON, a "pass = ..." in some INI file
    assert [
        f for f in scan(TFSTATE.format(secret=TYPED), path="data/users.json") if f.rule == RULE
    ] == []
    assert [
        f for f in scan(SFTP.format(secret=OBSCURED), path="backup.ini") if f.rule == RULE
    ] == []


def test_a_token_of_its_own_format_keeps_its_rule() -> None:
    token = t.pypi_token(RNG)
    found = [f for f in scan(PYPIRC.format(secret=token), path=".pypirc") if f.blocking]
    assert [(f.rule, f.fingerprint) for f in found] == [("pypi-token", fingerprint(KEY, token))]


def test_in_third_party_code_it_warns() -> None:
    text = MAVEN.format(secret=GENERATED)
    [finding] = scan(text, path="vendor/acme-sdk/settings.xml")
    assert (finding.rule, finding.blocking) == (RULE, False)
