"""A generated password under a password setting of a deployment's configuration: Terraform's
variable files and literal arguments (``db_password = "…"`` in a ``.tfvars``, a ``locals``
block, a module's inputs), Helm's values files and ``--set db.password=…``, Ansible's
variables (``group_vars``, ``host_vars``, a role's ``defaults`` and ``vars``, an inventory,
``-e "admin_password=…"``).

These files hold the values a deployment runs with, not code that computes them, so a value
drawn by a generator under a password's name (``adminPassword``, ``db_password``,
``secrets.dbPassword``) is the password the server was set up with, whoever's it is. The
value is judged as ``setting-password`` judges one (``setting_password.generated``): 14
characters or more, letters and digits, varied; a typed, default or templated value
(``{{ vault_db_password }}``, ``var.db_password``) or an encrypted one (``!vault``, SOPS'
``ENC[…]``) does not block, and the keyword rule still warns about it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import file_name
from pushguard.scan.plugins.setting_password import generated
from pushguard.scan.types import Match

# a setting's name whose last word is a password's: db_password, adminPassword,
# secrets.dbPassword, "root-password"
_NAME = r"(?P<name>[A-Za-z0-9_.-]{0,60}?(?:[Pp]assword|PASSWORD|[Pp]asswd|PASSWD))"
# quoted, anything but its quote (a generated password has "#" and "," in it); bare, up to
# a blank, a comment or a separator
_VALUE = r"(?:(?P<q>[\"'])(?P<quoted>[^\"'\n]{14,200})(?P=q)|(?P<bare>[^\s\"'`,;#]{14,200}))"
# a setting on its own line: HCL's and .tfvars' name = "…", YAML's name: …, JSON's
_SETTING = lazy(
    r"[ \t]*(?:-[ \t]+)?[\"']?"
    + _NAME
    + r"[\"']?[ \t]*[:=][ \t]*"
    + _VALUE
    + r"[ \t]*,?[ \t]*(?:#.*)?\r?"
)
# a command line's values: helm's --set a.b.password=…, ansible-playbook's -e "x_password=…"
_COMMAND_VALUE = lazy(
    r"(?:--set(?:-string)?[ \t=]+|-e[ \t]+|--extra-vars[ \t=]+)[\"']?(?:[A-Za-z0-9_.\[\]-]+,)*"
    r"[A-Za-z0-9_.\[\]-]*?(?i:password|passwd)=(?P<q>[\"']?)(?P<secret>[^\s\"'`,;]{14,200})(?P=q)"
)
# Ansible's variable files (group_vars, a role's defaults), a chart's values
_VALUES_DIRS = re.compile(
    r"(?:^|/)(?:group_vars|host_vars|inventor(?:y|ies)|defaults|vars|helm|charts?)/"
)
_HELM_VALUES = re.compile(
    r"(?:^|[/_.-])values(?:[._-][\w.-]*)?\.ya?ml$|(?:^|/)helmfile[\w.-]*\.ya?ml$"
)


# a Terraform variable named for a password, and its default a few lines below (its type,
# description and sensitive flag between)
_PASSWORD_VARIABLE = lazy(
    r"[ \t]*variable[ \t]+\"[A-Za-z0-9_-]*(?i:password|passwd)\"[ \t]*\{[ \t]*\r?"
)
_DEFAULT = lazy(r"[ \t]*default[ \t]*=[ \t]*\"[^\"\n]{14,200}\"[ \t]*\r?")
_HCL = (".tf", ".tfvars", ".hcl")
"""Terraform's files, where a value that is not quoted is an expression (a reference, a
function call), not a literal."""
VARIABLE_LINES = 8
"""Lines of a variable block above its default."""


def deployment_config(path: str) -> bool:
    """Whether ``path`` is a file of a deployment's values: Terraform's, Helm's, Ansible's."""
    name = file_name(path).lower()
    if name.endswith((*_HCL, ".tfvars.json")):
        return True
    if _HELM_VALUES.search(path.lower()) is not None:
        return True
    return name.endswith((".yml", ".yaml", ".ini", ".json")) and bool(_VALUES_DIRS.search(path))


class DeploymentPassword:
    rule = "deployment-password"
    blocking = True
    # the deployed server's own: a provider's token under such a name is reported as theirs
    catch_all = "a generated password in a deployment's configuration"
    prefilter = (
        r"password[\"']?[ \t]*[:=]|passwd[\"']?[ \t]*[:=]|password=|passwd="
        r"|password\"[ \t]*\{|passwd\"[ \t]*\{"
    )

    def related_lines(self, lines: Sequence[str], index: int) -> list[int]:
        """The ``default`` line of a Terraform variable named for a password, declared on
        line ``index`` (the engine reads it joined to the variable's name)."""
        if _PASSWORD_VARIABLE.fullmatch(lines[index]) is None:
            return []
        for number in range(index + 1, min(index + 1 + VARIABLE_LINES, len(lines))):
            if lines[number].strip().startswith("}"):
                break
            if _DEFAULT.fullmatch(lines[number]) is not None:
                return [number]
        return []

    def find(self, line: str, path: str) -> Iterator[Match]:
        found = [*_COMMAND_VALUE.finditer(line)]
        if deployment_config(path) and (setting := _SETTING.fullmatch(line)) is not None:
            found.append(setting)
        seen: set[str] = set()
        hcl = file_name(path).lower().endswith(_HCL)
        for match in found:
            groups = match.groupdict()
            if hcl and groups.get("bare"):
                continue  # an expression (kube_config.0.password): HCL quotes its literals
            secret = groups.get("secret") or groups.get("quoted") or groups["bare"]
            if secret not in seen and generated(secret, line, path):
                seen.add(secret)
                yield Match(secret, confidence="medium")
