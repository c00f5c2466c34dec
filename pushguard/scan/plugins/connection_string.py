"""Passwords in database connection strings that are not URLs: JDBC query properties
(``jdbc:mysql://db/app?user=app&password=...``, SQL Server's ``;password=...``), ADO.NET and
ODBC key-value strings (``Server=...;User Id=...;Password=...;``), libpq keyword strings
(``host=... dbname=... password=...``), StackExchange.Redis configuration strings
(``host:6380,password=...,ssl=True``) and ``.netrc`` entries (``machine ... login ...
password ...``, on one line or on the lines below ``machine``).

A password here is the credential a database or host accepts, as one in a URL is
(``url_password``), and is judged the same way (``passwords.is_credential``): defaults,
placeholders and templates (``Password={your_password}``), a port in the password's place
and local-development values do not block. The keyword detector only warns on
``password=``; the context (a JDBC URL, a driver's keys, a netrc entry) is what makes it a
connection's credential.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from pushguard.scan.filters import is_name
from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import RegexDetector, matches_at
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
_SERVER_WORDS = ("server", "data source", "host", "addr", "driver", "dsn")
_KEY_VALUE = lazy(
    r"(?i)(?:^|(?<=[;\"'\s]))(?:password|pwd)\s*=\s*" + _VALUE + r"(?=\s*(?:;|$|[\"']))"
)
_USER = lazy(r"(?i)(?:^|(?<=[;\"'\s?&]))(?:user id|userid|uid|user|username)\s*=\s*([^;&\s\"']+)")
# libpq: blanks between keys, no ';' (a call's keyword arguments have commas)
_LIBPQ = lazy(
    r"(?i)\b(?:host|hostaddr|dbname)=[^\s,()]+(?:[ \t]+\w+=[^\s,()]+)*?[ \t]+password=" + _VALUE
)
# StackExchange.Redis: endpoints (host:port) first, then options, all separated by commas
_REDIS_CONFIG = lazy(
    r"(?i)(?:^|(?<=[\"'\s]))[A-Za-z0-9._-]+:[0-9]{2,5}(?:,[^,\s\"']+)*?"
    r",password=(?P<plain>[^,\s\"']{1,200})(?=$|[,\"'\s])"
)
# a variable or attribute in the password's place: code, not a value (self.password)
_REFERENCE = lazy(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")
# "machine", its host, then only netrc's own fields up to the password (prose that names a
# machine, a login and a password has other words between: "a machine name and ... the
# login and password that are"). A backslash ends the password: in "...password pass\ndefault"
# it opens a string's escape.
_NETRC = lazy(
    r"(?i)\bmachine[ \t]+\S+(?:[ \t]+(?:login|account|port)[ \t]+\S+)*"
    r"[ \t]+password[ \t]+(?P<plain>[^\s'\"`\\]+)"
)
# a netrc entry over several lines: "machine host" (maybe with login), then its fields
_NETRC_MACHINE = lazy(
    r"[ \t]*(?:machine[ \t]+\S+|default)(?:[ \t]+(?:login|account|port)[ \t]+\S+)*[ \t]*"
)
_NETRC_FIELD = lazy(r"[ \t]*(?:login|password|account|port)[ \t]+\S+(?:[ \t]+\w+[ \t]+\S+)*[ \t]*")
_NETRC_PASSWORD = lazy(
    r"[ \t]*(?:(?:login|account|port)[ \t]+\S+[ \t]+)*password[ \t]+(?P<plain>\S+)[ \t]*"
)
NETRC_FIELDS = 4
"""Lines below ``machine`` read as its fields (login, password, account, port)."""


class ConnectionStringPassword(RegexDetector):
    rule = "connection-string-password"
    # a provider's token used as the password is reported under its own rule
    catch_all = "password in a connection string"
    prefilter = r"password[ \t]*=[ \t]*[^\s;&]|pwd[ \t]*=[ \t]*[^\s;&]|machine[ \t]+[^\s]"
    # a netrc password changed alone, below its unchanged "machine" line (authinfo is
    # netrc's format under Emacs' and Gnus' name)
    context_files = (".netrc", "_netrc", ".authinfo", "authinfo")

    def find(self, line: str, path: str) -> Iterator[Match]:
        # each pattern is tried only at its words (``matches_at``): a minified line is long
        user_match = min(matches_at(_USER, ("user", "uid"), line), key=_start, default=None)
        user = user_match.group(1) if user_match else ""
        for password in dict.fromkeys(_candidates(line)):
            if not _REFERENCE.fullmatch(password) and is_credential(password, user, line, path):
                yield Match(password)

    def related_lines(self, lines: Sequence[str], index: int) -> list[int]:
        """The fields below a netrc ``machine`` line (the line's own are read by ``find``)."""
        if not _NETRC_MACHINE.fullmatch(lines[index]):
            return []
        fields = []
        for below in range(index + 1, min(index + 1 + NETRC_FIELDS, len(lines))):
            if not _NETRC_FIELD.fullmatch(lines[below]):
                break
            fields.append(below)
        return fields


def _candidates(line: str) -> Iterator[str]:
    for match in matches_at(_JDBC, ("jdbc:",), line):
        yield _value(match)
    if next(matches_at(_KEY_VALUE_CONTEXT, _SERVER_WORDS, line), None) is not None:
        for match in matches_at(_KEY_VALUE, ("password", "pwd"), line):
            yield _value(match)
    for match in matches_at(_LIBPQ, ("host", "dbname"), line):
        yield _value(match)
    if ",password=" in line.lower():
        for match in _REDIS_CONFIG.finditer(line):
            yield match.group("plain")
    for match in matches_at(_NETRC, ("machine",), line):
        yield match.group("plain")
    netrc = _NETRC_PASSWORD.fullmatch(line)
    if netrc is not None:  # asked for by related_lines: a field below "machine"
        yield netrc.group("plain")


def _start(match: re.Match[str]) -> int:
    return match.start()


def _value(match: re.Match[str]) -> str:
    braced = match.group("braced")
    if braced is not None and is_name(braced):
        # a template's placeholder as written ({postgres-password.value}, an Aspire
        # manifest's), judged as one: ODBC's braces quote a password with ; or } in it
        return f"{{{braced}}}"
    return match.group("quoted") or braced or match.group("plain")
