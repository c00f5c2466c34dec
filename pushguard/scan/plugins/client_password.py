"""Passwords given to a client library's connect or login call in code: a database driver's
``psycopg2.connect(…, password="…")``, ``mysql.createConnection({password: "…"})``,
``new Client({password: "…"})`` of node-postgres, ``MongoClient(…, password="…")``,
``redis.Redis(password="…")``, ``paramiko``'s ``connect(…, password="…")``; a mail or file
server's ``smtplib``/``ftplib`` ``login("user", "…")``, Go's ``smtp.PlainAuth("", "user",
"…", host)``, nodemailer's ``auth: {user, pass: "…"}``; JDBC's
``DriverManager.getConnection(url, "user", "…")``, PHP's ``new PDO($dsn, "user", "…")``,
.NET's ``NetworkCredential("user", "…")``, Java's ``PasswordAuthentication``; HTTP clients'
Basic auth: ``SetBasicAuth("user", "…")``, ``HTTPBasicAuth("user", "…")``.

The call says the argument is the password a server accepts, where ``password = "…"``
alone is any variable (the keyword rule warns on it). Keyword arguments are read on the
call's line and on the lines of a call left open (``related_lines``), as Black and Prettier
put them one a line. The value is judged as a URL's password is (``passwords.is_credential``):
a default, a placeholder, a template or an environment lookup does not block.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.passwords import is_credential
from pushguard.scan.types import Match

# a mail or file server's client logging in (smtplib's server.login, ftplib's ftp.login): an
# application's own login(…) helper is its tests' (self.client.login in Django's)
_MAIL_LOGIN = r"(?i:\b(?:\w*(?:smtp|imap|pop3?|ftp|mail)\w*|server)\.login)"
# Calls whose keyword argument or option named password (passwd, pwd, pass) is one: the
# database drivers', SSH's, LDAP's, mail transports', a client's login(…)
_KEYWORD_CALLS = (
    r"(?:psycopg2?|asyncpg|pymysql|MySQLdb|mysql\.connector|aiomysql|pymssql|oracledb"
    r"|cx_Oracle|snowflake\.connector|pg8000|mariadb|ibm_db|vertica_python|trino\.dbapi"
    r")\.connect|\bMongoClient|\bAsyncIOMotorClient|\b(?:Strict)?Redis|\bRedisCluster"
    r"|\bcreateConnection|\bcreatePool|\bcreateClient"
    r"|\bnew[ \t]+(?:Pool|Client|Redis|Sequelize)|\bcreateTransport|\bldap3\.Connection"
    r"|\b(?:SSHClient|ssh|client)\.connect|\bpysftp\.Connection|\bPG\.connect"
    r"|\bMysql2::Client\.new|\bNet::SMTP\.start|" + _MAIL_LOGIN
)
_KEYWORD = (
    r"(?<![A-Za-z0-9_])(?:password|passwd|pwd|pass)[\"']?[ \t]*[:=][ \t]*"
    r"(?P<q>[\"'`])(?P<value>[^\"'`\n]{1,200})(?P=q)"
)
_CALL = lazy(r"(?:" + _KEYWORD_CALLS + r")[ \t]*\(")
_ARGUMENT_LINE = lazy(r"[ \t]*" + _KEYWORD + r"[ \t]*,?[ \t]*\r?")
"""A keyword argument alone on its line, as Black and Prettier put a long call's."""
_IN_ARGS = lazy(_KEYWORD)
# Calls taking the user and the password as string literals, by position: (pattern, the
# password's position among the arguments, the user's); one pattern for all, each call's
# alternative a group of its own (a long line is read once, not once per call)
_POSITIONS = (
    (r"\bsmtp\.PlainAuth", 2, 1),  # Go: PlainAuth(identity, username, password, host)
    (_MAIL_LOGIN, 1, 0),  # smtplib, imaplib, poplib, ftplib: login(user, password)
    (r"\bftp_login", 2, 1),  # PHP: ftp_login($ftp, $user, $password)
    (r"\bDriverManager\.getConnection", 2, 1),  # JDBC: (url, user, password)
    (r"\bnew[ \t]+PDO", 2, 1),  # PHP: new PDO($dsn, $user, $password)
    (r"\bmysqli_connect|\bnew[ \t]+mysqli", 2, 1),  # (host, user, password, db)
    (r"\bNetworkCredential", 1, 0),  # .NET: (userName, password)
    (r"\bPasswordAuthentication", 1, 0),  # Java: (user, password.toCharArray())
    (r"\b(?:Set|set)BasicAuth|\bHTTP(?:Basic|Digest)Auth", 1, 0),  # (user, password)
    (r"\bPlainCredentials", 1, 0),  # pika (RabbitMQ): (username, password)
    (r"\bnew[ \t]+Sequelize", 2, 1),  # (database, username, password, options)
)
_POSITIONAL = lazy(
    "(?:"
    + "|".join(f"(?P<c{n}>{call})" for n, (call, _, _) in enumerate(_POSITIONS))
    + r")[ \t]*\("
)
# Where any call above may end, in the lowercased line: the last word of each one's name
# and its parenthesis. The calls' own patterns open on a name (\b, an alternation, \w*)
# and were tried at every position of a line (9 KB of a minified bundle took 7 ms); a
# lowercase alternation of literals skips ahead on their first characters, and each call
# is then read back from its parenthesis (_calls)
_CALL_END = lazy(
    r"(?:connect|connection|client|redis|cluster|pool|transport|sequelize|start|new|login"
    r"|auth|authentication|credentials?|pdo|mysqli)[ \t]*\("
)
_LITERAL = lazy(r"[ \t]*(?P<q>[\"'`])(?P<s>[^\"'`\n]{0,200})(?P=q)(?:\.toCharArray\(\))?[ \t]*")
"""An argument that is one string literal (Java's password as ``"…".toCharArray()``)."""
CALL_LINES = 15
"""Lines a call's arguments may span, one a line."""
OPEN_CALL_LINE = 200
"""Characters of the longest line read for a call left open: such a line holds the call's
start alone (``conn = psycopg2.connect(``); a minified bundle's 300 KB line, with a
``connect(`` every few hundred characters, is no such line (reading the rest of it after
each one cost laravel's history scan twice its time)."""
ARGUMENTS_READ = 1000
"""Characters after a call's parenthesis read for its arguments."""


def arguments(text: str) -> tuple[list[str], bool]:
    """The arguments of a call whose parenthesis opened just before ``text``, split at its
    own commas (not those inside strings or nested brackets), and whether it closed on
    ``text``."""
    found: list[str] = []
    depth, quote, start = 0, "", 0
    for at, char in enumerate(text):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'`":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                return [*found, text[start:at]], True
            depth -= 1
        elif char == "," and depth == 0:
            found.append(text[start:at])
            start = at + 1
    return [*found, text[start:]], False


class ClientCallPassword:
    rule = "client-call-password"
    blocking = True
    # the server's own credential: a provider's token given as the password is theirs
    catch_all = "a password given to a client library's call"
    prefilter = (
        r"connect[ \t]*\(|mongoclient|motorclient|redis[ \t]*\(|rediscluster|createconnection"
        r"|createpool|createclient|new[ \t]+(?:pool|client|redis|sequelize|pdo|mysqli)"
        r"|createtransport|connection[ \t]*\(|smtp\.start|\.login[ \t]*\(|plainauth|ftp_login"
        r"|getconnection|networkcredential|passwordauthentication|basicauth|digestauth"
        r"|plaincredentials|mysqli_connect|client\.new"
    )

    def find(self, line: str, path: str) -> Iterator[Match]:
        seen: set[str] = set()
        keyword_calls, positional_calls = _calls(line)
        found = [*_keywords(line, keyword_calls), *_positional(line, positional_calls)]
        for user, value in found:
            if value in seen or not _mixed(value):
                continue
            if is_credential(value, user, line, path):
                seen.add(value)
                yield Match(value)

    def related_lines(self, lines: Sequence[str], index: int) -> list[int]:
        """The keyword argument lines of a call left open on line ``index``."""
        line = lines[index]
        if len(line) > OPEN_CALL_LINE or not any(
            not arguments(line[c.end() :])[1] for c in _CALL.finditer(line)
        ):
            return []
        found: list[int] = []
        for number in range(index + 1, min(index + 1 + CALL_LINES, len(lines))):
            if lines[number].lstrip().startswith((")", "}")):
                break
            if _ARGUMENT_LINE.fullmatch(lines[number]) is not None:
                found.append(number)
        return found


def _calls(line: str) -> tuple[list[int], list[tuple[int, int]]]:
    """Where each of ``_CALL``'s calls on ``line`` ends (after its parenthesis), and each of
    ``_POSITIONAL``'s with its index in ``_POSITIONS``: each found from its parenthesis
    (``_CALL_END``), the call's own pattern run over the name before it alone."""
    # (?i:login) takes the dotless i (U+0131) for an "i", lower() leaves it as it is
    lowered = line.lower().replace("\u0131", "i")
    if len(lowered) != len(line):  # a character whose lowercase is longer: offsets move
        return (
            [call.end() for call in _CALL.finditer(line)],
            [(call.end(), _position(call)) for call in _POSITIONAL.finditer(line)],
        )
    keyword: list[int] = []
    positional: list[tuple[int, int]] = []
    for end in _CALL_END.finditer(lowered):
        # a call's name is all word characters, dots, colons and blanks: it starts in the
        # run of those ending at the parenthesis, and no call's name holds a parenthesis
        # (this one is the only call the run can end at)
        start, stop = _name_start(line, end.start()), end.end()
        if _CALL.search(line, start, stop) is not None:
            keyword.append(stop)
        call = _POSITIONAL.search(line, start, stop)
        if call is not None:
            positional.append((stop, _position(call)))
    return keyword, positional


def _name_start(line: str, end: int) -> int:
    """Where the run of a name's characters (``\\w``, ``.``, ``:``, blanks) ending at ``end``
    starts."""
    start = end
    while start > 0 and (line[start - 1].isalnum() or line[start - 1] in "_.: \t"):
        start -= 1
    return start


def _position(call: re.Match[str]) -> int:
    """The index in ``_POSITIONS`` of the call ``_POSITIONAL`` matched."""
    return int(str(call.lastgroup)[1:])


def _keywords(line: str, calls: list[int]) -> Iterator[tuple[str, str]]:
    """(user, password) of the keyword arguments named password on ``line``, in the calls
    ending at ``calls``."""
    argument = _ARGUMENT_LINE.fullmatch(line)  # a call's argument line (related_lines)
    if argument is not None:
        yield "", argument.group("value")
    for end in calls:
        for keyword in _IN_ARGS.finditer(line, end, end + ARGUMENTS_READ):
            yield "", keyword.group("value")


def _positional(line: str, calls: list[tuple[int, int]]) -> Iterator[tuple[str, str]]:
    """(user, password) given by position to the calls that take them so, ending at
    ``calls`` (with their index in ``_POSITIONS``)."""
    for end, index in calls:
        _, password, user = _POSITIONS[index]
        text = line[end : end + ARGUMENTS_READ]
        args = [_LITERAL.fullmatch(a) for a in arguments(text)[0]]
        if len(args) > password and (value := args[password]) is not None:
            name = args[user]
            yield (name.group("s") if name is not None else ""), value.group("s")


def _mixed(password: str) -> bool:
    """Whether ``password`` mixes two kinds of characters (cases, digits, symbols), as
    generated and chosen passwords do: a word alone is a test's ("default", "heslíčko")."""
    kinds = (str.islower, str.isupper, str.isdigit, lambda c: not c.isalnum())
    return sum(any(kind(c) for c in password) for kind in kinds) >= 2
