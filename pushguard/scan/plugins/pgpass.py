"""Passwords in PostgreSQL password files: ``hostname:port:database:username:password``, one
entry a line, as libpq reads ``~/.pgpass`` (``%APPDATA%\\postgresql\\pgpass.conf`` on Windows,
or the file ``PGPASSFILE`` names). Dockerfiles and set-up scripts write such entries too
(``echo "db:5432:app:app:..." > ~/.pgpass``).

An entry carries no keyword: the file's name says what it is, or the line that writes it
names the file. The password is judged as a URL's is (``passwords.is_credential``): a
default, a placeholder or a template does not block. In an entry ``:`` and ``\\`` are
escaped with ``\\``; the first four fields may be ``*``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import file_name
from pushguard.scan.plugins.passwords import is_credential
from pushguard.scan.types import Match

_PASSWORD_FILE = re.compile(r"\.?pgpass[\w-]*(?:\.conf)?")
"""libpq's names (``.pgpass``, ``pgpass.conf``) and others named for the file: pgAdmin's
``pgpassfile``, ``.pgpass_prod``; not code about it (``test_pgpass.py``, ``write-pgpass.sh``)."""
# a field: characters other than ":" and "\" (each escaped with "\" in the file), no blank
# or quote. On a line of code that writes an entry, "\" is the string literal's escape
# ("...\n"): there the entry ends at it.
_FIELD = r"(?:[^:\\\s'\"`]|\\[:\\])+"
_PLAIN_FIELD = r"[^:\\\s'\"`]+"


def _entry(field: str) -> str:
    return (
        rf"(?P<host>{field}):(?P<port>[0-9]{{1,5}}|\*):(?P<database>{field}):(?P<user>{field})"
        rf":(?P<password>{field})"
    )


_IN_FILE = lazy(_entry(_FIELD))
_IN_CODE = lazy(_entry(_PLAIN_FIELD))
_BEFORE = frozenset(" \t'\"`>")
"""What may precede an entry on a line that writes one (``echo "...entry..." > file``)."""


class PgpassPassword:
    rule = "pgpass-password"
    blocking = True
    # a provider's token used as the password is reported under its own rule
    catch_all = "password in a PostgreSQL password file"
    # fields hold no quote (_FIELD): PHP's serialized data (``a:2:{s:3:"old";...``) has
    # colon-separated fields everywhere, but quoted (246k matches in laravel's history)
    prefilter = r":(?:[0-9]{1,5}|\*):(?:[^:\s'\"`]|\\:)+:(?:[^:\s'\"`]|\\:)+:[^\s'\"`]"

    def find(self, line: str, path: str) -> Iterator[Match]:
        in_file = _PASSWORD_FILE.fullmatch(file_name(path).lower()) is not None
        if not in_file and "pgpass" not in line.lower():
            return
        if in_file and line.lstrip().startswith("#"):
            return  # a comment line of the file
        for entry in (_IN_FILE if in_file else _IN_CODE).finditer(line):
            if entry.start() and line[entry.start() - 1] not in _BEFORE:
                continue  # glued to more of a word: not an entry's start
            password = entry.group("password")
            if is_credential(_unescaped(password), entry.group("user"), line, path):
                yield Match(password, confidence="high" if in_file else "medium")


def _unescaped(field: str) -> str:
    return field.replace("\\:", ":").replace("\\\\", "\\")
