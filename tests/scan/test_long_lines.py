"""Credentials on a minified line: hundreds of KB on one line, the words detectors start
from (mysql, secret_key, Authorization, password, host) all over it. Each detector tries
its patterns only where its words are (``base.matches_at``): what it finds there must be
what a search of the whole line finds."""

from __future__ import annotations

import base64
import random

import pytest

from pushguard.scan.secrets import fingerprint
from tests.helpers import tokens as t
from tests.scan.test_engine import KEY, scan

RNG = random.Random(83)
PW = t.password(18, RNG)
AWS_SECRET = t.aws_secret_key(RNG)
SHODAN = t.high_entropy(32, t.HEX, RNG)

# minified code that names every starting word many times, with no credential
FILLER = "".join(
    f"var m{i}=mysql.connect({{host:h{i}}});s{i}.secret_key_id=k{i};"
    f'h["Authorization"]=b{i};o{i}.password_hint="x";machine_id{i}=1;jdbc_{i}=0;'
    for i in range(1500)
)


def _minified(placed: str) -> str:
    middle = len(FILLER) // 2
    return FILLER[:middle] + placed + FILLER[middle:]


def _basic(user: str, password: str) -> str:
    return base64.b64encode(f"{user}:{password}".encode()).decode()


CASES = [
    ("aws-secret-key", f'cfg={{aws_secret_access_key:"{AWS_SECRET}"}};', AWS_SECRET),
    ("command-line-password", f'exec("mysql -u app -p{PW} -h db.acme.io app");', PW),
    (
        "connection-string-password",
        f'cs="Server=db.acme.io;Database=app;User Id=app;Password={PW};";',
        PW,
    ),
    (
        "basic-auth-credentials",
        f'h={{"Authorization":"Basic {_basic("deploy", PW)}"}};',
        _basic("deploy", PW),
    ),
    ("named-provider-key", f'cfg={{shodan_api_key:"{SHODAN}"}};', SHODAN),
]


@pytest.mark.parametrize(("rule", "placed", "secret"), CASES, ids=[c[0] for c in CASES])
def test_a_credential_inside_a_minified_line_is_found(rule: str, placed: str, secret: str) -> None:
    line = _minified(placed)
    assert len(line) > 200_000
    found = [f for f in scan(line + "\n", path="static/app.min.js") if f.rule == rule]
    assert [f.fingerprint for f in found] == [fingerprint(KEY, secret)]


# the same with text outside ASCII in its strings: a bundle's translations
FILLER_UTF8 = "".join(
    f'{chunk}l{i}="café 東京 ✓";' for i, chunk in enumerate(FILLER.split(";jdbc_"))
)


@pytest.mark.parametrize(("rule", "placed", "secret"), CASES, ids=[c[0] for c in CASES])
def test_a_credential_after_non_ascii_text_is_found(rule: str, placed: str, secret: str) -> None:
    """Each detector reads a long line around where its prefilter matched: the places are
    the line's own, however many bytes its characters before them take in UTF-8."""
    middle = len(FILLER_UTF8) // 2
    line = FILLER_UTF8[:middle] + placed + FILLER_UTF8[middle:]
    assert len(line.encode()) - len(line) > 10_000  # far more than a window's reach
    found = [f for f in scan(line + "\n", path="static/app.min.js") if f.rule == rule]
    assert [f.fingerprint for f in found] == [fingerprint(KEY, secret)]


def test_the_filler_alone_holds_nothing_that_blocks() -> None:
    assert [f.rule for f in scan(FILLER + "\n", path="static/app.min.js") if f.blocking] == []


def test_a_word_glued_to_a_longer_one_is_still_not_a_start() -> None:
    # "xmysql" is not the mysql client: the pattern's own boundary still decides
    line = _minified(f'exec("xmysql -u app -p{PW} app");')
    assert [f for f in scan(line + "\n", path="static/app.min.js") if f.blocking] == []


def test_a_line_whose_lowercase_is_longer_is_still_searched() -> None:
    # "İ" lowercases to two characters: offsets in the lowercase would not be the line's
    line = "İstanbul " * 3 + f'cs="Server=db.acme.io;User Id=app;Password={PW};"'
    found = [f for f in scan(line + "\n", path="app/db.cs") if f.blocking]
    assert [(f.rule, f.fingerprint) for f in found] == [
        ("connection-string-password", fingerprint(KEY, PW))
    ]
