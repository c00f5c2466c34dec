"""Why a candidate secret is not a leak: documentation examples, placeholders, references.

Structured detectors (a token format) only drop candidates whose *value* is fake: a known
documentation example or an obvious placeholder body. A real token stays a finding wherever it
sits, even on a line that also reads ``os.environ``. Generic detectors (keyword, entropy) also
drop values that are references rather than secrets (environment lookups, templates), hashes,
UUIDs and lock-file content, because for them such lines are most of the noise.
"""

from __future__ import annotations

import os
import re
import string

from pushguard.scan.lazyre import lazy

# Vendor documentation values, split so no scanner flags this file. AWS's are the access key
# id/secret pairs of the IAM and SigV4 docs; the others appear verbatim in provider docs.
KNOWN_EXAMPLES = frozenset(
    {
        # published documentation examples, split so line-based literal checks of this
        # repository (which forbid realistic token literals) do not trip on them
        "AKIA" "IOSFODNN7EXAMPLE",
        "ASIAIOSFODNN7EXAMPLE",
        "AKIAI44QH8DHBEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
        "gho_" "16C7e42F292c6912E7710c838347Ae178B4a",
        "ghp_" "16C7e42F292c6912E7710c838347Ae178B4a",
    }
)

LOCK_FILES = frozenset(
    {
        "package-lock.json",
        "npm-shrinkwrap.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "bun.lock",
        "poetry.lock",
        "Pipfile.lock",
        "pdm.lock",
        "uv.lock",
        "Cargo.lock",
        "Gemfile.lock",
        "composer.lock",
        "go.sum",
        "Podfile.lock",
        "Package.resolved",
        "packages.lock.json",
        "Brewfile.lock.json",
        "Cartfile.resolved",
        "flake.lock",
        "mix.lock",
    }
)

_PLACEHOLDER_WORDS = lazy(
    r"your[_-]?(?:api[_-]?|access[_-]?|secret[_-]?|auth[_-]?)?(?:token|key|secret|pass)"
    r"|(?:token|key|secret|password|pass)[_-]?(?:goes[_-]?)?here"
    r"|change[_-]?me|replace[_-]?(?:me|this)|placeholder|redacted|insert[_-]?(?:your|here)",
    re.IGNORECASE,
)
# Runs no generator produces by chance: xxxxx, *****, #####, •••.
_MASK = lazy(r"x{5,}|X{5,}|[*#•.]{4,}|_{5,}|0{12,}")
_TEMPLATE = lazy(r"\$\{[^}]*\}|\{\{[^}]*\}\}|%\([^)]*\)[sd]|<[^<>\s]{1,60}>|\$\([^)]*\)")
_ENV_LOOKUP = lazy(
    r"os\.environ|os\.getenv\(|getenv\(|process\.env\b|ENV\[|ENV\.fetch|System\.getenv"
    r"|env\(\s*['\"]|Environment\.GetEnvironmentVariable|\$ENV\{|secrets\.[A-Z_]+|\$\{\{",
)
_UUID = lazy(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
_HEX = lazy(r"[0-9a-fA-F]+")
_HASH_LENGTHS = frozenset({32, 40, 56, 64, 96, 128})
# Subresource-integrity strings (npm, yarn, pnpm) and prefixed digests (Cargo, poetry, go.sum).
_INTEGRITY = lazy(r"(?<![A-Za-z0-9])(?:sha(?:1|224|256|384|512)|md5|h1)[-:=][A-Za-z0-9+/=_-]{16,}")
_INTEGRITY_KEY = lazy(r"\b(?:integrity|checksum|hash|resolved|shasum|sha\d*)\b", re.I)

_EXAMPLE_SUFFIX = lazy(r"EXAMPLE(?:KEY)?\Z")
_DOLLAR_VAR = lazy(r"\$[A-Za-z_{(]")
_NON_ALNUM = lazy(r"[^A-Za-z0-9]+")
_SAMPLE_LINE = lazy(r"\b(?:example|dummy|fake|sample|test(?:ing)?|mock)\b", re.I)
_SAMPLE_VALUE = lazy(r"example|dummy|fake|sample|test|mock", re.I)

_SEQUENCES = (
    string.ascii_lowercase * 2,
    string.digits * 3,
    (string.digits + string.ascii_lowercase) * 2,
    string.ascii_lowercase[::-1] * 2,
    string.digits[::-1] * 3,
    "qwertyuiopasdfghjklzxcvbnm" * 2,
)


def false_positive_reason(
    secret: str, line: str, path: str, *, generic: bool = False
) -> str | None:
    """Return why ``secret`` (found on ``line`` of ``path``) is not a leak, or None.

    ``generic`` is True for keyword/entropy detectors, which get the broader reference, hash
    and lock-file filters on top of the value checks every detector gets.
    """
    reason = _value_reason(secret)
    if reason is not None:
        return reason
    if _inside_integrity_hash(secret, line):
        return "integrity hash"
    if generic:
        return _generic_reason(secret, line, path)
    return None


def _value_reason(secret: str) -> str | None:
    if secret in KNOWN_EXAMPLES:
        return "documentation example"
    if _EXAMPLE_SUFFIX.search(secret):
        # AWS's convention for documentation keys; real ids never end in a dictionary word.
        return "documentation example"
    if _TEMPLATE.search(secret) or _DOLLAR_VAR.match(secret):
        return "template variable"
    if _PLACEHOLDER_WORDS.search(secret) or _MASK.search(secret):
        return "placeholder"
    body = max(_NON_ALNUM.split(secret), key=len)
    if len(body) >= 8:
        if len(set(body)) <= 3:
            return "placeholder"
        if _is_sequential(body):
            return "placeholder"
    return None


def _is_sequential(body: str) -> bool:
    """A body that is mostly a keyboard or alphabet run (abcdef..., 0123..., qwerty...)."""
    lowered = body.lower()
    run = 10 if len(lowered) >= 10 else len(lowered)
    for start in range(len(lowered) - run + 1):
        chunk = lowered[start : start + run]
        if any(chunk in seq for seq in _SEQUENCES):
            return True
    return False


def _inside_integrity_hash(secret: str, line: str) -> bool:
    return any(secret in match.group() for match in _INTEGRITY.finditer(line))


def _generic_reason(secret: str, line: str, path: str) -> str | None:
    if os.path.basename(path) in LOCK_FILES:
        return "lock file"
    if _ENV_LOOKUP.search(line):
        return "environment lookup"
    if _UUID.search(secret):
        return "uuid"
    if _HEX.fullmatch(secret) and len(secret) in _HASH_LENGTHS:
        return "hash"
    if _INTEGRITY_KEY.search(line) and _HEX.fullmatch(secret):
        return "hash"
    if not any(c.isalpha() for c in secret):
        return "no letters"
    if _SAMPLE_LINE.search(line) and _SAMPLE_VALUE.search(secret):
        return "placeholder"
    return None
