"""The shapes services document for their keys, for detectors that know a key by its
service's name (``named_key``) or by a loose pattern (the catalogue's rules).

A name says whose a value would be; where the service says what its keys look like, a value
that cannot be one (34 hex characters under ``WANDB_API_KEY``, whose keys are 40) is a
placeholder, a truncated copy or an edited example, not that service's key. It warns rather
than blocks, and is never sent to that service's verify call.

Each entry covers every kind of key the service issues (API keys, secrets, tokens);
passwords are never judged by shape (``applies``). A service goes here only when its
documentation or its official client states the shape: a guess would turn real keys into
warnings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from pushguard.scan.lazyre import LazyRegex, lazy
from pushguard.scan.rulemeta import canonical_provider


class KeyFormat(NamedTuple):
    shape: LazyRegex  # what a key fullmatches
    described: str  # for the warning's reason


def _format(pattern: str, described: str) -> KeyFormat:
    return KeyFormat(lazy(f"(?:{pattern})"), described)


# Jira and Confluence: a Data Center personal access token is base64 of "<12-digit
# id>:<random>", 44 characters whose first (a digit's top bits) is M, N or O; an Atlassian
# Cloud API token starts "ATATT", an older one is 24 letters and digits
_ATLASSIAN = _format(
    r"[MNO][A-Za-z0-9+/]{43}|ATATT[A-Za-z0-9_=-]{100,}|[A-Za-z0-9]{24}",
    "a Data Center token (44 base64 characters from M, N or O on) or a Cloud API token",
)

# SonarQube and SonarCloud: user, project analysis and global analysis tokens are "squ_",
# "sqp_" or "sqa_" and 40 characters (hex, as SonarQube makes them: letters and digits
# accepted); tokens made before those prefixes, and SonarCloud's, are the 40 alone. A
# project's key (sonar.projectKey) is its name, no token.
_SONAR = _format(
    r"sq[upa]_[A-Za-z0-9]{40}|[A-Za-z0-9]{40}",
    "'squ_', 'sqp_' or 'sqa_' and 40 letters and digits, or the 40 alone",
)

DOCUMENTED: dict[str, KeyFormat] = {
    # by provider, as ``rulemeta.canonical_provider`` spells it
    # W&B: wandb's client refuses a key whose part after an on-premises prefix and "-" is
    # not 40 characters; the 2025 keys are longer (86) and have no fixed shape here
    "weightsandbiases": _format(
        r"[0-9a-f]{40}|[A-Za-z0-9_]+-[0-9a-f]{40}|[A-Za-z0-9_-]{80,}",
        "40 hex characters (after a prefix and '-' on W&B Server), or 80 and more",
    ),
    # Plaid: a secret is 30 hex characters; access, public, link and processor tokens are
    # "<kind>-<environment>-" + a UUID (client ids are ids, never read as keys)
    "plaid": _format(
        r"[0-9a-f]{30}"
        r"|(?:access|public|link|processor)-(?:sandbox|development|production)-[0-9a-f-]{36}",
        "a 30-hex-character secret or a '<kind>-<environment>-<uuid>' token",
    ),
    "scrapingbee": _format(r"[A-Z0-9]{80}", "80 uppercase letters and digits"),
    # Algolia: API keys are 32 characters; secured API keys, derived from one, are base64
    # and much longer
    "algolia": _format(
        r"[A-Za-z0-9]{32}|[A-Za-z0-9+/]{60,}={0,2}",
        "32 letters and digits, or a long base64 secured API key",
    ),
    # Amadeus for Developers: an API key of 32 letters and digits, its secret of 16
    "amadeus": _format(
        r"[A-Za-z0-9]{32}|[A-Za-z0-9]{16}", "a 32-character API key or its 16-character secret"
    ),
    # BitMEX: an API key's id is 24 characters, its secret 48 (base64url)
    "bitmex": _format(
        r"[A-Za-z0-9_-]{24}|[A-Za-z0-9_-]{48}", "a 24-character key id or a 48-character secret"
    ),
    "openrouter": _format(r"sk-or-v1-[0-9a-f]{64}", "'sk-or-v1-' and 64 hex characters"),
    "assemblyai": _format(r"[a-z0-9]{32}", "32 lowercase letters and digits"),
    "jira": _ATLASSIAN,
    "confluence": _ATLASSIAN,
    "sonar": _SONAR,
    "sonarcloud": _SONAR,
    "sonarqube": _SONAR,
}


# Services that issue, beside their secret keys, a key for browsers, told apart by the name
# it is kept under where the two share a shape: Algolia's search-only key ("safe to use in
# your front-end code"), Typesense's search-only key, Meilisearch's default search key,
# Segment's write key (in every page that loads analytics.js); or by its prefix: PostHog's
# project key (phc_, "safe to use in public apps"; its personal keys are phx_).
_BROWSER_KEY_WORD = {
    "algolia": "search", "typesense": "search", "meilisearch": "search", "segment": "write"
}  # fmt: skip
_BROWSER_KEY_PREFIX = {"posthog": "phc_"}
BROWSER_KEY = (
    "a key made for browsers (its name or its prefix says): public by design (a secret key "
    "kept under such a name would be a leak)"
)


def browser_key(provider: str, name_words: Sequence[str], value: str = "") -> bool:
    """Whether a key of ``provider`` kept under a name of ``name_words`` is the key it
    issues for browsers (``ALGOLIA_SEARCH_KEY``, ``searchOnlyApiKey``, PostHog's ``phc_``)."""
    service = canonical_provider(provider)
    word = _BROWSER_KEY_WORD.get(service)
    prefix = _BROWSER_KEY_PREFIX.get(service)
    return (word is not None and word in name_words) or bool(prefix and value.startswith(prefix))


def off_format(provider: str, name: str, value: str) -> KeyFormat | None:
    """The format ``provider`` documents for its keys, when ``value`` under ``name`` (""
    if not known) should have it and does not; else None."""
    documented = DOCUMENTED.get(canonical_provider(provider))
    if documented is None or not applies(name):
        return None
    return None if documented.shape.fullmatch(value) else documented


def applies(name: str) -> bool:
    """Whether a credential named ``name`` is a key (judged by shape), not a password."""
    lowered = name.lower()
    return not any(word in lowered for word in ("pass", "pwd"))


def off_format_reason(provider: str, documented: KeyFormat) -> str:
    """Why a value ``off_format`` found is reported and does not block."""
    return f"not in {provider}'s documented key format ({documented.described})"
