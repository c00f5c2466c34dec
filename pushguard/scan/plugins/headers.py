"""Which request headers carry a credential: ``Authorization`` with a scheme whose parameter
is the credential itself, and headers whose name says they hold one (``X-API-Key``,
``PRIVATE-TOKEN``, ``X-Auth-Token``), not who or what (``X-Auth-User``, ``X-Api-Key-Id``).
Shared by the rules that read headers: curl's options, proxies' directives, code's calls."""

from __future__ import annotations

_AUTHORIZATION = frozenset({"authorization", "proxy-authorization"})
_SCHEMES = frozenset({"bearer", "token", "oauth", "ssws"})
"""Authorization schemes whose parameter is the credential itself, besides an API's own
(``Api-Token``, ``ApiKey``). ``Basic`` encodes one (``basic-auth-credentials``); ``Digest``
carries a hash."""
_CREDENTIAL_WORDS = frozenset(
    {"key", "apikey", "token", "secret", "password", "passwd", "auth", "authtoken", "pat"}
)
# who or what, or a key that is no credential: an idempotency or cache key, a public key,
# WebSocket's handshake nonce (Sec-WebSocket-Key), a request's or a trace's id
_NOT_SECRET_WORDS = frozenset(
    {
        "id", "user", "username", "email", "name", "type", "version", "idempotency", "cache",
        "public", "publishable", "websocket", "sec", "request", "correlation", "trace",
        "partition", "routing", "sort", "primary", "nonce", "dedup", "deduplication",
        "prefix",  # a cache key's prefix (rust-cache's prefix-key), a name's start
        # a key kept sealed or encrypted (ciphertext, MinIO's X-Minio-Internal-Server-Side-
        # Encryption-Sealed-Key), or its digest (an SSE-C key's -Key-MD5); an object's stored
        # metadata (X-Amz-Meta-X-Amz-Key: the encryption client's wrapped data key)
        "sealed", "encrypted", "wrapped", "md5", "sha256", "hash", "digest", "checksum",
        "meta",
        # a listing's cursor (S3's continuation-token), a form's anti-forgery value
        "continuation", "cursor", "page", "next", "csrf", "xsrf",
    }
)  # fmt: skip


_REQUEST_IDS = frozenset({"postmantoken"})
"""Names that read as a service's credential and are not: Postman adds ``Postman-Token:
<uuid>`` to each request it sends, an id for its console, which requests copied from it
carry."""


def request_id(name: str) -> bool:
    """Whether ``name`` (a header's, a setting's) is one of ``_REQUEST_IDS``."""
    return name.lower().replace("-", "").replace("_", "") in _REQUEST_IDS


def credential_header(name: str, scheme: str | None) -> bool:
    """Whether a header ``name`` (with an Authorization ``scheme``) carries a credential."""
    if request_id(name):
        return False
    if name.lower() in _AUTHORIZATION:
        return scheme is None or scheme.lower() in _SCHEMES or _credential_name(scheme)
    return scheme is None and _credential_name(name)


def _credential_name(name: str) -> bool:
    """Whether ``name`` (``X-API-Key``, ``PRIVATE-TOKEN``) says it holds a credential."""
    words = set(name.lower().replace("_", "-").split("-"))
    return bool(words & _CREDENTIAL_WORDS) and not words & _NOT_SECRET_WORDS


_STARTS_VALUE = frozenset("\"'`:=([{,>")
"""What an Authorization scheme follows when it begins a string or a header's value (a
quote, a header's colon, an assignment, an argument list, an XML element), after blanks."""


def begins_value(line: str, start: int) -> bool:
    """Whether the scheme at ``start`` (``Bearer``, ``Basic``) begins a string or a header's
    value, not a word of prose."""
    before = line[:start].rstrip(" \t")
    return not before or before[-1] in _STARTS_VALUE
