"""A value wrapped onto the line after its name, read as one assignment.

Formatters wrap a long assignment after its operator: Prettier and Black put a string that
does not fit beside its name on the next line (an 88-character Azure Storage key always
moves), and C++, Java and Kotlin code is often written so:

    export const ACCOUNT_KEY =
      "…";

Alone, the value's line names nothing, and detectors that know a key by its name (or
judge it by its name) see only a random string. ``joined`` gives them the assignment on one
line, named as the line above names it; findings stay on the value's line.
"""

from __future__ import annotations

from collections.abc import Sequence

from pushguard.scan.lazyre import lazy

_VALUE_LINE = lazy(r"[ \t]*([\"'`])[^\"'`\s\\]{16,}\1[ \t]*[;,)\]}]*[ \t]*\r?")
"""A line holding only a quoted token (no spaces: not prose), and what closes its statement."""

_OPEN_ASSIGNMENT = lazy(
    r"(?P<name>.*?\S)[ \t]*(?P<op>:?=|=>|:|\(|\{|\|\||\?\?|(?<![A-Za-z0-9_])or)[ \t]*\r?"
)
"""A line ending in an operator that leaves its value to the next line: an assignment
(``=``, ``:=``, ``:``, ``=>``), a call or initializer opened (``setKey(``, C++'s ``Key{``),
or a fallback after an environment lookup (``process.env.KEY ||``, ``?? ``, Python's ``or``)."""

_ASSIGNING = frozenset({"=", ":=", "=>", ":"})


def joined(lines: Sequence[str], index: int) -> str | None:
    """Line ``index`` with the name the line above gives its value, as one assignment
    (``NAME = "…";``), where the value was wrapped onto a line of its own; else None. A call
    or a fallback above is read as assigning to its name: ``setApiKey(`` and
    ``process.env.ACCOUNT_KEY ||`` name the value as ``setApiKey =`` and ``ACCOUNT_KEY =``
    would."""
    if not index or _VALUE_LINE.fullmatch(lines[index]) is None:
        return None
    above = _OPEN_ASSIGNMENT.fullmatch(lines[index - 1])
    if above is None:
        return None
    name, operator = above.group("name"), above.group("op")
    if operator not in _ASSIGNING:
        # a call, an initializer or a fallback assigns to the name before it; in "KEY = ("
        # the parenthesis only groups
        name, operator = name.rstrip("=:> \t"), "="
    space = "" if operator == ":" else " "  # "api_key: …", as YAML and JSON write it
    return f"{name}{space}{operator} {lines[index].strip()}" if name else None
