"""The values of a Kubernetes Secret manifest: credentials by declaration.

A Secret's ``data:`` (base64) and ``stringData:`` values are what the kind is for:
sealed-secrets and SOPS exist so that they never reach git. Those values carry no anchor a
prefilter could find (``password: aHVudGVy...``), so this detector's prefilter hits the
``kind: Secret`` line and ``related_lines`` asks for the entries of the same YAML document's
maps. Each value is judged by what it holds: a password or a key blocks; a username, host
or certificate, a short setting or a placeholder (``changeme``, ``${DB_PASSWORD}``, encoded
or not) does not. The provider is unknown: the manifest does not say whose credential it is.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator, Sequence

from pushguard.scan.filters import false_positive_reason
from pushguard.scan.plugins.passwords import is_credential
from pushguard.scan.plugins.url_password import UrlPassword
from pushguard.scan.types import Match

_KIND = re.compile(r"""kind:[ \t]*["']?Secret["']?[ \t]*(?:#.*)?""")
_MAP = re.compile(r"(?:data|stringData):[ \t]*")
# a map's entry, and a comment after its value (YAML's: a "#" after a blank)
_ENTRY = re.compile(
    r"""([ \t]+)([\w.-]+):[ \t]*(["']?)([^\s"'|>#][^"']*?)\3[ \t]*(?:(?<=[ \t])#.*)?"""
)
# The last word of a key (snake, kebab, dotted or camelCase) that names what is not secret:
# who, where, and public halves.
_LAST_WORD = re.compile(r"([A-Za-z][a-z0-9]*|[A-Z0-9]+)[^A-Za-z0-9]*$")
_NOT_SECRET_WORDS = frozenset(
    {
        "user", "username", "login", "email", "host", "hostname", "port", "url", "uri",
        "endpoint", "address", "addr", "server", "database", "db", "name", "namespace",
        "region", "bucket", "ca", "crt", "cert", "certificate", "pub", "public", "pem",
        "id",  # clientID, client_id: an OAuth client's id goes with its secret, not for it
        "audience", "mechanism", "algorithm",  # a token's audience, SASL's SCRAM-SHA-512
        # the Service Binding spec's (servicebinding.io) entries that say what is bound
        "type", "provider",
        # a bootstrap token's (bootstrap.kubernetes.io/token) other entries: when it
        # expires, the groups it authenticates as, what it is for
        "expiration", "groups", "description",
        # an object's own fields, read as entries where the prefilter's kind line is one
        # (an ExternalSecret's "kind: SecretStore")
        "kind", "version",
        # Argo CD's repository, cluster and extension Secrets: which project, namespaces,
        # repository, paths of a sparse checkout, Azure cloud, user agent, a token
        # request's method and path template; an RBAC rule's resource, action and object
        "project", "namespaces", "repo", "repository", "paths", "cloud", "agent", "method",
        "template", "resource", "action", "object",
        # an S3 store's access key is its user (MinIO's accesskey, beside its secretkey)
        "accesskey",
    }
)  # fmt: skip
MIN_BINARY = 16
"""Characters of the shortest base64 value read as binary data (a keystore, a key's DER):
"1234" and "++++++++" decode, to nothing anyone keeps."""
# A date or a time (an expiration's "2020-03-07T07:45:01Z"): no credential
_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9:.]+(?:Z|[+-][0-9:]{2,5})?)?")
# A value that names another: an m4/envsubst macro or an environment variable (SERVER_KEY)
_MACRO = re.compile(r"[A-Z][A-Z0-9_]*")
_BASE64 = re.compile(r"(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")
# Letters, maybe digits after them, that happen to be base64 ("mysecret" decodes to 6 bytes
# of nothing): a stringData word, judged as one; binary data in base64 has digits, "+" or
# "/" all through it
_WORD = re.compile(r"[A-Za-z]{1,32}[0-9]{0,8}")
_PUBLIC_PEM = ("-----BEGIN CERTIFICATE", "-----BEGIN PUBLIC KEY", "-----BEGIN X509 CRL")
DOCUMENT_LINES = 200
"""Lines read either side of ``kind: Secret`` for its maps: a Secret longer than that is
a bundle of certificates, not of passwords."""
_URL_PASSWORD = UrlPassword()
_URL_WORDS = frozenset({"url", "uri", "dsn"})
MIN_TEXT = 8
"""Characters of the shortest value that blocks: a port, a flag or a count ("8080",
"true", "3") is configuration kept beside the credentials, and passwords are longer."""


class KubernetesSecret:
    rule = "kubernetes-secret"
    blocking = True
    # a provider's token kept in a Secret is reported under the provider's rule (decoded
    # first, under data:), whose responder can act on it
    catch_all = "a Kubernetes Secret's value"
    prefilter = r"kind:[ \t]*[\"']?secret"
    # a changed entry may lie far below the unchanged kind line its diff does not show
    context_files = ("*.yaml", "*.yml")

    def find(self, line: str, path: str) -> Iterator[Match]:
        line = line.rstrip("\r")  # a manifest saved with Windows' line ends
        # a manifest in a Go raw string or a JavaScript template ends at its backquote
        line = line.partition("`")[0]
        entry = _ENTRY.fullmatch(line)
        if entry is None or _MACRO.fullmatch(entry.group(4)):
            return  # an m4 template's SERVER_KEY
        if _TIMESTAMP.fullmatch(entry.group(4)):
            return  # a bootstrap token's expiration
        # a URL's key (DATABASE_URL) holds a credential only in a URL with a password
        url = _last_word(entry.group(2)) in _URL_WORDS
        if _not_secret_key(entry.group(2)) and not url:
            return
        value = entry.group(4)
        encoded = _BASE64.fullmatch(value) is not None
        text = _decoded(value) if encoded else value
        if text is None and _WORD.fullmatch(value):
            encoded, text = False, value
        if url and (text is None or "://" not in text):
            return
        if not encoded and "://" in value:
            return  # written as it is: url-password reads the URL on this line
        if not (encoded and text is not None) and false_positive_reason(value, line, path):
            return  # "changeme", "${DB_PASSWORD}"
        # encoded text is judged by what it holds: its encoding's runs (an OpenSSH key's
        # zero bytes are "AAAA…") are no filler
        if text is None:  # binary: a keystore, a key's DER
            if len(value) >= MIN_BINARY:
                yield Match(value, confidence="medium")
        elif _credential(text, f"{entry.group(2)}: {text}", path):
            yield Match(value, confidence="medium")

    def related_lines(self, lines: Sequence[str], index: int) -> list[int]:
        """The entry lines of the ``data:``/``stringData:`` maps of the YAML document whose
        ``kind: Secret`` is on line ``index`` (keys come in any order: above or below)."""
        if not _KIND.fullmatch(lines[index].rstrip("\r")):
            return []
        start = index
        while start > max(index - DOCUMENT_LINES, 0) and not _ends_object(lines[start - 1]):
            start -= 1
        end = index + 1
        limit = min(index + DOCUMENT_LINES, len(lines))
        while end < limit and not _ends_object(lines[end]):
            end += 1
        if end < limit and "`" in lines[end] and not lines[end].lstrip().startswith("`"):
            end += 1  # "  password: …`,": the manifest's last entry, before the closing quote
        entries: list[int] = []
        in_map = False
        for number in range(start, end):
            line = lines[number].rstrip("\r")
            if _MAP.fullmatch(line):
                in_map = True
            elif in_map and _ENTRY.fullmatch(line):
                entries.append(number)
            elif line.strip() and not line.startswith((" ", "\t")):
                in_map = False  # the next top-level key
        return entries


def _ends_object(line: str) -> bool:
    """Whether ``line`` lies between two objects: a YAML document's separator, a Markdown
    code fence (a README's Secret, then its ConfigMap), another object's ``kind:``, or the
    backquote closing (or opening) a Go raw string or a JavaScript template that holds the
    manifest (the test's code around it is no entry)."""
    return line.startswith(("---", "```", "~~~", "kind:")) or "`" in line


def _not_secret_key(key: str) -> bool:
    return _last_word(key) in _NOT_SECRET_WORDS


def _last_word(key: str) -> str:
    last = _LAST_WORD.search(key)
    return last.group(1).lower() if last is not None else ""


def _credential(text: str, line: str, path: str) -> bool:
    """Whether a value's text is a credential: a password as a URL's is judged
    (defaults, ``mypassword``, templates), longer or structured text (a key, a JSON
    config) by the value filters, a URL by whether ``url-password`` finds a password in it
    (a ``DATABASE_URL`` stored encoded under ``data:``)."""
    if len(text) < MIN_TEXT or text.startswith(_PUBLIC_PEM):
        return False
    if "://" in text:
        return "\n" not in text and any(True for _ in _URL_PASSWORD.find(text, path))
    if "\n" not in text and len(text) <= 200 and not text.startswith(("{", "[")):
        return is_credential(text, "", line, path)
    return false_positive_reason(text, line, path) is None


def _decoded(value: str) -> str | None:
    """The text a ``data:`` value encodes; None when it is binary. A ``stringData:`` value
    that happens to be base64 decodes to binary too, and is judged as such."""
    try:
        return base64.b64decode(value, validate=True).decode("utf-8").strip()
    except (binascii.Error, UnicodeDecodeError):
        return None
