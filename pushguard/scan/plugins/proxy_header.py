"""A credential a proxy adds to the requests it forwards: nginx's ``proxy_set_header``,
Apache's ``RequestHeader set``, HAProxy's ``http-request set-header``, Caddy's
``header_up``, setting ``Authorization: Bearer …`` or ``X-API-Key: …`` so that the
upstream API accepts them. Server configs committed with the rest of a deployment keep the
upstream's key in that line.

Which headers carry a credential is ``headers.credential_header``'s; a ``Basic`` value is
``basic-auth-credentials``' (it decodes it). Only a value drawn at random blocks: an nginx
or Apache variable, a placeholder or a word does not; a provider's token keeps its own
rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.drawn import TOKEN68, token_matches
from pushguard.scan.plugins.headers import credential_header
from pushguard.scan.types import Match

_DIRECTIVE = (
    r"(?:proxy_set_header|grpc_set_header"
    r"|requestheader[ \t]+(?:set|append|add|setifempty|merge)"
    r"|http-request[ \t]+(?:set-header|add-header)|header_up)"
)
# the directive, the header's name, its value quoted or bare up to a blank or ";"
_SET_HEADER = lazy(
    r"(?<![\w-])" + _DIRECTIVE + r"[ \t]+[\"']?\+?(?P<name>[A-Za-z][A-Za-z0-9_-]{1,40})[\"']?"
    r"[ \t]+(?P<q>[\"']?)(?:(?P<scheme>[A-Za-z][A-Za-z-]{2,20})[ \t]+)?"
    rf"(?P<value>{TOKEN68})(?P=q)(?=[ \t;]|\r?$)",
    re.I,
)


class ProxyAuthHeader:
    rule = "proxy-auth-header"
    blocking = True
    # the upstream's credential: a provider's token is reported as theirs
    catch_all = "a credential a proxy's config adds to requests"
    prefilter = (
        r"proxy_set_header[ \t]|grpc_set_header[ \t]|requestheader[ \t]"
        r"|http-request[ \t]+(?:set|add)-header|header_up[ \t]"
    )

    def find(self, line: str, path: str) -> Iterator[Match]:
        headers = _SET_HEADER.finditer(line)
        values = (h["value"] for h in headers if credential_header(h["name"], h["scheme"]))
        yield from token_matches(values, line, path)
