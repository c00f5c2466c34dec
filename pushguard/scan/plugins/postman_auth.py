"""Credentials in a Postman collection's auth settings: a request's, a folder's or the
collection's ``"auth"`` holds, per type, an array of ``{"key": …, "value": …}`` attributes
(``"bearer": [{"key": "token", "value": "…"}]``, ``"apikey"``'s ``value``, ``"basic"``'s
``password``, OAuth 2.0's ``accessToken`` and ``clientSecret``, AWS Signature's
``secretKey``). Teams export and commit collections, and share them in public workspaces,
with the credentials they last sent still in those slots.

The slot's name says what the value is, so only the array's attributes that hold a secret
are read, as the export writes them: the array header on one line and each attribute's
``key`` and ``value`` on lines of their own (``related_lines`` asks for the ``value``
lines of secret slots), or a whole auth object on one line. A ``{{variable}}``, a
placeholder or a word does not block; a password is judged as a URL's is; a provider's
token keeps its own rule.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.drawn import drawn_credential
from pushguard.scan.plugins.passwords import is_credential
from pushguard.scan.types import Match

# The auth types of Postman's collection format (v2.x) and, of each, the attributes that
# hold a secret (a username, a header's name, a region or a grant type does not)
_SECRET_SLOTS = {
    "apikey": {"value"},
    "bearer": {"token"},
    "basic": {"password"},
    "digest": {"password"},
    "ntlm": {"password"},
    "oauth1": {"consumerSecret", "tokenSecret"},
    "oauth2": {"accessToken", "clientSecret", "refreshToken", "password"},
    "awsv4": {"secretKey", "sessionToken"},
    "hawk": {"authKey"},
    "edgegrid": {"clientSecret", "accessToken", "clientToken"},
    "akamai": {"clientSecret", "accessToken", "clientToken"},
    "jwt": {"secret", "privateKey"},
    "asap": {"privateKey"},
}
_PASSWORD_SLOTS = frozenset({"password"})
_TYPES = "|".join(_SECRET_SLOTS)
_ARRAY = lazy(rf"[ \t]*\"(?P<type>{_TYPES})\"[ \t]*:[ \t]*\[[ \t]*\r?")
"""An auth type's attribute array opened on a line of its own (as Postman exports)."""
_INLINE = lazy(rf"\"(?P<type>{_TYPES})\"[ \t]*:[ \t]*\[(?P<body>[^\[\]]{{1,4000}})\]")
"""An auth type's attribute array on one line (a minified export)."""
_ATTRIBUTE = lazy(r"\{[^{}]{1,2000}\}")
_KEY_LINE = lazy(r"[ \t]*\"key\"[ \t]*:[ \t]*\"(?P<slot>[A-Za-z]{1,40})\"[ \t]*,?[ \t]*\r?")
_VALUE_LINE = lazy(
    r"[ \t]*\"value\"[ \t]*:[ \t]*(?P<value>\"(?:[^\"\\]|\\.){1,2000}\")[ \t]*,?[ \t]*\r?"
)
_JOINED = lazy(r"(?P<slot>[A-Za-z]{1,40}) = (?P<value>\"(?:[^\"\\]|\\.){1,2000}\")")
# Postman's "secret" type of an environment's, the globals' or a collection's variable: its
# author marked the value a secret (the app masks it)
_SECRET_TYPE = lazy(r"\"type\"[ \t]*:[ \t]*\"secret\"")
_SECRET_TYPE_LINE = lazy(r"[ \t]*\"type\"[ \t]*:[ \t]*\"secret\"[ \t]*,?[ \t]*\r?")
_VARIABLE = lazy(r"\{\{[ \t]*([A-Za-z0-9_.-]{1,60})[ \t]*\}\}")
VARIABLE_LINES = 4
"""Lines of a variable's object (key, value, type, enabled) above its type."""
ARRAY_LINES = 40
"""Lines an auth type's attribute array may span (a few attributes of four lines each)."""


class PostmanAuth:
    rule = "postman-auth"
    blocking = True
    # the collection's server's credential: a provider's token is reported as theirs
    catch_all = "a credential in a Postman collection's auth settings"
    prefilter = rf"\"(?:{_TYPES})\"[ \t]*:[ \t]*\[|\"type\"[ \t]*:[ \t]*\"secret\""
    # a slot's value changed alone, far below its unchanged array (an export's name:
    # "<name>.postman_collection.json", "….postman_environment.json")
    context_files = ("*postman*.json", "*collection*.json", "*environment*.json")

    def find(self, line: str, path: str) -> Iterator[Match]:
        seen: set[str] = set()
        # a secret slot's value line (related_lines), as the engine reads it: joined to its
        # "key" line above ("token = …", pairs.joined), or alone where the key comes after
        member = _JOINED.fullmatch(line) or _VALUE_LINE.fullmatch(line)
        found: list[tuple[str, str | None]] = []
        if member is not None:
            slot = member.groupdict().get("slot") or ""
            found.append((slot, _string(member.group("value"))))
        for array in _INLINE.finditer(line):
            slots = _SECRET_SLOTS[array.group("type")]
            for attribute in _ATTRIBUTE.finditer(array.group("body")):
                slot, value = _attribute(attribute.group())
                if slot in slots and value is not None:
                    found.append((slot, value))
        # an environment's or a collection's variable its author typed "secret", on one line
        for entry in _ATTRIBUTE.finditer(line) if _SECRET_TYPE.search(line) else ():
            key, value = _attribute(entry.group())
            if value is not None and _SECRET_TYPE.search(entry.group()):
                found.append((key or "secret", value))
        for slot, value in found:
            if value is None or value in seen or not _secret(slot, value, line, path):
                continue
            seen.add(value)
            yield Match(value)

    def related_lines(self, lines: Sequence[str], index: int) -> list[int]:
        """The ``value`` lines of the secret slots in the attribute array opened on line
        ``index``, or of the variable typed "secret" on it."""
        if _SECRET_TYPE_LINE.fullmatch(lines[index]) is not None:
            return _variable_value(lines, index)
        array = _ARRAY.fullmatch(lines[index])
        if array is None:
            return []
        slots = _SECRET_SLOTS[array.group("type")]
        found: list[int] = []
        slot = ""
        for number in range(index + 1, min(index + 1 + ARRAY_LINES, len(lines))):
            line = lines[number]
            if line.strip().startswith("]"):
                break
            if (key := _KEY_LINE.fullmatch(line)) is not None:
                slot = key.group("slot")
            elif line.strip() in ("{", "},", "}"):
                slot = ""  # the next attribute: its key may come after its value
            elif (value := _VALUE_LINE.fullmatch(line)) is not None and slot in slots:
                found.append(number)
                # a slot given a variable ("{{token}}"): the value the collection defines for it
                variable = _VARIABLE.fullmatch(_string(value.group("value")) or "")
                if variable is not None:
                    found.extend(_defined(lines, variable.group(1)))
        return found


def _string(literal: str) -> str | None:
    """A JSON string literal's text, or None where it is none."""
    try:
        text = json.loads(literal)
    except ValueError:
        return None
    return text if isinstance(text, str) else None


def _attribute(text: str) -> tuple[str, str | None]:
    """An attribute object's ``key`` and its string ``value`` (None: not a string)."""
    try:
        attribute = json.loads(text)
    except ValueError:
        return "", None
    if not isinstance(attribute, dict):
        return "", None
    value = attribute.get("value")
    return str(attribute.get("key", "")), value if isinstance(value, str) else None


def _secret(slot: str, value: str, line: str, path: str) -> bool:
    """Whether a slot's ``value`` is a credential. A token's must look drawn at random; a
    password, or a value line's whose slot only related_lines knew (""), is judged as a
    URL's password is."""
    if slot and slot not in _PASSWORD_SLOTS:
        return drawn_credential(value, line, path)
    return is_credential(value, "", line, path)


def _variable_value(lines: Sequence[str], index: int) -> list[int]:
    """The ``value`` line of the variable object whose "type" line is ``index``."""
    for number in range(index - 1, max(index - 1 - VARIABLE_LINES, -1), -1):
        if _VALUE_LINE.fullmatch(lines[number]) is not None:
            return [number]
        if lines[number].strip() in ("{", "},", "}"):
            break
    return []


def _defined(lines: Sequence[str], name: str) -> list[int]:
    """The ``value`` lines of the variables named ``name`` that the file defines (a
    collection's "variable" array, pretty-printed: the key's line, then its value's)."""
    key = f'"key": "{name}"'
    return [
        number + 1
        for number, line in enumerate(lines[:-1])
        if line.strip().rstrip(",") == key and _VALUE_LINE.fullmatch(lines[number + 1])
    ]
