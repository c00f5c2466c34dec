"""Credentials in the configuration files tools read them from, known by the file and its
setting:

- a package index's password in ``.pypirc`` (twine, setuptools), a repository server's in
  Maven's ``settings.xml`` (``<server><password>``), a registry token in Cargo's
  ``.cargo/credentials.toml``, an HTTP password in Composer's ``auth.json``;
- a user's token or password in a kubeconfig (kubectl's ``~/.kube/config``, ``*.kubeconfig``);
- a MySQL client's password in its option file ``~/.my.cnf``, Redis' ``requirepass`` and
  ``masterauth`` in ``redis*.conf``, an LDAP client's bind password (``BINDPW`` in
  ``ldap.conf``, ``bindpw`` in ``nslcd.conf``, ``ldap_default_authtok`` in ``sssd.conf``);
- object storage keys: s3cmd's ``secret_key`` in ``.s3cfg``, a remote's secret key or
  password in ``rclone.conf`` (its obscured ``pass`` is reversible);
- a resource's password in Terraform's state (``*.tfstate``), which holds them in clear;
- a server's password in file-transfer clients' files: VS Code's SFTP extension
  (``.vscode/sftp.json``), Sublime SFTP (``sftp-config.json``), Atom's remote-ftp
  (``.ftpconfig``), FileZilla's ``sitemanager.xml`` and ``recentservers.xml`` (base64 is no
  protection) and ``WinSCP.ini`` (its obfuscation is reversible);
- a package feed's ``ClearTextPassword`` in ``NuGet.Config``;
- any credential's setting in Ansible's ``vault.yml``, a file meant to be encrypted.

These settings exist to hold a credential, so what they hold is one, typed or generated:
it is judged as a URL's password is (``passwords.is_credential``: defaults, placeholders,
``${env.X}`` and Maven's ``{encrypted}`` values do not block) and must be 8 characters or
more. A token of a format with a rule of its own (``pypi-``, a JWT) is left to that rule.
The finding's provider is the tool that reads the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from pushguard.scan.lazyre import LazyRegex, lazy
from pushguard.scan.plugins.base import file_name
from pushguard.scan.plugins.passwords import is_credential
from pushguard.scan.types import Match

MIN_LENGTH = 8
"""Characters below which a value is a sample (``secret1``) rather than someone's password."""


class _Setting(NamedTuple):
    tool: str  # the finding's provider
    pattern: LazyRegex  # group "secret": the credential
    whole_line: bool  # the setting is the line (an INI or YAML key), else found in it


def _ini(keys: str) -> LazyRegex:
    """An INI or TOML line ``key = value`` (or ``key: value``) for one of ``keys``."""
    return lazy(
        rf"[ \t]*(?:{keys})[ \t]*[:=][ \t]*(?P<q>[\"']?)(?P<secret>[^\s\"'#;]+)(?P=q)[ \t]*", re.I
    )


def _spaced(keys: str) -> LazyRegex:
    """A line ``key value`` (Redis', OpenLDAP's syntax) for one of ``keys``."""
    return lazy(rf"[ \t]*(?:{keys})[ \t]+(?P<q>[\"']?)(?P<secret>[^\s\"']+)(?P=q)[ \t]*", re.I)


_JSON_PASSWORD = lazy(r'"(?:\w+_)?password"[ \t]*:[ \t]*"(?P<secret>[^"\s]+)"', re.I)

_PYPIRC = _Setting("twine", _ini("password"), True)
_MY_CNF = _Setting("mysql", _ini("password"), True)
_MAVEN = _Setting("maven", lazy(r"<password>[ \t]*(?P<secret>[^<\s]+)[ \t]*</password>"), False)
_KUBECONFIG = _Setting(
    "kubernetes",
    lazy(r"[ \t]*(?:token|password)[ \t]*:[ \t]*(?P<q>[\"']?)(?P<secret>[^\s\"']+)(?P=q)[ \t]*"),
    True,
)
_CARGO = _Setting("cargo", _ini("token"), True)
_COMPOSER = _Setting("composer", _JSON_PASSWORD, False)
_REDIS = _Setting("redis", _spaced("requirepass|masterauth"), True)
_LDAP = _Setting("ldap", _spaced("bindpw|rootbindpw"), True)
_SSSD = _Setting("ldap", _ini("ldap_default_authtok"), True)
_S3CMD = _Setting("s3cmd", _ini("secret_key"), True)
_RCLONE = _Setting(
    "rclone", _ini("secret_access_key|pass|password2?|client_secret|account_key"), True
)
_TERRAFORM = _Setting("terraform", _JSON_PASSWORD, False)
_SFTP = _Setting("sftp", _JSON_PASSWORD, False)
_REMOTE_FTP = _Setting("remote-ftp", lazy(r'"pass"[ \t]*:[ \t]*"(?P<secret>[^"\s]+)"'), False)
_FILEZILLA = _Setting(
    "filezilla", lazy(r"<Pass(?:[ \t]+encoding=\"base64\")?>(?P<secret>[^<\s]+)</Pass>"), False
)
_WINSCP = _Setting("winscp", _ini("password"), True)
# NuGet's packageSourceCredentials: "Password" is encrypted for the machine that wrote it,
# "ClearTextPassword" is what it says (a feed's token or password, often a CI runner's)
_NUGET = _Setting(
    "nuget",
    lazy(
        r"<add[ \t]+key[ \t]*=[ \t]*\"ClearTextPassword\"[ \t]+value[ \t]*=[ \t]*"
        r"\"(?P<secret>[^\"\s]+)\"",
        re.I,
    ),
    False,
)
# Ansible's group_vars/*/vault.yml, meant to be encrypted with ansible-vault (it then holds
# only "$ANSIBLE_VAULT;1.1;AES256" and hex lines): any credential's setting written in clear
_ANSIBLE_VAULT = _Setting(
    "ansible",
    lazy(
        r"[ \t]*[A-Za-z0-9_]*(?:password|passwd|secret|token|api_?key|private_key)[A-Za-z0-9_]*"
        r"[ \t]*:[ \t]*(?P<q>[\"']?)(?P<secret>[^\s\"'#]+)(?P=q)[ \t]*",
        re.I,
    ),
    True,
)

_BY_NAME = {
    ".pypirc": _PYPIRC,
    ".my.cnf": _MY_CNF,
    "settings.xml": _MAVEN,
    "auth.json": _COMPOSER,
    "ldap.conf": _LDAP,
    "nslcd.conf": _LDAP,
    "pam_ldap.conf": _LDAP,
    "libnss-ldap.conf": _LDAP,
    "sssd.conf": _SSSD,
    ".s3cfg": _S3CMD,
    "rclone.conf": _RCLONE,
    "vault.yml": _ANSIBLE_VAULT,
    "vault.yaml": _ANSIBLE_VAULT,
    "sftp.json": _SFTP,
    "sftp-config.json": _SFTP,
    ".ftpconfig": _REMOTE_FTP,
    "sitemanager.xml": _FILEZILLA,
    "recentservers.xml": _FILEZILLA,
    "winscp.ini": _WINSCP,
    "nuget.config": _NUGET,
}


_KUBECONFIG_NAME = re.compile(r"kubeconfig(?:[._-][\w.-]*)?|[\w.-]*[._-]kubeconfig")
"""kubeconfig, kubeconfig.prod, kubeconfig_prod, prod.kubeconfig, cluster-kubeconfig."""
_SOURCE_SUFFIXES = (
    ".go", ".py", ".js", ".ts", ".java", ".kt", ".rb", ".rs", ".cs", ".php", ".swift", ".c",
    ".h", ".cpp", ".md", ".rst", ".adoc", ".html",
)  # fmt: skip
"""Code and docs about kubeconfigs (kubeconfig_test.go, kubeconfig.md): not one."""
_KUBEADM_CONFIGS = frozenset(
    {"admin.conf", "super-admin.conf", "kubelet.conf", "controller-manager.conf", "scheduler.conf"}
)
"""The kubeconfigs kubeadm writes in /etc/kubernetes: a cluster administrator's among them."""


def _setting(path: str) -> _Setting | None:
    """The credential setting of the tool that reads the file at ``path``; None for other
    files."""
    name = file_name(path).lower()
    known = _BY_NAME.get(name)
    if known is not None:
        return known
    slashed = path.replace("\\", "/")
    if (
        (_KUBECONFIG_NAME.fullmatch(name) is not None and not name.endswith(_SOURCE_SUFFIXES))
        or _under(slashed, ".kube/config")
        or name in _KUBEADM_CONFIGS
    ):
        return _KUBECONFIG
    if _under(slashed, ".cargo/credentials.toml") or _under(slashed, ".cargo/credentials"):
        return _CARGO
    if "redis" in name and name.endswith(".conf"):
        return _REDIS
    if name.endswith((".tfstate", ".tfstate.backup")):
        return _TERRAFORM
    return None


def _under(path: str, tail: str) -> bool:
    return path == tail or path.endswith("/" + tail)


class ToolConfigCredential:
    rule = "tool-config-credential"
    blocking = True
    # a provider's token given as the password is reported under its own rule
    catch_all = "credential in a tool's own configuration file"
    prefilter = (
        r"password[ \t]*[:=]|password\"[ \t]*:|<password>|token[ \t]*[:=]|requirepass|masterauth"
        r"|bindpw|authtok|secret_key|secret_access_key|pass[ \t]*=|client_secret|account_key"
        r"|secret[a-z0-9_]{0,64}[ \t]*:|api_?key[ \t]*:|\"pass\"[ \t]*:|<pass[ >]|cleartextpassword"
    )

    def find(self, line: str, path: str) -> Iterator[Match]:
        setting = _setting(path)
        if setting is None:
            return
        if setting.whole_line:
            whole = setting.pattern.fullmatch(line)
            found = [] if whole is None else [whole]
        else:
            found = list(setting.pattern.finditer(line))
        for match in found:
            secret = match.group("secret")
            if len(secret) >= MIN_LENGTH and is_credential(secret, "", line, path):
                yield Match(secret, provider=setting.tool, confidence="high")
