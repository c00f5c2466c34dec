"""A token hard-coded as what a getter returns is judged by the getter's name, as a variable's
value is by the variable's: ``def get_shodan_key(): return "…"`` blocks as
``SHODAN_KEY = "…"`` does, in each language's way of writing a function that takes nothing.
A function given arguments, a statement's condition and a placeholder do not block."""

from __future__ import annotations

import random

import pytest

from pushguard.scan.pairs import getter
from pushguard.scan.secrets import fingerprint
from tests.helpers import tokens as t
from tests.scan.test_catalogue import KEY, scan

# (path, the getter around "{key}")
GETTERS = [
    ("app/keys.py", 'def get_shodan_key():\n    return "{key}"\n'),
    ("app/keys.py", 'def get_shodan_key(): return "{key}"\n'),
    ("app/client.py",
     'class Client:\n    def shodan_api_key(self) -> str:\n        return "{key}"\n'),
    ("keys/keys.go", 'package keys\n\nfunc getShodanToken() string {{\n\treturn "{key}"\n}}\n'),
    ("keys/client.go",
     'package keys\n\nfunc (c *Client) ShodanToken() string {{ return "{key}" }}\n'),
    ("src/Keys.java",
     'class Keys {{\n    public static String getShodanApiKey() {{\n        return "{key}";\n'
     '    }}\n}}\n'),
    ("src/keys.ts", 'class Keys {{\n  getShodanKey(): string {{\n    return "{key}";\n  }}\n}}\n'),
    ("src/Keys.kt", 'object Keys {{\n    fun getShodanKey(): String {{\n        return "{key}"\n'
     '    }}\n}}\n'),
    ("src/keys.js", "function getShodanKey() {{\n  return '{key}';\n}}\n"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "template"), GETTERS)
def test_a_token_a_getter_returns_blocks_under_the_getters_name(path: str, template: str) -> None:
    key = t.high_entropy(32, t.ALNUM, random.Random(template))
    text = template.format(key=key)
    [finding] = [f for f in scan(text, path) if f.blocking]
    assert (finding.rule, finding.provider) == ("named-provider-key", "shodan")
    assert finding.fingerprint == fingerprint(KEY, key)
    assert finding.line == 1 + text[: text.index(key)].count("\n")


@pytest.mark.parametrize(
    ("path", "template"),
    [
        # its arguments may make the value: a lookup's default, not the getter's own
        ("app/keys.py", 'def shodan_key_for(user):\n    return "{key}"\n'),
        # a condition's call, not a function's name
        ("app/keys.py", 'if has_shodan_token():\n    return "{key}"\n'),
        # no service in the name: a keyword's warning at most
        ("app/keys.py", 'def get_token():\n    return "{key}"\n'),
        # a placeholder
        ("app/keys.py", 'def get_shodan_key():\n    return "your-shodan-api-key-goes-here"\n'),
        # a return under a line that is no function's header
        ("app/keys.py", 'shodan_key = load()\nreturn "{key}"\n'),
    ],
)  # fmt: skip
def test_what_is_no_getter_of_a_token_does_not_block(path: str, template: str) -> None:
    key = t.high_entropy(32, t.ALNUM, random.Random(template))
    assert [f for f in scan(template.format(key=key), path) if f.blocking] == []


def test_a_getter_reads_as_an_assignment_to_its_name() -> None:
    value = '"' + t.high_entropy(20, t.ALNUM, random.Random(0)) + '"'
    assert getter(["def get_shodan_key() -> str:", f"    return {value}"], 1) == (
        f"get_shodan_key = {value}"
    )
    assert getter([f"func (c *Client) ShodanToken() string {{ return {value} }}"], 0) == (
        f"ShodanToken = {value}"
    )
    assert getter([f"    return {value}"], 0) is None  # no line above to name it
    assert getter(["x = 1", f"return {value}"], 1) is None
    assert getter(["def get_shodan_key():", '    return "short"'], 1) is None
