"""Passwords in connection strings that are not URLs: JDBC, ADO.NET/ODBC, libpq,
StackExchange.Redis, .netrc."""

from __future__ import annotations

import random

import pytest

from pushguard.scan.secrets import fingerprint
from tests.helpers import tokens as t
from tests.scan.test_engine import KEY, scan

PW = t.password(16, random.Random(41))

POSITIVES = [
    ("jdbc-mysql", "src/main/resources/db.properties",
     f"url=jdbc:mysql://db.acme.io:3306/app?user=app&password={PW}&useSSL=true"),
    ("jdbc-postgres", "application.yml",
     f"  url: jdbc:postgresql://db.acme.io:5432/app?sslmode=require&password={PW}"),
    ("jdbc-sqlserver", "pom.xml",
     f"<jdbc-url>jdbc:sqlserver://db:1433;databaseName=app;user=app;password={PW};</jdbc-url>"),
    ("ado-net", "Web.config",
     f'<add name="Db" connectionString="Server=db.acme.io;Database=app;User Id=app;'
     f'Password={PW};" />'),
    ("azure-sql", "appsettings.json",
     f'"Default": "Server=tcp:acme.database.windows.net,1433;Initial Catalog=app;'
     f'User ID=app;Password={PW};Encrypt=True;"'),
    ("odbc-braced", "odbc.ini", f"Driver={{ODBC Driver 18}};Server=db;Uid=app;Pwd={{{PW}}};"),
    ("libpq", "app/db.py", f'conn = psycopg2.connect("host=db.acme.io dbname=app password={PW}")'),
    ("netrc", ".netrc", f"machine api.acme.io login deploy password {PW}"),
    ("stackexchange-redis", "appsettings.json",
     f'"Configuration": "cache-1.acme.io:6380,cache-2.acme.io:6380,password={PW},ssl=True",'),
    ("stackexchange-redis-last", "Web.config",
     f'<add key="Redis" value="cache.acme.io:6379,abortConnect=false,password={PW}" />'),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "line"), [p[1:] for p in POSITIVES], ids=[p[0] for p in POSITIVES]
)
def test_a_password_in_a_connection_string_blocks(path: str, line: str) -> None:
    found = [f for f in scan(line + "\n", path=path) if f.blocking]
    assert [(f.rule, f.fingerprint) for f in found] == [
        ("connection-string-password", fingerprint(KEY, PW))
    ]
    assert PW not in found[0].redacted


NEGATIVES = [
    ("port", 'connectionString="Server=db;Database=app;User Id=app;Password=1433;"'),
    ("template", 'connectionString="Server=db;Database=app;User Id=app;Password={your_password};"'),
    ("positional", "Server=db;Database=app;User Id=app;Password={2};"),
    # an Aspire manifest's expression: a resource's value, filled in at deployment
    ("aspire-expression", '"connectionString": "Host={postgres.bindings.tcp.host};'
     'Username=postgres;Password={postgres-password.value}",'),
    ("printf", "jdbc:postgresql://%s/%s?user=%s&password=%s"),
    ("msbuild", 'connectionString="Server=db;User Id=sa;Password=$(DB_PASSWORD);"'),
    ("cmd-var", 'connectionString="Server=db;User Id=sa;Password=%DB_PASSWORD%;"'),
    ("default", 'dsn = "host=localhost dbname=test user=postgres password=postgres"'),
    ("same-as-user", "jdbc:h2:mem:test;user=sa;password=sa"),
    ("kwargs-env", 'conn = connect(host="db", user="app", password=os.environ["PW"])'),
    ("kwargs-attr", "conn = connect(host=host, user=user, password=self.password)"),
    ("prose", "Set the password= option in the connection string."),
    ("no-server", f"password={PW}"),  # the keyword detector's: it warns
    ("redis-template", '"Configuration": "cache.acme.io:6380,password={RedisPassword},ssl=True"'),
    ("redis-no-endpoint", f"options = retries=3,password={PW},ssl=True"),
]  # fmt: skip


@pytest.mark.parametrize("line", [n[1] for n in NEGATIVES], ids=[n[0] for n in NEGATIVES])
def test_what_is_no_connection_credential_does_not_block(line: str) -> None:
    assert [f.rule for f in scan(line + "\n", path="app/config.txt") if f.blocking] == []


def test_a_providers_token_as_the_password_is_reported_under_its_own_rule() -> None:
    token = t.github_token("ghp")
    line = f"jdbc:postgresql://db/app?user=ci&password={token}"
    assert [f.rule for f in scan(line + "\n", path="ci.properties") if f.blocking] == [
        "github-token"
    ]


def test_in_vendored_code_it_warns() -> None:
    line = f"jdbc:mysql://db/app?user=app&password={PW}"
    [found] = scan(line + "\n", path="vendor/lib/README.md")
    assert not found.blocking
    assert found.reason == "password in a connection string in third-party code: review it"


def test_a_netrc_entry_over_several_lines_blocks_on_its_password_line() -> None:
    text = f"machine api.acme.io\n  login deploy\n  password {PW}\n\nmachine other.io login x\n"
    found = [f for f in scan(text, path=".netrc") if f.blocking]
    assert [(f.rule, f.line) for f in found] == [("connection-string-password", 3)]
    # prose about machines and passwords is not a netrc entry
    prose = f"The machine learning service\n  password {PW}\n"
    assert [f for f in scan(prose, path="docs/ml.md") if f.blocking] == []


def test_prose_naming_a_machine_a_login_and_a_password_is_no_netrc_entry() -> None:
    """A netrc entry has only its own fields between ``machine`` and ``password``; the same
    line with them still blocks."""
    prose = "with a machine name and follow that with lines for the login and password that are"
    assert [f for f in scan(prose + "\n", path="docs/user_guide.rst") if f.blocking] == []
    entry = f"machine pypi.internal login deploy account ci password {PW}"
    assert [f.rule for f in scan(entry + "\n", path="docs/user_guide.rst") if f.blocking] == [
        "connection-string-password"
    ]


@pytest.mark.parametrize(
    "line",
    [
        # a value that says what it stands for, as tests of expiry and rotation name them
        "f'machine {self.hostname} login token password expired-auth-token-2\\n'",
        "f'machine {self.hostname} login token password old-token\\n'",
        "machine pypi.company.com login user password " + "qwer" + "ty",  # the keyboard's row
    ],
)
def test_a_netrc_entry_with_a_self_describing_or_keyboard_password_does_not_block(
    line: str,
) -> None:
    assert [f for f in scan(line + "\n", path="tests/test_login.py") if f.blocking] == []


@pytest.mark.parametrize(
    "line",
    [
        # a test writing a netrc: the password ends at the literal's "\n"; "pass" is a default
        'f.write("machine api.acme.io login user password pass\\ndefault\\n")',
        'f.write("machine api.acme.io login aaaa password bbbb\\n")',  # one character: filler
    ],
)
def test_a_netrc_written_by_a_test_with_fillers_does_not_block(line: str) -> None:
    assert [f for f in scan(line + "\n", path="tests/test_netrc.py") if f.blocking] == []


def test_a_netrc_password_in_a_string_literal_ends_at_its_escape() -> None:
    (found,) = scan(f'f.write("machine api.acme.io login u password {PW}\\ndefault\\n")\n')
    assert found.fingerprint == fingerprint(KEY, PW)
