"""Passwords given on a command line: ``mysql -pSECRET``, ``--password=SECRET`` of the MySQL
and MongoDB clients, ``docker login -p``, ``sshpass -p``, ``redis-cli -a``, ``curl -u
user:SECRET``, ``PGPASSWORD=SECRET psql``, PsExec's ``-p SECRET`` and PowerShell's
``ConvertTo-SecureString "SECRET" -AsPlainText``. CI scripts, Dockerfiles, READMEs, batch
files and shell history files keep them, and each is the credential the server accepts.

The command must be on the line: ``-p`` and ``-a`` mean other things to other programs.
The value is judged as a URL's password is (``passwords.is_credential``): a variable
(``"$MYSQL_PASSWORD"``, ``${{ secrets.REGISTRY_TOKEN }}``), a default or a placeholder
does not block. A catch-all: a provider's token given as the password (``docker login -p
ghp_...``) is reported under its own rule.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import RegexDetector, matches_at
from pushguard.scan.plugins.curl_command import OPTION_LINE, continuation_lines
from pushguard.scan.plugins.passwords import is_credential
from pushguard.scan.types import Match

# A shell word: quoted, or up to a blank (a command's value, not the rest of the line)
_WORD = (
    r"""(?:'(?P<single>[^'\n]{1,200})'|"(?P<double>[^"\n]{1,200})"|(?P<plain>[^\s'"`;|&]{1,200}))"""
)
# curl's and wget's -u/--user "user:SECRET", the user and password bare or quoted together
# (as most scripts write them; an empty user sends the password alone: -u ":SECRET")
_CURL = r"\b(?:curl|wget)\b[^\n|;&]*?[ \t]"
_USER_OPTION = r"(?:-u|--user)[ \t=]+(?P<user>[^\s:'\"]+):" + _WORD
_USER_QUOTED = (
    r"(?:-u|--user)[ \t=]+(?P<q>['\"])(?P<user>[^\s:'\"]*):(?P<together>[^'\"\n]{1,200})(?P=q)"
)
# the same options on a line continuing a curl or wget command (related_lines)
_CONTINUED = tuple(
    lazy(OPTION_LINE + r"(?:[^\n|;&]*?[ \t])??" + option) for option in (_USER_OPTION, _USER_QUOTED)
)
_MYSQL = r"\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mariadb|mariadb-dump)\b"
# (words one of which the line must hold, pattern): a line that reaches ``find`` names one
# program, so the others' patterns are not tried on it; each is tried only where one of its
# words is (``matches_at``)
_PATTERNS = (
    # mysql -pSECRET (glued: "-p SECRET" names a database) or --password=SECRET
    (("mysql", "mariadb"), lazy(_MYSQL + r"[^\n|;&]*?[ \t](?:-p(?=[^\s])|--password=)" + _WORD)),
    (
        ("mongo",),
        lazy(
            r"\bmongo(?:sh|dump|restore|import|export)?\b[^\n|;&]*?[ \t](?:-p|--password)[ \t=]"
            + _WORD
        ),
    ),
    (("docker",), lazy(r"\bdocker[ \t]+login\b[^\n|;&]*?[ \t](?:-p|--password)[ \t=]+" + _WORD)),
    (("sshpass",), lazy(r"\bsshpass[ \t]+-p[ \t]*" + _WORD)),
    (("redis-cli",), lazy(r"\bredis-cli\b[^\n|;&]*?[ \t](?:-a|--pass)[ \t]+" + _WORD)),
    (("curl", "wget"), lazy(_CURL + _USER_OPTION)),
    (("curl", "wget"), lazy(_CURL + _USER_QUOTED)),
    # Sysinternals' PsExec runs a program on another Windows host as -u's account
    (
        ("psexec", "PsExec", "PSEXEC", "Psexec"),
        lazy(r"\b(?i:psexec)(?:64)?(?:\.exe)?\b[^\n|;&]*?[ \t]-p[ \t]+(?!-)" + _WORD),
    ),
    # PowerShell turns a literal into a SecureString only with -AsPlainText: the literal is
    # the password, first or after -String, wherever -AsPlainText and -Force are put
    (
        ("ConvertTo-SecureString",),
        lazy(
            r"\bConvertTo-SecureString(?=[^\n|;]*-AsPlainText)"
            r"(?:[ \t]+-(?:AsPlainText|Force)\b)*[ \t]+(?:-String[ \t]+)?(?!-)" + _WORD
        ),
    ),
    (
        ("PGPASSWORD=", "MYSQL_PWD="),
        lazy(
            r"\b(?:PGPASSWORD|MYSQL_PWD)="
            + _WORD
            + r"[ \t]+(?:\S+[ \t]+)*?(?:psql|pg_dump|pg_restore|mysql\w*)\b"
        ),
    ),
)


# the account named on the same command line (mysql --user=xwiki, mongosh -u admin), for
# a password that is only the account's name again
_USER_ON_LINE = lazy(r"(?:--user(?:name)?[ \t=]+|(?<![\w-])-u[ \t]*)(['\"]?)(?P<user>[^\s'\"]+)\1")
# docker's -p publishes ports ([ip:]host:container[/proto]): a mongo container's alias
# (--link db:mongo) puts "mongo" before it on a docker run line
_PORT_MAPPING = lazy(r"(?:[0-9.]+:)?[0-9]{1,5}:[0-9]{1,5}(?:/(?:tcp|udp))?")

# where a program reads the password from instead (docker's --password-stdin, written
# "--password stdin" by mistake; tools taking "-" or a device's path for their input)
_STANDARD_INPUT = frozenset({"stdin", "-", "/dev/stdin", "/dev/fd/0"})

_VALUE_GROUPS = ("together", "single", "double", "plain")
"""The groups a pattern's value may be in: quoted with its user, quoted alone, or bare."""


class CommandLinePassword(RegexDetector):
    rule = "command-line-password"
    catch_all = "password on a command line"
    prefilter = (
        r"mysql|mariadb|mongo|docker[ \t]+login|sshpass|redis-cli|curl(?:\.exe)?[ \t]"
        r"|wget(?:\.exe)?[ \t]|pgpassword=|psexec|convertto-securestring"
    )

    def find(self, line: str, path: str) -> Iterator[Match]:
        seen: set[str] = set()
        # a line continuing a curl or wget command is read only where related_lines asked
        continued = [match for p in _CONTINUED if (match := p.match(line)) is not None]
        found = (
            match
            for words, pattern in _PATTERNS
            for match in matches_at(pattern, words, line, caseless=False)
        )
        for match in [*continued, *found]:
            groups = match.groupdict()
            value = next(groups[name] for name in _VALUE_GROUPS if groups.get(name) is not None)
            if _PORT_MAPPING.fullmatch(value) or value.lower() in _STANDARD_INPUT:
                continue
            if "--password-stdin" in line[match.start() :]:
                # the password comes from standard input: a value after -p is a user name
                # slipped there ("docker login -u -p oauth2accesstoken --password-stdin")
                continue
            user = groups.get("user") or _user_on(line)
            if value not in seen and is_credential(value, user, line, path):
                seen.add(value)
                yield Match(value)

    def related_lines(self, lines: Sequence[str], index: int) -> list[int]:
        """The lines continuing a curl or wget command begun on line ``index``."""
        return continuation_lines(lines, index)


def _user_on(line: str) -> str:
    found = _USER_ON_LINE.search(line)
    return found.group("user") if found is not None else ""
