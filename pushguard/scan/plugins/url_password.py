"""Credentials embedded in URLs: ``scheme://user:password@host`` (database, broker, HTTP, FTP,
SMTP... any scheme). The secret is the password. Placeholders, template variables, masks and
well-known default passwords (``postgres:postgres@``) are not leaks.

An ``@`` should be percent-encoded inside userinfo, but people write ``smtp://me@example.com:
pw@mail`` and ``mysql://root:p@ssw0rd@db``, and URL parsers (Python's ``urlsplit``, libpq, most
drivers) split the authority at its *last* ``@``: so do we. A password is judged as the server
would read it, percent-decoded (``p%40ssw0rd`` is ``p@ssw0rd``, a default).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from urllib.parse import unquote

from pushguard.scan.filters import false_positive_reason
from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import RegexDetector
from pushguard.scan.types import Match

# Passwords that are documentation or local-development defaults, not credentials anyone
# issued; blocking on them teaches people to disable the hook.
_DEFAULTS = frozenset(
    {
        "password", "passwd", "pass", "pwd", "pw", "secret", "changeme", "change_me",
        "root", "admin", "postgres", "mysql", "redis", "guest", "user", "username", "test",
        "example", "dummy", "foo", "bar", "baz", "mypassword", "yourpassword", "mypass",
        "token", "apikey", "api_key", "xxx", "none", "null", "...", "pass123", "password123",
        "secret123", "12345", "123456", "1234", "s3cret", "sekret", "p@ssw0rd", "p4ssw0rd",
        "tiger",  # scott/tiger, Oracle's sample schema, all over SQLAlchemy's docs
    }
)  # fmt: skip
# Values another structured detector already reports (e.g. https://oauth2:glpat-...@gitlab),
# with its own verdict on their checksum.
_TOKEN_PREFIX = lazy(
    r"gh[pousr]_|github_pat_|gl[a-z]{2,6}-|npm_|hf_|api_org_|xox[abposre]|xapp-|sk-|AIza|pgt_"
)
# A Telegram bot token (<bot id>:<secret>) as the userinfo is one token, not user:password.
_TELEGRAM = lazy(r"[0-9]{8,10}:[A-Za-z0-9_-]{35}")
# Lowercase word-like values built around a placeholder word: "mysecretpassword", "db-pass".
_WORDY = lazy(
    r"[a-z_-]*(?:pass|secret|pwd|changeme|example|sample|dummy|your|placeholder)[a-z0-9_-]*"
)
# A default with a counter, as set-up guides and compose files have them: "admin123".
_NUMBERED_DEFAULT = lazy(
    r"(?:admin|root|user|test|guest|demo|pass|password|secret|token|postgres|mysql|redis|"
    r"changeme|qwerty|letmein)[_.-]?[0-9]{1,4}!?"
)
# "%s", "{password}", "[:password]" (a URL syntax's optional part), "****", "$VAR", "<pw>"
_FORMAT = lazy(r"%[sdr]|\{[^}]*\}|\[[^\]]*\]|^\*+$|^\$|^<|>$")


class UrlPassword(RegexDetector):
    rule = "url-password"
    # the catch-all: a provider's token used as a URL's password is reported under the
    # provider's own rule (ours or the catalogue's), whose responder can act on it
    catch_all = "password in a URL"
    prefilter = r"://[^\s/:]*:[^\s@]+@"
    patterns = (
        lazy(
            r"\b(?P<scheme>[A-Za-z][A-Za-z0-9+.-]{1,30})://(?P<user>[^\s:/?#'\"`<>]*)"
            r":(?P<secret>[^\s/?#'\"`<>]+)@(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.%-]+)"
        ),
    )

    def find(self, line: str, path: str) -> Iterator[Match]:
        for match in self.patterns[0].finditer(line):
            password, user = match.group("secret"), match.group("user")
            plain = _plain(password)
            if (
                len(password) < 4  # "u:p@dsn", "x:y@host": a shape, not a credential
                or (password.isdigit() and len(password) <= 5)  # a port: "//host:8080@evil"
                or plain in _DEFAULTS
                or password == user
                or _WORDY.fullmatch(plain)
                or _NUMBERED_DEFAULT.fullmatch(plain)
                or _FORMAT.search(f"{user}:{password}")
                or _TOKEN_PREFIX.match(password)
                or _TELEGRAM.fullmatch(f"{user}:{password}")
                or false_positive_reason(password, line, path) is not None
            ):
                continue
            yield Match(password)


def _plain(password: str) -> str:
    """``password`` as the server reads it (percent-decoded), lowercased, without accents
    (``p%C3%A4ssword``: "pässword") or punctuation at its ends (``bar%3a``: "bar:")."""
    decoded = unicodedata.normalize("NFKD", unquote(password).lower())
    return "".join(c for c in decoded if not unicodedata.combining(c)).strip(".,:;!?'\"[]()")
