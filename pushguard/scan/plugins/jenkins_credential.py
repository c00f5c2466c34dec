"""Plaintext secrets in Jenkins credential definitions: a controller's ``credentials.xml``
(committed with a JENKINS_HOME backup or an image's init files), a folder's or job's
``config.xml``, and the XML that Jenkins' CLI ``create-credentials-by-xml`` takes.

Jenkins writes a credential's secret encrypted with the controller's own key, as base64 in
braces (``{AQAAABAAAAAQ…}``). It also takes a secret in plaintext where a file gives one,
and encrypts it on its next save. So a ``<secret>``, ``<password>`` or token element of a
credential element (``…StringCredentialsImpl``, ``…UsernamePasswordCredentialsImpl``,
``…GitLabApiTokenImpl``, ``…AWSCredentialsImpl``) that is not that ciphertext is the
credential as issued: it blocks, unless it is a placeholder or a password no one would issue
(judged as a URL's password is). Ciphertext opens only with the controller's key files,
which a scan of the same history reports if they are there.

The secret elements carry no anchor of their own: the prefilter hits the credential's
opening tag and ``related_lines`` asks for its secret elements below it. A credential's
``<id>`` and ``<description>`` often name its service (``shodan-api-key``): that is the
finding's provider.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from pushguard.scan.plugins.naming import IN_NAMES, provider_in
from pushguard.scan.plugins.passwords import is_credential
from pushguard.scan.types import Match

# a Java class's name, dotted, ending the way the credentials plugins' classes end
_OPEN = re.compile(
    r"[ \t]*<(?P<tag>(?:[A-Za-z_$][\w$]*\.)+[\w$]*(?:CredentialsImpl|TokenImpl|Credentials))"
    r"(?:[ \t][^>]*)?>[ \t]*"
)
_SECRET = re.compile(
    r"[ \t]*<(?P<tag>secret|password|passphrase|apiToken|token|secretKey|clientSecret)>"
    r"(?P<value>[^<>\n]+)</(?P=tag)>[ \t]*"
)
_NAMING = re.compile(r"[ \t]*<(?:id|description)>(?P<text>[^<>\n]*)</(?:id|description)>[ \t]*")
# Jenkins' own encryption of a secret: base64 in braces (hudson.util.Secret)
_CIPHERTEXT = re.compile(r"\{[A-Za-z0-9+/]{16,}={0,2}\}")
ELEMENT_LINES = 40
"""Lines read below a credential's opening tag for its elements: a credential has a few."""


class JenkinsCredential:
    rule = "jenkins-credential"
    blocking = True
    # a provider's token kept in a credential is reported under the provider's rule
    catch_all = "a Jenkins credential's plaintext secret"
    prefilter = r"\.[a-z0-9_$]*(?:credentialsimpl|tokenimpl|credentials)[ \t>]"
    # a secret element changed alone, below its unchanged opening tag (credentials.xml,
    # a job's config.xml, the CLI's XML under any name)
    context_files = ("*.xml",)

    def find(self, line: str, path: str) -> Iterator[Match]:
        element = _SECRET.fullmatch(line)
        if element is None:
            return
        value = element.group("value").strip()
        if _CIPHERTEXT.fullmatch(value):
            return
        # braces here wrap Jenkins' ciphertext, not a template's field: what they hold
        # otherwise is plaintext, judged as a password is (``${DEPLOY_TOKEN}``,
        # ``{{ vault_token }}`` and "{your-token}" are templates and placeholders still)
        text = value[1:-1].strip() if value[:1] == "{" and value[-1:] == "}" else value
        if is_credential(text, "", line, path):
            yield Match(value, confidence="medium")

    def related_lines(self, lines: Sequence[str], index: int) -> list[int]:
        """The secret elements of the credential whose opening tag is on line ``index``."""
        return [number for number, _ in _elements(lines, index, _SECRET)]

    @staticmethod
    def reconsider(lines: Sequence[str], index: int, match: Match) -> Match:
        """The service the credential's ``<id>`` or ``<description>`` names, if any."""
        for start in range(index - 1, max(-1, index - 1 - ELEMENT_LINES), -1):
            if _OPEN.fullmatch(lines[start]):
                for _, naming in _elements(lines, start, _NAMING):
                    provider = provider_in(naming.group("text"), IN_NAMES)
                    if provider:
                        return match._replace(provider=provider)
                break
        return match


def _elements(
    lines: Sequence[str], index: int, element: re.Pattern[str]
) -> Iterator[tuple[int, re.Match[str]]]:
    """The lines, up to its closing tag, of the credential opened on line ``index`` that
    hold ``element``."""
    opening = _OPEN.fullmatch(lines[index])
    if opening is None:
        return
    closing = f"</{opening.group('tag')}>"
    for number in range(index + 1, min(index + 1 + ELEMENT_LINES, len(lines))):
        line = lines[number]
        if closing in line:
            return
        found = element.fullmatch(line)
        if found is not None:
            yield number, found
