"""What a rule id says about its findings: whose credential (provider), and whether a rule of
the catalogue is specific enough to block a push.

Issue 8: provider-specific rules block; generic shapes (an API key next to a keyword, a
credential in a URI, a curl command line) warn; rules that find identifiers rather than
secrets (client ids, account names, hosts, publishable keys) warn too, because a wrong block
teaches teams to bypass the hook.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import json
import re
import time
from typing import NamedTuple

_QUALIFIERS = ("betterleaks.", "kingfisher.", "custom.", "veles.secrets/")
_ORDINAL = re.compile(r"\.\d+\Z")

# Our own rules whose first word is not the provider.
_OWN_PROVIDERS = {
    "private-key": "",
    "url-password": "",
    "setting-password": "",  # each finding names whose it is (postgres, spring, ...)
    "tool-config-credential": "",  # the same: the tool reading the file (maven, twine)
    "npm-registry-token": "npm-registry",  # a private registry's, not npm's
    "rpc-url-key": "",  # each finding names the node provider its URL's host is
    "secret-key-base": "",  # each finding names its framework (rails, phoenix)
    "wordpress-salt": "wordpress",
    "named-provider-key": "",  # the same: the service named beside the key
    "pgpass-password": "postgres",
    "secret-keyword": "",
    "base64-high-entropy": "",
    "hex-high-entropy": "",
    "jwt": "",
    "pgt-token": "pushguard",
    "pushguard-api-token": "pushguard",
    "private-key-base64": "",
    "private-key-pkcs12": "",
    "github-fine-grained-pat": "github",
    "github-oauth-app-secret": "github",
    "google-oauth-client-secret": "google",
    # Logic Apps' and Power Automate's (a Teams Workflows webhook) trigger URLs: Azure's
    "workflow-trigger-url": "azure",
    "rails-master-key": "rails",
    # its own responder and policy name: Discord's bot tokens ("discord") are another
    # credential, verified differently and never revoked by API
    "discord-webhook": "discord-webhook",
    "connection-string-password": "",  # a database's or host's: not a provider's
    "command-line-password": "",  # a database's or host's, as a URL's password
    "curl-auth-header": "",  # whichever server the command calls
    "bearer-token": "",  # whichever server the request goes to
    "postman-auth": "",  # the server the collection's requests go to
    "proxy-auth-header": "",  # the upstream the proxy forwards to
    "request-header-credential": "",  # whichever API takes the header
    "client-call-password": "",  # the server the client connects to, as a URL's password
    "deployment-password": "",  # the deployed server's own, as a URL's password
    "basic-auth-credentials": "",  # a server's or a registry's: the value does not say
    "kubernetes-secret": "",  # whose credential it is, the manifest does not say
    "jenkins-credential": "",  # each finding names the service its id names, if any
    "jwt-signing-secret": "",  # an application's own key
    "webhook-signing-secret": "",  # Stripe's, or any Standard Webhooks sender's
    "artifactory-reference-token": "artifactory",  # JFrog's name for a short access token
    "azure-sas-token": "azure",  # a storage account's shared access signature
}
# Providers whose names have more than one word.
_MULTIWORD = (
    "new-relic", "cisco-meraki", "weights-and-biases", "val-town", "rainforest-pay",
    "redirect-pizza", "stability-ai", "lighton-paradigm", "elastic-cloud", "clickhouse-cloud",
    "canadian-digital-service", "hashicorp-tf", "docker-swarm", "azure-ad", "mongodb-atlas",
)  # fmt: skip
# Product names people know better than their vendor's.
_ALIASES = {
    "langchain-langsmith": "langsmith",
    "gcp": "google",
    "hashicorp-tf": "terraform",
    "sonarqube": "sonar",  # the catalogue's name for SonarQube's (and SonarCloud's) tokens
}
# The words that start the credential kind: what comes before them names the provider.
_KIND_WORDS = frozenset(
    (
        "api", "access", "secret", "personal", "client", "oauth", "token", "key", "pat",
        "auth", "app", "private", "service", "bot", "user", "org", "organization", "project",
        "refresh", "session", "webhook", "connection", "storage", "account", "cloud",
        "production", "live", "programmatic", "sdk", "admin", "deploy", "personnal", "bearer",
        "upload", "shared", "custom", "batch", "legacy", "password", "passphrase", "id",
        "consumer", "integration", "instance", "rest", "management", "developer",
        "application", "public", "authorization",
    )
)  # fmt: skip

GENERIC_RULES = frozenset(
    {
        "generic-api-key",
        "generic-credential-uri",
        "curl-auth-header",
        "curl-auth-user",
        "kubernetes-secret-yaml",
        "nuget-config-password",
        "hashicorp-tf-password",
        "mongodb-connection-string",
        "sidekiq-sensitive-url",
        "jwt",
        "jwt-base64",
    }
)
# Catalogue rules our own detectors cover better: private keys (ours read the key material
# over the following lines and judge placeholders and code around a header), passwords in
# URIs (ours know local-development defaults), Teams webhooks (the catalogue's rule
# reports five characters of the URL's first id, which a placeholder URL's "1234-" passes as
# a token) and Bedrock short-term keys (its rule reads the encoded host alone: a regex
# literal or an example passes). Two reports of one secret are noise.
SUPERSEDED = frozenset(
    {
        "private-key",
        "generic-credential-uri",
        "mongodb-connection-string",
        "microsoft-teams-webhook",
        "aws-amazon-bedrock-api-key-short-lived",
    }
)
_IDENTIFIER_ENDINGS = (
    "-id", "-username", "-url", "-domain", "-host", "-name", "-address", "-sid",
)  # fmt: skip
_SECRET_URLS = ("webhook", "sensitive")
# a key public by design (Lob's "pub", Flutterwave's public key); not a token for a service's
# "Public API", its management API (Segment's sgp_ tokens)
_PUBLIC = re.compile(r"(?:^|-)(?:public|pub|publishable)-(?!api-token)")
# keys their services publish in every web page, whose rules' names do not say so: PostHog's
# project keys (phc_, "safe to use in public apps"), New Relic's browser keys (NRJS-, in the
# browser agent's snippet)
_PUBLIC_BY_DESIGN = frozenset({"posthog-project-api-key", "new-relic-browser-api-token"})
_JWT_RULES = frozenset({"jwt", "jwt-base64", "supabase-project-api-key"})


class Policy(NamedTuple):
    """How a catalogue rule's findings are judged before our filters."""

    blocking: bool
    reason: str = ""


def base_id(rule: str) -> str:
    """``betterleaks.groq-api-key`` -> ``groq-api-key``; ``custom.x.1`` -> ``x``."""
    for qualifier in _QUALIFIERS:
        if rule.startswith(qualifier):
            rule = rule[len(qualifier) :]
            break
    return _ORDINAL.sub("", rule)


# OSV-SCALIBR's (veles) ids glue words together: "grokxaiapikey".
_VELES_PROVIDERS = {
    "grokxai": "xai", "npmjs": "npm", "hcp": "hashicorp", "packagistorg": "packagist"
}  # fmt: skip
_VELES_KIND = re.compile(
    r"(?:apikey|apitoken|accesstoken|platformkey|credentials|oauth2access|projecttoken|patorg"
    r"|readtoken|updatetoken|secret|collectiontoken|appconfig\w*|appleveltoken|token|key)"
    r"(?:-.*)?\Z"
)


_SAME = {"wandb": "weightsandbiases", "kimi": "moonshot", "zhipuai": "zai", "zhipu": "zai"}
"""Providers the catalogue and our names call differently (Kimi is Moonshot's, Z.ai was
Zhipu AI)."""


def canonical_provider(name: str) -> str:
    """One spelling of a provider's name: its "-"s left out, an alias resolved (wandb and
    weights-and-biases: weightsandbiases)."""
    plain = name.replace("-", "")
    return _SAME.get(plain, plain)


def same_provider(a: str, b: str) -> bool:
    """One provider under two names: one holding the other (stability, stability-ai), or an
    alias (wandb, weights-and-biases)."""
    a, b = canonical_provider(a), canonical_provider(b)
    return a in b or b in a


@functools.lru_cache(maxsize=4096)
def provider_of(rule: str) -> str:
    """The provider a rule id names (``new-relic-user-api-key`` -> ``new-relic``). Cached:
    every engine asks it for each detector (a warm hook daemon builds one per push)."""
    if rule.startswith("veles.secrets/"):
        name = _VELES_KIND.sub("", rule[len("veles.secrets/") :]) or rule
        return _VELES_PROVIDERS.get(name, name)
    base = base_id(rule)
    if base in _OWN_PROVIDERS:
        return _OWN_PROVIDERS[base]
    if base.startswith("azure-") and base.endswith("-key"):
        # each Azure service's key (azure_identifiable's rules, Storage's): one provider
        return "azure"
    if base in GENERIC_RULES or base.startswith("generic"):
        return ""
    for name in _MULTIWORD:
        if base == name or base.startswith(name + "-"):
            return name
    words = re.split(r"[-_.]", base)
    kept: list[str] = []
    for word in words:
        if kept and word in _KIND_WORDS:
            break
        kept.append(word)
    name = "-".join(kept)
    return _ALIASES.get(name, name)


def catalogue_policy(rule: str) -> Policy:
    """Whether a catalogue rule blocks, and if not, why."""
    base = base_id(rule)
    if base in GENERIC_RULES or base.startswith("generic"):
        return Policy(False, "generic rule: review it, it does not block")
    if _PUBLIC.search(base) or base in _PUBLIC_BY_DESIGN:
        return Policy(False, "public by design: not a secret")
    identifier = base.endswith(_IDENTIFIER_ENDINGS) and not base.endswith("key-id")
    if identifier and not any(word in base for word in _SECRET_URLS):
        return Policy(False, "an identifier, not a secret")
    return Policy(True)


def is_jwt_rule(rule: str) -> bool:
    return base_id(rule) in _JWT_RULES


UNDECODABLE = "not a JSON Web Token: its claims do not decode"
# claims: a JSON object ("eyJ": '{"'), or the empty one ("e30": "{}")
# the claims: a JSON object encoded, compact ("eyJ": '{"') or spaced and indented ("ewo",
# "eyA", "ew0", "ewk": '{' then a newline, a blank, a return or a tab, as Supabase's
# self-hosting keys are written)
_CLAIMS = r"(?:eyJ|ewo|eyA|ew0|ewk)[A-Za-z0-9_-]{2,}"
_JWT = re.compile(rf"(eyJ[A-Za-z0-9_-]{{2,}})\.({_CLAIMS}|e30)\.([A-Za-z0-9_-]*)")
# a header and claims alone, no signature segment (a cookie's value in a test, padded)
_UNSIGNED = re.compile(rf"(eyJ[A-Za-z0-9_-]{{2,}}=*)\.({_CLAIMS}=*|e30)")
_WORDS = re.compile(r"[A-Za-z]{2,}(?:[_-][A-Za-z]{2,})+")
"""Words joined by "_" or "-": a signature typed into a test's token, not a key's output."""
TYPED_SIGNATURE = 16
"""Characters below which a signature was typed for a test (``signature``, ``sig``), not
made by a key: the shortest real one, HS256's 32 bytes in base64url, has 43. Unsigned tokens
(alg none, no signature) are not judged by it: a server that accepts them takes them as
they are."""
_SAMPLE_WORDS = frozenset(
    {"foo", "bar", "baz", "qux", "hello", "world", "test", "example", "value"}
)
"""Placeholder words: claims whose values are only these (``{"foo": "bar"}``, ``{"sub":
"test"}``) name no one."""
_SAMPLE_NAMES = _SAMPLE_WORDS | {"data", "payload", "key", "some", "claim"}
"""Names a test gives a placeholder claim, whose value may be a single letter too
(``{"a": "b"}``, ``{"data": "x"}``)."""
_TIME_CLAIMS = frozenset({"exp", "nbf", "iat"})
_CONTENT_CLAIMS = frozenset({"hash", "version"})
"""Claims of a token that signs content, not a session: Hugging Face's ``verifyToken`` signs
a model's evaluation results, and every model card publishes it."""


def jwt_reason(token: str, now: float | None = None) -> str | None:
    """Why a JSON Web Token does not block, judged by its claims; None: a live bearer token.

    An expired token (``exp`` in the past) cannot authenticate any more, a token whose
    ``role`` is ``anon`` (Supabase's anonymous key) is published in every web client by design,
    as is one that only signs content (``_CONTENT_CLAIMS``), and jwt.io's sample (John Doe,
    subject 1234567890) is in countless docs and tests, as are tokens whose signature was
    typed (``TYPED_SIGNATURE``) and those whose claims name no one (``_names_no_one``). A
    token without ``exp`` never expires: that one blocks.
    """
    match = _JWT.search(token)
    if match is None:
        return _unsigned_reason(token)
    claims = _decode(match.group(2))
    if claims is None:
        return UNDECODABLE
    if claims.get("sub") == "1234567890" and claims.get("name") == "John Doe":
        return "documentation example (jwt.io's sample claims)"
    sample = _sample_signer(match.group(0))
    if sample is not None:
        return sample
    if 0 < len(match.group(3)) < TYPED_SIGNATURE or _WORDS.fullmatch(match.group(3)):
        return "a typed signature (short, or words: HMAC_SIGNATURE_HERE): a test's token"
    if _names_no_one(claims):
        return 'a test\'s token: its claims name no one ({} or {"foo": "bar"})'
    if claims and set(claims) <= _CONTENT_CLAIMS:
        return "public by design: it signs content (a model card's verifyToken), not a session"
    role = claims.get("role")
    if isinstance(role, str) and role.lower() in ("anon", "anonymous", "public"):
        return "public by design (role: anon): not a secret"
    expires = claims.get("exp")
    if isinstance(expires, int | float) and expires < (now if now is not None else time.time()):
        return "expired token (exp in the past): it no longer authenticates"
    return None


def _unsigned_reason(token: str) -> str | None:
    """Why a header and claims with no signature segment do not block, when the header
    names a signing algorithm: a server checking it rejects the token without one."""
    half = _UNSIGNED.fullmatch(token.rstrip("."))
    if half is None:
        return None
    header = _decode(half.group(1).rstrip("="))
    if header is None or str(header.get("alg", "")).lower() in ("", "none"):
        return None
    return "no signature, though its header names an algorithm: it authenticates nothing"


def _names_no_one(claims: dict[str, object]) -> bool:
    """Whether a token's claims are none at all (``{}``), or placeholders beside its times
    (jwt-go's tests sign ``{"foo": "bar"}``, python-jose's docs ``{"a": "b"}``, FastAPI's
    tests ``{"data": "foo"}`` and ``{"sub": "foo"}``): a library's test token, which no
    service issues. Claims of a service's own, however few, may be a session's (``{"user":
    1}``, ``{"sub": "a"}``)."""
    if not claims:
        return True
    named = {name: value for name, value in claims.items() if name not in _TIME_CLAIMS}
    return bool(named) and all(
        isinstance(value, str)
        and (
            value.lower() in _SAMPLE_WORDS
            or (_letter(value) and (_letter(name) or name.lower() in _SAMPLE_NAMES))
        )
        for name, value in named.items()
    )


def _letter(word: str) -> bool:
    return len(word) == 1 and word.isalpha()


_SAMPLE_SECRETS = {
    # jwt.io's debugger fills these in: a token made there is an example
    b"your-256-bit-secret": "documentation example (signed with jwt.io's sample secret)",
    b"a-string-secret-at-least-256-bits-long": (
        "documentation example (signed with jwt.io's sample secret)"
    ),
    # the Supabase CLI's local stack signs its anon and service_role keys with this default
    # (config.toml's auth.jwt_secret): the same keys on every developer's machine
    b"super-secret-jwt-token-with-at-least-32-characters-long": (
        "the Supabase CLI's local development key (its default JWT secret): the same on every "
        "machine, for localhost only"
    ),
    # self-hosted Supabase's docker/.env.example signs its demo anon and service_role keys
    # with this one, which its guide says to replace before going live
    b"your-super-secret-jwt-token-with-at-least-32-characters-long": (
        "self-hosted Supabase's example key (signed with its .env.example's JWT secret)"
    ),
}
"""HMAC secrets everyone has: a token that verifies with one authenticates nothing a
service of someone's would accept, and why."""
_HMACS = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}


def _sample_signer(token: str) -> str | None:
    """Why ``token`` is an example, when one of ``_SAMPLE_SECRETS`` signed it."""
    signed, _, signature = token.rpartition(".")  # "header.claims", and the signature
    digest = _HMACS.get(str((_decode(signed.partition(".")[0]) or {}).get("alg")))
    if digest is None or not signature:
        return None
    for secret, reason in _SAMPLE_SECRETS.items():
        mac = hmac.new(secret, signed.encode("ascii"), digest).digest()
        if hmac.compare_digest(base64.urlsafe_b64encode(mac).rstrip(b"=").decode(), signature):
            return reason
    return None


def _decode(segment: str) -> dict[str, object] | None:
    try:
        raw = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
        value = json.loads(raw)
    except (binascii.Error, ValueError, RecursionError):
        # RecursionError: claims nested deeper than the parser recurses, a hostile value
        # that would otherwise end the whole scan
        return None
    return value if isinstance(value, dict) else None
