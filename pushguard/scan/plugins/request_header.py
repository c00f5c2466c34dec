"""A credential header given a literal in code or config: ``req.Header.Set("X-API-Key",
"…")``, ``conn.setRequestProperty("X-Auth-Token", "…")``, ``{"Ocp-Apim-Subscription-Key":
"…"}``, ``"PRIVATE-TOKEN" => "…"``, an HTTP request file's or a YAML header map's
``X-Api-Key: …`` line. The header is how the API takes the credential, whatever API it is.

A header is known by its name's dashes (``X-API-Key``, ``api-key``), which settings and
variables do not have (``api_key`` is the named-key rule's), and by its words
(``headers.credential_header``: not an idempotency, cache or public key, not a user's or a
request's id). ``Authorization`` is the bearer, Basic and curl rules'. Only a value drawn
at random blocks; a value edited by hand warns; a provider's token keeps its own rule.
"""

from __future__ import annotations

from collections.abc import Iterator

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.drawn import TOKEN68, token_matches
from pushguard.scan.plugins.headers import credential_header
from pushguard.scan.types import Match

_NAME = r"(?P<name>[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+)"
"""A header's name: words joined by dashes."""
_VALUE = rf"(?P<value>{TOKEN68})"
# a client's call setting a header: Set("X-API-Key", "…"), setRequestProperty(…),
# .header("X-Api-Key", "…"), headers.Add(…)
_CALL = lazy(r"\([ \t]*([\"'`])" + _NAME + r"\1[ \t]*,[ \t]*([\"'`])" + _VALUE + r"\3[ \t]*\)")
# a header map's entry: {"X-API-Key": "…"}, "PRIVATE-TOKEN" => "…"
_ENTRY = lazy(r"([\"'`])" + _NAME + r"\1[ \t]*(?::|=>)[ \t]*([\"'`])" + _VALUE + r"\3")
# a header line: an HTTP request file's, a YAML map's (X-Api-Key: …)
_LINE = lazy(
    r"[ \t]*" + _NAME + r"[ \t]*:[ \t]*(?P<q>[\"']?)" + _VALUE + r"(?P=q)[ \t]*,?[ \t]*\r?"
)


class RequestHeaderCredential:
    rule = "request-header-credential"
    blocking = True
    # the API's credential, whichever API: a provider's token is reported as theirs
    catch_all = "a credential header given a literal value"
    prefilter = (
        r"-(?:api-?)?key[\"'`]?[ \t]*[:,=]|-token[\"'`]?[ \t]*[:,=]|-secret[\"'`]?[ \t]*[:,=]"
        r"|-apikey[\"'`]?[ \t]*[:,=]|-auth[\"'`]?[ \t]*[:,=]|-password[\"'`]?[ \t]*[:,=]"
    )

    def find(self, line: str, path: str) -> Iterator[Match]:
        whole = _LINE.fullmatch(line)
        found = [*_CALL.finditer(line), *_ENTRY.finditer(line), *([whole] if whole else [])]
        values = (h["value"] for h in found if credential_header(h["name"], None))
        yield from token_matches(values, line, path)
