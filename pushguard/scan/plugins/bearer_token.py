"""A bearer token written into a request: ``"Authorization": "Bearer …"`` in code (a
requests or fetch call's headers), ``Authorization: Bearer …`` in an HTTP client's request
file (``.http``, ``.rest``) or a raw request in the docs, HTTPie's ``Authorization:"Bearer …"``,
a Postman collection's header value, Django REST framework's ``Authorization: Token …``.

Whoever holds a bearer token is whoever it was issued to: the scheme says the value is the
credential, whatever server it is for (curl's and wget's headers are ``curl-auth-header``'s).
"Bearer" must begin a string or a header's value, so prose that mentions the word does not
count. Only a value drawn at random blocks: a variable, a template, a placeholder, a word or
an identifier does not; a JWT is the jwt rule's (its claims decide) and a provider's token
keeps its own rule, which can verify and revoke it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pushguard.scan.filters import false_positive_reason
from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.drawn import EDITED, drawn_token, edited
from pushguard.scan.types import Match

# RFC 6750's token68 alphabet (letters, digits, -._~+/ and "=" padding), up to a quote, a
# blank or the line's end; one that goes on in other characters (X's percent-encoded tokens,
# "%2B") is not read in part
_VALUE = r"(?P<value>[A-Za-z0-9._~+/-]{16,1024}=*)(?![A-Za-z0-9._~+/=%@$*-])"
_BEARER = lazy(r"(?<![A-Za-z0-9_-])bearer[ \t]+" + _VALUE, re.I)
# "Token" is a word too: only as an Authorization header's scheme
_TOKEN_SCHEME = lazy(
    r"(?<![A-Za-z0-9_-])authorization[\"'`]?[ \t]*[:=,][ \t]*[\"'`]?token[ \t]+" + _VALUE, re.I
)
_STARTS_VALUE = frozenset("\"'`:=([{,>")
"""What "Bearer" follows when it begins a string or a header's value (a quote, a header's
colon, an assignment, an argument list, an XML element), after blanks."""


class BearerToken:
    rule = "bearer-token"
    blocking = True
    # the server's own credential, whichever server: a provider's token is reported as theirs
    catch_all = "a bearer token in a request"
    prefilter = r"bearer[ \t]+[a-z0-9._~+/-]{16}|authorization[^\n]{0,6}token[ \t]+[a-z0-9]"

    def find(self, line: str, path: str) -> Iterator[Match]:
        seen: set[str] = set()
        for match in [*_BEARER.finditer(line), *_TOKEN_SCHEME.finditer(line)]:
            value = match.group("value")
            if value in seen or not _begins_value(line, match.start()):
                continue
            if drawn_token(value) and false_positive_reason(value, line, path) is None:
                seen.add(value)
                # a value typed or changed by hand (hex with a "q") warns
                yield Match(value, blocking=False, reason=EDITED) if edited(value) else Match(value)


def _begins_value(line: str, start: int) -> bool:
    """Whether the scheme at ``start`` begins a string or a header's value."""
    before = line[:start].rstrip(" \t")
    return not before or before[-1] in _STARTS_VALUE
