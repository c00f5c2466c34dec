"""Every detector against a table of real-format tokens (built at run time) and decoys."""

from __future__ import annotations

import base64
import random
import re
import subprocess
import sys
import uuid
from typing import Any

import pytest

from pushguard.scan.plugin import Detector
from pushguard.scan.plugins import all_detectors
from pushguard.scan.plugins.detect_secrets_adapter import DetectSecretsAdapter
from tests.helpers import tokens as t

DETECTORS = all_detectors()
BY_RULE = {d.rule: d for d in DETECTORS}
DASHES = "-" * 5


def report(line: str, path: str = "app/config.py") -> dict[str, tuple[str, bool, bool]]:
    """secret -> (rule, blocking, checksum_ok), keeping the most severe rule per secret as the
    engine does; only detectors whose prefilter hits the line run, as in the engine."""
    found: dict[str, tuple[str, bool, bool]] = {}
    for detector in DETECTORS:
        if not re.search(detector.prefilter, line, re.I):
            continue
        context = getattr(detector, "context", None)  # the engine's check, on a one-line block
        if context is not None and not (context.search(line) or context.search(path)):
            continue
        nearby = getattr(detector, "provider_nearby", None)  # the engine's, as well
        for match in detector.find(line, path):
            if nearby is not None and not match.provider and not nearby([line], 0, match.secret):
                continue
            kept = found.get(match.secret)
            if kept is None or (detector.blocking and not kept[1]):
                found[match.secret] = (detector.rule, detector.blocking, match.checksum_ok)
    return found


def pem_header(label: str) -> str:
    return f"{DASHES}BEGIN {label}{DASHES}"


# (line, path, rule, secret, checksum_ok): the one report expected for the line.
GL_ROUTABLE = t.gitlab_routable_pat()
POSITIVES = [
    ("huggingface-token", lambda s: f'HF_TOKEN = "{s}"', t.huggingface_token, True),
    ("huggingface-token", lambda s: f"huggingface-cli login --token {s}", t.huggingface_token,
     True),
    ("huggingface-org-token", lambda s: f"use_auth_token='{s}')", t.huggingface_org_token, True),
    ("github-token", lambda s: f"GITHUB_TOKEN={s}", lambda: t.github_token("ghp"), True),
    ("github-token", lambda s: f'"token": "{s}",', lambda: t.github_token("gho"), True),
    ("github-token", lambda s: f"Authorization: token {s}", lambda: t.github_token("ghu"), True),
    ("github-token", lambda s: f"installation: {s}", lambda: t.github_token("ghs"), True),
    ("github-token", lambda s: f"refresh={s}", lambda: t.github_token("ghr"), True),
    ("github-token", lambda s: f"GITHUB_TOKEN={s}", t.github_stateless_installation_token, True),
    ("github-token", lambda s: f"GITHUB_TOKEN={s}", lambda: t.github_token(valid=False), False),
    # a JSON-escaped newline right before the token is a boundary, not a glued letter
    ("github-token", lambda s: f'"env": "A=1\\n{s}\\n"', t.github_token, True),
    ("slack-token", lambda s: f'"env": "A=1\\n{s}"', t.slack_token, True),
    ("aws-access-key", lambda s: f'"env": "A=1\\n{s}"', t.aws_access_key_id, True),
    ("github-fine-grained-pat", lambda s: f"export GH_TOKEN={s}", t.github_fine_grained, True),
    ("npm-token", lambda s: f"//registry.npmjs.org/:_authToken={s}", t.npm_token, True),
    ("npm-token", lambda s: f'NPM_TOKEN: "{s}"', lambda: t.npm_token(valid=False), False),
    ("npm-token", lambda s: f"//registry.npmjs.org/:_authToken={s}",
     lambda: "123e4567-e89b-42d3-a456-" + t.hex_secret(12), True),
    ("gitlab-pat", lambda s: f'GITLAB_TOKEN: "{s}"', t.gitlab_pat, True),
    ("gitlab-pat", lambda s: f"PRIVATE-TOKEN: {s}", t.gitlab_routable_pat, True),
    ("gitlab-pat", lambda s: f"git clone https://oauth2:{s}@gitlab.example.com/g/p.git",
     lambda: GL_ROUTABLE, True),
    ("gitlab-pat", lambda s: f"token={s}", lambda: t.gitlab_routable_pat(valid=False), False),
    ("gitlab-pat", lambda s: f"token: {s}", lambda: t.gitlab_routable_pat(versioned=False),
     True),
    ("gitlab-pat", lambda s: f'"a\\n{s}"', lambda: t.gitlab_routable_pat(prefix="acme-glpat-"),
     True),
    ("gitlab-pat", lambda s: f"token={s}", lambda: t.gitlab_routable_pat(prefix="acme-glpat-"),
     True),
    ("gitlab-token", lambda s: f"CI_DEPLOY_TOKEN={s}", lambda: t.gitlab_pat(prefix="gldt-"), True),
    ("gitlab-token", lambda s: f"token = '{s}'", lambda: t.gitlab_pat(prefix="glrt-"), True),
    ("gitlab-token", lambda s: f"token: {s}", lambda: t.gitlab_routable_pat(prefix="glrt-t1_"),
     True),
    ("gitlab-token", lambda s: f"trigger: {s}", lambda: "glptt-" + t.hex_secret(40), True),
    ("openai-api-key", lambda s: f"OPENAI_API_KEY={s}", lambda: t.openai_key("legacy"), True),
    ("openai-api-key", lambda s: f'openai.api_key = "{s}"', lambda: t.openai_key("proj"), True),
    ("openai-api-key", lambda s: f"key: {s}", lambda: t.openai_key("svcacct"), True),
    ("openai-api-key", lambda s: f"key: {s}", lambda: t.openai_key("admin"), True),
    ("anthropic-api-key", lambda s: f'ANTHROPIC_API_KEY="{s}"', t.anthropic_key, True),
    ("anthropic-api-key", lambda s: f"x-api-key: {s}", lambda: t.anthropic_key("admin01"), True),
    ("google-api-key", lambda s: f"?key={s}&q=1", t.google_api_key, True),
    ("slack-token", lambda s: f'SLACK_BOT_TOKEN="{s}"', lambda: t.slack_token("xoxb"), True),
    ("slack-token", lambda s: f"token: {s}", lambda: t.slack_token("xoxp"), True),
    ("slack-token", lambda s: f"token: {s}", lambda: t.slack_token("xoxa"), True),
    ("slack-token", lambda s: f"token: {s}", lambda: t.slack_token("xoxr"), True),
    ("slack-token", lambda s: f"token: {s}", lambda: t.slack_token("xoxs"), True),
    ("slack-token", lambda s: f"SLACK_APP_TOKEN={s}", lambda: t.slack_token("xapp"), True),
    ("slack-token", lambda s: f"config: {s}", lambda: t.slack_token("xoxe.xoxp"), True),
    ("slack-token", lambda s: f"refresh: {s}", lambda: t.slack_token("xoxe"), True),
    ("slack-webhook", lambda s: f'webhook_url = "{s}"', t.slack_webhook_url, True),
    ("discord-webhook", lambda s: f'webhook_url = "{s}"', t.discord_webhook_url, True),
    ("discord-webhook", lambda s: f"DISCORD_WEBHOOK={s}",
     lambda: t.discord_webhook_url(host="discordapp.com"), True),
    ("discord-webhook", lambda s: f"curl -H 'Content-Type: application/json' -d @m.json {s}",
     lambda: t.discord_webhook_url(host="canary.discord.com"), True),
    ("discord-webhook", lambda s: f"url: {s}?wait=true",
     lambda: t.discord_webhook_url(host="ptb.discord.com").replace("/api/", "/api/v10/"), True),
    ("discord-webhook", lambda s: f'"{s}/github"', t.discord_webhook_url, True),
    ("discord-webhook", lambda s: f"hook = {s}",
     lambda: t.discord_webhook_url().removeprefix("https://"), True),
    ("private-key", lambda s: s, lambda: pem_header("RSA PRIVATE KEY"), True),
    ("private-key", lambda s: s, lambda: pem_header("OPENSSH PRIVATE KEY"), True),
    ("private-key", lambda s: s, lambda: pem_header("EC PRIVATE KEY"), True),
    ("private-key", lambda s: s, lambda: pem_header("PRIVATE KEY"), True),
    ("private-key", lambda s: s, lambda: pem_header("ENCRYPTED PRIVATE KEY"), True),
    ("private-key", lambda s: s, lambda: pem_header("PGP PRIVATE KEY BLOCK"), True),
    ("private-key", lambda s: f'KEY = """{s}', lambda: pem_header("DSA PRIVATE KEY"), True),
    ("private-key", lambda s: s, lambda: "PuTTY-User-Key-File-" + "2: ssh-rsa", True),
    ("private-key", lambda s: s, lambda: "PuTTY-User-Key-File-" + "3: ssh-ed25519", True),
    ("url-password", lambda s: f"DATABASE_URL=postgresql://app:{s}@db.internal:5432/app",
     t.password, True),
    ("url-password", lambda s: f'"mongodb+srv://svc:{s}@cluster0.mongodb.net/db"', t.password,
     True),
    ("url-password", lambda s: f"REDIS_URL=redis://default:{s}@cache:6379/0", t.password, True),
    ("url-password", lambda s: f"amqp://worker:{s}@mq/vhost", t.password, True),
    ("url-password", lambda s: f"mysql://root:{s}@127.0.0.1/db", t.password, True),
    ("url-password", lambda s: f"ftp://deploy:{s}@files.internal/", t.password, True),
    ("url-password", lambda s: f"smtp://mailer:{s}@smtp.internal:587", t.password, True),
    ("url-password", lambda s: f"proxy = 'http://u:{s}@proxy:3128'", t.password, True),
    ("pushguard-api-token", lambda s: f"PUSHGUARD_TOKEN={s}", t.pgt_token, True),
    ("pushguard-api-token", lambda s: f"PUSHGUARD_TOKEN={s}", lambda: t.pgt_token(valid=False),
     False),
    # detect-secrets adapters
    ("aws-access-key", lambda s: f"aws_access_key_id = {s}", t.aws_access_key_id, True),
    ("aws-access-key", lambda s: f"key: {s}", lambda: t.aws_access_key_id(prefix="ASIA"), True),
    ("aws-secret-key", lambda s: f'aws_secret_access_key = "{s}"', t.aws_secret_key, True),
    ("aws-secret-key", lambda s: f"aws_secret_access_key = {s}", t.aws_secret_key, True),
    ("aws-secret-key", lambda s: f"AWS_SECRET_ACCESS_KEY={s}", t.aws_secret_key, True),
    # Java properties (Spring's aws.secret.access.key) name it with dots
    ("aws-secret-key", lambda s: f"aws.secret.access.key={s}", t.aws_secret_key, True),
    # a shape-only format: AWS named nearby (STS output names its key id, Terraform its provider)
    ("aws-secret-key", lambda s: f'"Provider": "aws", "SecretAccessKey": "{s}",',
     t.aws_secret_key, True),
    ("aws-secret-key", lambda s: f'  secret_key = "{s}"  # aws', t.aws_secret_key, True),
    ("aws-secret-key", lambda s: f'<add key="AWSSecretKey" value="{s}" />', t.aws_secret_key,
     True),
    ("aws-secret-key", lambda s: f'os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "{s}")',
     t.aws_secret_key, True),
    ("aws-secret-key", lambda s: f'const AWS_SECRET_ACCESS_KEY: &str = "{s}";', t.aws_secret_key,
     True),
    ("aws-access-key", lambda s: f'aws_key = "{s}"', t.aws_secret_key, True),
    ("stripe-key", lambda s: f"STRIPE_SECRET_KEY={s}", t.stripe_key, True),
    ("stripe-key", lambda s: f"key: {s}", lambda: t.stripe_key("rk"), True),
    ("sendgrid-key", lambda s: f"SENDGRID_API_KEY={s}", t.sendgrid_key, True),
    ("discord-bot-token", lambda s: f'client.run("{s}")', t.discord_bot_token, True),
    ("telegram-bot-token", lambda s: f"TELEGRAM_TOKEN={s}", t.telegram_bot_token, True),
    ("telegram-bot-token", lambda s: f"curl https://api.telegram.org/bot{s}/getMe",
     t.telegram_bot_token, True),
    ("twilio-key", lambda s: f'TWILIO_API_KEY = "{s}"', t.twilio_sid, True),
    ("mailchimp-key", lambda s: f'MAILCHIMP_KEY = "{s}"', t.mailchimp_key, True),
    ("square-oauth-secret", lambda s: f"SQUARE_SECRET={s}", t.square_oauth_secret, True),
    ("azure-storage-key", lambda s: f'conn = "AccountName=acct;AccountKey={s};EndpointSuffix=x"',
     t.azure_storage_key, True),
    ("pypi-token", lambda s: f"password = {s}", t.pypi_token, True),
    ("artifactory-api-key", lambda s: f"X-JFrog-Art-Api: {s}", t.artifactory_token, True),
    # an Artifactory encrypted password ("AP" and a hex digit), detect-secrets' other shape
    ("artifactory-credentials", lambda s: f"ARTIFACTORY_PASSWORD={s}",
     lambda: "AP" + t.rand(1, "0123456789ABCDEF") + t.rand(20) + "7", True),
    ("cloudant-credentials", lambda s: f"cloudant_password = '{s}'", lambda: t.hex_secret(64),
     True),
    ("ibm-cloud-iam-key", lambda s: f"ibm_cloud_iam_api_key = '{s}'", t.ibm_cloud_iam_key, True),
    ("ibm-cos-hmac", lambda s: f'cos_hmac_secret_access_key = "{s}"', lambda: t.hex_secret(48),
     True),
    ("softlayer-credentials", lambda s: f'softlayer_api_key = "{s}"',
     lambda: t.rand(64, t.LOWER_ALNUM), True),
    ("jwt", lambda s: f'Authorization: "Bearer {s}"', t.jwt, True),
    ("secret-keyword", lambda s: f'db_password = "{s}"', t.password, True),
    ("secret-keyword", lambda s: f"  password: {s}", t.password, True),
    ("base64-high-entropy", lambda s: f'blob = "{s}"', lambda: t.high_entropy(40, t.BASE64), True),
    ("hex-high-entropy", lambda s: f"digest = '{s}'", lambda: t.high_entropy(30, t.HEX), True),
]  # fmt: skip

WARNINGS = {"secret-keyword", "base64-high-entropy", "hex-high-entropy"}  # a JWT: by its claims


def _positive_cases() -> list[Any]:
    cases: list[Any] = []
    for i, (rule, template, make, checksum_ok) in enumerate(POSITIVES):
        secret = make()
        line = template(secret)
        path = "config.yml" if line.startswith("  password:") else "app/config.py"
        cases.append(pytest.param(line, path, rule, secret, checksum_ok, id=f"{rule}-{i}"))
    return cases


@pytest.mark.parametrize(("line", "path", "rule", "secret", "checksum_ok"), _positive_cases())
def test_positive(line: str, path: str, rule: str, secret: str, checksum_ok: bool) -> None:
    found = report(line, path)
    assert set(found) == {secret}, f"{rule}: got {sorted(v[0] for v in found.values())}"
    got_rule, blocking, got_checksum = found[secret]
    assert got_rule == rule
    assert blocking is (rule not in WARNINGS)
    assert got_checksum is checksum_ok


@pytest.mark.parametrize(("line", "path", "rule", "secret", "checksum_ok"), _positive_cases())
def test_prefilter_matches_every_positive_line(
    line: str, path: str, rule: str, secret: str, checksum_ok: bool
) -> None:
    assert re.search(BY_RULE[rule].prefilter, line, re.I)


def test_npmrc_with_a_github_token_is_reported_once_as_github() -> None:
    token = t.github_token()
    assert report(f"//npm.pkg.github.com/:_authToken={token}") == {
        token: ("github-token", True, True)
    }


def test_a_private_registry_s_token_is_never_taken_for_npm_s() -> None:
    # Nexus' npm bearer tokens are "NpmToken." + a UUID; npm's API must not be asked about it
    nexus = "NpmToken." + str(uuid.UUID(int=random.Random(11).getrandbits(128), version=4))
    line = f"//nexus.example.com/repository/npm-group/:_authToken={nexus}"
    assert report(line, ".npmrc") == {nexus: ("npm-registry-token", True, True)}
    legacy = str(uuid.UUID(int=random.Random(12).getrandbits(128), version=4))
    assert report(f"//registry.npmjs.org/:_authToken={legacy}", ".npmrc") == {
        legacy: ("npm-token", True, True)
    }
    assert report(f"_authToken={legacy}", ".npmrc") == {legacy: ("npm-token", True, True)}
    # Yarn 2+'s .yarnrc.yml: the registry is set on another line, so not known to be npm's
    assert report(f'npmAuthToken: "{legacy}"', ".yarnrc.yml") == {
        legacy: ("npm-registry-token", True, True)
    }


def test_url_password_yields_the_password_only() -> None:
    password = t.password()
    (secret,) = report(f"postgres://app:{password}@db/app")
    assert secret == password


def test_one_line_pem_carries_its_key_material() -> None:
    body = t.base64_secret(64)
    line = f'"private_key": "{pem_header("RSA PRIVATE KEY")}\\n{body}\\n{body}\\n"'
    (secret,) = report(line)
    assert secret.endswith(body + body) and secret.startswith(DASHES + "BEGIN RSA")


def test_a_pem_escaped_twice_carries_the_same_key_material() -> None:
    """A notebook cell's JSON string holding a Python string: the same key as in a JSON file."""
    body = t.base64_secret(64)
    once = f'"private_key": "{pem_header("RSA PRIVATE KEY")}\\n{body}\\n{body}\\n"'
    twice = once.replace("\\n", "\\\\n").replace('"', '\\"')
    assert report(twice) == report(once) != {}


def test_a_twilio_application_sid_is_no_artifactory_password() -> None:
    """Twilio names an application "AP" + 32 lowercase hex, which Artifactory's password
    shape takes; its SIDs are identifiers. An Artifactory password, mixed case, still
    reports."""
    rng = random.Random("sid")
    sid = "AP" + "1" + t.rand(31, t.HEX, rng)
    assert report(f'{{"sid": "{sid}", "friendly_name": "app"}}', "tests/applications.json") == {}
    password = "AP" + "6" + t.rand(40, t.ALNUM, rng)
    assert [rule for rule, _, _ in report(f'password: "{password}"', "ci.yml").values()] == [
        "artifactory-credentials"
    ]


# The first bytes of files as their formats define them (magic numbers)
FILE_STARTS = {
    "png": b"\x89PNG\r\n\x1a\n", "jpeg": b"\xff\xd8\xff\xe0", "gif": b"GIF89a",
    "webp": b"RIFF\x24\x10\x00\x00WEBPVP8 ", "pdf": b"%PDF-1.7\n", "woff2": b"wOF2",
    "ttf": b"\x00\x01\x00\x00\x00\x0c", "svg": b'<svg xmlns="http://www.w3.org/2000/svg"',
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(FILE_STARTS))
def test_an_inlined_file_is_no_entropy_warning(kind: str) -> None:
    """A notebook keeps each plot as base64 in its JSON, a stylesheet its fonts: random-looking
    kilobytes that are data. The same characters without a file's start still warn."""
    rng = random.Random(kind)
    data = FILE_STARTS[kind] + rng.randbytes(600)
    inlined = base64.b64encode(data).decode()
    assert report(f'      "image/png": "{inlined}",', "notebooks/plots.ipynb") == {}
    drawn = base64.b64encode(rng.randbytes(len(data))).decode()
    found = report(f'      "blob": "{drawn}",', "notebooks/plots.ipynb")
    assert [(rule, blocking) for rule, blocking, _ in found.values()] == [
        ("base64-high-entropy", False)
    ]


@pytest.mark.parametrize("width", [64, 76])
def test_a_line_of_wrapped_base64_is_no_entropy_warning(width: int) -> None:
    """A notebook's animation keeps its frames as base64 wrapped at 76 characters, each line
    a JSON string ending in an escaped line break; JSON holds PEM's 64-wide lines so. The
    same characters as a value of their own still warn."""
    rng = random.Random(width)
    line = base64.b64encode(rng.randbytes(width * 3 // 4)).decode()
    for escaped in ("\\n", "\\\\\\n", "\\r\\n"):
        assert report(f'        "{line}{escaped}",', "notebooks/anim.ipynb") == {}, escaped
    found = report(f'blob = "{line}"', "app/config.py")
    assert [(rule, blocking) for rule, blocking, _ in found.values()] == [
        ("base64-high-entropy", False)
    ]


AWS_DOC_ID = "AKIA" + "IOSFODNN7" + "EXAMPLE"
AWS_DOC_SAK = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCY" + "EXAMPLEKEY"
GH = t.github_token()
HF = t.huggingface_token()
SLACK_DOC_HOOK = "https://hooks.slack.com/services/T00000000/B00000000/" + "X" * 24
DISCORD_HOOKS = "https://discord.com/api/webhooks/"
DISCORD_HOOK = t.discord_webhook_url()
# a README's made-up token: an alphabet run of the right length
DISCORD_SEQUENTIAL = (
    "abcdefghijklmnopqrstuvwxyz" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ" + "0123456789abcdef"
)

# (line, path): nothing may be reported.
DECOYS = [
    pytest.param(f"aws_access_key_id = {AWS_DOC_ID}", "a.cfg", id="aws-doc-id"),
    pytest.param(f'aws_secret_access_key = "{AWS_DOC_SAK}"', "a.py", id="aws-doc-secret"),
    pytest.param(f"GITHUB_TOKEN=ghp_{'x' * 36}", ".env", id="gh-x-placeholder"),
    pytest.param(f'os.environ.get("HF_AUTH_TOKEN", "hf_{"x" * 34}")', "a.py", id="hf-x"),
    pytest.param("HF_TOKEN=<your-token>", ".env", id="angle-placeholder"),
    pytest.param('token = "${GITHUB_TOKEN}"', "a.py", id="shell-template"),
    pytest.param('password: "{{ vault_password }}"', "a.yml", id="jinja-template"),
    pytest.param('password = "%(password)s" % ctx', "a.py", id="percent-template"),
    pytest.param("SLACK_TOKEN=your_token_here", ".env", id="your-token-here"),
    pytest.param('password = "changeme"', "a.py", id="changeme"),
    pytest.param('password = os.environ["DB_PASSWORD"]', "a.py", id="os-environ"),
    pytest.param('api_key = os.getenv("API_KEY")', "a.py", id="os-getenv"),
    pytest.param("const secret = process.env.SECRET_TOKEN;", "a.js", id="process-env"),
    pytest.param('password = ENV["DB_PASSWORD"]', "a.rb", id="ruby-env"),
    pytest.param('etag = "d41d8cd98f00b204e9800998ecf8427e"', "a.py", id="md5"),
    pytest.param(f'commit = "{t.hex_secret(40)}"', "a.py", id="sha1"),
    # an AWS key id's body is base32: a 0, 1, 8 or 9 in it makes it no key id
    pytest.param(f"aws_access_key_id = {t.aws_access_key_id()[:12]}0{t.aws_access_key_id()[:7]}",
                 ".env", id="aws-id-not-base32"),
    pytest.param('client_secret = "123e4567-e89b-12d3-a456-426614174000"', "a.py", id="uuid"),
    pytest.param(f'"integrity": "sha512-{t.base64_secret(86)}==",', "package-lock.json",
                 id="npm-integrity"),
    pytest.param(f"  integrity sha512-{t.base64_secret(86)}==", "yarn.lock", id="yarn-integrity"),
    pytest.param(f'checksum = "{t.hex_secret(64)}"', "Cargo.lock", id="cargo-checksum"),
    pytest.param(f'{{file = "x.whl", hash = "sha256:{t.hex_secret(64)}"}},', "poetry.lock",
                 id="poetry-hash"),
    # embedded in longer words / wrong length
    pytest.param(f"my{GH}", "a.py", id="gh-glued-before"),
    pytest.param(f"{GH}X", "a.py", id="gh-glued-after"),
    pytest.param(f"x = {GH[:-1]}", "a.py", id="gh-too-short"),
    pytest.param(f"x{HF}", "a.py", id="hf-glued"),
    pytest.param(f"x = {HF[:-1]}", "a.py", id="hf-too-short"),
    pytest.param("- (id)hf_" "requiredCharacteristicTypesForDisplayMetadata;", "a.m",
                 id="hf-identifier"),
    pytest.param("const api_org_controller = require('./org');", "a.js", id="api-org-identifier"),
    pytest.param(f"x = {t.npm_token()[:-1]}", "a.py", id="npm-too-short"),
    pytest.param("//registry.npmjs.org/:_authToken=${NPM_TOKEN}", ".npmrc", id="npmrc-template"),
    pytest.param(f"x = {t.gitlab_pat()[:-1]}", "a.py", id="glpat-too-short"),
    pytest.param(f"x = {t.google_api_key()}Z", "a.py", id="google-too-long"),
    pytest.param(f"x = {t.anthropic_key()}x", "a.py", id="anthropic-glued"),
    pytest.param(f"x = abc{t.aws_access_key_id()}", "a.py", id="aws-glued"),
    pytest.param("xoxb-12345-abcd234 xoxb-xoxb-my-bot-token", "a.md", id="slack-fakes"),
    pytest.param("https://github.com/xoxa-nyc/xoxa-nyc.github.io", "a.md", id="xoxa-in-url"),
    # a workspace token cut short by a stray character: all digits, no drawn body
    pytest.param(f"slack token - 'xoxa-{t.rand(11, '0123456789')}?{t.rand(11, '0123456789')}c'",
                 "a.md", id="xoxa-digits-only"),
    pytest.param(f"SLACK_WEBHOOK={SLACK_DOC_HOOK}", ".env", id="slack-doc-webhook"),
    pytest.param(f"DISCORD_WEBHOOK={DISCORD_HOOKS}<id>/<token>", ".env",
                 id="discord-angle-placeholder"),
    pytest.param(f"POST {DISCORD_HOOKS}{{webhook.id}}/{{webhook.token}}", "a.md",
                 id="discord-reference-template"),
    pytest.param(f"webhook = '{DISCORD_HOOKS}123/{DISCORD_SEQUENTIAL}'", "a.py",
                 id="discord-short-id"),
    pytest.param(f"webhook = '{DISCORD_HOOKS}123456789012345678/{DISCORD_SEQUENTIAL}'", "a.py",
                 id="discord-sequential"),
    pytest.param(f"webhook = '{DISCORD_HOOKS}{'0' * 18}/{'X' * 68}'", "a.py", id="discord-masked"),
    pytest.param(f"x = {DISCORD_HOOK}a", "a.py", id="discord-token-too-long"),
    pytest.param(f"x = {DISCORD_HOOK[:-1]}", "a.py", id="discord-token-too-short"),
    pytest.param(f"x = https://mydiscord.com/{DISCORD_HOOK.partition('.com/')[2]}", "a.py",
                 id="discord-other-host"),
    # private-key look-alikes
    pytest.param(f'if line.startswith("{pem_header("RSA PRIVATE KEY")}"):', "a.py",
                 id="pem-constant"),
    pytest.param(f'"key": "{pem_header("PRIVATE KEY")}\\n...\\n{DASHES}END PRIVATE KEY{DASHES}"',
                 "a.json", id="pem-placeholder"),
    pytest.param(f'"{pem_header("PRIVATE KEY")}\\nMIIEvQIB...\\n{DASHES}END PRIVATE KEY{DASHES}"',
                 "a.py", id="pem-truncated-one-line"),
    # hex under a secret's name is one (it warns); under a digest's name it is a digest
    pytest.param(f'SECRET_KEY_SHA1 = "{t.hex_secret(40)}"', "settings.py", id="secret-key-digest"),
    pytest.param(f"id = robot{t.telegram_bot_token()}", "a.py", id="telegram-glued"),
    pytest.param("Authorization: Bot MTk4NjIyNDgzNDcxOTI1MjQ4" ".Cl2FMQ.ZnCjm1XVW7vRze4b7"
                 "Cq4se7kKWs", "a.md", id="discord-doc-example"),
    pytest.param(pem_header("PUBLIC KEY"), "a.pem", id="public-key"),
    pytest.param("the private key is loaded from disk", "a.md", id="prose"),
    # URL look-alikes
    pytest.param("postgres://user:${DB_PASSWORD}@db:5432/app", ".env", id="url-template"),
    pytest.param("mysql://root:@localhost/db", ".env", id="url-empty-password"),
    pytest.param("redis://:****@cache:6379", ".env", id="url-mask"),
    pytest.param("postgresql://postgres:postgres@localhost/test", "a.py", id="url-default"),
    pytest.param("https://user:password@example.com/x", "a.md", id="url-word-password"),
    pytest.param("amqp://guest:guest@localhost:5672/", "a.py", id="url-guest"),
    pytest.param('create_engine("oracle://scott:tiger@host/db")', "a.py", id="url-scott-tiger"),
    pytest.param("connect('mssql://u:p@dsn')", "a.py", id="url-one-letter"),
    pytest.param("postgres://app:mysecretpassword@localhost/app", "a.md", id="url-wordy"),
    pytest.param("https://ci:${{ secrets.DEPLOY_TOKEN }}@example.org/x", "ci.yml",
                 id="url-actions-template"),
    pytest.param('url = "postgres://%s:%s@%s/%s" % args', "a.py", id="url-percent"),
    pytest.param('url = f"postgres://{user}:{password}@{host}/db"', "a.py", id="url-fstring"),
    pytest.param("git clone git@github.com:org/repo.git", "a.md", id="scp-url"),
    pytest.param("see https://example.com:8080/a@b", "a.md", id="url-port-at"),
    # checksum formats with fake bodies
    pytest.param(f"sk_live_{'abcdefghijklmnopqrstuvwx'}", "a.py", id="stripe-sequential"),
    # a run with a "-", which Stripe's keys never hold: another service's key (Apideck's)
    pytest.param(f"stripe_key = 'sk_live_{t.rand(40)}-{t.rand(30)}'", "a.py",
                 id="stripe-dashed-run"),
    # a drawn body finished by hand ("...abc123456")
    pytest.param(f"stripe_key = 'sk_live_{t.rand(40)}{'abc'}{'123456'}'", "a.py",
                 id="stripe-typed-tail"),
    # an Artifactory API key is "AKC" + 70: a shorter one is a fragment or made up
    pytest.param(f"X-JFrog-Art-Api: {t.artifactory_token()[:46]}", "a.sh",
                 id="artifactory-too-short"),
    # an Artifactory password is drawn: "AP" + a hex digit + a name is a class's name
    pytest.param('    "APActivationPayload",', "lexers/_cocoa_builtins.py",
                 id="artifactory-camel-case-name"),
    # ordinary code
    pytest.param("def verify_password(password: str) -> bool:", "a.py", id="code-password"),
    pytest.param("for key in keys: print(key)", "a.py", id="code-key"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "path"), DECOYS)
def test_decoy(line: str, path: str) -> None:
    assert report(line, path) == {}


ADAPTERS = [d for d in DETECTORS if isinstance(d, DetectSecretsAdapter)]


@pytest.mark.parametrize("adapter", ADAPTERS, ids=lambda d: d.rule)
def test_adapter_prefilter_covers_every_line_its_plugin_flags(
    adapter: DetectSecretsAdapter,
) -> None:
    lines = [(p.values[0], p.values[1]) for p in _positive_cases() + DECOYS]
    lines += [(line, "config.yml") for line, _ in lines] + [(line, "a.go") for line, _ in lines]
    prefilter = re.compile(adapter.prefilter, re.I)
    flagged = [(line, path) for line, path in lines if list(adapter.candidates(line, path))]
    assert flagged  # the table exercises every plugin
    assert [line for line, _ in flagged if not prefilter.search(line)] == []


@pytest.mark.parametrize("plugin", ["Base64HighEntropyString", "HexHighEntropyString"])
def test_an_entropy_adapter_computes_detect_secrets_own_entropy(plugin: str) -> None:
    """The same float as the plugin's: the adapter counts only the characters a string holds."""
    from pushguard.scan.plugins.detect_secrets_adapter import _shannon_entropy
    from pushguard.scan.plugins.detect_secrets_import import import_plugin

    found = getattr(import_plugin("high_entropy_strings"), plugin)()
    rng = random.Random(plugin)
    for alphabet in (found.charset, found.charset + "\"' .é", "0123456789", "ab"):
        for length in (1, 2, 7, 23, 40, 120):
            text = "".join(rng.choice(alphabet) for _ in range(length))
            assert _shannon_entropy(found, text) == found.calculate_shannon_entropy(text)


def test_the_keyword_plugin_s_regexes_need_what_the_adapter_looks_for() -> None:
    """A regex the adapter skips on a line lacking what it needs (``_needs``) finds nothing
    on such a line: lines of keywords, operators, quotes and values, drawn at random."""
    from pushguard.scan.plugins.detect_secrets_adapter import _needs

    rng = random.Random("keyword-needs")

    def assignment() -> str:
        name = rng.choice(["password", "db_pass", "secret", "API_KEY", "pwd"])
        quote, value = rng.choice(["", '"', "'", "`"]), rng.choice(["hunter2x", "S3cr3tV4lue"])
        if rng.random() < 0.2:  # a comparison: "value" == password
            return f"{quote}{value}{quote} {rng.choice(['==', '!=', '!', '='])} {name}"
        operator = rng.choice(
            ["", " ", "=", "==", "!=", "!==", "!", ":", ":=", "=>", "(", ".assign(", " = @", "[0]="]
        )
        closing, end = rng.choice(["", '"', "]"]), rng.choice(["", ";", ")", ",", " x;"])
        return f"{name}{closing}{operator}{quote}{value}{quote}{end}"

    lines = [
        rng.choice(["", " ", ", ", "; "]).join(assignment() for _ in range(rng.randint(1, 3)))
        for _ in range(5000)
    ]
    for pattern, needs in _needs().items():
        flagged = [line for line in lines if pattern.search(line)]
        assert flagged  # the lines exercise every regex
        assert [line for line in flagged if not any(need in line for need in needs)] == []


ORDINARY = """\
import os
from collections.abc import Iterable


def load(path: str) -> dict[str, str]:
    with open(path) as fh:
        return {k: v for k, v in (line.split("=", 1) for line in fh)}


class Handler:
    timeout = 30
    url = "https://example.com/api/v1/items?page=2"
    def run(self, items: Iterable[str]) -> None:
        for item in items:
            self.log.info("processing %s", item)
"""


def test_prefilters_are_selective_on_ordinary_code() -> None:
    combined = re.compile("|".join(f"(?:{d.prefilter})" for d in DETECTORS), re.I)
    assert combined.search(ORDINARY) is None


def top_level_branches(pattern: str) -> list[str]:
    branches, depth, in_class, escaped, current = [], 0, False, False, ""
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(current)
            current = ""
            continue
        current += char
    return [*branches, current]


@pytest.mark.parametrize("detector", DETECTORS, ids=lambda d: d.rule)
def test_detector_shape(detector: Detector) -> None:
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", detector.rule)
    prefilter = re.compile(detector.prefilter, re.I)
    assert prefilter.search("") is None and prefilter.search("\n") is None
    # Lowercase so it also works without re.I over lowercased text, and every branch opens
    # with a literal so a combined alternation can skip ahead on its first characters.
    assert detector.prefilter == detector.prefilter.lower()
    for branch in top_level_branches(detector.prefilter):
        assert branch[:1] not in ("", "(", "[", ".") and not re.match(r"\\[a-z]", branch), branch


def test_rule_ids_are_unique_and_generic_ones_warn() -> None:
    rules = [d.rule for d in DETECTORS]
    assert len(rules) == len(set(rules))
    assert {d.rule for d in DETECTORS if not d.blocking} == WARNINGS


@pytest.mark.parametrize("seed", range(25))
def test_random_tokens_of_every_format_are_found(seed: int) -> None:
    rng = random.Random(seed)
    cases = {
        "github-token": t.github_token("gh" + rng.choice("pousr"), rng=rng),
        "github-fine-grained-pat": t.github_fine_grained(rng),
        "npm-token": t.npm_token(rng=rng),
        "gitlab-pat": t.gitlab_routable_pat(rng=rng),
        "huggingface-token": t.huggingface_token(rng),
        "openai-api-key": t.openai_key(rng.choice(["proj", "svcacct", "admin", "legacy"]), rng),
        "anthropic-api-key": t.anthropic_key(rng=rng),
        "google-api-key": t.google_api_key(rng),
        "slack-token": t.slack_token(rng.choice(["xoxb", "xoxp", "xapp"]), rng),
        "discord-webhook": t.discord_webhook_url(rng),
        "pushguard-api-token": t.pgt_token(rng=rng),
    }
    for rule, token in cases.items():
        for line in (token, f'"{token}"', f"k={token};", f"`{token}`", f"({token})"):
            assert report(line) == {token: (rule, True, True)}, line


def test_importing_the_registry_does_not_import_detect_secrets() -> None:
    code = (
        "import sys\n"
        "from pushguard.scan.plugins import all_detectors\n"
        "ds = all_detectors()\n"
        "assert not [m for m in sys.modules if m.startswith('detect_secrets')], 'eager'\n"
        "from pushguard.scan.plugins.detect_secrets_adapter import DetectSecretsAdapter\n"
        "adapter = next(d for d in ds if isinstance(d, DetectSecretsAdapter))\n"
        "list(adapter.find('nothing here', 'a.py'))\n"
        "assert 'detect_secrets' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


KEYWORD_CODE = """\
def check_password(self, password):
    if not password:
        raise ValueError("no secret")
    return hash_password(password, self.secret_key)
"""


def test_keyword_prefilter_skips_code_that_only_names_secrets() -> None:
    """Vendored code is full of such words; only assignments and comparisons of a value
    can be flagged by the keyword plugin, so only they may reach it."""
    [keyword] = [d for d in DETECTORS if d.rule == "secret-keyword"]
    prefilter = re.compile(keyword.prefilter, re.I)
    assert [line for line in KEYWORD_CODE.splitlines() if prefilter.search(line)] == []


def test_keyword_in_a_long_minified_line_is_still_found() -> None:
    value = t.password(20)
    filler = ";".join(f"var a{n}=function(b){{return b+{n}}}" for n in range(6000))
    line = f'{filler};var password = "{value}";{filler}'
    assert len(line) > 200_000
    assert report(line, "static/app.min.js")[value] == ("secret-keyword", False, True)


def test_keyword_with_a_long_quoted_value_in_a_long_line_is_found() -> None:
    value = t.rand(1040)
    line = f'\tsecret = "{value}"'
    assert report(line, "pkg/detectors/x/x_test.go")[value] == ("secret-keyword", False, True)
