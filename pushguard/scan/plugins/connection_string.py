"""Passwords in database connection strings that are not URLs: JDBC query properties
(``jdbc:mysql://db/app?user=app&password=...``, SQL Server's ``;password=...``), ADO.NET and
ODBC key-value strings (``Server=...;User Id=...;Password=...;``), libpq keyword strings
(``host=... dbname=... password=...``) and one-line ``.netrc`` entries (``machine ...
login ... password ...``).

A password here is the credential a database or host accepts, as one in a URL is
(``url_password``), and is judged the same way (``passwords.is_credential``): defaults,
placeholders and templates (``Password={your_password}``), a port in the password's place
and local-development values do not block. The keyword detector only warns on
``password=``; the context (a JDBC URL, a driver's keys, a netrc entry) is what makes it a
connection's credential.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import RegexDetector
from pushguard.scan.plugins.passwords import is_credential
from pushguard.scan.types import Match

# The value: quoted ('...' or ODBC's {...}) or up to the separator of its syntax (or an
# escape sequence: the \n ending a string literal).
_VALUE = (
    r"(?:'(?P<quoted>[^'\n]{1,200})'|\{(?P<braced>[^}\n]{1,200})\}"
    r"""|(?P<plain>[^\s;&'"`<>()\[\],\\]{1,200}))"""
)
_JDBC = lazy(r"(?i)\bjdbc:[a-z0-9]+:[^\s'\"`]*?[?&;](?:password|pwd)=" + _VALUE)
# key=value;... with a server, as ADO.NET, ODBC and OLE DB strings have them
_KEY_VALUE_CONTEXT = lazy(
    r"(?i)\b(?:server|data source|host|hostname|addr|address|driver|dsn)\s*=[^;\n]*;"
)
_KEY_VALUE = lazy(r"(?i)(?:^|[;\"'\s])(?:password|pwd)\s*=\s*" + _VALUE + r"(?=\s*(?:;|$|[\"']))")
_USER = lazy(r"(?i)(?:^|[;\"'\s?&])(?:user id|userid|uid|user|username)\s*=\s*([^;&\s\"']+)")
# libpq: blanks between keys, no ';' (a call's keyword arguments have commas)
_LIBPQ = lazy(
    r"(?i)\b(?:host|hostaddr|dbname)=[^\s,()]+(?:[ \t]+\w+=[^\s,()]+)*?[ \t]+password=" + _VALUE
)
# a variable or attribute in the password's place: code, not a value (self.password)
_REFERENCE = lazy(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")
_NETRC = lazy(r"(?i)\bmachine[ \t]+\S+[ \t].*?\bpassword[ \t]+(?P<plain>[^\s'\"`]+)")


class ConnectionStringPassword(RegexDetector):
    rule = "connection-string-password"
    # a provider's token used as the password is reported under its own rule
    catch_all = "password in a connection string"
    prefilter = (
        r"password[ \t]*=[ \t]*[^\s;&]|pwd[ \t]*=[ \t]*[^\s;&]"
        r"|machine[ \t]+[^\s]+[ \t].*password[ \t]"
    )

    def find(self, line: str, path: str) -> Iterator[Match]:
        user_match = _USER.search(line)
        user = user_match.group(1) if user_match else ""
        for password in dict.fromkeys(_candidates(line)):
            if not _REFERENCE.fullmatch(password) and is_credential(password, user, line, path):
                yield Match(password)


def _candidates(line: str) -> Iterator[str]:
    for match in _JDBC.finditer(line):
        yield _value(match)
    if _KEY_VALUE_CONTEXT.search(line):
        for match in _KEY_VALUE.finditer(line):
            yield _value(match)
    for match in _LIBPQ.finditer(line):
        yield _value(match)
    for match in _NETRC.finditer(line):
        yield match.group("plain")


def _value(match: re.Match[str]) -> str:
    return match.group("quoted") or match.group("braced") or match.group("plain")
