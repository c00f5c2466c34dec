"""Generated passwords in a deployment's configuration (Terraform, Helm, Ansible) block;
the same names in code, typed or default values, templates, references and encrypted values
do not. Passwords are drawn at run time."""

from __future__ import annotations

import base64
import random

import pytest

from pushguard.scan.secrets import fingerprint
from tests.helpers import tokens as t
from tests.scan.test_engine import KEY, scan

RULE = "deployment-password"
PW = t.high_entropy(22, t.ALNUM, random.Random("deployment-password"))

POSITIVES = [
    ("tfvars", "envs/prod/terraform.tfvars", 'db_password = "{pw}"'),
    ("tfvars-json", "infra/secrets.auto.tfvars.json", '  "db_password": "{pw}",'),
    ("terraform-locals", "infra/locals.tf", '  admin_password = "{pw}"'),
    ("terraform-resource", "infra/rds.tf", '  password          = "{pw}"'),
    ("terraform-variable-default", "infra/variables.tf",
     'variable "db_password" {{\n  sensitive = true\n  default   = "{pw}"\n}}'),
    ("helm-values", "charts/api/values.yaml", "  adminPassword: {pw}"),
    ("helm-env-values", "deploy/values-prod.yaml", '    rootPassword: "{pw}"'),
    ("helm-set", ".github/workflows/deploy.yml",
     "      - run: helm upgrade api charts/api --set secrets.dbPassword='{pw}' -n prod"),
    ("ansible-group-vars", "inventories/prod/group_vars/db.yml", "app_admin_password: {pw}"),
    ("ansible-role-defaults", "roles/postgres/defaults/main.yml", 'password: "{pw}"'),
    ("ansible-extra-vars", "scripts/provision.sh",
     'ansible-playbook site.yml -e "admin_password={pw}" --limit web'),
]  # fmt: skip
ENCODED = base64.b64encode(PW.encode()).decode()


@pytest.mark.parametrize(
    ("path", "template"), [p[1:] for p in POSITIVES], ids=[p[0] for p in POSITIVES]
)
def test_a_generated_password_in_a_deployment_s_configuration_blocks(
    path: str, template: str
) -> None:
    found = [f for f in scan(template.format(pw=PW) + "\n", path=path) if f.blocking]
    assert [(f.rule, f.fingerprint) for f in found] == [(RULE, fingerprint(KEY, PW))]
    assert PW not in found[0].redacted


NEGATIVES = [
    # the same name in code: any variable, the keyword rule's to warn about
    ("code", "app/settings.py", f'db_password = "{PW}"'),
    ("typed", "terraform.tfvars", 'db_password = "correct-horse-battery"'),
    ("default", "values.yaml", "  password: changeme"),
    ("reference", "infra/rds.tf", "  password = var.db_password"),
    # an attribute of another resource: HCL quotes its literals, this is an expression
    ("resource-attribute", "infra/provider.tf",
     "    password               = azurerm_kubernetes_cluster.main.kube_config.0.password"),
    ("ansible-template", "group_vars/all.yml", 'db_password: "{{ vault_db_password }}"'),
    ("ansible-vault", "group_vars/all.yml", "db_password: !vault |"),
    ("sops", "secrets/prod.enc.yaml", f"db_password: ENC[AES256_GCM,data:{PW},type:str]"),
    ("not-a-password", "values.yaml", f"  passwordSecretName: {PW}"),
    # stored encoded, as a Secret's data: or Helm's b64enc keeps it: judged by what it encodes
    ("encoded-placeholder", "charts/loki/test/admin-token-secret.yaml",
     f"  password: {base64.b64encode(b'test-' + b'password').decode()}"),
]  # fmt: skip


def test_a_generated_password_stored_encoded_blocks() -> None:
    found = [f for f in scan(f"  password: {ENCODED}\n", path="charts/api/values.yaml")
             if f.blocking]
    assert [(f.rule, f.fingerprint) for f in found] == [(RULE, fingerprint(KEY, ENCODED))]


@pytest.mark.parametrize(
    ("path", "line"), [n[1:] for n in NEGATIVES], ids=[n[0] for n in NEGATIVES]
)
def test_what_is_no_generated_password_of_a_deployment_does_not_block(path: str, line: str) -> None:
    assert [f.rule for f in scan(line + "\n", path=path) if f.blocking] == []
