"""A bearer token written into a request: ``"Authorization": "Bearer …"`` in code (a
requests or fetch call's headers), ``Authorization: Bearer …`` in an HTTP client's request
file (``.http``, ``.rest``) or a raw request in the docs, HTTPie's ``Authorization:"Bearer …"``,
a Postman collection's header value, Django REST framework's ``Authorization: Token …``
(PagerDuty's ``Token token=…``),
and HTTP clients' bearer calls (.NET's ``AuthenticationHeaderValue("Bearer", "…")``,
reqwest's ``.bearer_auth("…")``, Spring's ``setBearerAuth("…")``).

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

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.drawn import TOKEN68, token_matches
from pushguard.scan.plugins.headers import begins_value
from pushguard.scan.types import Match

# up to a quote, a blank or the line's end; a value that goes on in other characters (X's
# percent-encoded tokens, "%2B") is not read in part
_VALUE = rf"(?P<value>{TOKEN68})(?![A-Za-z0-9._~+/=%@$*-])"
_BEARER = lazy(r"(?<![A-Za-z0-9_-])bearer[ \t]+" + _VALUE, re.I)
# "Token" is a word too: only as an Authorization header's scheme
# (PagerDuty's REST API names its parameter: "Token token=…")
_TOKEN_SCHEME = lazy(
    r"(?<![A-Za-z0-9_-])authorization[\"'`]?[ \t]*[:=,][ \t]*[\"'`]?token[ \t]+(?:token=)?"
    + _VALUE,
    re.I,
)
# an HTTP client's call that sends its argument as a bearer token: .NET's
# AuthenticationHeaderValue("Bearer", "…"), reqwest's .bearer_auth("…"), Spring's
# HttpHeaders.setBearerAuth("…"), Ktor's BearerTokens("…", …)
_BEARER_CALL = lazy(
    r"(?:AuthenticationHeaderValue\([ \t]*\"Bearer\"[ \t]*,|\.bearer_auth\(|\bsetBearerAuth\("
    r"|\bBearerTokens\()[ \t]*(?:accessToken[ \t]*=[ \t]*)?[\"']" + _VALUE + r"[\"']"
)


class BearerToken:
    rule = "bearer-token"
    blocking = True
    # the server's own credential, whichever server: a provider's token is reported as theirs
    catch_all = "a bearer token in a request"
    prefilter = (
        r"bearer[ \t]+[a-z0-9._~+/-]{16}|authorization[^\n]{0,6}token[ \t]+[a-z0-9]"
        r"|authenticationheadervalue\(|bearer_auth\(|setbearerauth\(|bearertokens\("
    )

    def find(self, line: str, path: str) -> Iterator[Match]:
        # "Bearer" beginning a string or a header's value, not a word of prose
        bearers = [m for m in _BEARER.finditer(line) if begins_value(line, m.start())]
        found = [*bearers, *_TOKEN_SCHEME.finditer(line), *_BEARER_CALL.finditer(line)]
        yield from token_matches((m["value"] for m in found), line, path)
