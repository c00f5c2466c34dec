"""Private keys: PEM headers (RSA, EC, DSA, OpenSSH, PKCS#8 incl. ``ENCRYPTED``, PGP) and PuTTY
``.ppk`` headers (versions 2 and 3).

Detectors see one line, so the secret is the header plus whatever key material follows it on
that line (one-line PEMs in JSON/env files carry the whole key). A string literal holding only
the header is code that looks for keys, not a key; a header followed by ``...`` or
``<your key>``, or a one-line "key" whose body is a few characters and ``...``, is
documentation. (A key spread over the following lines is judged by the engine, which sees
them.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pushguard.scan.filters import false_positive_reason, key_body_reason
from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import RegexDetector
from pushguard.scan.types import Match

_PEM = lazy(r"(?P<quote>[\"'`]?)-{5}BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-{5}")
_PUTTY = lazy(r"PuTTY-User-Key-File-[23]: *[\w-]+")
# What may follow the header on the same line: escaped or real line breaks, then base64. A
# break is escaped once in a JSON or env file, twice or more where that text is a string
# inside a string (a notebook cell's source holding a service account's JSON).
_SEPARATOR = lazy(r"(?:\\+r|\\+n|[ \t,])*")
_MATERIAL = lazy(r"(?:[A-Za-z0-9+/=]|\\+r|\\+n|[ \t])+")
_BREAKS = lazy(r"\\+[rn]|\s")
_ESCAPED_BREAK = lazy(r"\\+n")
_ESCAPED_RETURN = lazy(r"\\+r")
_PLACEHOLDER_START = lazy(r"\.\.|…|<|\{|\$|x{3}|X{3}|your|insert|paste", re.IGNORECASE)
_END = "-----END"
# After a header's closing quote: nothing, or a concatenation (+ . & ,) or line continuation.
_CONTINUED = lazy(r"[ \t]*(?:[+.&,\\]|\.\.)?[ \t]*\r?")


# An IETF document (RFC 6376's DKIM, RFC 8410's Ed25519 examples), vendored beside the code
# that implements it: its keys are the standard's published examples
_STANDARD_TEXT = lazy(r"(?:rfc[0-9]{3,5}|draft-ietf-[a-z0-9-]+)(?:\.(?:txt|html?|xml|md))?")
PUBLISHED_EXAMPLE = "a key printed in a published standard (an RFC's example): review it"


class PrivateKey(RegexDetector):
    rule = "private-key"
    prefilter = r"-----begin[ a-z0-9_-]{0,100}private key|putty-user-key-file-[23]:"
    patterns = (_PEM, _PUTTY)

    def find(self, line: str, path: str) -> Iterator[Match]:
        if _STANDARD_TEXT.fullmatch(path.lower().rpartition("/")[2]):
            for match in self._find(line, path):
                yield match._replace(blocking=False, reason=PUBLISHED_EXAMPLE)
            return
        yield from self._find(line, path)

    def _find(self, line: str, path: str) -> Iterator[Match]:
        for match in _PUTTY.finditer(line):
            yield Match(match.group())
        for match in _PEM.finditer(line):
            quote = match.group("quote")
            header = match.group()[len(quote) :]
            if quote and line[match.end() : match.end() + 1] == quote:
                if not _CONTINUED.fullmatch(line[match.end() + 1 :]):
                    continue  # "-----BEGIN ... PRIVATE KEY-----" as a constant in a parser
                # a string literal that the next lines continue ("..." + "MIIE..." + ...):
                # the engine reads the key from them, and drops a header alone
                yield Match(header)
                continue
            rest = line[_SEPARATOR.match(line, match.end()).end() :]  # type: ignore[union-attr]
            if _PLACEHOLDER_START.match(rest):
                continue
            end = rest.find(_END)
            if end >= 0:  # the whole key is on this line: judge all of it
                segment = rest[:end]
                unescaped = _ESCAPED_RETURN.sub("", _ESCAPED_BREAK.sub("\n", segment))
                if key_body_reason(unescaped):
                    continue
                material = _BREAKS.sub("", segment)
            else:
                body = _MATERIAL.match(rest)
                material = _BREAKS.sub("", body.group()) if body else ""
                if len(material) < 16:
                    yield Match(header)  # the engine reads the key from the next lines
                    continue
            if false_positive_reason(material, line, path) is None:
                yield Match(header + material)
