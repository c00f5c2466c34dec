"""A credential sent in a header of a curl or wget command: ``-H "Authorization: Bearer …"``,
``--header "X-API-Key: …"``, ``--header="PRIVATE-TOKEN: …"``, on the command's line or on a
line continuing it. READMEs, runbooks, CI scripts and Dockerfiles keep such commands, and the
header's value is what the server accepts.

A value of a format with its own rule (``ghp_``, ``sk-``, a JWT, whose claims decide) is
reported under that rule, and ``Basic`` credentials by ``basic-auth-credentials``, which
decodes them. Only a value drawn at random blocks: a variable (``$TOKEN``), a template
(``{{token}}``, ``<token>``), a placeholder or a word is no credential.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.curl_command import COMMAND, OPTION_LINE, continuation_lines
from pushguard.scan.plugins.drawn import TOKEN68, token_matches
from pushguard.scan.plugins.headers import credential_header
from pushguard.scan.types import Match

# a header option and its quoted value, "Name: [scheme ]value", the value ending at the quote
_HEADER = lazy(
    r"(?:-H|--header)(?:[ \t]+|=|(?=[\"']))(?P<q>[\"'])"
    r"(?P<name>[A-Za-z][A-Za-z0-9_-]{1,40})[ \t]*:[ \t]*"
    r"(?:(?P<scheme>[A-Za-z][A-Za-z-]{2,20})[ \t]+)?"
    rf"(?P<value>{TOKEN68})[ \t]*(?P=q)"
)
_OPTION_LINE = lazy(OPTION_LINE)


class CurlAuthHeader:
    rule = "curl-auth-header"
    blocking = True
    # a provider's token in the header is reported under its own rule, which can verify it
    catch_all = "a credential in a curl or wget command's header"
    prefilter = r"curl(?:\.exe)?[ \t]|wget(?:\.exe)?[ \t]"

    def find(self, line: str, path: str) -> Iterator[Match]:
        command = COMMAND.search(line)
        if command is not None:
            start = command.end()
        elif _OPTION_LINE.match(line) is not None:
            start = 0  # a line continuing one (related_lines asked for it)
        else:
            return
        headers = _HEADER.finditer(line, start)
        values = (h["value"] for h in headers if credential_header(h["name"], h["scheme"]))
        yield from token_matches(values, line, path)

    def related_lines(self, lines: Sequence[str], index: int) -> list[int]:
        """The lines continuing a curl or wget command begun on line ``index``."""
        return continuation_lines(lines, index)
