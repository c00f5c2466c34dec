"""Recall and precision of the whole engine, format by format and file type by file type.

Recall: every token format of /work/shared/providers.md ("Formats"), built at run time by
``tests.helpers.tokens``, is embedded in many realistic files (dotenv, JSON, YAML, source code
of several languages, shell, Dockerfile, .npmrc, Terraform, XML, Markdown, CRLF files...) and
must come out as one blocking finding of the right rule whose fingerprint is that of the
whole token (a truncated match would fingerprint, redact and revoke the wrong string).

Precision: realistic files full of things that look like secrets but are not (placeholders,
references to secret stores, documentation examples, digests, lock files, data URIs, code
that merely names passwords) must not block a push.

The engine runs as the hook builds it: every detector, the false-positive filters and the
default policy. Each file is handed over as git's diff parser would (a new file's lines,
``\\r`` kept on CRLF lines, no final newline), and a few cases go through real git.
"""

from __future__ import annotations

import base64
import json
import random
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

import pytest

from pushguard.config import ScanConfig
from pushguard.scan.engine import Engine
from pushguard.scan.filters import false_positive_reason
from pushguard.scan.plugins import all_detectors
from pushguard.scan.secrets import fingerprint
from pushguard.scan.types import AddedBlock, Finding
from tests.helpers import tokens as t
from tests.helpers.catalogue import detector as catalogue_detector
from tests.helpers.catalogue import needs_catalogue, share_cache
from tests.helpers.gitrepo import GitRepo

KEY = b"r" * 32
COMMIT = "5e" * 20
# as the hook builds it: with the catalogue tier where its package is installed
ENGINE = Engine(
    all_detectors(),
    key=KEY,
    policy=ScanConfig(),
    false_positive=false_positive_reason,
    catalogue=catalogue_detector(),
)
DASHES = "-" * 5


def scan(text: str, path: str) -> list[Finding]:
    """The findings for ``text`` added as a new file at ``path``."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # git's "+" lines: a final newline ends the last line, it adds none
    return ENGINE.scan_block(AddedBlock(COMMIT, path, 1, "\n".join(lines)))


def blocking(findings: Sequence[Finding]) -> list[tuple[str, str]]:
    return sorted((f.rule, f.fingerprint) for f in findings if f.blocking)


# --- the formats ------------------------------------------------------------------------


class Format(NamedTuple):
    """One token format: how to make one, the rule that must report it, a variable name a
    person would store it under, and what the finding is about (a URL's password)."""

    id: str
    rule: str
    name: str
    make: Callable[[random.Random], str]
    kind: str = "token"  # "token", "url" (a whole URL), "named" (only found by its name)
    secret: Callable[[str], str] = lambda value: value
    families: frozenset[str] = frozenset()  # file types it belongs to: "npmrc", "pypirc"


def _password(url: str) -> str:
    password = urlsplit(url).password
    assert password is not None
    return password


def _url(scheme: str, user: str, host: str, path: str) -> Callable[[random.Random], str]:
    def make(rng: random.Random) -> str:
        return t.connection_url(scheme, user, t.password(20, rng), host, None, path)

    return make


def _url_at_sign(rng: random.Random) -> str:
    # "@" left unencoded in the password: parsers split userinfo at the last "@"
    password = t.password(8, rng) + "@" + t.password(8, rng)
    return t.connection_url("mysql", "root", password, "db.internal", 3306, "/shop")


NPM_FAMILY = frozenset({"npmrc"})
F = Format
FORMATS = [
    F("hf", "huggingface-token", "HF_TOKEN", lambda r: t.huggingface_token(r)),
    F("hf-org", "huggingface-org-token", "HF_ORG_TOKEN", lambda r: t.huggingface_org_token(r)),
    F("x-bearer", "twitter-bearer-token", "TWITTER_BEARER_TOKEN", lambda r: t.x_bearer_token(r)),
    *(F(p, "github-token", "GITHUB_TOKEN", lambda r, p=p: t.github_token(p, rng=r),
        families=NPM_FAMILY) for p in ("ghp", "gho", "ghu", "ghr", "ghs")),
    F("ghs-stateless", "github-token", "GITHUB_TOKEN",
      lambda r: t.github_stateless_installation_token(r)),
    F("github-pat", "github-fine-grained-pat", "GH_TOKEN", lambda r: t.github_fine_grained(r),
      families=NPM_FAMILY),
    F("glpat-legacy", "gitlab-pat", "GITLAB_TOKEN", lambda r: t.gitlab_pat(r),
      families=NPM_FAMILY),
    F("glpat-routable", "gitlab-pat", "GITLAB_TOKEN", lambda r: t.gitlab_routable_pat(rng=r),
      families=NPM_FAMILY),
    F("gitlab-routable-unversioned", "gitlab-pat", "GITLAB_TOKEN",
      lambda r: t.gitlab_routable_pat(rng=r, versioned=False)),
    F("glpat-instance-prefix", "gitlab-pat", "GITLAB_TOKEN",
      lambda r: t.gitlab_routable_pat(rng=r, prefix="acme-glpat-")),
    F("glrt-routable", "gitlab-token", "RUNNER_TOKEN",
      lambda r: t.gitlab_routable_pat(rng=r, prefix="glrt-t1_")),
    *(F(p.rstrip("-").lower(), "gitlab-token", "GITLAB_CI_TOKEN",
        lambda r, p=p: t.gitlab_token(p, r)) for p in (*t.GITLAB_OTHER, "glcbt-")),
    *(F(k, "slack-token", "SLACK_TOKEN", lambda r, k=k: t.slack_token(k, r))
      for k in ("xoxb", "xoxp", "xapp", "xoxe.xoxp", "xoxe", "xoxa", "xoxr", "xoxs")),
    F("slack-webhook", "slack-webhook", "SLACK_WEBHOOK_URL", lambda r: t.slack_webhook_url(r),
      kind="url"),
    F("slack-workflow-webhook", "slack-webhook", "SLACK_WEBHOOK_URL",
      lambda r: t.slack_webhook_url(r, kind="triggers"), kind="url"),
    *(F(f"discord-webhook-{h.partition('.')[0]}", "discord-webhook", "DISCORD_WEBHOOK_URL",
        lambda r, h=h: t.discord_webhook_url(r, host=h), kind="url")
      for h in ("discord.com", "discordapp.com", "canary.discord.com", "ptb.discord.com")),
    F("discord-webhook-v10", "discord-webhook", "DISCORD_WEBHOOK_URL",
      lambda r: t.discord_webhook_url(r).replace("/api/", "/api/v10/"), kind="url"),
    *(F(f"aws-{p.lower()}", "aws-access-key", "AWS_ACCESS_KEY_ID",
        lambda r, p=p: t.aws_access_key_id(r, p)) for p in ("AKIA", "ASIA", "ABIA", "ACCA")),
    F("aws-secret", "aws-secret-key", "AWS_SECRET_ACCESS_KEY", lambda r: t.aws_secret_key(r),
      kind="named"),
    *(F(f"openai-{k}", "openai-api-key", "OPENAI_API_KEY", lambda r, k=k: t.openai_key(k, r))
      for k in ("legacy", "proj", "svcacct", "admin")),
    # a project key with the legacy halves (20 + marker + 20): no length may be assumed
    F("openai-proj-2024", "openai-api-key", "OPENAI_API_KEY",
      lambda r: "sk-proj-" + t.openai_key("legacy", r)[3:]),
    *(F(f"anthropic-{k}", "anthropic-api-key", "ANTHROPIC_API_KEY",
        lambda r, k=k: t.anthropic_key(k, r)) for k in ("api03", "admin01")),
    F("stripe-sk", "stripe-key", "STRIPE_SECRET_KEY", lambda r: t.stripe_key("sk", rng=r)),
    F("stripe-rk", "stripe-key", "STRIPE_KEY", lambda r: t.stripe_key("rk", rng=r)),
    F("npm", "npm-token", "NPM_TOKEN", lambda r: t.npm_token(rng=r), families=NPM_FAMILY),
    F("pypi", "pypi-token", "PYPI_TOKEN", lambda r: t.pypi_token(r),
      families=frozenset({"pypirc"})),
    F("testpypi", "pypi-token", "TEST_PYPI_TOKEN", lambda r: t.pypi_token(r, test=True),
      families=frozenset({"pypirc"})),
    F("google", "google-api-key", "GOOGLE_API_KEY", lambda r: t.google_api_key(r)),
    # issue 8's recall gaps
    F("ghr-refresh", "github-token", "GITHUB_REFRESH_TOKEN", t.github_refresh_token),
    F("google-oauth-client-secret", "google-oauth-client-secret", "GOOGLE_CLIENT_SECRET",
      t.google_oauth_client_secret),
    F("pypi-shortest", "pypi-token", "PYPI_TOKEN",
      lambda r: "pypi-AgEIcHlwaS5vcmc" + t.rand(50, t.ALNUM, r), families=frozenset({"pypirc"})),
    F("sendgrid", "sendgrid-key", "SENDGRID_API_KEY", lambda r: t.sendgrid_key(r)),
    F("discord", "discord-bot-token", "DISCORD_TOKEN", lambda r: t.discord_bot_token(r)),
    F("telegram", "telegram-bot-token", "TELEGRAM_BOT_TOKEN",
      lambda r: t.telegram_bot_token(r)),
    F("twilio-sk", "twilio-key", "TWILIO_API_KEY", lambda r: t.twilio_sid("SK", r)),
    F("pgt", "pushguard-api-token", "PUSHGUARD_TOKEN", lambda r: t.pgt_token(rng=r)),
    *(F(f"url-{s}-{u or 'nouser'}", "url-password", "DATABASE_URL", _url(s, u, h, p), kind="url",
        secret=_password)
      for s, u, h, p in [
          ("postgres", "app", "db.internal:5432", "/billing"),
          ("postgresql", "billing_rw", "10.0.3.7", "/billing?sslmode=require"),
          ("mysql", "wp", "mysql.prod.internal:3306", "/wordpress"),
          ("redis", "default", "cache.internal:6379", "/0"),
          ("redis", "", "redis-master.cache.svc:6379", "/1"),
          ("postgresql+psycopg2", "svc", "pg.internal", "/app"),
          ("smtp", "alerts@example.com", "smtp.example.com:587", ""),
          ("rediss", "default", "redis-1234.c1.cloud.redislabs.com:16379", ""),
          ("amqp", "worker", "rabbitmq:5672", "/jobs"),
          ("amqps", "svc", "b-1234.mq.eu-west-1.amazonaws.com:5671", ""),
          ("mongodb+srv", "svc_app", "cluster0.ab1cd.mongodb.net", "/prod?retryWrites=true"),
          ("mongodb", "admin", "mongo-0.mongo:27017,mongo-1.mongo:27017", "/?authSource=admin"),
      ]),
    F("url-password-with-at", "url-password", "DATABASE_URL", _url_at_sign, kind="url",
      secret=_password),
]  # fmt: skip
# Providers only the catalogue tier knows (issue 8): "@provider" expects a finding of any of
# the catalogue's rules for that provider (two catalogue rules may describe one format).
CATALOGUE_FORMATS = [
    F(provider, "@" + provider, name, make)
    for provider, (make, name) in sorted(t.CATALOGUE_PROVIDERS.items())
]


# --- the files they are written into ----------------------------------------------------


class Context(NamedTuple):
    """A realistic file; ``«N»``/``«n»`` stand for the variable name (as given / lowercase),
    ``«V»`` for the value. ``kinds``: which formats it suits; ``family``: only formats of
    that family (an .npmrc holds registry tokens)."""

    id: str
    path: str
    template: str
    kinds: frozenset[str] = frozenset({"token", "url", "named"})
    family: str = ""

    def render(self, fmt: Format, value: str) -> str:
        text = self.template.replace("«N»", fmt.name).replace("«n»", fmt.name.lower())
        return text.replace("«V»", value)


TOKEN = frozenset({"token"})
VALUES = frozenset({"token", "url"})  # the value alone says what it is
C = Context
CONTEXTS = [
    # dotenv and shell
    C("dotenv", ".env", "# production\nDEBUG=false\n«N»=«V»\nLOG_LEVEL=info\n"),
    C("dotenv-export-quoted", "scripts/env.sh", 'set -eu\nexport «N»="«V»"\nexport X=1\n'),
    C("dotenv-single-quoted", ".env.production", "«N»='«V»'\n"),
    C("dotenv-spaces", "config/app.env", "«N» = «V»\n"),
    C("shell-curl-bearer", "scripts/deploy.sh",
      'curl -fsS -H "Authorization: Bearer «V»" https://api.example.com/v1/deploy\n', TOKEN),
    C("shell-cli-flag", "Makefile", "login:\n\ttool login --token «V» --verbose\n", TOKEN),
    C("powershell", "deploy.ps1", '$env:«N» = "«V»"\n'),
    # JSON
    C("json-pretty", "config/settings.json",
      '{\n  "name": "billing",\n  "«n»": "«V»",\n  "retries": 3\n}\n'),
    C("json-last-value", "config.json", '{"service": "billing", "timeout": 30, "«N»": "«V»"}'),
    C("json-escaped-newline-assignment", "deploy/task.json",
      '{"environment": "LOG_LEVEL=info\\n«N»=«V»\\nREGION=eu-west-1"}\n'),
    C("json-escaped-newline-before", "notes.json", '{"lines": "rotate weekly:\\n«V»\\n"}\n',
      VALUES),
    C("notebook", "analysis.ipynb",
      '   "source": [\n    "import os\\n",\n    "os.environ[\\"«N»\\"] = \\"«V»\\"\\n"\n   ]\n'),
    # YAML
    C("yaml-plain", "config.yml", "service:\n  name: billing\n  «n»: «V»\n"),
    C("yaml-double-quoted", "values.yaml", 'auth:\n  «n»: "«V»"\n'),
    C("yaml-single-quoted", "config/secrets.yaml", "«n»: '«V»'\n"),
    C("yaml-block-literal", "k8s/configmap.yaml",
      "data:\n  app.env: |\n    LOG_LEVEL=info\n    «N»=«V»\n"),
    C("yaml-block-folded", "config/token.yaml", "deploy:\n  token: >-\n    «V»\n", VALUES),
    C("compose-environment", "docker-compose.yml",
      "services:\n  app:\n    environment:\n      - «N»=«V»\n"),
    C("actions-env", ".github/workflows/ci.yml",
      "jobs:\n  build:\n    env:\n      «N»: «V»\n    steps:\n      - run: make\n"),
    C("k8s-stringdata", "k8s/secret.yaml", "kind: Secret\nstringData:\n  «n»: «V»\n"),
    # source code
    C("python", "app/settings.py", 'import os\n\n«N» = "«V»"\n'),
    C("python-kwarg", "client.py", "client = Client(api_key='«V»', timeout=10)\n", VALUES),
    C("python-fstring", "app/api.py",
      'headers = {"Authorization": f"Bearer «V»", "X-Request": f"{rid}"}\n', TOKEN),
    C("python-fstring-url", "app/fetch.py",
      'url = f"https://api.example.com/{path}?token=«V»&page={page}"\n', TOKEN),
    C("python-env-default", "app/conf.py", 'TOKEN = os.environ.get("«N»", "«V»")\n'),
    C("python-triple-quoted", "app/defaults.py",
      'CONFIG = """\n[auth]\n«n» = «V»\n"""\n'),
    C("javascript", "src/config.js", "const «n» = '«V»';\nmodule.exports = { «n» };\n"),
    C("js-template-literal", "src/api.ts",
      "const res = await fetch(`https://api.example.com/items?key=«V»&q=${q}`);\n", TOKEN),
    C("js-object", "src/client.js", 'const client = new Client({\n  auth: "«V»",\n});\n',
      VALUES),
    C("go", "main.go", 'package main\n\nconst «n» = "«V»"\n'),
    C("go-raw-string", "internal/conf.go", "var token = `«V»`\n", VALUES),
    C("java", "src/main/java/App.java",
      'class App {\n    private static final String «N» = "«V»";\n}\n'),
    C("java-properties", "src/main/resources/application.properties",
      "spring.application.name=billing\napp.«n»=«V»\n"),
    C("ruby", "config/initializers/client.rb",
      "Client.configure do |config|\n  config.«n» = '«V»'\nend\n"),
    C("ruby-env-fetch", "config/app.rb", 'TOKEN = ENV.fetch("«N»", "«V»")\n'),
    C("php", "config/app.php", "<?php\n$config['«n»'] = '«V»';\n"),
    C("csharp", "Settings.cs", 'public const string «N» = "«V»";\n'),
    C("rust", "src/main.rs", 'const «N»: &str = "«V»";\n'),
    # build and infrastructure files
    C("dockerfile-env", "Dockerfile", "FROM python:3.12-slim\nENV «N»=«V»\nRUN pip install .\n"),
    C("dockerfile-arg", "docker/Dockerfile", "ARG «N»=«V»\n"),
    C("dockerfile-env-space", "Dockerfile.dev", "ENV «N» «V»\n"),
    C("npmrc", ".npmrc",
      "registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=«V»\n", TOKEN,
      "npmrc"),
    C("npmrc-quoted", "frontend/.npmrc", '//npm.pkg.github.com/:_authToken="«V»"\n', TOKEN,
      "npmrc"),
    C("pypirc", ".pypirc",
      "[distutils]\nindex-servers = pypi\n\n[pypi]\nusername = __token__\npassword = «V»\n",
      TOKEN, "pypirc"),
    C("terraform", "main.tf", 'provider "example" {\n  token = "«V»"\n}\n', VALUES),
    C("terraform-variable", "variables.tf",
      'variable "«n»" {\n  type    = string\n  default = "«V»"\n}\n', VALUES),
    C("tfvars", "prod.auto.tfvars", '«n» = "«V»"\n'),
    C("toml", "config.toml", '[auth]\n«n» = "«V»"\n'),
    C("ini", "settings.ini", "[auth]\n«n» = «V»\n"),
    C("xml-attribute", "App.config",
      '<appSettings>\n  <add key="«N»" value="«V»" />\n</appSettings>\n'),
    C("xml-element", "settings.xml", "<server>\n  <«n»>«V»</«n»>\n</server>\n"),
    C("http-file", "api.http", "GET https://api.example.com/me\nAuthorization: Bearer «V»\n",
      TOKEN),
    C("git-remote", "scripts/mirror.sh",
      "git push https://ci:«V»@git.example.com/org/repo.git HEAD:main\n", TOKEN),
    C("url-userinfo", "scripts/clone.sh", "git clone https://«V»@git.example.com/org/r.git\n",
      TOKEN),
    C("json-authorization-header", "collection.json",
      '{"key": "Authorization", "value": "Bearer «V»", "type": "text"}\n', TOKEN),
    C("html-attribute", "templates/index.html", '<div id="app" data-token="«V»"></div>\n',
      VALUES),
    # prose and positions in the line
    C("markdown-code-block", "README.md", "## Setup\n\n```bash\nexport «N»=«V»\n```\n"),
    C("markdown-inline-code", "docs/setup.md", "Use `«V»` for the staging account.\n",
      VALUES),
    C("url-query", "scripts/fetch.sh",
      "wget 'https://api.example.com/v1/data?key=«V»&format=json'\n", TOKEN),
    C("end-of-line", "notes.txt", "staging token: «V»\n", VALUES),
    C("end-of-sentence", "docs/notes.md", "The staging credential is «V».\n", VALUES),
    C("comment", "app/main.py", "x = 1  # old: «V»\n", VALUES),
    C("csv", "data/keys.csv", "env,key,created\nprod,«V»,2024-05-01\n", VALUES),
    C("properties-colon", "app.properties", "app.«n»:«V»\n"),
    C("json-escaped-tab-before", "x.json", '{"t": "a\\t«V»"}', VALUES),
    C("end-of-file", "token.txt", "«V»", VALUES),
    C("end-of-file-assignment", ".env.ci", "A=1\n«N»=«V»"),
    C("parentheses", "docs/rotate.md", "The old key («V») was revoked.\n", VALUES),
    C("brackets", "keys.yml", "tokens: [«V»]\n", VALUES),
    C("python-list", "app/keys.py", 'KEYS = ["«V»", ]\n', VALUES),
    C("crlf", ".env.windows", "APP=billing\r\n«N»=«V»\r\nDEBUG=0\r\n"),
    C("crlf-yaml-last-line", "conf/win.yml", "auth:\r\n  «n»: «V»\r\n"),
    C("tab", "config.tsv", "name\tvalue\n«n»\t«V»\n"),
    C("tab-yaml", "settings.conf", "«n»:\t«V»\n"),
]  # fmt: skip


def _applies(context: Context, fmt: Format) -> bool:
    if fmt.kind not in context.kinds:
        return False
    return not context.family or context.family in fmt.families


@pytest.mark.parametrize(
    "fmt",
    [*FORMATS, *(pytest.param(f, marks=needs_catalogue) for f in CATALOGUE_FORMATS)],
    ids=lambda f: f.id,
)
def test_every_format_blocks_in_every_file(fmt: Format) -> None:
    rng = random.Random(fmt.id)
    missed = []
    for context in CONTEXTS:
        if not _applies(context, fmt):
            continue
        value = fmt.make(rng)
        found = scan(context.render(fmt, value), context.path)
        expected = [(fmt.rule, fingerprint(KEY, fmt.secret(value)))]
        if fmt.rule.startswith("@"):
            found = [f._replace(rule="@" + f.provider) for f in found]
        if blocking(found) != expected:
            got = [(f.rule, f.blocking, f.reason or "blocking") for f in found]
            missed.append(f"{context.id}: {got}")
    assert missed == []


def test_every_format_suits_many_files() -> None:
    for fmt in FORMATS:
        assert sum(_applies(c, fmt) for c in CONTEXTS) >= (3 if fmt.families else 30), fmt.id


# --- private keys: multi-line values ------------------------------------------------------


def _escaped(block: str) -> str:
    return block.replace("\n", "\\n")


KEY_CONTEXTS: list[tuple[str, str, Callable[[str], str]]] = [
    ("raw-file", "deploy/id_rsa", lambda k: k + "\n"),
    ("raw-no-final-newline", "certs/server.key", lambda k: k),
    ("crlf", "certs/win.key", lambda k: k.replace("\n", "\r\n") + "\r\n"),
    ("gcp-service-account-json", "sa.json",
     lambda k: '{\n  "type": "service_account",\n  "private_key_id": "1",\n'
               f'  "private_key": "{_escaped(k)}\\n",\n  "client_email": "a@b.iam"\n}}\n'),
    ("dotenv-escaped", ".env", lambda k: f'JWT_PRIVATE_KEY="{_escaped(k)}"\n'),
    # a service account's JSON pasted into a notebook cell: the cell's source is a JSON
    # string holding a Python string, so each line break is escaped twice
    ("notebook-service-account", "explore.ipynb",
     lambda k: json.dumps({"cells": [{"cell_type": "code", "source": [
         "SA_KEY = {\n", '    "type": "service_account",\n',
         f'    "private_key": "{_escaped(k)}\\n",\n', "}\n"]}]}, indent=1)),
    ("yaml-block", "k8s/tls.yaml",
     lambda k: "stringData:\n  tls.key: |\n" + textwrap.indent(k, "    ") + "\n"),
    ("python-triple-quoted", "tests/keys.py", lambda k: f'KEY = """{k}\n"""\n'),
    ("terraform-heredoc", "main.tf", lambda k: f"private_key = <<EOF\n{k}\nEOF\n"),
    ("markdown", "docs/ssh.md", lambda k: f"Key:\n\n```\n{k}\n```\n"),
    # issue 8: keys written as concatenated string literals, one line each
    ("java-concatenation", "src/test/java/KeyTest.java",
     lambda k: "String key =\n" + " +\n".join(f'    "{line}\\n"' for line in k.split("\n"))
     + ";\n"),
    ("js-concatenation-header-closed", "test/keys.js",
     lambda k: "const key =\n" + " +\n".join(f"  '{line}'" for line in k.split("\n")) + ";\n"),
    ("python-implicit-concatenation", "tests/conftest.py",
     lambda k: "KEY = (\n" + "".join(f'    "{line}\\n"\n' for line in k.split("\n")) + ")\n"),
]  # fmt: skip
PEM_KINDS = ["RSA", "EC", "DSA", "OPENSSH", "PKCS8", "ENCRYPTED", "PGP"]


@pytest.mark.parametrize("kind", [*PEM_KINDS, "RSA-LEGACY-ENCRYPTED", "PUTTY2", "PUTTY3"])
def test_private_keys_block_wherever_they_are_written(kind: str) -> None:
    rng = random.Random(kind)
    missed = []
    for name, path, render in KEY_CONTEXTS:
        if kind.startswith("PUTTY") and name not in ("raw-file", "crlf", "yaml-block"):
            continue  # .ppk files are not embedded in JSON or code
        found = scan(render(_key_block(kind, rng)), path)
        if [f.rule for f in found if f.blocking] != ["private-key"]:
            missed.append(f"{name}: {[(f.rule, f.blocking) for f in found]}")
    assert missed == []


def test_an_aws_key_pair_in_terraform_state_blocks() -> None:
    """terraform.tfstate of an aws_iam_access_key: the key id as "id", its secret as a bare
    "secret" on the next line."""
    key_id, secret = t.aws_access_key_id(), t.aws_secret_key()
    state = {"version": 4, "resources": [{"type": "aws_iam_access_key", "instances": [
        {"attributes": {"id": key_id, "secret": secret, "user": "deploy"}}]}]}  # fmt: skip
    found = blocking(scan(json.dumps(state, indent=2), "infra/terraform.tfstate"))
    assert found == sorted(
        [("aws-access-key", fingerprint(KEY, key_id)), ("aws-secret-key", fingerprint(KEY, secret))]
    )


@pytest.mark.parametrize("kind", PEM_KINDS)
def test_base64_encoded_private_keys_block(kind: str) -> None:
    encoded = base64.b64encode(t.private_key_block(kind, random.Random(kind)).encode()).decode()
    for text, path in [
        (f"data:\n  tls.key: {encoded}\n", "k8s/secret.yaml"),
        (f'{{"privateKeyBase64": "{encoded}"}}\n', "config/app.json"),
        (f"SSH_KEY_B64={encoded}\n", ".env"),
    ]:
        assert blocking(scan(text, path)) == [("private-key-base64", fingerprint(KEY, encoded))]


def test_base64_encoded_public_material_and_placeholders_do_not_block() -> None:
    rng = random.Random(8)
    public = t.private_key_block("PKCS8", rng).replace("PRIVATE KEY", "PUBLIC KEY")
    label = "RSA PRIVATE KEY"
    fake = f"{DASHES}BEGIN {label}{DASHES}\n<your key here>\n{DASHES}END {label}{DASHES}"
    for pem in (public, fake):
        encoded = base64.b64encode(pem.encode()).decode()
        assert blocking(scan(f"data:\n  tls.key: {encoded}\n", "k8s/secret.yaml")) == []


def _key_block(kind: str, rng: random.Random) -> str:
    if kind != "RSA-LEGACY-ENCRYPTED":
        return t.private_key_block(kind, rng)
    # OpenSSL's traditional encrypted PEM: headers between BEGIN and the base64 body
    lines = t.private_key_block("RSA", rng).split("\n")
    iv = t.rand(32, "0123456789ABCDEF", rng)
    return "\n".join([lines[0], "Proc-Type: 4,ENCRYPTED", f"DEK-Info: AES-256-CBC,{iv}", "",
                      *lines[1:]])  # fmt: skip


def test_telegram_token_in_a_bot_api_url() -> None:
    token = t.telegram_bot_token(random.Random(5))
    for line in (
        f"curl https://api.telegram.org/bot{token}/getMe",
        f'URL = f"https://api.telegram.org/bot{token}/sendMessage?chat_id={{chat}}"',
    ):
        found = scan(line, "notify.sh")
        assert blocking(found) == [("telegram-bot-token", fingerprint(KEY, token))], line
    # a word that merely ends in "bot" is still glued to the digits
    assert blocking(scan(f"id = robot{token}", "a.py")) == []


def test_hyperscan_prefilter_agrees_on_every_file(tmp_path: Path) -> None:
    pytest.importorskip("hyperscan")
    from pushguard.scan.prefilter import HyperscanPrefilter, RegexPrefilter, make_prefilter

    patterns = [d.prefilter for d in all_detectors()]
    fast = make_prefilter(patterns, tmp_path, compile_if_missing=True)
    assert isinstance(fast, HyperscanPrefilter)
    slow = RegexPrefilter(patterns)
    rng = random.Random(3)
    texts = [c.render(f, f.make(rng)) for f in FORMATS for c in CONTEXTS if _applies(c, f)]
    texts += [text for _, _, text in CLEAN]
    for text in texts:
        data = text.encode()
        assert {k: sorted(v) for k, v in fast.hits(data).items()} == {
            k: sorted(v) for k, v in slow.hits(data).items()
        }


# --- AWS: a key id with its secret ----------------------------------------------------------

AWS_FILES: list[tuple[str, str, Callable[[str, str], str]]] = [
    ("credentials", ".aws/credentials",
     lambda i, s: f"[default]\naws_access_key_id = {i}\naws_secret_access_key = {s}\n"),
    ("dotenv", ".env", lambda i, s: f"AWS_ACCESS_KEY_ID={i}\nAWS_SECRET_ACCESS_KEY={s}\n"),
    ("boto3", "app/s3.py",
     lambda i, s: f'boto3.client("s3", aws_access_key_id="{i}",\n'
                  f'             aws_secret_access_key="{s}")\n'),
    ("sts-json", "creds.json",
     lambda i, s: f'{{"Credentials": {{\n  "AccessKeyId": "{i}",\n'
                  f'  "SecretAccessKey": "{s}",\n  "SessionToken": "x"}}}}\n'),
    ("terraform", "provider.tf",
     lambda i, s: f'provider "aws" {{\n  access_key = "{i}"\n  secret_key = "{s}"\n}}\n'),
    ("java", "S3.java",
     lambda i, s: f'String accessKey = "{i}";\nString awsSecretKey = "{s}";\n'),
    ("yaml", "config/aws.yml",
     lambda i, s: f"aws:\n  access_key_id: {i}\n  secret_access_key: {s}\n"),
    ("js", "src/aws.js",
     lambda i, s: f"new S3Client({{ credentials: {{ accessKeyId: '{i}',\n"
                  f"  secretAccessKey: '{s}' }} }});\n"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "path", "render"), AWS_FILES, ids=[f[0] for f in AWS_FILES])
def test_aws_key_id_and_secret_both_block(
    name: str, path: str, render: Callable[[str, str], str]
) -> None:
    rng = random.Random(name)
    key_id, secret = t.aws_access_key_id(rng), t.aws_secret_key(rng)
    found = scan(render(key_id, secret), path)
    assert blocking(found) == sorted([("aws-access-key", fingerprint(KEY, key_id)),
                                      ("aws-secret-key", fingerprint(KEY, secret))])  # fmt: skip


# --- precision: realistic files with no secret ----------------------------------------------

R = random.Random(1729)
HEX40, HEX64, HEX128 = t.hex_secret(40, R), t.hex_secret(64, R), t.hex_secret(128, R)
SRI = "sha512-" + t.base64_secret(86, R) + "=="
AWS_DOC_ID = "AKIA" + "IOSFODNN7" + "EXAMPLE"
AWS_DOC_SECRET = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCY" + "EXAMPLEKEY"
PNG = "iVBORw0KGgoAAAANSUhEUgAA" + t.base64_secret(600, R) + "=="
SOURCE_MAP = ",".join(t.rand(R.randint(4, 9), t.BASE64, R) for _ in range(300))

# (id, path, text): no blocking finding; "quiet" ones must give no finding at all.
CLEAN: list[tuple[str, str, str]] = [
    ("placeholder-x-runs", ".env.example",
     f"HF_TOKEN=hf_{'x' * 34}\nGITHUB_TOKEN=ghp_{'X' * 36}\nNPM_TOKEN=npm_{'x' * 36}\n"
     f"OPENAI_API_KEY=sk-proj-{'x' * 40}\nSLACK_BOT_TOKEN=xoxb-{'x' * 10}\n"),
    ("placeholder-angle", "README.md",
     "export HF_TOKEN=<your-token>\ncurl -H 'Authorization: Bearer <YOUR_API_KEY>' ...\n"
     "password: <password>\nDATABASE_URL=postgres://<user>:<password>@<host>/<db>\n"),
    ("placeholder-words", "docs/config.md",
     "api_key = 'YOUR_API_KEY'\ntoken: your-token-here\nSECRET_KEY=changeme\n"
     "password = 'REPLACE_ME'\nGITHUB_TOKEN=ghp_yourtokenhere\n"),
    ("shell-variables", "scripts/publish.sh",
     'export GITHUB_TOKEN="${GITHUB_TOKEN}"\nexport NPM_TOKEN=$(cat /run/secrets/npm)\n'
     'curl -H "Authorization: Bearer $(gcloud auth print-access-token)" https://x\n'
     'curl -H "Authorization: token $GH_TOKEN" https://api.github.com/user\n'
     "psql postgres://app:${DB_PASSWORD}@db:5432/app\n"),
    ("npmrc-variable", ".npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n"),
    ("python-env-lookups", "app/settings.py",
     'token = os.environ["HF_TOKEN"]\npassword = os.environ.get("DB_PASSWORD")\n'
     'api_key = os.getenv("OPENAI_API_KEY", "")\nSECRET_KEY = env("SECRET_KEY")\n'),
    ("js-env-lookups", "src/config.js",
     "const token = process.env.GITHUB_TOKEN;\nconst secret = process.env.JWT_SECRET || '';\n"
     "export const apiKey = import.meta.env.VITE_API_KEY;\n"),
    ("actions-secrets", ".github/workflows/release.yml",
     "env:\n  HF_TOKEN: ${{ secrets.HF_TOKEN }}\n  NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n"
     "with:\n  password: ${{ secrets.DOCKERHUB_PASSWORD }}\n  token: '{{ secrets.X }}'\n"),
    ("templates", "deploy/values.yaml",
     'password: "{{ vault_db_password }}"\ntoken: {{ .Values.token | quote }}\n'
     "secret: {{ secrets.API_SECRET }}\n"),
    ("aws-doc-examples", ".aws/credentials",
     f"[default]\naws_access_key_id = {AWS_DOC_ID}\naws_secret_access_key = {AWS_DOC_SECRET}\n"),
    ("git-shas", "CHANGELOG.md",
     f"commit {HEX40}\nFixed in {HEX40[:12]}.\nrev: {t.hex_secret(40, R)}\n"),
    ("pinned-actions", ".github/workflows/ci.yml",
     f"    - uses: actions/checkout@{t.hex_secret(40, R)} # v4.1.1\n"),
    ("digests", "Dockerfile",
     f"FROM python:3.12@sha256:{HEX64}\nARG NODE_SHA256={t.hex_secret(64, R)}\n"
     f'RUN echo "{t.hex_secret(64, R)}  node.tar.xz" | sha256sum -c -\n'),
    ("sha512-digest", "release.json", f'{{"file": "app.tgz", "sha512": "{HEX128}"}}\n'),
    ("uuids", "app/config.py",
     'CLIENT_ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"\n'
     "tenant_id: 9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d\n"
     'client_secret_id = "b8e2c9a4-7d3f-4a1e-9c6b-2f8e1d4a7b3c"\n'),
    ("package-lock", "package-lock.json",
     f'    "node_modules/lodash": {{\n      "resolved": "https://registry.npmjs.org/'
     f'lodash/-/lodash-4.17.21.tgz",\n      "integrity": "{SRI}"\n    }}\n'),
    ("yarn-lock", "yarn.lock",
     f'lodash@^4.17.21:\n  version "4.17.21"\n  resolved "https://registry.yarnpkg.com/'
     f'lodash/-/lodash-4.17.21.tgz#{t.hex_secret(40, R)}"\n  integrity {SRI}\n'),
    ("pnpm-lock", "pnpm-lock.yaml", f"  /lodash@4.17.21:\n    resolution: {{integrity: {SRI}}}\n"),
    ("poetry-lock", "poetry.lock",
     f'files = [\n    {{file = "requests-2.31.0-py3-none-any.whl", '
     f'hash = "sha256:{t.hex_secret(64, R)}"}},\n]\n'),
    ("cargo-lock", "Cargo.lock",
     f'[[package]]\nname = "serde"\nversion = "1.0.193"\nchecksum = "{t.hex_secret(64, R)}"\n'),
    ("go-sum", "go.sum",
     f"golang.org/x/net v0.17.0 h1:{t.base64_secret(43, R)}=\n"
     f"golang.org/x/net v0.17.0/go.mod h1:{t.base64_secret(43, R)}=\n"),
    ("pipfile-lock", "Pipfile.lock", f'        "hashes": [\n            "sha256:{HEX64}"\n'),
    ("sri-html", "index.html",
     f'<script src="https://cdn.example.com/x.js" integrity="sha384-{t.base64_secret(64, R)}"'
     ' crossorigin="anonymous"></script>\n'),
    ("data-uri-css", "static/app.css",
     f".logo {{ background: url(data:image/png;base64,{PNG}); }}\n"),
    ("data-uri-html", "templates/mail.html",
     f'<img alt="logo" src="data:image/png;base64,{PNG}">\n'),
    ("source-map", "static/app.js.map", f'{{"version":3,"mappings":"{SOURCE_MAP}"}}\n'),
    ("minified-js", "static/vendor.min.js",
     "!function(e,t){var n=e.accessTokenExpirationTimestampInMilliseconds,r=t.refreshTokenRota"
     "tionPolicyIdentifier;return{getAuthorizationHeaderForInstallationToken:function(){return"
     '"Bearer "+n},sk:r,"sk-fading-circle":1}}(window,{});\n'),
    ("python-code-mentions", "app/auth.py",
     "password = get_password()\ntoken = request.headers[\"Authorization\"]\n"
     "api_key = settings.API_KEY\nsecret = base64.b64decode(data)\n"
     "if not verify_password(user, password):\n    raise PermissionDenied\n"
     "def get_authentication_token_for_installation_with_permissions(self, installation_id):\n"),
    ("empty-values", "app/defaults.py",
     'api_key = None\npassword: str = ""\nSECRET_KEY = \'\'\ntoken = null\npassword: ""\n'),
    ("fake-fixtures", "tests/test_client.py",
     'OPENAI_API_KEY = "sk-proj-..."\nclient = OpenAI(api_key="sk-...")\n'
     'HF_TOKEN = "hf_..."\nGH = "ghp_..."\nslack = "xoxb-..."\n'
     'REMOTE = "https://ci:AKIA...@git.example.com/org/repo.git"\n'),
    ("k8s-secret-ref", "k8s/deployment.yaml",
     "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n"
     "        name: db-credentials\n        key: password\n"),
    ("long-identifiers", "src/Auth.java",
     'private static final String PASSWORD_RESET_TOKEN_EXPIRATION_PROPERTY = '
     '"password.reset.token.expiration";\n'
     "public String getAuthenticationTokenForGithubInstallationWithPermissions() {}\n"),
    ("terraform-references", "main.tf",
     'password = var.db_password\ntoken = data.vault_generic_secret.gh.data["token"]\n'
     "secret_key = aws_iam_access_key.deploy.secret\n"),
    ("spring-placeholders", "application.properties",
     "spring.datasource.password=${DB_PASSWORD}\napp.jwt.secret=${JWT_SECRET:}\n"),
    ("local-dev-urls", "docker-compose.yml",
     "DATABASE_URL: postgres://postgres:postgres@db:5432/app\n"
     "REDIS_URL: redis://localhost:6379/0\nAMQP_URL: amqp://guest:guest@rabbitmq:5672//\n"
     "MONGO_URL: mongodb://root:example@mongo:27017/\n"
     "TEST_DB: postgresql://user:password@localhost/test\n"),
    ("public-keys", "deploy/authorized_keys",
     f"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{t.base64_secret(43, R)} deploy@ci\n"
     f"{DASHES}BEGIN PUBLIC KEY{DASHES}\n{t.base64_secret(64, R)}\n{DASHES}END PUBLIC KEY"
     f"{DASHES}\n{DASHES}BEGIN CERTIFICATE{DASHES}\n{t.base64_secret(64, R)}\n"),
    ("pem-documentation", "docs/deploy.md",
     f"Paste the key:\n\n```\n{DASHES}BEGIN OPENSSH PRIVATE KEY{DASHES}\nb3BlbnNzaC1rZXkt..."
     f"\n{DASHES}END OPENSSH PRIVATE KEY{DASHES}\n```\n\n```yaml\nkey: |\n  {DASHES}BEGIN "
     f"RSA PRIVATE KEY{DASHES}\n  <your private key>\n  {DASHES}END RSA PRIVATE KEY{DASHES}"
     "\n```\n"),
    ("pem-one-line-truncated", "tests/fixtures.py",
     f'KEY = "{DASHES}BEGIN PRIVATE KEY{DASHES}\\nMIIEvQIB...\\n{DASHES}END PRIVATE KEY{DASHES}"\n'
     "x = 1\n"),
    ("aws-masked", "docs/aws.md",
     "aws_access_key_id = AKIA" + "X" * 16 + "\naws_secret_access_key = " + "x" * 40 + "\n"),
    ("key-handling-code", "app/keys.py",
     f'PEM_HEADER = "{DASHES}BEGIN RSA PRIVATE KEY{DASHES}"\n'
     f'if data.startswith(b"{DASHES}BEGIN OPENSSH PRIVATE KEY{DASHES}"):\n'
     f"    pass\n# {DASHES}BEGIN PRIVATE KEY{DASHES}\n# ...\n# {DASHES}END PRIVATE KEY{DASHES}\n"),
    ("azurite", "docker-compose.yml",
     "AZURE_STORAGE: DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey="
     "Eby8vdM02xNOcqFlqUwJPL" "lmEtlCDXJ1OUzFT50uSRZ6" "IFsuFq2UVErCz4I6tq/K1S" "ZFPTOtr/KBHBek"
     "soGMGw==;"
     "BlobEndpoint=http://azurite:10000/devstoreaccount1;\n"),
    ("cosmos-emulator", "appsettings.Development.json",
     '{"CosmosDb": {"EndpointUri": "https://localhost:8081", "AccountKey": "'
     "C2y6yDjf5/R+ob0N8A7Cgv" "30VRDJIWEHLM+4QDU5DE2n" "Q9nDuVTqobD4b8mGGyPMbI"
     "ZnqyMsEcaGQy67XIw/Jw==" '"}}\n'),
    ("url-confusion-examples", "docs/ssrf.md",
     "Blocked: http://localhost:8080@evil.example/ and http://127.0.0.1:80@attacker.example\n"),
    ("token-shaped-names", "app/rules.py",
     'RULES = ["glpat-' 'routable-unversioned", "gldt-deploy-token-rotation"]\n'
     "const slack = 'xoxa-workspace-token-legacy-migration';\n"),
    ("token-regexes", "app/patterns.py",
     'GITHUB = re.compile(r"ghp_[A-Za-z0-9]{36}")\nHF = re.compile(r"hf_[a-zA-Z]{34}")\n'
     'SLACK = r"xox[baprs]-[0-9]{10,13}-[a-zA-Z0-9-]*"\n'),
    ("slack-doc-webhook", "docs/alerts.md",
     "SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T00000000/B00000000/"
     + "X" * 24 + "\n"),
    ("discord-doc-webhooks", "docs/notifications.md",
     "Paste the URL Discord shows, `https://discord.com/api/webhooks/<id>/<token>`:\n\n"
     "    DISCORD_WEBHOOK_URL=https://discord.com/api/webhooks/{webhook.id}/{webhook.token}\n"
     "    DISCORD_WEBHOOK_URL=https://discord.com/api/webhooks/123/abc...\n"
     "    DISCORD_WEBHOOK_URL=https://discordapp.com/api/webhooks/123456789012345678/"
     + "abcdefghijklmnopqrstuvwxyz" * 2 + "abcdefghijklmnop\n"
     "    DISCORD_WEBHOOK_URL=https://discord.com/api/webhooks/" + "0" * 18 + "/" + "x" * 68
     + "\n"),
    ("stripe-test-key", ".env.test", f"STRIPE_SECRET_KEY=sk_test_{t.rand(99, rng=R)}\n"),
    ("sequential-fakes", "tests/fixtures.py",
     # split literals: the repository scans itself, and holds no token-shaped literal
     'TOKEN = "ghp_' '1234567890abcdefghijklmnopqrstuvwxyz"\n'
     'HF = "hf_' 'abcdefghijklmnopqrstuvwxyzABCDEFGH"\n'
     'SLACK = "xoxb-' '123456789012-1234567890123-abcdefghijklmnopqrstuvwx"\n'),
    ("arns-and-ids", "iam.json",
     '{"Role": "arn:aws:iam::123456789012:role/deploy", "Account": "123456789012"}\n'),
    ("i18n", "locales/en.yml",
     'password_label: "Enter your password"\ntoken_expired: "Your session token has expired"\n'),
    ("base64-k8s-data", "k8s/secret-example.yaml", "data:\n  password: cGFzc3dvcmQ=\n"),
    # issue 8, seen in real histories: placeholders built from repeated or sequential fillers
    ("repeated-fillers", "tests/test_settings.py",
     'AWS_ACCESS_KEY_ID = "AKIA' + "TEST" * 4 + '"\n'
     'GROQ_API_KEY = "gsk_' + ("abcd1234" * 7)[:52] + '"\n'
     "STRIPE_KEY = 'sk_live_" + "0" * 24 + "'\n"
     "DATABRICKS_TOKEN = 'dapi" + "0123456789abcdef" * 2 + "'\n"
     "LINEAR_API_KEY = 'lin_api_" + "1234" * 10 + "'\n"
     # the alphabet and the digits typed in turn
     "TWITCH_TOKEN = 'xbc123def456ghi789jkl012mno345'\n"),
    ("marker-words-in-tokens", "tests/fixtures/tokens.env",
     f"LINEAR_API_KEY=lin_api_{t.rand(10, rng=R)}FAKE{t.rand(26, rng=R)}\n"
     f"SLACK_TOKEN={'xox' + 'b'}-1234567890-EXAMPLE{t.rand(17, rng=R)}\n"
     f"OPENAI_API_KEY=sk-proj-{t.rand(20, rng=R)}DUMMY{t.rand(40, rng=R)}\n"
     f"HF_TOKEN=hf_SAMPLE{t.rand(28, rng=R)}\n"
     f"GITHUB_TOKEN=ghp_HelloWorld{t.rand(26, rng=R)}\n"
     f"GROQ_API_KEY=gsk_{t.rand(20, rng=R)}notreal{t.rand(25, rng=R)}\n"
     f"HASURA_ADMIN_SECRET=not-a-valid-key-{t.rand(6, t.LOWER_ALNUM, rng=R)}\n"
     f"MISTRAL_API_KEY={t.rand(12, rng=R)}INVALID{t.rand(13, rng=R)}\n"),
    ("ellipses-in-tokens", "docs/tokens.md",
     f"Your key looks like `gsk_{t.rand(6, rng=R)}...{t.rand(4, rng=R)}` or "
     f"`ghp_{t.rand(4, rng=R)}…`; Doppler's `dp.pt.{t.rand(8, rng=R)}...`.\n"),
    ("password-templates-in-connection-strings", "config/database.yml",
     'primary: "postgres://app:{your_password}@db.internal:5432/app"\n'
     'replica: "postgres://app:<password>@replica.internal/app"\n'
     'ado: "Server=tcp:db.internal,1433;Database=app;User ID=sa;Password={db_password};"\n'
     'odbc: "Driver={ODBC Driver 18};Server=db;Uid=sa;Pwd=%DB_PASSWORD%;"\n'),
    ("jdbc-ports-and-placeholders", "src/main/resources/application.yml",
     "url: jdbc:mysql://root:3306@localhost/app\n"
     "mssql: jdbc:sqlserver://db.internal:1433;databaseName=app;user=sa;password=1433;\n"
     "pg: jdbc:postgresql://db.internal:5432/app?user=app@corp&password=5432\n"
     "ado: Server=db.internal,1433;User Id=sa;Password=<password>;\n"),
    # shape-only guesses: no provider named nearby, so no provider's label
    ("aws-shaped-without-aws", "app/crypto.py",
     f'secret_key = "{t.aws_secret_key(R)}"\nsalt = "x"\n'),
    ("ibm-shaped-without-ibm", "app/session.py", f'token = "{t.ibm_cloud_iam_key(R)}"\n'),
    # identifiers, not secrets
    ("twilio-account-sid", ".env.shared", f"TWILIO_ACCOUNT_SID={t.twilio_sid('AC', R)}\n"),
    ("pem-header-alone", "app/pem.py",
     f"{DASHES}BEGIN RSA PRIVATE KEY{DASHES}\n\ndef parse(text):\n    return text\n"),
    ("pem-header-constant-then-code", "app/keys.go",
     f'const header = "{DASHES}BEGIN RSA PRIVATE KEY{DASHES}"\n'
     'func parse(s string) string {\n    return strings.TrimSpace(s)\n}\n'
     f'const footer = "{DASHES}END RSA PRIVATE KEY{DASHES}"\n'),
    # JSON Web Tokens that no longer or never were secret
    ("jwt-expired", "tests/fixtures/auth.json",
     f'{{"token": "{t.jwt(R, {"sub": "u1", "exp": 1500000000})}"}}\n'),
    ("jwt-supabase-anon", "web/.env",
     "NEXT_PUBLIC_SUPABASE_ANON_KEY="
     + t.jwt(R, {'iss': 'supabase', 'role': 'anon', 'exp': 4e9}) + "\n"),
    # jwt.io's sample token, in countless READMEs and tests (any signature)
    ("jwt-io-sample", "docs/auth.md",
     "curl -H 'Authorization: Bearer "
     + t.jwt(R, {"sub": "1234567890", "name": "John Doe", "iat": 1516239022}) + "'\n"),
    # made in jwt.io's debugger: signed with the secret it fills in (a live token's claims)
    ("jwt-signed-with-jwt-io-secret", "docs/api.md",
     "Authorization: Bearer "
     + t.jwt(R, {"sub": "svc-deploy"}, key=b"a-string-secret-at-least-256-bits-long") + "\n"),
    # a test's token with its signature typed: no key makes one that short
    ("jwt-typed-signature", "tests/lib/test_azure.py",
     'AZURE_AD_TOKEN = "' + t.jwt(R, {"aud": "https://cognitiveservices.azure.com/"})
     .rpartition(".")[0] + '.signature"\n'),
    # a model card's evaluation verifyToken: it signs results, every card publishes it
    ("jwt-model-card-verify-token", "models/README.md",
     '    verified: true\n    verifyToken: "'
     + t.jwt(R, {"hash": t.hex_secret(64, R), "version": 1}, signature_bytes=64) + '"\n'),
    # the Supabase CLI's local service_role key: its default JWT secret signs it everywhere
    ("jwt-supabase-cli-local", "packages/adapter-supabase/test/index.test.ts",
     "const secret = process.env.SUPABASE_SERVICE_ROLE_KEY || \""
     + t.jwt(R, {"iss": "supabase-demo", "role": "service_role"},
             key=b"super-secret-jwt-token-with-at-least-" + b"32-characters-long") + '"\n'),
    # self-hosted Supabase's demo service_role key, signed with its .env.example's secret
    ("jwt-supabase-self-hosted-example", "docker/supabase/.env",
     "SERVICE_ROLE_KEY="
     + t.jwt(R, {"role": "service_role", "iss": "supabase", "exp": 4e9},
             key=b"your-super-secret-jwt-token-" + b"with-at-least-32-characters-long") + "\n"),
    # an anon key whose claims were written pretty-printed ("ewog": '{\n  '), as
    # self-hosting templates make them
    ("jwt-supabase-anon-pretty-claims", "templates/compose/supabase.yaml",
     "      - ANON_KEY=" + t.jwt(R).partition(".")[0] + "."
     + base64.urlsafe_b64encode(
         json.dumps({"role": "anon", "iss": "supabase", "exp": 4e9}, indent=2).encode()
     ).decode().rstrip("=") + "." + t.jwt(R).rpartition(".")[2] + "\n"),
    # a test's token whose signature is typed words
    ("jwt-signature-in-words", "tests/unit_tests/test_auth.py",
     '    jwt = "' + t.jwt(R, {"sub": "42"}).rpartition(".")[0] + '.HMAC_SIGNATURE_HERE"\n'),
    # a file's content hash, keyed by its path, whatever rule's keyword the path holds
    ("service-worker-asset-hash", "web/flutter_service_worker.js",
     '  "assets/images/facebook_icon.png": "' + t.hex_secret(32, R) + '",\n'),
    ("build-cache-file-hash", ".php-cs-fixer.cache",
     '{"php":"8.3.3","hashes":{"src\\/Support\\/Timebox.php":"' + t.hex_secret(32, R) + '"}}\n'),
    # a cache key's prefix in a workflow, dashed as a header is
    ("cache-prefix-key", ".github/workflows/ci.yml", '      prefix-key: "v0-rust-ubuntu-24.04"\n'),
    # a template's placeholder after "%", replaced before the command runs
    ("percent-template", "src/Database/Schema/PostgresSchemaState.php",
     "        return 'PGPASSWORD=%LARAVEL_LOAD_PASSWORD pg_dump --host=$LARAVEL_LOAD_HOST';\n"),
    # an input's placeholder naming a format, its body typed as runs
    ("typed-runs-in-a-placeholder", "src/components/Authorization.vue",
     '  placeholder="Your Bearer Token (e.g. sk_live_' + "abc123" + 'xyz789)"\n'),
    # a header and claims with no signature, though the header names one: a cookie in a test
    ("jwt-without-signature", "src/__tests__/cookies.spec.ts",
     '  "jwt=' + ".".join(t.jwt(R, {"sub": "u-" + t.rand(6, rng=R)}).split(".")[:2])
     + '=; Path=/",\n'),
    # a package's version beside a name with "auth" in it, as package.json pins it
    ("package-version", "apps/example/package.json", '    "next-auth": "0.0.0-manual.ffd05533",\n'),
    # a JWT library's test tokens: claims that name no one, "{}" or placeholder words
    ("jwt-placeholder-claims", "vendor/github.com/jwt/parser_test.go",
     '\t\t"' + t.jwt(R, {"foo": "bar"}, signature_bytes=256) + '",\n'),
    ("jwt-placeholder-claims-and-a-time", "vendor/github.com/jwt/hmac_example_test.go",
     '\ttokenString := "' + t.jwt(R, {"foo": "bar", "nbf": 1444478400}) + '"\n'),
    # FastAPI's tests and python-jose's docs: a claim named for data, a letter, a sample word
    ("jwt-data-foo-claim", "tests/test_tutorial/test_security/test_tutorial004.py",
     '        "Authorization": "Bearer ' + t.jwt(R, {"data": "foo"}) + '"\n'),
    ("jwt-letter-claims", "docs/jws.md", "    >>> token = '" + t.jwt(R, {"a": "b"}) + "'\n"),
    ("jwt-sample-subject", "tests/test_auth.py",
     '    token = "' + t.jwt(R, {"sub": "foo", "exp": 4102444800}) + '"\n'),
    ("jwt-empty-claims", "auth/jwt/middleware_test.go",
     '\tinvalidKey = "' + t.jwt(R).split(".")[0] + ".e30." + t.high_entropy(43, t.ALNUM, R)
     + '"\n'),
    # "ey" and two dots, but no JSON inside: no JSON Web Token, whatever a JWT rule says
    ("jwt-shaped-not-json", "app/client.go",
     'token := "ey' + t.high_entropy(36, t.ALNUM, R) + ".ey" + t.high_entropy(80, t.ALNUM, R)
     + "." + t.high_entropy(43, t.ALNUM, R) + '"\n'),
    # base64 of data starting with zero bytes, as an X bearer token starts: a blob, not one
    ("base64-of-zero-bytes", "tests/fixtures/frame.json",
     '{"frame": "' + base64.b64encode(bytes(16) + bytes(range(256))).decode() + '"}\n'),
    # a test's "key" whose lines encode a sentence: every key format is binary inside
    ("pem-body-of-encoded-text", "tests/test_keys.py",
     "KEY = (\n"
     f"    '{DASHES}BEGIN RSA PRIVATE KEY{DASHES}\\n'\n"
     + "".join(f"    '{chunk}\\n'\n" for chunk in textwrap.wrap(base64.b64encode(
         b"this is not a private key, only a sentence written for a unit test " * 3
       ).decode(), 64))
     + f"    '{DASHES}END RSA PRIVATE KEY{DASHES}'\n)\n"),
    # a PuTTY header as a string in a parser's tests, with no key fields after it
    ("putty-header-alone", "tests/test_keys.py",
     "CASES = [\n    ('PuTTY-User-Key-File-2: ssh-rsa\\n'\n     'Encryption:', 1),\n]\n"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "text"), [c[1:] for c in CLEAN], ids=[c[0] for c in CLEAN])
def test_non_secrets_never_block(path: str, text: str) -> None:
    found = scan(text, path)
    assert [(f.rule, f.line, f.redacted) for f in found if f.blocking] == []


QUIET = {"python-env-lookups", "js-env-lookups", "actions-secrets", "aws-doc-examples",
         "git-shas", "pinned-actions", "uuids", "package-lock", "yarn-lock", "pnpm-lock",
         "poetry-lock", "cargo-lock", "go-sum", "pipfile-lock", "k8s-secret-ref",
         "empty-values", "terraform-references", "spring-placeholders", "npmrc-variable",
         "local-dev-urls", "key-handling-code", "sequential-fakes", "pem-documentation",
         "token-shaped-names", "pem-one-line-truncated", "aws-masked",
         "url-confusion-examples", "discord-doc-webhooks"}  # fmt: skip


@pytest.mark.parametrize(("path", "text"), [c[1:] for c in CLEAN if c[0] in QUIET],
                         ids=[c[0] for c in CLEAN if c[0] in QUIET])  # fmt: skip
def test_references_digests_and_lock_files_are_not_even_warnings(path: str, text: str) -> None:
    assert [(f.rule, f.line) for f in scan(text, path)] == []


@pytest.mark.parametrize(
    "claims",
    [{"sub": "svc-deploy"}, {"sub": "svc-deploy", "exp": 4102444800}, {"sub": "a"}],
    ids=["no-exp", "exp-in-2100", "one-letter-subject"],
)
@pytest.mark.parametrize("key", [None, b"a-service-s-own-signing-secret"], ids=["rs", "hs256"])
def test_a_live_json_web_token_blocks(claims: dict[str, object], key: bytes | None) -> None:
    token = t.jwt(random.Random(5), claims, key=key)
    found = scan(f'headers = {{"Authorization": "Bearer {token}"}}\n', "app/client.py")
    assert blocking(found) == [("jwt", fingerprint(KEY, token))]


def test_a_token_whose_claims_nest_past_the_json_parser_does_not_end_the_scan() -> None:
    """Hostile input: claims nested deeper than Python's parser recurses. The scan goes on
    (a push would otherwise fail on its error policy) and the token, whose claims do not
    decode, is judged as any JWT-shaped value whose claims do not."""
    header = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').decode().rstrip("=")
    claims = base64.urlsafe_b64encode(('{"a":' + "[" * 3000).encode()).decode().rstrip("=")
    token = f"{header}.{claims}.{t.rand(43, t.ALNUM, random.Random(7))}"
    secret = t.github_token(rng=random.Random(8))
    found = scan(f'AUTH = "{token}"\nGITHUB_TOKEN = "{secret}"\n', "app/client.py")
    assert ("github-token", fingerprint(KEY, secret)) in blocking(found)
    assert ("jwt", fingerprint(KEY, token)) not in blocking(found)


def test_a_shape_only_format_blocks_with_its_provider_nearby() -> None:
    secret = t.aws_secret_key(random.Random(6))
    text = f'provider "aws" {{\n  region = "eu-west-1"\n  secret_key = "{secret}"\n}}\n'
    assert blocking(scan(text, "main.tf")) == [("aws-secret-key", fingerprint(KEY, secret))]


@pytest.mark.parametrize("prefix", ["ghp", "gho", "ghu", "ghr", "ghs"])
def test_github_token_with_a_bad_checksum_blocks_at_medium_confidence(prefix: str) -> None:
    """A mistyped or edited copy of a real token is one step from live: it blocks, as every
    peer blocks the shape, but says it is less sure (the checksum is GitHub's own)."""
    token = t.github_token(prefix, valid=False, rng=random.Random(prefix))
    (found,) = scan(f"GITHUB_TOKEN={token}\n", ".env")
    assert (found.rule, found.blocking, found.confidence) == ("github-token", True, "medium")
    (good,) = scan(f"GITHUB_TOKEN={t.github_token(prefix, rng=random.Random(prefix))}\n", ".env")
    assert good.confidence == "high"


@pytest.mark.parametrize(
    "make",
    [lambda: t.npm_token(valid=False), lambda: t.pgt_token(valid=False),
     lambda: t.gitlab_routable_pat(valid=False)],
    ids=["npm", "pgt", "gitlab-routable"],
)  # fmt: skip
def test_other_checksummed_formats_with_a_bad_checksum_block(make: Callable[[], str]) -> None:
    (found,) = scan(f'token = "{make()}"\n', "app.py")
    assert found.blocking and found.confidence == "medium"


# --- through real git ------------------------------------------------------------------------


def test_crlf_and_missing_final_newline_through_git(
    git_repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pushguard.config import load
    from pushguard.git import Git
    from pushguard.scan.engine import scan_git

    rng = random.Random(99)
    hf, gh, url = t.huggingface_token(rng), t.github_token(rng=rng), t.connection_url(rng=rng)
    files = {
        "win.env": f"A=1\r\nHF_TOKEN={hf}\r\nB=2\r\n",
        "last.txt": f"token: {gh}",
        "docker-compose.yml": f"environment:\r\n  - DATABASE_URL={url}",
    }
    commit = git_repo.commit(files)
    monkeypatch.setenv("PUSHGUARD_HOME", str(share_cache(tmp_path / "home")))
    git = Git(git_repo.git_dir, git_repo.env, isolated=True)
    result = scan_git(git, load(None), None, [commit])
    assert sorted((f.path, f.line, f.rule) for f in result.blocking) == [
        ("docker-compose.yml", 2, "url-password"),
        ("last.txt", 1, "github-token"),
        ("win.env", 2, "huggingface-token"),
    ]


# --- issue 8: recall gaps seen in real repositories -----------------------------------------


@pytest.mark.parametrize(
    ("path", "template"),
    [
        ("app/storage.py",
         'CONN = "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=\\"«K»\\";'
         'EndpointSuffix=core.windows.net"\n'),
        ("appsettings.json", '{"Storage": {"AccountName": "acme", "AccountKey": "«K»"}}\n'),
        ("deploy/storage.env", "AZURE_STORAGE_ACCOUNT=acme\nAccountKey='«K»'\n"),
        ("local.settings.json",
         '{"AzureWebJobsStorage": "DefaultEndpointsProtocol=https;AccountName=acme;'
         'AccountKey=«K»;EndpointSuffix=core.windows.net"}\n'),
        ("conf/storage.xml",
         "<azure>\n  <account_name>acme</account_name>\n  <account_key>«K»</account_key>\n"
         "</azure>\n"),
        ("config/filesystems.php", "'disk' => [\n    'account_key' => '«K»',\n],\n"),
        ("src/Setup.cs", 'var settings = new Dictionary<string, string>\n{\n'
         '    { "AccountName", "acme" },\n    { "AccountKey", "«K»" },\n};\n'),
        ("src/Setup.cs", 'this.Context.Add("AccountKey", "«K»");\n'),
        ("test/parse.js", "assert.equal(parsed['AccountKey'], '«K»');\n"),
        ("scripts/cleanup.cmd", "AzureStorageCleanup.exe -storagename acme -storagekey «K»\n"),
        ("helm/values.yaml", "cloudIntegration:\n  azureStorageAccessKey: «K»\n"),
    ],
    ids=["connection-string-quoted", "json-setting", "dotenv-single-quoted", "unquoted",
         "xml-element", "php-array", "csharp-dictionary", "call-arguments", "indexed-key",
         "command-line-flag", "access-key-name"],
)  # fmt: skip
def test_azure_storage_account_keys_block_quoted_or_not(path: str, template: str) -> None:
    key = t.azure_storage_key(random.Random(path))
    found = scan(template.replace("«K»", key), path)
    assert blocking(found) == [("azure-storage-key", fingerprint(KEY, key))]


def test_github_oauth_app_secret_blocks_next_to_its_client_id() -> None:
    rng = random.Random(11)
    secret = t.hex_secret(40, rng)
    for client_id in ("Iv1." + t.hex_secret(16, rng), "Ov23li" + t.rand(14, rng=rng)):
        text = f"GITHUB_CLIENT_ID={client_id}\nGITHUB_CLIENT_SECRET={secret}\n"
        found = scan(text, ".env")
        assert blocking(found) == [("github-oauth-app-secret", fingerprint(KEY, secret))]
    # under a name that says whose client secret it is, alone
    for name in ("GITHUB_CLIENT_SECRET", "GITHUB_APP_CLIENT_SECRET", "github.oauth.client-secret"):
        found = scan(f"{name}={secret}\n", ".env")
        assert blocking(found) == [("github-oauth-app-secret", fingerprint(KEY, secret))], name
    # 40 hex named a secret, with no GitHub client id around: a digest, not GitHub's label
    assert blocking(scan(f'SECRET_KEY = "{secret}"\nDEBUG = False\n', "settings.py")) == []
    assert blocking(scan(f"GITHUB_WEBHOOK_SECRET={secret}\n", ".env")) == []
