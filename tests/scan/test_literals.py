"""A token written in string literal pieces that the program joins (``"ghp_" + "…"``, PHP's
``.``, Lua's ``..``, VB's ``&``, literals with nothing between them) blocks under its own
rule, once, with the fingerprint of the token written whole. Pieces the program does not
join (a call's arguments, a command's, a variable between them) make no token."""

from __future__ import annotations

import random

import pytest

from pushguard.scan.literals import joined_literals
from tests.helpers import tokens
from tests.scan.test_engine import scan

SPLITS = [
    ("app/settings.py", 'GITHUB_TOKEN = "{a}" + "{b}"'),
    ("deploy/env.sh", 'export GITHUB_TOKEN="{a}""{b}"'),  # nothing between: one word
    ("web/app.js", "const token = '{a}' + '{b}';"),
    ("web/config.php", "$token = '{a}' . '{b}';"),
    ("scripts/init.lua", 'local token = "{a}" .. "{b}"'),
    ("tools/Deploy.vb", 'Dim token As String = "{a}" & "{b}"'),
]


@pytest.mark.parametrize(("path", "template"), SPLITS)
def test_a_token_written_in_pieces_blocks_once(path: str, template: str) -> None:
    token = tokens.github_token(rng=random.Random(template))
    plain = scan(f'TOKEN = "{token}"')
    text = template.format(a=token[:8], b=token[8:])
    found = [f for f in scan(text, path=path, start=5) if f.blocking]
    assert [(f.rule, f.fingerprint, f.line) for f in found] == [
        ("github-token", plain[0].fingerprint, 5)
    ]


@pytest.mark.parametrize(
    "template",
    [
        'print("{a}", "{b}")',  # two arguments: print puts a blank between them
        'TOKEN = "{a}" + suffix + "{b}"',  # something unknown between the pieces
        'ITEMS = ["{a}", "{b}"]',  # a list's items
        'curl -u "{a}" "{b}" https://api.example.com',  # a command's two arguments
    ],
)
def test_pieces_the_program_does_not_join_make_no_token(template: str) -> None:
    token = tokens.github_token(rng=random.Random(template))
    text = template.format(a=token[:8], b=token[8:])
    assert [f for f in scan(text) if f.blocking] == []


def test_joined_literals_writes_each_run_as_one_literal() -> None:
    assert joined_literals('k = "ab" + "cd" + "ef"; v = "g""h"') == 'k = "abcdef"; v = "gh"'
    assert joined_literals('curl -u "a" "b"') is None
    assert joined_literals('f("a", "b")') is None
    assert joined_literals('u = "https://x" + path') is None
