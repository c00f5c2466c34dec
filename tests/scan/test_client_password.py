"""Passwords given to client libraries' connect and login calls: by keyword (on the call's
line or one argument a line below it) or by position; defaults, placeholders, variables and
environment lookups do not block. Passwords are drawn at run time."""

from __future__ import annotations

import random

import pytest

from pushguard.scan.plugins.client_password import ClientCallPassword
from pushguard.scan.secrets import fingerprint
from tests.helpers import tokens as t
from tests.scan.test_engine import KEY, scan

RULE = "client-call-password"
PW = t.password(18, random.Random("client-call-password"))

POSITIVES = [
    ("psycopg2", "app/db.py", 'conn = psycopg2.connect(host="db", user="app", password="{pw}")'),
    ("psycopg2-black", "app/db.py",
     'conn = psycopg2.connect(\n    host="db",\n    user="app",\n    password="{pw}",\n)'),
    ("node-mysql", "src/db.js",
     "const db = mysql.createConnection({{ host: 'db', user: 'app', password: '{pw}' }});"),
    ("node-postgres", "src/db.ts",
     "const client = new Client({{\n  user: 'app',\n  password: '{pw}',\n}});"),
    ("redis-py", "app/cache.py", 'r = redis.Redis(host="cache", port=6379, password="{pw}")'),
    ("nodemailer", "src/mail.js",
     "createTransport({{ host: 'smtp.acme.io', auth: {{ user: 'ops', pass: '{pw}' }} }});"),
    ("smtplib", "app/mail.py", 'server.login("alerts@acme.io", "{pw}")'),
    ("go-smtp", "mail/mail.go", 'auth := smtp.PlainAuth("", "ops@acme.io", "{pw}", "mx.acme.io")'),
    ("jdbc", "src/main/java/Db.java", 'c = DriverManager.getConnection(url, "app", "{pw}");'),
    ("java-authenticator", "src/main/java/Mail.java",
     'return new PasswordAuthentication("ops", "{pw}".toCharArray());'),
    ("pdo", "src/db.php", '$pdo = new PDO($dsn, "app", "{pw}");'),
    ("dotnet", "Mail/Sender.cs", 'smtp.Credentials = new NetworkCredential("ops", "{pw}");'),
    ("go-basic-auth", "client/client.go", 'req.SetBasicAuth("deploy", "{pw}")'),
    ("requests-basic-auth", "app/client.py", 'requests.get(url, auth=HTTPBasicAuth("ci", "{pw}"))'),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "template"), [p[1:] for p in POSITIVES], ids=[p[0] for p in POSITIVES]
)
def test_a_password_given_to_a_client_call_blocks(path: str, template: str) -> None:
    found = [f for f in scan(template.format(pw=PW) + "\n", path=path) if f.blocking]
    assert [(f.rule, f.fingerprint) for f in found] == [(RULE, fingerprint(KEY, PW))]
    assert PW not in found[0].redacted


NEGATIVES = [
    ("variables", "server.login(user, password)"),
    ("environment", 'conn = psycopg2.connect(host="db", password=os.environ["DB_PASSWORD"])'),
    ("getpass", "client.login(username='ops', password=getpass.getpass())"),
    ("default", 'conn = psycopg2.connect(host="localhost", user="postgres", password="postgres")'),
    ("placeholder", "server.login('me@example.com', '<your-app-password>')"),
    ("template", "$pdo = new PDO($dsn, 'app', '{{ db_password }}');"),
    # not a call that takes a password: login's first argument only
    ("other-call", f'form.fill("{PW}")'),
    # an application's own login helper in its tests, a test's word for a password
    ("app-login-helper", f'rv = self.client.login(username="admin", password="{PW}")'),
    ("test-word", 'auth = HTTPDigestAuth("Ondřej", "heslíčko")'),
    ("flask-tutorial", "rv = self.login('admin', 'default')"),
    # a call closed on its line: the next line's password is another statement's
    ("closed-call", f'conn = psycopg2.connect(dsn)\n    password="{PW}",'),
]  # fmt: skip


@pytest.mark.parametrize("text", [n[1] for n in NEGATIVES], ids=[n[0] for n in NEGATIVES])
def test_what_is_no_password_given_to_a_client_does_not_block(text: str) -> None:
    assert [f for f in scan(text + "\n", path="app/db.py") if f.rule == RULE] == []


def test_a_providers_token_given_as_the_password_keeps_its_own_rule() -> None:
    token = t.github_token("ghp")
    found = scan(f'requests.get(url, auth=HTTPBasicAuth("x-access-token", "{token}"))\n')
    assert [f.rule for f in found if f.blocking] == ["github-token"]


# minified code full of calls named like a client's (connect, login, new Client, start) and
# of parentheses: each call is read back from its parenthesis
_MINIFIED = (
    'this.updateState("connecting"),this.startConnecting(),e.connect(t),new Client(n),'
    "r.login(),s.redis(o),a.transport(i),this.start(),u.pool(c),"
)


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ("src/bundle.js",
         _MINIFIED * 60 + "mysql.createConnection({{host:'db',user:'app',password:'{pw}'}});"
         + _MINIFIED * 30),
        ("src/bundle.js", _MINIFIED * 60 + 'new   Pool({{password: "{pw}"}})'),
        ("app/mail.py", 'imap_mail_server.login("ops@acme.io", "{pw}")  # ' + "x " * 500),
        # a capital dotted I lowercases to two characters
        ("app/db.py", 'conn = psycopg2.connect(host="db", password="{pw}")  # \u0130zmir'),
    ],
    ids=["minified", "minified-new", "long-mail-line", "dotted-capital-i"],
)  # fmt: skip
def test_a_client_call_anywhere_on_a_long_or_non_ascii_line_blocks(path: str, line: str) -> None:
    found = [f for f in scan(line.format(pw=PW) + "\n", path=path) if f.blocking]
    assert [(f.rule, f.fingerprint) for f in found] == [(RULE, fingerprint(KEY, PW))]


def test_a_login_call_is_read_as_its_case_insensitive_pattern_reads_it() -> None:
    """Which calls a line holds is looked up in its lowercase: a dotless i, which lower()
    keeps, is still an "i" of the mail login's case-insensitive pattern."""
    line = f'smtp.log\u0131n("ops@acme.io", "{PW}")'
    assert [m.secret for m in ClientCallPassword().find(line, "app/mail.py")] == [PW]
