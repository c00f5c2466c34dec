"""Passwords given to database, registry and transfer commands on their command line."""

from __future__ import annotations

import random

import pytest

from pushguard.scan.secrets import fingerprint
from tests.helpers import tokens as t
from tests.scan.test_engine import KEY, scan

PW = t.password(16, random.Random(61))

POSITIVES = [
    ("mysql-glued", "backup.sh", f"mysql -u root -p{PW} -h db.acme.io app < dump.sql"),
    ("mysql-quoted", "README.md", f"    mysqldump -u app -p'{PW}' app > app.sql"),
    ("mysql-long", "ci.yml", f"      - run: mysql --user=app --password={PW} -e 'select 1'"),
    ("mongosh", "ops/restore.sh", f'mongosh "mongodb://db.acme.io" -u admin -p "{PW}"'),
    ("docker-login", ".gitlab-ci.yml", f"  - docker login -u deploy -p {PW} registry.acme.io"),
    ("sshpass", "deploy.sh", f"sshpass -p '{PW}' ssh deploy@host.acme.io uptime"),
    ("redis-cli", "Makefile", f"\tredis-cli -h cache.acme.io -a {PW} ping"),
    ("curl-user", "scripts/api.sh", f"curl -u deploy:{PW} https://ci.acme.io/api/json"),
    ("curl-user-quoted", "scripts/api.sh", f'curl -sS -u "deploy:{PW}" https://ci.acme.io/api'),
    ("curl-user-long-quoted", "README.md", f"    curl --user 'deploy:{PW}' https://ci.acme.io/"),
    # an empty user: curl sends the password alone
    ("curl-user-empty", "scripts/es.sh", f'curl -u ":{PW}" https://localhost:9200/_cat/health'),
    ("psexec", "ops/reboot.bat", f"psexec \\\\10.0.4.12 -u Administrator -p {PW} shutdown -r"),
    ("psexec-exe", "ops/run.cmd", f"PsExec64.exe \\\\build01 -u ACME\\ci -p {PW} -i cmd"),
    ("securestring", "deploy.ps1",
     f'$pw = ConvertTo-SecureString "{PW}" -AsPlainText -Force'),
    ("securestring-named", "deploy.ps1",
     f"$c = [pscredential]::new('ci', (ConvertTo-SecureString -String '{PW}' -AsPlainText))"),
    ("securestring-flags-first", "deploy.ps1",
     f"$pw = ConvertTo-SecureString -AsPlainText -Force -String {PW}"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "line"), [p[1:] for p in POSITIVES], ids=[p[0] for p in POSITIVES]
)
def test_a_password_on_a_command_line_blocks(path: str, line: str) -> None:
    found = [f for f in scan(line + "\n", path=path) if f.blocking]
    assert [(f.rule, f.fingerprint) for f in found] == [
        ("command-line-password", fingerprint(KEY, PW))
    ]


NEGATIVES = [
    ("mysql-prompt", "mysql -u root -p app"),  # -p alone: asks for it
    ("mysql-variable", 'mysql -u root -p"$MYSQL_ROOT_PASSWORD" app'),
    ("docker-actions",
     "docker login -u ${{ github.actor }} -p ${{ secrets.GITHUB_TOKEN }} ghcr.io"),
    ("docker-stdin", 'echo "$TOKEN" | docker login -u ci --password-stdin ghcr.io'),
    # the same, the flag written as an option and its value; or the input's device named
    ("docker-stdin-word", 'echo "$TOKEN" | docker login -u ci --password stdin ghcr.io'),
    ("docker-stdin-device", 'echo "$TOKEN" | docker login -u ci -p /dev/stdin ghcr.io'),
    # -u's value written after -p by mistake, the password read from standard input
    ("docker-stdin-user-as-p",
     'gcloud auth print-access-token | docker login -u -p oauth2accesstoken --password-stdin'
     " https://us-central1-docker.pkg.dev"),
    ("default", "mysql -u root -proot"),
    ("same-as-user", "mysql --user=xwiki --password=xwiki"),  # the account's name again
    # docker's -p publishes a port; the mongo before it is a linked container's alias
    ("docker-port", "docker run --link some_mongo_container:mongo -p 8081:8081 mongo-express"),
    ("placeholder", "sshpass -p 'your_password' ssh host"),
    ("ssh-port", "ssh -p 2222 deploy@host"),  # -p is a port to ssh
    ("curl-no-password", "curl -u deploy https://ci.acme.io/api"),
    ("curl-quoted-variable", 'curl -u "deploy:$API_PASSWORD" https://ci.acme.io/api'),
    ("root-backwards", "curl -X GET localhost --user root:" + "to" + "or"),
    ("punctuation-around-letters", 'curl http://localhost --user "admin:a:b:c"'),
    # a variable whose "$" a Jenkinsfile's Groovy string escapes for the shell
    ("escaped-variable", "  docker login -u \\$DOCKER_USERNAME --password \\$DOCKER_PASSWORD"),
    ("curl-quoted-placeholder", "curl -u 'user:password' https://ci.acme.io/api"),
    ("prose", "Run mysql and enter the password when asked."),
    ("psexec-env", "psexec \\\\host -u admin -p %ADMIN_PASSWORD% cmd"),
    ("psexec-env-any-case", "PsExec.exe \\\\host -u admin -p %AdminPass% -i cmd"),
    ("psexec-prompt", "psexec \\\\host -u admin cmd"),  # no -p: PsExec asks for it
    ("securestring-variable", "$pw = ConvertTo-SecureString $env:ADMIN_PW -AsPlainText -Force"),
    ("securestring-placeholder", '$pw = ConvertTo-SecureString "<password>" -AsPlainText -Force'),
    # prose naming the cmdlet and its flag: a flag is no value
    ("securestring-prose", "The fixture passes it to ConvertTo-SecureString -AsPlainText; done."),
    # without -AsPlainText the input is an encrypted standard string, not a password
    ("securestring-encrypted", f'$pw = ConvertTo-SecureString "{t.hex_secret(64)}" -Key $key'),
]  # fmt: skip


@pytest.mark.parametrize("line", [n[1] for n in NEGATIVES], ids=[n[0] for n in NEGATIVES])
def test_what_is_no_password_does_not_block(line: str) -> None:
    assert [f.rule for f in scan(line + "\n", path="scripts/run.sh") if f.blocking] == []


def test_libpq_s_variable_on_a_psql_line_blocks_once_as_postgres_own() -> None:
    """PGPASSWORD is libpq's documented setting: one finding, naming PostgreSQL."""
    line = f"RUN PGPASSWORD={PW} psql -h db -U app -c 'select 1'\n"
    found = [f for f in scan(line, path="Dockerfile") if f.blocking]
    assert [(f.rule, f.provider, f.fingerprint) for f in found] == [
        ("setting-password", "postgres", fingerprint(KEY, PW))
    ]


def test_a_providers_token_given_as_the_password_keeps_its_own_rule() -> None:
    token = t.github_token("ghp")
    found = scan(f"docker login -u ci -p {token} ghcr.io\n", path="ci.sh")
    assert [f.rule for f in found if f.blocking] == ["github-token"]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("README.md", "curl https://ci.acme.io/ \\\n  -sS \\\n  --user deploy:{pw} \\\n  -o o\n"),
        ("Dockerfile", "RUN curl -fsSL https://repo.acme.io/a.tgz \\\n    -u 'ci:{pw}' -o a.tgz\n"),
        ("deploy.ps1", 'curl.exe https://ci.acme.io/api `\n  -u "deploy:{pw}"\n'),
        ("notes.sh", "# curl https://ci.acme.io/api \\\n#   --user deploy:{pw}\n"),
    ],
    ids=["sh", "dockerfile-run", "powershell", "commented-out"],
)
def test_a_password_on_a_line_continuing_curl_blocks(path: str, text: str) -> None:
    """READMEs and scripts write curl one option a line: -u two lines below still blocks,
    on the line that holds it."""
    found = [f for f in scan(text.format(pw=PW), path=path) if f.blocking]
    assert [(f.rule, f.fingerprint) for f in found] == [
        ("command-line-password", fingerprint(KEY, PW))
    ]
    assert found[0].line == 1 + next(i for i, s in enumerate(text.split("\n")) if "{pw}" in s)


@pytest.mark.parametrize(
    "text",
    [
        # the command ended before the option: -u belongs to another program
        "curl https://ci.acme.io/api -o out.json\n  -u deploy:{pw}\n",
        # a continued command that is not curl
        "useradd \\\n  -u deploy:{pw}\n",
        'curl https://ci.acme.io/api \\\n  --user "deploy:$CI_PASSWORD"\n',
    ],
    ids=["not-continued", "other-command", "variable"],
)
def test_an_option_below_what_is_not_a_continued_curl_does_not_block(text: str) -> None:
    assert [f.rule for f in scan(text.format(pw=PW), path="run.sh") if f.blocking] == []
