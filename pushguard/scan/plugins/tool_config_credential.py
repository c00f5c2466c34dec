"""Credentials in the configuration files developer tools read them from, known by the file
and its setting: a package index's password in ``.pypirc`` (twine, setuptools), a repository
server's password in Maven's ``settings.xml`` (``<server><password>``), a user's token or
password in a kubeconfig (kubectl's ``~/.kube/config``, ``*.kubeconfig``), a MySQL client's
password in its option file ``~/.my.cnf``.

These settings exist to hold a credential, so what they hold is one, typed or generated:
it is judged as a URL's password is (``passwords.is_credential``: defaults, placeholders,
``${env.X}`` and Maven's ``{encrypted}`` values do not block) and must be 8 characters or
more. A token of a format with a rule of its own (``pypi-``, a JWT) is left to that rule.
The finding's provider is the tool that reads the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from pushguard.scan.lazyre import LazyRegex, lazy
from pushguard.scan.plugins.base import STRUCTURED_PREFIXES, file_name
from pushguard.scan.plugins.passwords import is_credential
from pushguard.scan.types import Match

MIN_LENGTH = 8
"""Characters below which a value is a sample (``secret1``) rather than someone's password."""


class _Setting(NamedTuple):
    tool: str  # the finding's provider
    pattern: LazyRegex  # group "secret": the credential
    whole_line: bool  # the setting is the line (an INI or YAML key), else found in it


_INI_SETTING = lazy(
    r"[ \t]*password[ \t]*[:=][ \t]*(?P<q>[\"']?)(?P<secret>[^\s\"'#;]+)(?P=q)[ \t]*"
)
_PYPIRC = _Setting("twine", _INI_SETTING, True)
_MY_CNF = _Setting("mysql", _INI_SETTING, True)
_MAVEN = _Setting("maven", lazy(r"<password>[ \t]*(?P<secret>[^<\s]+)[ \t]*</password>"), False)
_KUBECONFIG = _Setting(
    "kubernetes",
    lazy(r"[ \t]*(?:token|password)[ \t]*:[ \t]*(?P<q>[\"']?)(?P<secret>[^\s\"']+)(?P=q)[ \t]*"),
    True,
)
_STRUCTURED = lazy(STRUCTURED_PREFIXES)


def _setting(path: str) -> _Setting | None:
    """The credential setting of the tool that reads the file at ``path``; None for other
    files."""
    name = file_name(path).lower()
    if name == ".pypirc":
        return _PYPIRC
    if name == ".my.cnf":
        return _MY_CNF
    if name == "settings.xml":
        return _MAVEN
    slashed = path.replace("\\", "/")
    if (
        name == "kubeconfig"
        or name.startswith("kubeconfig.")
        or name.endswith(".kubeconfig")
        or slashed == ".kube/config"
        or slashed.endswith("/.kube/config")
    ):
        return _KUBECONFIG
    return None


class ToolConfigCredential:
    rule = "tool-config-credential"
    blocking = True
    # a provider's token given as the password is reported under its own rule
    catch_all = "credential in a tool's own configuration file"
    prefilter = r"password[ \t]*[:=]|<password>|token[ \t]*:"

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
            if (
                len(secret) >= MIN_LENGTH
                and not _STRUCTURED.match(secret)
                and is_credential(secret, "", line, path)
            ):
                yield Match(secret, provider=setting.tool, confidence="high")
