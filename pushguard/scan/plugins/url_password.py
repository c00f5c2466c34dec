"""Credentials embedded in URLs: ``scheme://user:password@host`` (database, broker, HTTP, FTP,
SMTP... any scheme). The secret is the password. Placeholders, template variables, masks and
well-known default passwords (``postgres:postgres@``) are not leaks.

An ``@`` should be percent-encoded inside userinfo, but people write ``smtp://me@example.com:
pw@mail`` and ``mysql://root:p@ssw0rd@db``, and URL parsers (Python's ``urlsplit``, libpq, most
drivers) split the authority at its *last* ``@``: so do we. A password is judged as the server
would read it, percent-decoded (``p%40ssw0rd`` is ``p@ssw0rd``, a default).
"""

from __future__ import annotations

from collections.abc import Iterator

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import RegexDetector
from pushguard.scan.plugins.passwords import FORMAT, is_credential
from pushguard.scan.types import Match

# A Telegram bot token (<bot id>:<secret>) as the userinfo is one token, not user:password.
_TELEGRAM = lazy(r"[0-9]{8,10}:[A-Za-z0-9_-]{35}")
# GitHub's fixed password for a token given as the user name (``https://<token>:x-oauth-basic
# @github.com/...``, as its docs write it): the user name is the credential.
_TOKEN_AS_USER = "x-oauth-basic"  # noqa: S105  (a fixed word, no secret)
# A port, then a JDBC URL's properties (SQL Server's "host:1433;databaseName=app;user=u@h"):
# the "@" of a property's value, not a password's end
_PORT_AND_PROPERTIES = lazy(r"[0-9]{1,5};")


class UrlPassword(RegexDetector):
    rule = "url-password"
    # the catch-all: a provider's token used as a URL's password is reported under the
    # provider's own rule (ours or the catalogue's), whose responder can act on it
    catch_all = "password in a URL"
    # the password holds no "/", as the pattern's does not: unbounded to the line's end, re
    # tried it from every "://" of a line of them (240 KB took 17 s)
    prefilter = r"://[^\s/:]*:[^\s@/]+@"
    patterns = (
        lazy(
            r"\b(?P<scheme>[A-Za-z][A-Za-z0-9+.-]{1,30})://(?P<user>[^\s:/?#'\"`<>]*)"
            r":(?P<secret>[^\s/?#'\"`<>]+)@(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.%-]+)"
        ),
    )

    def find(self, line: str, path: str) -> Iterator[Match]:
        for match in self.patterns[0].finditer(line):
            password, user = match.group("secret"), match.group("user")
            if password.lower() == _TOKEN_AS_USER:
                password, user = user, ""
            _, comma, host_and_user = password.rpartition(",")
            if comma and ":" in host_and_user:
                # a multi-host URL's hosts ("h1:1,u:p@h2", "u:p@h1,u:p@h2"): the password
                # is the last userinfo's, after its last comma
                user, _, password = host_and_user.partition(":")
            if (
                _PORT_AND_PROPERTIES.match(password)
                or FORMAT.search(f"{user}:{password}")
                or _TELEGRAM.fullmatch(f"{user}:{password}")
                or _local_word(password, match.group("host"), user)
                or not is_credential(password, user, line, path)
            ):
                continue
            yield Match(password)


_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]"})
# A service container reached by its name, the name of its image: a CI job that runs in a
# container reaches its services by their labels (GitHub Actions, GitLab CI's aliases), a
# compose file's services reach each other by theirs. One label, no domain.
_CONTAINER_HOSTS = frozenset(
    {
        "postgres", "postgresql", "mysql", "mariadb", "mongo", "mongodb", "redis", "valkey",
        "rabbitmq", "memcached", "mssql", "sqlserver", "clickhouse", "elasticsearch",
        "opensearch", "minio", "kafka", "cassandra", "neo4j", "couchdb", "db", "database",
    }
)  # fmt: skip
_WORD = lazy(r"[A-Za-z]{1,16}")
_COUNTER = "0123456789"


def _local_word(password: str, host: str, user: str) -> bool:
    """Whether ``password`` is typed, for a server on the loopback address or in a service
    container: letters alone (``postgres:sentry@localhost``, ``postgres:sentry@postgres``,
    ``MASTERKEY``, ``MagicWord``), or the user's name again with a counter
    (``repluser:repluser123``, ``foobar:foo12345``). A CI job's database, a test's server, a
    developer's compose file: no one issued it and no other host takes it; a drawn one
    still blocks."""
    name = host.lower()
    if name not in _LOCAL_HOSTS and name not in _CONTAINER_HOSTS:
        return False
    if _WORD.fullmatch(password):
        return True
    typed, named = password.lower().rstrip(_COUNTER), user.lower().rstrip(_COUNTER)
    return min(len(typed), len(named)) >= 3 and (typed.startswith(named) or named.startswith(typed))
