"""Our detectors for cloud credentials the catalogue misses: AWS session tokens, legacy FCM
server keys, Azure SAS signatures, and the 32/40-hex keys only their variable's name
identifies (Datadog, Twilio). Each, built at run time, blocks under its own rule and provider
wherever people put it, through the engine with the catalogue tier as the hook builds it; an
expired SAS warns, and placeholders, other names and truncated values do not block."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from pushguard.scan.plugins.azure_sas import EXPIRED
from pushguard.scan.rulemeta import provider_of
from pushguard.scan.secrets import fingerprint
from pushguard.scan.types import Finding
from tests.helpers import tokens as t
from tests.scan.test_catalogue import KEY, scan

Make = Callable[[random.Random], tuple[str, str]]  # rng -> (value as written, its secret)

BLOB = "https://acmebackups.blob.core.windows.net/db/nightly.bak"


def _same(make: Callable[[random.Random], str]) -> Make:
    def both(rng: random.Random) -> tuple[str, str]:
        token = make(rng)
        return token, token

    return both


def _sas_url(rng: random.Random) -> tuple[str, str]:
    sig = t.azure_sas_signature(rng)
    return f"{BLOB}?{t.azure_sas_query(sig)}", sig


def _sas_query(rng: random.Random) -> tuple[str, str]:
    sig = t.azure_sas_signature(rng)
    return t.azure_sas_query(sig), sig


def _sas_in_xml(rng: random.Random) -> tuple[str, str]:
    url, sig = _sas_url(rng)
    return url.replace("&", "&amp;"), sig


def _sas_not_encoded(rng: random.Random) -> tuple[str, str]:
    sig = t.base64_secret(43, rng) + "="
    return f"{BLOB}?sv=2021-08-06&sr=b&sp=r&se=2099-01-01&sig={sig}", sig


# rule -> (provider, the variable it is kept in, its builder)
FORMATS: dict[str, tuple[str, str, Make]] = {
    "aws-session-token": ("aws", "AWS_SESSION_TOKEN", _same(t.aws_session_token)),
    "firebase-cloud-messaging-server-key": ("firebase", "FCM_SERVER_KEY",
                                            _same(t.fcm_server_key)),
    "azure-sas-token": ("azure", "AZURE_BACKUP_URL", _sas_url),
    "datadog-api-key": ("datadog", "DD_API_KEY", _same(t.datadog_api_key)),
    "datadog-app-key": ("datadog", "DD_APP_KEY", _same(t.datadog_app_key)),
    "twilio-auth-token": ("twilio", "TWILIO_AUTH_TOKEN", _same(t.twilio_auth_token)),
    "new-relic-license-key": ("new-relic", "NEW_RELIC_LICENSE_KEY",
                              _same(t.new_relic_license_key)),
}  # fmt: skip
# place -> (path, text around the value, line of the value)
PLACES = {
    "dotenv": ("app/.env", "# {rule}\n{name}={value}\n", 2),
    "shell": ("deploy/env.sh", 'set -eu\nexport {name}="{value}"\n', 2),
    "yaml": ("deploy/values.yaml", "env:\n  {name}: {value}\n", 2),
    "json": ("config/settings.json", '{{\n  "{name}": "{value}",\n  "region": "eu"\n}}', 2),
    "python": ("app/settings.py", 'import os\n\n{name} = "{value}"\n', 3),
}


def blocking(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.blocking]


def ours(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.rule in FORMATS]


def test_every_rule_names_its_provider() -> None:
    assert {rule: provider_of(rule) for rule in FORMATS} == {
        rule: provider for rule, (provider, _, _) in FORMATS.items()
    }


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("rule", FORMATS)
def test_a_cloud_credential_blocks_under_its_rule_and_provider(rule: str, place: str) -> None:
    provider, name, make = FORMATS[rule]
    value, secret = make(random.Random(f"{rule}/{place}"))
    path, template, line = PLACES[place]
    [finding] = scan(template.format(rule=rule, name=name, value=value), path)
    assert (finding.rule, finding.blocking, finding.provider) == (rule, True, provider)
    assert (finding.line, finding.confidence) == (line, "high")
    assert finding.fingerprint == fingerprint(KEY, secret)  # the whole secret, nothing more
    assert secret not in finding.redacted


def _url_encoded(token: str) -> str:
    return token.replace("/", "%2F").replace("+", "%2B").replace("=", "%3D")


VARIANTS: list[tuple[str, str, Make]] = [
    # AWS: the older header; `aws sts assume-role` output; a presigned URL (URL-encoded)
    ("aws-session-token", "aws_session_token = {value}",
     _same(lambda r: t.aws_session_token(r, legacy=True))),
    ("aws-session-token", '        "SessionToken": "{value}",', _same(t.aws_session_token)),
    ("aws-session-token", '"env": "AWS_REGION=eu-west-1\\n{value}"',
     _same(lambda r: t.aws_session_token(r, size=90))),
    ("aws-session-token",
     "curl 'https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256"
     "&X-Amz-Security-Token={value}&X-Amz-Signature=abc'",
     _same(lambda r: _url_encoded(t.aws_session_token(r)))),
    # FCM: the shortest and longest bodies; the legacy API's header
    ("firebase-cloud-messaging-server-key", "FCM_SERVER_KEY={value}",
     _same(lambda r: t.fcm_server_key(r, length=120))),
    ("firebase-cloud-messaging-server-key", "FCM_SERVER_KEY={value}",
     _same(lambda r: t.fcm_server_key(r, length=150))),
    ("firebase-cloud-messaging-server-key",
     "curl -X POST -H 'Authorization: key={value}' https://fcm.googleapis.com/fcm/send",
     _same(t.fcm_server_key)),
    # Azure: curl and az commands, a connection string, XML's &amp;, a signature not encoded
    ("azure-sas-token", 'curl -o nightly.bak "{value}"', _sas_url),
    ("azure-sas-token", "az storage blob download -c db -n nightly.bak "
     "--account-name acmebackups --sas-token '{value}' -f nightly.bak", _sas_query),
    ("azure-sas-token", '"Storage": "BlobEndpoint=https://acmebackups.blob.core.'
     'windows.net/;SharedAccessSignature={value}"', _sas_query),
    ("azure-sas-token", '<add key="BackupUrl" value="{value}" />', _sas_in_xml),
    ("azure-sas-token", 'BACKUP = "{value}"', _sas_not_encoded),
    # named hex keys: other names of Datadog's and Twilio's, code and container forms
    ("datadog-api-key", "DATADOG_API_KEY={value}", _same(t.datadog_api_key)),
    ("datadog-api-key", 'os.environ["DD_API_KEY"] = "{value}"', _same(t.datadog_api_key)),
    ("datadog-api-key", 'os.environ.setdefault("DD_API_KEY", "{value}")',
     _same(t.datadog_api_key)),
    ("datadog-api-key", "ENV DD_API_KEY {value}", _same(t.datadog_api_key)),
    ("datadog-api-key", "docker run -e DD_API_KEY={value} gcr.io/datadoghq/agent:7",
     _same(t.datadog_api_key)),
    ("datadog-api-key", 'TF_VAR_datadog_api_key="{value}"', _same(t.datadog_api_key)),
    # docs: the variable's name, "is", the value
    ("datadog-api-key", "- DD_API_KEY is {value} (set it in the agent's environment).",
     _same(t.datadog_api_key)),
    ("datadog-app-key", "DD_APPLICATION_KEY={value}", _same(t.datadog_app_key)),
    ("datadog-app-key", "  DATADOG_APP_KEY: '{value}'", _same(t.datadog_app_key)),
    ("twilio-auth-token", 'twilio_auth_token = "{value}"', _same(t.twilio_auth_token)),
    ("twilio-auth-token", "  twilioAuthToken: '{value}',", _same(t.twilio_auth_token)),
    # after the account SID in the helper libraries' calls, whatever they are named
    ("twilio-auth-token", 'client = Client("AC' + "4f" * 16 + '", "{value}")',
     _same(t.twilio_auth_token)),
    ("twilio-auth-token", "const sms = require('twilio')('AC" + "0a" * 16 + "', '{value}');",
     _same(t.twilio_auth_token)),
    # New Relic: the older all-hex keys, the infrastructure agent's name
    ("new-relic-license-key", "NEW_RELIC_LICENSE_KEY={value}",
     _same(lambda r: t.new_relic_license_key(r, suffixed=False))),
    ("new-relic-license-key", "NRIA_LICENSE_KEY={value}", _same(t.new_relic_license_key)),
    # under its own name, any 40 characters ending NRAL
    ("new-relic-license-key", "NEW_RELIC_LICENSE_KEY={value}",
     _same(lambda r: t.hex_secret(36, r) + "NRAL")),
    ("new-relic-license-key", "newrelic.license_key = '{value}'", _same(t.new_relic_license_key)),
    # camelCase in code, dotted in Java properties
    ("datadog-api-key", 'const datadogApiKey = "{value}";', _same(t.datadog_api_key)),
    ("datadog-api-key", "datadog.api.key={value}", _same(t.datadog_api_key)),
    ("datadog-app-key", "datadog.app.key={value}", _same(t.datadog_app_key)),
    ("twilio-auth-token", "twilio.auth.token={value}", _same(t.twilio_auth_token)),
    ("new-relic-license-key", 'const newRelicLicenseKey = "{value}";',
     _same(t.new_relic_license_key)),
    ("new-relic-license-key", "newrelic.license.key={value}", _same(t.new_relic_license_key)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "template", "make"),
    VARIANTS,
    ids=[f"{rule}-{i}" for i, (rule, _, _) in enumerate(VARIANTS)],
)
def test_every_kind_and_placement_blocks(rule: str, template: str, make: Make) -> None:
    value, secret = make(random.Random(rule))
    # (a generic warning may report a longer quoted string around it: it does not block)
    [finding] = blocking(scan(template.format(value=value) + "\n", "deploy/config.txt"))
    assert (finding.rule, finding.blocking) == (rule, True)
    assert finding.fingerprint == fingerprint(KEY, secret)


@pytest.mark.parametrize(
    ("path", "template"),
    [
        ("newrelic.yml", "common: &default_settings\n  license_key: '{key}'\n  app_name: Shop\n"),
        ("config/newrelic.ini", "[newrelic]\nlicense_key = {key}\n"),
        ("newrelic.js", "exports.config = {{\n  license_key: '{key}',\n}}\n"),
    ],
)
def test_a_license_key_blocks_in_the_agents_own_configuration(path: str, template: str) -> None:
    key = t.new_relic_license_key(random.Random(path))
    [finding] = blocking(scan(template.format(key=key), path))
    assert (finding.rule, finding.provider) == ("new-relic-license-key", "new-relic")
    assert finding.fingerprint == fingerprint(KEY, key)


@pytest.mark.parametrize(
    ("path", "template"),
    [
        ("src/log.js", "const headers = {{ 'X-License-Key': '{key}' }};\n"),
        ("main.go", 'newrelic.ConfigLicense("{key}"),\n'),
        ("docs/monitoring.md", "License Key: `{key}`\n"),
    ],
)
@pytest.mark.parametrize("eu", [False, True])
def test_a_current_license_key_blocks_wherever_it_is_written(
    path: str, template: str, eu: bool
) -> None:
    """Its FFFFNRAL ending says New Relic without a name or a file that does."""
    key = t.new_relic_license_key(random.Random(path), eu=eu)
    [finding] = blocking(scan(template.format(key=key), path))
    assert (finding.rule, finding.provider) == ("new-relic-license-key", "new-relic")
    assert finding.fingerprint == fingerprint(KEY, key)


def test_ours_wins_over_the_catalogues_datadog_rule() -> None:
    """The catalogue reports DATADOG_API_KEY's value too: one finding, ours."""
    key = t.datadog_api_key(random.Random(7))
    assert [(f.rule, f.blocking) for f in scan(f"DATADOG_API_KEY={key}\n")] == [
        ("datadog-api-key", True)
    ]


EXPIRIES = [
    ("2099-12-31", True),
    ("2099-12-31T23:59Z", True),
    ("2099-12-31T23%3A59%3A59Z", True),
    ("2099-12-31T23:59:59.0000000Z", True),
    ("2019-06-01", False),
    ("2021-06-01T12:00Z", False),
    ("2023-05-01T08%3A30%3A00Z", False),
    ("2019-12-31T23:59:59.0000000Z", False),
]


@pytest.mark.parametrize(("expiry", "blocks"), EXPIRIES)
def test_a_sas_is_judged_by_its_expiry(expiry: str, blocks: bool) -> None:
    sig = t.azure_sas_signature(random.Random(expiry))
    [finding] = scan(f"BACKUP_URL={BLOB}?{t.azure_sas_query(sig, expiry)}\n")
    assert (finding.rule, finding.provider) == ("azure-sas-token", "azure")
    assert finding.blocking is blocks
    assert finding.fingerprint == fingerprint(KEY, sig)
    assert finding.reason == ("" if blocks else EXPIRED)


STS_JSON = """{{
    "Credentials": {{
        "AccessKeyId": "{key_id}",
        "SecretAccessKey": "{secret}",
        "SessionToken": "{token}",
        "Expiration": "{expiry}"
    }}
}}
"""
STS_XML = """<Credentials>
  <AccessKeyId>{key_id}</AccessKeyId>
  <SecretAccessKey>{secret}</SecretAccessKey>
  <Expiration>{expiry}</Expiration>
  <SessionToken>{token}</SessionToken>
</Credentials>
"""


@pytest.mark.parametrize("template", [STS_JSON, STS_XML], ids=["cli-json", "api-xml"])
@pytest.mark.parametrize(
    ("expiry", "blocks"),
    [("2019-08-08T20:26:12Z", False), ("2021-03-01T10:00:00+00:00", False),
     ("2099-08-08T20:26:12Z", True)],
)  # fmt: skip
def test_sts_credentials_are_judged_by_their_expiration(
    template: str, expiry: str, blocks: bool
) -> None:
    """An STS call's output in docs: temporary credentials, dead once their Expiration is
    past; before it, they act as their role."""
    r = random.Random(expiry + template[:1])
    secret = t.aws_secret_key(r)
    text = template.format(
        key_id=t.aws_access_key_id(r, prefix="ASIA"), secret=secret,
        token=t.high_entropy(300, t.BASE64, r), expiry=expiry,
    )  # fmt: skip
    [finding] = [f for f in scan(text, "docs/sts/assume-role.md") if f.rule == "aws-secret-key"]
    assert finding.blocking is blocks
    assert finding.fingerprint == fingerprint(KEY, secret)


def test_a_sas_with_no_expiry_blocks() -> None:
    """Bound to a stored access policy (si=): its expiry is the container's, not written."""
    sig = t.azure_sas_signature(random.Random(2))
    [finding] = scan(f"BACKUP_URL={BLOB}?sv=2022-11-02&si=nightly&sr=b&sig={sig}\n")
    assert (finding.rule, finding.blocking) == ("azure-sas-token", True)


Text = Callable[[random.Random], str]
NEGATIVES: list[tuple[str, str, Text]] = [
    ("sas-without-sig", "app/.env",
     lambda r: f"BACKUP_URL={BLOB}?sv=2022-11-02&ss=b&srt=o&sp=r&se=2099-01-01T00:00:00Z"),
    ("sas-sig-placeholder", "docs/storage.md",
     lambda r: f"BACKUP_URL={BLOB}?sv=2022-11-02&sr=b&sp=r&sig=<signature>"),
    ("sas-sig-masked", "app/.env.example",
     lambda r: f"BACKUP_URL={BLOB}?sv=2022-11-02&sr=b&sp=r&sig=" + "x" * 44),
    ("sas-no-version", "app/.env",
     lambda r: f"BACKUP_URL={BLOB}?sr=b&sp=r&sig={t.azure_sas_signature(r)}"),
    ("dd-masked", ".env.example", lambda r: "DD_API_KEY=" + "x" * 32),
    ("dd-sequential", ".env.example", lambda r: "DD_API_KEY=" + "0123456789abcdef" * 2),
    ("dd-repeated", ".env.example", lambda r: "DD_API_KEY=" + "deadbeef" * 4),
    ("dd-40-hex", ".env", lambda r: f"DD_API_KEY={t.hex_secret(40, r)}"),
    ("dd-app-32-hex", ".env", lambda r: f"DD_APP_KEY={t.hex_secret(32, r)}"),
    ("dd-reference", "docker-compose.yml", lambda r: "      DD_API_KEY: ${DD_API_KEY}"),
    ("dd-file-name", ".env", lambda r: f"DD_API_KEY_FILE={t.hex_secret(32, r)}"),
    ("dd-glued-name", ".env", lambda r: f"ADD_API_KEY={t.hex_secret(32, r)}"),
    ("unrelated-name", ".env", lambda r: f"BUILD_HASH={t.hex_secret(32, r)}"),
    ("twilio-uppercase-hex", ".env",
     lambda r: f"TWILIO_AUTH_TOKEN={t.hex_secret(32, r).upper()}"),
    ("twilio-masked", ".env.example", lambda r: "TWILIO_AUTH_TOKEN=" + "0" * 32),
    # two digests in a row: no account SID before them
    ("hex-pair", "app/checks.py",
     lambda r: f'pairs = [("{t.hex_secret(32, r)}", "{t.hex_secret(32, r)}")]'),
    ("session-truncated", "docs/aws.md",
     lambda r: "AWS_SESSION_TOKEN=" + t.aws_session_token(r)[:60]),
    ("session-doc-ellipsis", "docs/aws.md",
     lambda r: "AWS_SESSION_TOKEN=" + t.aws_session_token(r)[:40] + "<remainder of token>"),
    ("fcm-registration-token", "app/devices.py",
     lambda r: f'DEVICE = "{t.rand(11, t.WORD_DASH, r)}:APA91b{t.rand(134, t.WORD_DASH, r)}"'),
    # an older key's 40 hex: whose, the file does not say
    ("license-key-elsewhere", "app/config.yml",
     lambda r: f"license_key: {t.new_relic_license_key(r, suffixed=False)}"),
    ("sha1-under-license", "app/.env",
     lambda r: f"NEW_RELIC_LICENSE_KEY_SHA={t.hex_secret(40, r)}"),
    ("fcm-short", "app/push.py",
     lambda r: f'KEY = "{t.fcm_server_key(r, length=60)}"'),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "make"), [n[1:] for n in NEGATIVES], ids=[n[0] for n in NEGATIVES]
)
def test_placeholders_other_names_and_truncated_values_do_not_block(path: str, make: Text) -> None:
    found = scan(make(random.Random(path)) + "\n", path)
    assert blocking(found) == []
    assert ours(found) == []


@pytest.mark.parametrize("rule", FORMATS)
def test_random_values_are_never_taken_for_placeholders(rule: str) -> None:
    _, name, make = FORMATS[rule]
    for seed in range(40):
        value, secret = make(random.Random(seed))
        found = scan(f"{name}={value}\n")
        assert [(f.rule, f.blocking) for f in found] == [(rule, True)], (seed, value)
        assert found[0].fingerprint == fingerprint(KEY, secret)


@pytest.mark.parametrize(
    "template",
    [
        'AWSCredentials creds = new BasicAWSCredentials("{id}", "{secret}");',  # Java
        "creds := credentials.NewStaticCredentials(`{id}`, `{secret}`, ``)",  # Go
        "Aws::Credentials.new('{id}', '{secret}')",  # Ruby
    ],
)
def test_a_secret_key_passed_after_its_key_id_blocks(template: str) -> None:
    """The SDKs' static credentials take the key id and the secret as two arguments, named
    nowhere: the key id beside it says whose the secret is, and both block."""
    rng = random.Random(template)
    key_id, secret = t.aws_access_key_id(rng), t.aws_secret_key(rng)
    found = {f.rule: f for f in scan(template.format(id=key_id, secret=secret) + "\n", "a.src")}
    assert found.keys() == {"aws-access-key", "aws-secret-key"}
    assert all(f.blocking and f.provider == "aws" for f in found.values())
    assert found["aws-secret-key"].fingerprint == fingerprint(KEY, secret)
    # a 40-character value after some other string is no secret key of AWS's
    other = scan(template.format(id="user-" + key_id[5:], secret=secret) + "\n", "a.src")
    assert [f.rule for f in other if f.blocking] == []


@pytest.mark.parametrize(
    ("path", "template", "line"),
    [
        ("src/sms.py",
         'client = Client(\n    "{sid}",\n    "{secret}",\n    "AC{account}",\n)\n', 3),
        ("scripts/sms.sh", 'curl -u "{sid}:{secret}" "$TWILIO_URL"\n', 1),
        ("infra/providers.tf",
         'provider "twilio" {{\n  username = "{sid}"\n  password = "{secret}"\n}}\n', 3),
    ],
)  # fmt: skip
def test_a_twilio_api_key_secret_blocks_beside_its_sid(path: str, template: str, line: int) -> None:
    rng = random.Random(path)
    sid, secret = t.twilio_sid("SK", rng), t.high_entropy(32, t.ALNUM, rng)
    text = template.format(sid=sid, secret=secret, account=t.hex_secret(32, rng))
    found = [f for f in blocking(scan(text, path)) if f.rule == "twilio-api-key-secret"]
    assert [(f.line, f.provider, f.fingerprint) for f in found] == [
        (line, "twilio", fingerprint(KEY, secret))
    ]


def test_a_password_with_no_api_key_sid_nearby_is_not_twilio_s() -> None:
    secret = t.high_entropy(32, t.ALNUM, random.Random(12))
    text = f'provider "other" {{\n  username = "deploy"\n  password = "{secret}"\n}}\n'
    assert "twilio-api-key-secret" not in {f.rule for f in scan(text, "infra/main.tf")}
