"""JSON Web Token signing secrets: the HMAC key an application signs its own tokens with
(``JWT_SECRET``, ``jwt.secret``, ``JwtSecret``, a ``Jwt`` section's ``Secret`` or ``Key``).

Whoever holds it mints tokens the application accepts: any user's session, any role. Such a
secret has no format of its own (``openssl rand -base64 32``, 64 hex characters), so it is
known by its name: one that says JWT and a secret or key, or ``secret`` or ``key`` in a
section named ``jwt`` (appsettings.json's ``"Jwt": {"Key": …}``, a Helm chart's ``jwt:``
over ``secret:``, TOML's ``[jwt]``, PHP's ``'jwt' => [``), or the key a JWT library's call
is given (``jwt.sign(payload, "…")``, ``jwt.encode(payload, "…")``,
``Algorithm.HMAC256("…")``). A section's members carry no
anchor of their own, so the prefilter hits its header and ``related_lines`` asks for the
lines below it.

Only a value drawn at random blocks: 32 or more hex characters, or 16 or more characters
with letters and digits whose entropy a draw has. A passphrase people typed, words joined by
dashes (``my-jwt-secret``, jwt.io's ``your-256-bit-secret``), a placeholder or a reference to
the environment does not: the keyword rule still warns about those.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from pushguard.scan.filters import false_positive_reason, is_name
from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ASSIGNED, NAME_BEFORE, digits_and_letters, shannon_entropy
from pushguard.scan.types import Match

_VALUE = r"(?P<secret>[A-Za-z0-9+/=_.~-]{16,256})(?![A-Za-z0-9+/=_.~-])"
# a name saying JWT and secret or key: JWT_SECRET, jwt.secret, JwtSigningKey, JWT_SECRET_KEY
_OWN_NAME = lazy(
    NAME_BEFORE + r"(?i:[a-z0-9_.-]{0,20}jwt[a-z0-9_.-]{0,20}?(?:secret|key))" + ASSIGNED + _VALUE
)
# a bare secret's or key's name, inside a jwt section
_MEMBER = lazy(
    r"[ \t]*[\"']?(?i:secret|key|signing[_-]?key|secret[_-]?key|signing[_-]?secret)[\"']?"
    r"[ \t]*(?:=>|[:=])[ \t]*[\"']?" + _VALUE
)
# a JWT library's call given the key as a literal: jsonwebtoken's jwt.sign(payload, "…") and
# jwt.verify(token, "…"), PyJWT's jwt.encode(payload, "…") and jwt.decode(token, "…"),
# java-jwt's Algorithm.HMAC256("…"), jjwt's Keys.hmacShaKeyFor("…".getBytes()), golang-jwt's
# SignedString([]byte("…"))
_CALL = lazy(
    r"(?:\bjwt\.(?:sign|verify|encode|decode)[ \t]*\([^,()\n]{1,200},"
    r"|\bAlgorithm\.HMAC(?:256|384|512)\(|\bhmacShaKeyFor\(|\.SignedString\([ \t]*\[\]byte\()"
    r"[ \t]*[\"'`]" + _VALUE + r"[\"'`]"
)
# a section named jwt: YAML's "jwt:", JSON's "Jwt": {, Ruby's jwt: {, PHP's 'jwt' => [
_SECTION = re.compile(r"[ \t]*[\"']?jwt[\"']?[ \t]*(?:(?:=>|[:=])[ \t]*[\[{]?|\{)[ \t]*\r?", re.I)
# INI's and TOML's [jwt], whose members are not indented under it
_TABLE = re.compile(r"[ \t]*\[jwt\][ \t]*\r?", re.I)
# typed words joined by separators: a passphrase or a placeholder (your-256-bit-secret)
_PHRASE = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)+")
SECTION_LINES = 8
"""Lines below a jwt section's header that its secret may be on (issuer, audience, expiry)."""
_HEX = re.compile(r"[0-9a-fA-F]+")


class JwtSigningSecret:
    rule = "jwt-signing-secret"
    blocking = True
    # an application's own key: a provider's token under such a name is reported as theirs,
    # and a library's test settings in vendored code warn
    catch_all = "a JWT signing secret"
    prefilter = (
        r"jwt[a-z0-9_.-]{0,20}(?:secret|key)|jwt[\"']?[ \t]*[:={]|\[jwt\]"
        r"|jwt\.(?:sign|verify|encode|decode)[ \t]*\(|algorithm\.hmac|hmacshakeyfor\("
        r"|signedstring\("
    )

    def find(self, line: str, path: str) -> Iterator[Match]:
        # a member's line is read only where related_lines asked for it (under a jwt section)
        member = _MEMBER.match(line)
        found = [*_OWN_NAME.finditer(line), *([member] if member is not None else [])]
        found.extend(_CALL.finditer(line))
        seen: set[str] = set()
        for match in found:
            secret = match.group("secret")
            if secret in seen or not _drawn(secret) or is_name(secret):
                continue
            if false_positive_reason(secret, line, path) is None:
                seen.add(secret)
                yield Match(secret, confidence="medium")

    def related_lines(self, lines: Sequence[str], index: int) -> list[int]:
        """The member lines of the jwt section whose header is on line ``index``."""
        table = _TABLE.fullmatch(lines[index]) is not None
        if not table and _SECTION.fullmatch(lines[index]) is None:
            return []
        indent = len(lines[index]) - len(lines[index].lstrip())
        found: list[int] = []
        for number in range(index + 1, min(index + 1 + SECTION_LINES, len(lines))):
            line = lines[number]
            if table and line.lstrip().startswith("["):
                break  # the next table
            if not table and line.strip() and len(line) - len(line.lstrip()) <= indent:
                break  # the section's end: its parent's next key, or a closing brace
            if _MEMBER.match(line):
                found.append(number)
        return found


def _drawn(value: str) -> bool:
    """A random draw: 32+ hex characters, or letters and digits with a draw's entropy."""
    if _HEX.fullmatch(value):
        return len(value) >= 32 and shannon_entropy(value) >= 3.0
    if _PHRASE.fullmatch(value):
        return False
    return digits_and_letters(value) and shannon_entropy(value) >= 3.5
