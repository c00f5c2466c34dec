"""Settings whose name and value sit on two lines: Kubernetes' and ECS's environment lists
(``- name: MAILGUN_API_KEY``, then ``value: ...``), JSON and HCL name/value pairs (Postman's
environments say ``"key"`` for the name), property lists' ``<key>`` over ``<string>`` (an
iOS app's ``Info.plist``), a Terraform variable's header over its ``default``, a YAML block
scalar's key over its token, and an assignment a formatter wrapped after its operator
(``joined``); and a getter's name over the token it returns (``getter``). A rule that wants
the provider's name before a token sees it only once the two are put together.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pushguard.scan.lazyre import lazy

_NAME_LINE = lazy(
    r"""\s*(?:-\s*)?["']?(?:name|key)["']?\s*[:=]\s*["']?([A-Za-z][\w.-]{1,80})["']?\s*,?\s*"""
    r"""|\s*<key>([A-Za-z][\w.-]{1,80})</key>\s*"""  # a property list's (Info.plist)
)
_VALUE_LINE = lazy(r"""\s*["']?value["']?\s*[:=]\s*(\S.*?)\s*,?\s*|\s*<string>(.+)</string>\s*""")
_DEFAULT_LINE = lazy(r"""[ \t]*default[ \t]*=[ \t]*(\S.*?)[ \t]*\r?""")
"""A Terraform variable's default value."""
_TF_VARIABLE = lazy(r"""[ \t]*variable[ \t]+"([A-Za-z0-9_-]+)"[ \t]*\{[ \t]*""")
TF_REACH = 4
"""Lines a Terraform variable's ``default`` may be below its header (type, description)."""


def named_values(lines: Sequence[str]) -> list[tuple[int, str]]:
    """(index of the value's line, ``NAME=value``) for each name line followed by its value."""
    pairs: list[tuple[int, str]] = []
    for index in range(1, len(lines)):
        value = _VALUE_LINE.fullmatch(lines[index])
        if value is not None:
            name = _NAME_LINE.fullmatch(lines[index - 1])
            if name is not None:
                pairs.append((index, f"{_first(name)}={_first(value)}"))
    return pairs


def name_above(lines: Sequence[str], index: int) -> str | None:
    """The name the value on line ``index`` is given above it: the ``name`` line right above
    (a list of name/value pairs), or the header of the Terraform variable whose ``default``
    it is; None where there is neither."""
    if index and (name := _NAME_LINE.fullmatch(lines[index - 1])) is not None:
        return _first(name)
    for number in range(index - 1, max(index - 1 - TF_REACH, -1), -1):
        if (variable := _TF_VARIABLE.fullmatch(lines[number])) is not None:
            return variable.group(1)
        if "}" in lines[number]:
            return None  # the end of another block
    return None


_LONE_VALUE = lazy(r"[ \t]*([\"'`])[^\"'`\s\\]{16,}\1[ \t]*[;,)\]}]*[ \t]*\r?")
"""A line holding only a quoted token (no spaces: not prose), and what closes its statement."""

_LONE_ARGUMENT = lazy(r"[ \t]*([\"'`])[^\"'`\s\\]{8,}\1[ \t]*,[ \t]*\r?")
"""A line holding only a quoted value and the comma after it: an argument of a call, or an
item of a list or tuple, written one per line."""

_OPEN_ASSIGNMENT = lazy(
    r"(?P<name>.*?\S)[ \t]*(?P<op>:?=|=>|:|\(|\{|\|\||\?\?|(?<![A-Za-z0-9_])or)[ \t]*\r?"
)
"""A line ending in an operator that leaves its value to the next line: an assignment
(``=``, ``:=``, ``:``, ``=>``), a call or initializer opened (``setKey(``, C++'s ``Key{``),
or a fallback after an environment lookup (``process.env.KEY ||``, ``?? ``, Python's ``or``)."""

_ASSIGNING = frozenset({"=", ":=", "=>", ":"})

_LED_VALUE = lazy(
    r"[ \t]*(?P<op>:?=|=>)[ \t]*(?P<value>([\"'`])[^\"'`\s\\]{16,}\3[ \t]*[;,)\]}]*)[ \t]*\r?"
)
"""A quoted token led by its assignment's operator: Java and C# style break a long
assignment before the ``=``, leaving the name alone on the line above."""
_BARE_NAME = lazy(r"(?P<name>.*?[A-Za-z0-9_\]\"'])[ \t]*\r?")
"""A line ending in a name (or a quoted or indexed key), not a finished statement."""


_OPEN_ELEMENT = lazy(r"[ \t]*<(?P<name>[A-Za-z_][\w.:-]{0,80})>[ \t]*\r?")
_BARE_VALUE = lazy(r"[ \t]*(?P<value>[^\s<>\"'`]{16,})[ \t]*\r?")


def _element_text(lines: Sequence[str], index: int) -> str | None:
    """``<name>…</name>`` on one line where line ``index`` is a token alone between the
    element's opening and closing tags, each on a line of its own (an XML formatter's
    layout of a long value); else None."""
    value = _BARE_VALUE.fullmatch(lines[index])
    if value is None or not index or index + 1 >= len(lines):
        return None
    opened = _OPEN_ELEMENT.fullmatch(lines[index - 1])
    if opened is None or lines[index + 1].strip() != f"</{opened['name']}>":
        return None
    return f"<{opened['name']}>{value['value']}</{opened['name']}>"


def element_below(lines: Sequence[str], index: int) -> bool:
    """Whether line ``index`` opens an XML element whose text is a token alone on the next
    line (``joined`` reads the three lines as one): the value's line has no anchor of its
    own, its name is on this one."""
    return lines[index].rstrip().endswith(">") and (
        index + 1 < len(lines) and _element_text(lines, index + 1) is not None
    )


_BLOCK_HEADER = lazy(
    r"(?P<indent>[ \t]*)(?:-[ \t]+)?(?P<name>[\"']?[A-Za-z_][\w.-]{0,80}[\"']?)[ \t]*:"
    r"[ \t]*[|>][-+1-9]{0,2}[ \t]*\r?"
)
_BLOCK_VALUE = lazy(r"(?P<indent>[ \t]+)(?P<value>[^\s\"'`#]{16,})[ \t]*\r?")
"""A YAML key whose value is a block scalar (``api_key: |``, ``token: >-``), and the token
that is its block's first line, indented under it."""


def _block_scalar(lines: Sequence[str], index: int) -> str | None:
    """The key on line ``index`` where it opens a block scalar whose first line is a token;
    else None."""
    header = _BLOCK_HEADER.fullmatch(lines[index])
    if header is None or index + 1 >= len(lines):
        return None
    value = _BLOCK_VALUE.fullmatch(lines[index + 1])
    if value is None or len(value["indent"]) <= len(header["indent"]):
        return None
    return header["name"]


_GETTER = (
    r"[ \t]*(?:(?:export|public|private|protected|internal|static|final|async|override|open"
    r"|suspend|pub|get)[ \t]+)*"
    # its keyword or its return type (not a statement's: "if has_token():" is no function)
    r"(?:(?!(?:if|elif|while|for|switch|catch|with|return|else|new)\b)"
    r"(?:def|func|function|fun|fn|sub|[A-Za-z_][\w.<>\[\]?]*)[ \t]+)?"
    r"(?:\([^()\n]*\)[ \t]*)?"  # a Go method's receiver
    # no parameter but the object: a getter's value is its own, not made of its arguments
    r"(?P<name>[A-Za-z_]\w{2,80})[ \t]*\([ \t]*(?:self|this|cls)?[ \t]*\)"
    r"[^\"'`=;{}\n]{0,40}?[ \t]*[{:]"  # a return type ("-> str", " string"), then the body
)
_RETURNED = r"return[ \t]+(?P<value>(?P<quote>[\"'`])[^\"'`\s\\]{16,}(?P=quote))[ \t]*;?"
_GETTER_HEADER = lazy(_GETTER + r"[ \t]*\r?")
_GETTER_RETURNS = lazy(_GETTER + r"[ \t]*" + _RETURNED + r"[ \t]*\}?[ \t]*\r?")
_RETURN_LINE = lazy(r"[ \t]*" + _RETURNED + r"[ \t]*\r?")
"""A function that returns a token and takes nothing: ``def get_shodan_key(): return "…"``,
``func getBetterStackToken() string {`` over ``return "…"``, Java's ``String getApiKey()``.
Its name names the value as a variable's would."""


def getter(lines: Sequence[str], index: int) -> str | None:
    """Line ``index`` as an assignment of the token it returns to the function's name
    (``get_shodan_key = "…"``), where it is a getter's return or a one-line getter."""
    if "return" not in lines[index]:
        return None
    whole = _GETTER_RETURNS.fullmatch(lines[index])
    if whole is not None:
        return f"{whole['name']} = {whole['value']}"
    returned = _RETURN_LINE.fullmatch(lines[index])
    if returned is None or not index:
        return None
    header = _GETTER_HEADER.fullmatch(lines[index - 1])
    return None if header is None else f"{header['name']} = {returned['value']}"


def joined(lines: Sequence[str], index: int) -> str | None:
    """Line ``index`` with the name the line above gives its value, as one assignment
    (``NAME = "…";``), where the value was wrapped onto a line of its own; else None.

    Prettier and Black put a string that does not fit beside its name on the next line (an
    88-character Azure Storage key always moves), and C++, Java and Kotlin code is often
    written so: ``export const ACCOUNT_KEY =`` over ``"…";``. A call or a fallback above is
    read as assigning to its name: ``setApiKey(`` and ``process.env.ACCOUNT_KEY ||`` name the
    value as ``setApiKey =`` and ``ACCOUNT_KEY =`` would. A value whose line begins with the
    operator (``= "…";`` under ``String ACCOUNT_KEY``) is joined as well, and so is one
    under the argument before it (``"AKIA…",`` over ``"…",``), a pair's value or a
    Terraform variable's default under the name it is given above (``name_above``), a
    YAML block scalar's token under its key (``api_key: |``), and an XML element's token
    alone between its tags' lines (``<apiKey>`` over it, ``</apiKey>`` under it).
    Findings stay on the value's line."""
    if not index:
        return None
    paired = _VALUE_LINE.fullmatch(lines[index]) or _DEFAULT_LINE.fullmatch(lines[index])
    if paired is not None:
        # a name/value pair's value (an ECS or Kubernetes env entry) or a Terraform
        # variable's default, under the name it is given above
        name = name_above(lines, index)
        return None if name is None else f"{name} = {_first(paired)}"
    key = _block_scalar(lines, index - 1)
    if key is not None:  # "api_key: |" over the token
        return f"{key}: {lines[index].strip()}"
    element = _element_text(lines, index)
    if element is not None:  # "<apiKey>" over the token over "</apiKey>"
        return element
    led = _LED_VALUE.fullmatch(lines[index])
    if led is not None:  # "String ACCOUNT_KEY" over '= "…";'
        bare = _BARE_NAME.fullmatch(lines[index - 1])
        return None if bare is None else f"{bare['name']} {led['op']} {led['value']}"
    if _LONE_VALUE.fullmatch(lines[index]) is None:
        return None
    if _LONE_ARGUMENT.fullmatch(lines[index - 1]) is not None:
        # a call's arguments one per line: the value after the one before it, as written
        # on one line (Client("AC…", "<auth token>"), boto3.Session("AKIA…", "<secret>"))
        return f"{lines[index - 1].strip()} {lines[index].strip()}"
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


def _first(match: re.Match[str]) -> str:
    """The group of the alternative that matched."""
    return next(group for group in match.groups() if group is not None)
