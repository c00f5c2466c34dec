"""Passwords in URLs: judged as the server would read them (percent-decoded), so defaults and
documentation syntax do not block, and a library checked into the repository (a virtualenv,
``node_modules``) only warns about the URLs in its docstrings and tests."""

from __future__ import annotations

import random
from urllib.parse import quote

import pytest

from pushguard.config import ScanConfig
from pushguard.scan.plugins.url_password import UrlPassword
from tests.helpers import tokens
from tests.scan.test_engine import scan


def _found(line: str) -> list[str]:
    return [m.secret for m in UrlPassword().find(line, "app/config.py")]


@pytest.mark.parametrize(
    "line",
    [
        "redis://[:password]@localhost:6379/0",  # the URL syntax's optional part, documented
        "rediss://[:password]@cache.internal:6380/0",
        "http://%C3%BCser:p%C3%A4ssword@xn--n3h.net/path",  # "pässword", percent-encoded
        "http://foo%3a:bar%3a@[::1]:80/123?x=y",  # "bar:"
        "mysql://root:p%40ssw0rd@db/shop",  # "p@ssw0rd"
        'DB_URI = "postgresql://admin:admin123@localhost/app_db"',  # a default with a counter
        "mysql://shop:welcome78^@mysql.internal:3306/products",  # "welcome", a counter, a "^"
        "amqp://guest:guest1@rabbit:5672/",
        "mongodb://db-user:db-password@mongodb-instance:27017/db-name",
        "postgres://svc:my-secret-pass@db/app",
        # a template, percent-encoded as a URL carries it
        "http://%7BENCODED_USER%7D:%7BENCODED_PASSWORD%7D@request.com/url.html",
        "http://user:pass%20pass@complex.url.com/path",  # placeholder words, encoded blanks
        "http://user:pass%23pass@complex.url.com/path",
        "dbtype://username:pass%2Fword@hostspec/database",  # a default split by a symbol
        "http://%25%21%2A%27%28%29:%25%21%2A%27%28%29%3B%3A@request.com/",  # punctuation only
        "http://U%24%24%24:P%5E%5E%5E@localhost:9200/_search",  # "P^^^": a letter in symbols
        "https://username:pword@github.com/org/repo/blob/main/requirements.txt",
        # URL parsers' tests: a multi-host URL's last userinfo is a default pair, blanks
        # form-encoded, a default split and typed in symbols, defaults among punctuation
        "MultiHostUrl('https://foo.com:123,foo:" + "bar@bar.com/path')",
        "validate_python('foobar://x:y@foo,x:y@bar.com')",
        "'https://my+name:a+pass" + "word@example.com',",
        "'postgresql://user%20name:p%40ss%2F" + "word%3F%23__@example.com:5432'",
        '"https://tom%40example.org:abc' + '123%40%20%@example.org"',
        '"input": "http://&a:foo(b]c@d:2/",',
        # a settings test's URL-encoded passwords: a default then symbols, with a counter,
        # a sentence about encoding it
        '"postgresql://mealie:P%40ss' + 'word%21%40%23%24%25%25%5E%5E%26%26@postgres:5432/m",',
        '"postgresql://mealie:p%40ss' + 'word1@postgres:5432/mealie",',
        '"postgresql://mealie:please%2Curl%23encode%2Fthis%3Fpass' + 'word@postgres:5432/m"',
    ],
)
def test_defaults_and_syntax_are_not_passwords(line: str) -> None:
    assert _found(line) == []


@pytest.mark.parametrize(
    ("user", "password"),
    [
        ("user%40example.com", "p%40ss" + "word"),  # "p@ssword": a default, typed in symbols
        ("app", "s3cr" + "3t"),
        ("testing", "t3s" + "71ng"),  # the user's name again, in digits
        ("uuuu", "pw" * 2),  # a default typed twice
        ("deploy", "admin" * 2),
    ],
)
def test_a_default_typed_in_digits_or_twice_is_no_credential(user: str, password: str) -> None:
    assert _found(f"broker_url = 'amqp://{user}:{password}@mq.internal//'") == []


def test_a_multi_host_url_s_password_is_found() -> None:
    """MongoDB's hosts after the userinfo, or a userinfo per host: the password is found."""
    drawn = tokens.password(18, random.Random(8))
    assert _found(f"mongodb://app:{drawn}@h1:27017,h2:27017/db") == [drawn]
    assert _found(f"https://h1.internal:8443,app:{drawn}@h2.internal/x") == [drawn]
    # a colon inside a password, no comma: one password
    coloned = drawn[:9] + ":" + drawn[9:]
    assert _found(f"redis://app:{coloned}@cache.internal:6379/0") == [coloned]


def test_a_phrase_in_digits_and_symbols_still_blocks() -> None:
    """People set such passwords on real servers: only a default or the user's name so
    typed is passed over."""
    password = "Tr1cky" + "P%40ss" + "phr4se"
    assert _found(f"mongodb://reader:{password}@db.internal:27017") == [password]


def test_with_githubs_fixed_password_the_user_name_is_the_credential() -> None:
    """``https://<token>:x-oauth-basic@github.com/...`` is how GitHub's docs give a token
    in a URL: ``x-oauth-basic`` is the same in every such URL, the token is the user."""
    token = tokens.hex_secret(40, random.Random(5))
    fixed = "x-oauth-" + "basic"
    assert _found(f"https://{token}:{fixed}@github.com/org/repo/archive/main.zip") == [token]
    assert _found(f"https://a-not-so-secret-token:{fixed}@github.com/org/repo.zip") == []


def test_a_word_for_a_server_on_the_loopback_address_is_no_credential() -> None:
    """A CI job's database container (postgres:sentry@localhost in a workflow, or @postgres
    where the job runs in a container) takes the word it was started with, and no other host
    takes it. A drawn one, or the same word for a server elsewhere, still blocks."""
    word = "sen" + "try"  # split: the repo scans itself in CI
    for host in ("localhost", "127.0.0.1:5432", "[::1]:5432"):
        assert _found(f'psql "postgres://postgres:{word}@{host}/test" -c "select 1"') == []
    upper = "MASTER" + "KEY"  # a test's word, in capitals
    assert _found(f'connectionString: "postgres://postgres:{upper}@127.0.0.1/postgres"') == []
    # a test server's password typed from its user's name, or in two words
    for url in ("http://repluser:repluser123@localhost:9000/bucket",
                "http://foobar:foo12345@127.0.0.1:9001", "http://elastic:MagicWord@127.0.0.1:9200"):
        assert _found(f"export MC_HOST_a={url}") == [], url
    # the same for a job's service container, reached by its label
    assert _found(f'psql postgresql://postgres:{word}@postgres:5432 -c "select 1"') == []
    assert _found(f"REDIS_URL=redis://default:{word}@redis:6379/0") == []
    drawn = tokens.password(18, random.Random(3))
    assert _found(f"postgres://postgres:{drawn}@localhost:5432/test") == [drawn]
    assert _found(f"postgres://postgres:{drawn}@postgres:5432/test") == [drawn]
    assert _found(f"postgres://postgres:{word}@db.internal:5432/test") == [word]
    assert _found(f"postgres://postgres:{word}@billing:5432/test") == [word]
    counted = "repl" + "user123"  # split: the repo scans itself in CI
    assert _found(f"http://repluser:{counted}@minio.internal:9000") == [counted]


def test_a_jdbc_url_s_port_and_properties_are_no_user_info() -> None:
    """SQL Server's JDBC URL puts properties after the port (``;user=svc@host``): the "@"
    in a property's value ends no password; the password property is the connection
    string rule's."""
    password = tokens.password(18, random.Random(11))
    line = (
        "jdbc:sqlserver://db.internal:1433;databaseName=app;user=svc@db;"
        f"password={password};encrypt=true"
    )
    assert _found(line) == []
    assert [f.rule for f in scan(line + "\n") if f.blocking] == ["connection-string-password"]


def test_a_generated_password_with_braces_is_no_template() -> None:
    """Generated passwords have symbols: braces around no name, encoded, are no template."""
    rng = random.Random(9)
    generated = tokens.password(6, rng) + quote("{" + tokens.password(4, rng) + "}", safe="")
    assert _found(f"postgres://app:{generated}@db.internal/app") == [generated]


def test_a_random_password_is_found_encoded_or_not() -> None:
    rng = random.Random(5)
    plain = tokens.password(20, rng)
    encoded = quote(tokens.password(16, rng) + "/@:", safe="")
    assert _found(f"postgres://app:{plain}@db.internal/app") == [plain]
    assert _found(f"ftp://deploy:{encoded}@files.internal/") == [encoded]
    # a default word is only a default on its own: with a random tail it is a password
    mixed = "admin" + tokens.password(12, rng)
    assert _found(f"redis://default:{mixed}@cache:6379/0") == [mixed]


def test_in_third_party_code_a_url_password_warns_and_in_ours_it_blocks() -> None:
    line = f'URL = "postgres://app:{tokens.password(20, random.Random(8))}@db.internal/app"'
    vendored = "venv/lib/python3.12/site-packages/lib/settings.py"
    assert [(f.rule, f.blocking) for f in scan(line, path="app/settings.py")] == [
        ("url-password", True)
    ]
    (warned,) = scan(line, path=vendored)
    assert (warned.rule, warned.blocking) == ("url-password", False)
    assert "third-party" in warned.reason
    # where generic findings block, or no path is vendored, it blocks everywhere
    assert scan(line, path=vendored, policy=ScanConfig(generic_blocking=True))[0].blocking
    assert scan(line, path=vendored, policy=ScanConfig(vendored_paths=()))[0].blocking
