"""Whether a password found in a URL or a connection string is a credential someone issued,
or a default, a placeholder, a port or a template: the judgement ``url_password`` and
``connection_string`` share (not a detector).
"""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote

from pushguard.scan.filters import false_positive_reason
from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import STRUCTURED_PREFIXES

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
        "hunter2",  # the internet's joke password
        "qwerty",  # the keyboard's first row, every guide's weak password
        "opensesame", "open sesame",  # RFC 7617's Basic example, "Aladdin:open sesame"
        "minioadmin",  # MinIO's documented default root user and password
        "toor",  # root's name backwards, as Kali Linux set it
        "pword", "hello", "world", "helloworld", "hello world",  # "hello:world", tests' pair
        "abc123", "abcd1234",  # every list of the weakest passwords; tests' fillers
        "welcome",  # the default of every list of default passwords (and "welcome1")
    }
)  # fmt: skip
MIN_ALNUM = 4
"""Letters and digits a password has at the least: fewer, among punctuation, is a shape."""
# Values another structured detector already reports (e.g. https://oauth2:glpat-...@gitlab),
# with its own verdict on their checksum.
_TOKEN_PREFIX = lazy(STRUCTURED_PREFIXES)
# Lowercase word-like values built around a placeholder word: "mysecretpassword", "db-pass",
# "pass pass" (percent-decoded: "pass%20pass").
_WORDY = lazy(
    r"[a-z _+-]*(?:pass|secret|pwd|token|changeme|example|sample|dummy|your|placeholder)"
    r"[a-z0-9 _+-]*"
)  # "+": a blank, form-encoded ("a+password")
# Words around "key", a number at the end: "test-api-key", "actual-api-key" (not "monkey",
# nor a name before a drawn value: "access_key 25iqfqkfem26vkv96nao")
_KEY_WORDY = lazy(r"(?:[a-z]{1,20}[ _-])*key(?:[ _-][a-z]{1,20})*(?:[ _-]?[0-9]{1,4})?")
# The letters people type digits and symbols for: "p@ssword", "s3cr3t" and "t3s71ng" (user
# "testing") are still a default or the user's name. Not a longer phrase ("D1fficultP@ssw0rd",
# MongoDB's docs' example): people set such passwords on real servers.
_LEET = str.maketrans("@4$5301!7", "aasseoiit")
_LEET_SYMBOLS = str.maketrans("@$!", "asi")
"""The symbols alone, for a default with a counter after it ("p@ssword1")."""
_TRAILING_SYMBOLS = lazy(r"[^a-z0-9]+\Z")
_LETTERS = lazy(r"[a-z]+")
# A default typed twice or more: "pwpw", "passpass", "testtest".
_REPEATED = lazy(r"(.+?)\1+")
_WORD_SPLIT = lazy(r"[^a-z0-9]+")
# A default with a counter, as set-up guides and compose files have them: "admin123".
_NUMBERED_DEFAULT = lazy(
    r"(?:admin|root|user|test|guest|demo|pass|password|secret|token|postgres|mysql|redis|"
    r"minio|foo|bar|baz|changeme|qwerty|letmein|welcome)[_.-]?[0-9]{1,4}!?"
)

# "%s", "{password}", "[:password]" (a URL syntax's optional part), "****", "$VAR", "<pw>"
FORMAT = lazy(r"%[sdr]|\{[^}]*\}|\[[^\]]*\]|^\*+$|^\$|^<|>$")
# A template's name in braces, percent-encoded in a URL: one word, lower or upper case
# (a generated password's "%7BkL9%7D" is no name, nor "pa$$w{}rd")
_ENCODED_NAME = lazy(r"\{(?:[a-z][a-z0-9_]*|[A-Z][A-Z0-9_]*)\}")


def is_token(value: str) -> bool:
    """Whether ``value`` begins as a format with a rule of its own does (``sk_live_``,
    ``ghp_``): that rule, not the password rules, judges it."""
    return _TOKEN_PREFIX.match(value) is not None


def is_credential(password: str, user: str, line: str, path: str) -> bool:
    """Whether ``password`` (of ``user``, found on ``line`` of ``path``) is worth blocking."""
    plain = _plain(password)
    return not (
        len(password) < 4  # "u:p@dsn", "x:y@host": a shape, not a credential
        or (password.isdigit() and len(password) <= 5)  # a port: "//host:8080@evil"
        or plain in _DEFAULTS
        or password == user
        or len(set(plain)) == 1  # "bbbb", "xxxxxxxx": a filler
        # punctuation, maybe around a letter or two ("P%5E%5E%5E": "P^^^"): a parser's test
        or sum(c.isalnum() for c in plain) < MIN_ALNUM
        or _default_words(plain)  # "pass#pass", "foo(b]c"
        # "pass+word", "pass%2Fword", "p%40ss%2Fword"
        or _WORD_SPLIT.sub("", plain.translate(_LEET)) in _DEFAULTS
        or _WORDY.fullmatch(plain)
        or _KEY_WORDY.fullmatch(plain)
        or _NUMBERED_DEFAULT.fullmatch(plain.translate(_LEET_SYMBOLS))  # "p@ssword1"
        or _NUMBERED_DEFAULT.fullmatch(_TRAILING_SYMBOLS.sub("", plain))  # "welcome78^"
        or _typed_default(plain, user.lower())
        # a default, then a run of symbols: "P@ssword!@#$%^&*()" tests a URL's encoding
        or _typed_default(_TRAILING_SYMBOLS.sub("", plain), user.lower())
        or _sentence(plain)
        or _TOKEN_PREFIX.match(password)
        or FORMAT.search(password)
        or _ENCODED_NAME.search(unquote(password))  # "%7BENCODED_PASSWORD%7D" in a URL
        or false_positive_reason(password, line, path) is not None
    )


def _sentence(plain: str) -> bool:
    """Whether ``plain`` is three or more lowercase words between punctuation, one of them
    about a password ("please,url#encode/this?password": a test of a URL's encoding)."""
    words = [word for word in _WORD_SPLIT.split(plain) if word]
    return (
        len(words) >= 3
        and all(word.isalpha() for word in words)
        and any(_WORDY.fullmatch(word) for word in words)
    )


def _default_words(plain: str) -> bool:
    """Whether ``plain`` is defaults between punctuation, maybe with single letters
    (``pass#pass``, ``foo(b]c``: a URL parser's test)."""
    words = [word for word in _WORD_SPLIT.split(plain) if word]
    if not words:
        return True  # no Latin letter or digit: a word in another script ("пароль")
    return any(word in _DEFAULTS for word in words) and all(
        word in _DEFAULTS or len(word) == 1 for word in words
    )


def _typed_default(plain: str, user: str) -> bool:
    """Whether ``plain`` is a default typed again (``pwpw``), or a default or the user's
    name typed with digits and symbols for letters (``p@ssword``): only where every digit
    and symbol in it reads as a letter, so "admin123" stays for ``_NUMBERED_DEFAULT``."""
    repeated = _REPEATED.fullmatch(plain)
    if repeated is not None and repeated.group(1) in _DEFAULTS:
        return True
    letters = plain.translate(_LEET)
    if letters == plain or not _LETTERS.fullmatch(letters):
        return False
    return letters in _DEFAULTS or letters == user


def _plain(password: str) -> str:
    """``password`` as the server reads it (percent-decoded), lowercased, without accents
    (``p%C3%A4ssword``: "pässword") or punctuation at its ends (``bar%3a``: "bar:")."""
    decoded = unicodedata.normalize("NFKD", unquote(password).lower())
    return "".join(c for c in decoded if not unicodedata.combining(c)).strip(".,:;!?'\"[]()")
