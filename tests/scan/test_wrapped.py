"""A value a formatter wrapped onto the line after its name is judged by that name: an Azure
Storage key (88 characters: Prettier always moves it) or a named service's key blocks as
it does on one line, and the finding is on the value's line. A value after a line that
leaves nothing open, or under a name no credential has, does not block."""

from __future__ import annotations

import base64
import random

import pytest

from pushguard.scan.pairs import joined
from pushguard.scan.secrets import fingerprint
from tests.helpers import tokens as t
from tests.scan.test_catalogue import KEY, scan


def _storage_key(seed: str) -> str:
    return base64.b64encode(random.Random(seed).randbytes(64)).decode()


def _service_key(seed: str) -> str:
    return t.high_entropy(32, t.ALNUM, random.Random(seed))


@pytest.mark.parametrize(
    ("path", "text", "rule", "provider"),
    [
        # Prettier
        ("src/storage.ts", 'export const AZURE_STORAGE_KEY =\n  "{storage}";\n',
         "azure-storage-key", "azure"),
        # an environment lookup with the key as its fallback
        ("src/storage.ts", 'export const key =\n  process.env.ACCOUNT_KEY ||\n  "{storage}";\n',
         "azure-storage-key", "azure"),
        # C++ brace initialisation
        ("src/storage.cpp", 'static const std::string AzuriteAccountKey{{\n    "{storage}"}};\n',
         "azure-storage-key", "azure"),
        ("src/Storage.java",
         'private static final String STORAGE_ACCOUNT_KEY =\n        "{storage}";\n',
         "azure-storage-key", "azure"),
        # Java and C# style: the line broken before the operator
        ("src/Storage.java",
         'public static final String DEFAULT_ACCOUNT_KEY\n        = "{storage}";\n',
         "azure-storage-key", "azure"),
        # Black's parentheses
        ("app/settings.py", 'SHODAN_API_KEY = (\n    "{service}"\n)\n',
         "named-provider-key", "shodan"),
        ("src/client.ts", 'const shodanApiKey =\n  "{service}";\n',
         "named-provider-key", "shodan"),
        ("config.yml", 'shodan_api_key:\n  "{service}"\n', "named-provider-key", "shodan"),
    ],
)  # fmt: skip
def test_a_wrapped_value_blocks_under_its_name(
    path: str, text: str, rule: str, provider: str
) -> None:
    storage, service = _storage_key(text), _service_key(text)
    body = text.format(storage=storage, service=service)
    [finding] = [f for f in scan(body, path) if f.blocking]
    secret = storage if "{storage}" in text else service
    assert (finding.rule, finding.provider) == (rule, provider)
    assert finding.fingerprint == fingerprint(KEY, secret)
    assert finding.line == next(n for n, line in enumerate(body.splitlines(), 1) if secret in line)


@pytest.mark.parametrize(
    "text",
    [
        # a name that is no credential's
        'export const CHECKSUM =\n  "{service}";\n',
        # an argument list: the value is not the call's name's
        'api = connect(host,\n    "{service}")\n',
        # a statement ended above: the next line is a value of its own
        'SHODAN_API_KEY = os.environ["SHODAN_API_KEY"]\n"{service}"\n',
    ],
)
def test_a_value_below_what_is_no_open_assignment_does_not_block(text: str) -> None:
    findings = scan(text.format(service=_service_key(text)), "src/client.py")
    assert [f for f in findings if f.blocking] == []


def test_only_a_lone_token_is_joined_to_its_name() -> None:
    token = _service_key("lone")
    assert joined(["KEY =", f'  "{token}";'], 1) == f'KEY = "{token}";'
    assert joined(["api_key:", f"  '{token}'"], 1) == f"api_key: '{token}'"
    # prose, a short word, a line that is not only the value, the first line
    assert joined(["KEY =", '  "two words that are prose"'], 1) is None
    assert joined(["KEY =", '  "short"'], 1) is None
    assert joined(["KEY =", f'  other = "{token}"'], 1) is None
    assert joined([f'  "{token}"'], 0) is None
    # under the argument before it
    assert joined(['    "AC0123456789",', f'    "{token}",'], 1) == f'"AC0123456789", "{token}",'
    # led by its operator, under the name alone; not under a finished statement
    assert joined(["String KEY", f'    = "{token}";'], 1) == f'String KEY = "{token}";'
    assert joined(["call();", f'    = "{token}";'], 1) is None


def test_a_call_s_arguments_one_per_line_are_read_together() -> None:
    """An SDK client built from an id and its secret, one argument per line: the secret is
    found by the id before it, as on one line, and only the secret is on its line."""
    rng = random.Random("pair")
    key_id = "AKIA" + t.rand(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", rng)
    secret = t.high_entropy(40, t.BASE64.rstrip("="), rng)
    text = f'session = boto3.Session(\n    "{key_id}",\n    "{secret}",\n)\n'
    found = {(f.rule, f.line): f for f in scan(text, "src/clients.py") if f.blocking}
    assert sorted(found) == [("aws-access-key", 2), ("aws-secret-key", 3)]
    assert found["aws-secret-key", 3].fingerprint == fingerprint(KEY, secret)


def test_a_value_is_not_reported_again_on_the_line_of_the_one_after_it() -> None:
    tokens = [t.google_api_key(random.Random(seed)) for seed in (1, 2)]
    text = "KEYS = [\n" + "".join(f'    "{token}",\n' for token in tokens) + "]\n"
    found = [(f.line, f.fingerprint) for f in scan(text, "app/keys.py") if f.blocking]
    assert found == [(2, fingerprint(KEY, tokens[0])), (3, fingerprint(KEY, tokens[1]))]


@pytest.mark.parametrize(
    ("path", "template", "line"),
    [
        # a Terraform variable's default, its name in the header above
        ("infra/variables.tf",
         'variable "aws_secret_access_key" {{\n  type      = string\n  sensitive = true\n'
         '  default   = "{secret}"\n}}\n', 4),
        # an ECS task's environment, a name/value pair
        ("deploy/task.json",
         '  {{\n    "name": "AWS_SECRET_ACCESS_KEY",\n    "value": "{secret}"\n  }}\n', 3),
    ],
)  # fmt: skip
def test_a_pair_s_value_is_read_under_its_name(path: str, template: str, line: int) -> None:
    """A structured rule that wants its name on the value's line (aws-secret-key) reads a
    pair's value, or a variable's default, joined to the name given above it."""
    secret = t.high_entropy(40, t.BASE64.rstrip("="), random.Random(path))
    found = [f for f in scan(template.format(secret=secret), path) if f.blocking]
    assert [(f.rule, f.line, f.fingerprint) for f in found] == [
        ("aws-secret-key", line, fingerprint(KEY, secret))
    ]
