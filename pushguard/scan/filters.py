"""Why a candidate secret is not a leak: documentation examples, placeholders, references.

Structured detectors (a token format) only drop candidates whose *value* is fake: a known
documentation example or an obvious placeholder body. A real token stays a finding wherever it
sits, even on a line that also reads ``os.environ``. Generic detectors (keyword, entropy) also
drop values that are references rather than secrets (environment lookups, templates), hashes,
UUIDs and lock-file content, because for them such lines are most of the noise.
"""

from __future__ import annotations

import functools
import os
import re
import string

from pushguard.scan.encoded import decoded_text
from pushguard.scan.lazyre import lazy
from pushguard.scan.rulemeta import UNDECODABLE, jwt_reason

# fmt: off
# The storage emulator's (Azurite's) account key, published by Microsoft and the same on every
# machine: local-development connection strings carry it.
_AZURITE_KEY = (
    "Eby8vdM02xNOcqFlqUwJPL" "lmEtlCDXJ1OUzFT50uSRZ6"
    "IFsuFq2UVErCz4I6tq/K1S" "ZFPTOtr/KBHBeksoGMGw=="
)
# The Azure Cosmos DB emulator's key, as documented and the same on every machine: the
# emulator takes no other unless started with one.
_COSMOS_EMULATOR_KEY = (
    "C2y6yDjf5/R+ob0N8A7Cgv" "30VRDJIWEHLM+4QDU5DE2n"
    "Q9nDuVTqobD4b8mGGyPMbI" "ZnqyMsEcaGQy67XIw/Jw=="
)
# The API keys Google publishes in its Firebase Android SDK's sources (github.com/firebase/
# firebase-android-sdk: test fixtures, the sample google-services.json files, FirebaseOptions'
# documentation), every one its history holds: public by Google's choice, copied into apps'
# tests and samples; not their authors' secrets.
_FIREBASE_SDK_KEYS = frozenset(
    {
        "AIza" "SyA4UrcGxgwQFTfaI3no3t7Lt1sjmdnP5sQ",
        "AIza" "SyA5_iVawFQ8ABuTZNUdcwERLJv_a_p4wtM",
        "AIza" "SyA8vmApnrHNFE0bApF4hoZ11srVL_n0nvY",
        "AIza" "SyAGlVkolEukFeuqjj9OBPNp9Bzm-mBLL3Q",
        "AIza" "SyANUvH9H9BsUccjsu2pCmEkOPjjaXeDQgY",
        "AIza" "SyASWm6HmTMdYWpgMnjRBjxcQ9CKctWmLd4",
        "AIza" "SyAdOS2zB6NCsk1pCdZ4-P6GBdi_UUPwX7c",
        "AIza" "SyAnLA7NfeLquW1tJFpx_eQCxoX-oo6YyIs",
        "AIza" "SyB3zls7OOcZLpmvyTr2mIP1xk8Nx8HCOgA",
        "AIza" "SyB8qGxt4ec15vitgn44duC5ucxaOi4FmqE",
        "AIza" "SyBBuSQWjk5VJJnHwOfJxw6M7XXjpnW_j-s",
        "AIza" "SyBF2RrAIm4a0mO64EShQfqfd2AFnzAvvuU",
        "AIza" "SyBTCYWO1TonIFajGuBmq-x1m4qiuPlBSOc",
        "AIza" "SyBcE-OOIbhjyR83gm4r2MFCu4MJmprNXsw",
        "AIza" "SyC1bJWZMKECLxXhbZlVrejsoneuzsEKbF0",
        "AIza" "SyCT43_YT7B59u5KtzIlbJrwANinug62pHo",
        "AIza" "SyCU9WDZQp38XP4lyGoDmzBNpp5MxioqiWs",
        "AIza" "SyCkEhVjf3pduRDt6d1yKOMitrUEke8agEM",
        "AIza" "SyClpQliuEP4ZtjuCS_vljOjiZ7CTeI3dss",
        "AIza" "SyD3asb-2pEZVqMkmL6M9N6nHZRR_znhrh0",
        "AIza" "SyD4mfEiPEtDHlIH4hpHUMHELczPevki3e0",
        "AIza" "SyDE4tZaz5pBtmgLiRv85gQo7gEu638ny08",
        "AIza" "SyDMAScliyLx7F0NPDEJi1QmyCgHIAODrlU",
        "AIza" "SyDSb51JiIcB6OJpwwMicseKRhhrOq1cS7g",
        "AIza" "SyDX-ZDDmrNo4zqnKs48-VvrZUePM2udbL4",
        "AIza" "SyDdVgKwhZl0sTTTLZ7iTmt1r3N2cJLnaDk",
        "AIza" "yDNSXIbFmlXbIE6mCzDLQAqITYefhixbX4A",
    }
)
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
        # the Standard Webhooks specification's test vector (its libraries' tests, ours)
        "whsec_" "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        # the worked example of reading the account out of a key id (Tal Be'ery, 2023),
        # quoted by every write-up of it since
        "ASIA" "Y34FZKBOKMUTVV7A",
        # the first accounts of Hardhat's and Anvil's local development chains, printed by
        # both at every start and in their docs
        "0x" "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
        "0x" "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
        "0x" "5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
        # Bitwarden Secrets Manager's CLI guide (BWS_ACCESS_TOKEN=...)
        "0.48c78342-1635-48a6-accd-afbe01336365."
        "C0tMmQqHnAp1h0gL8bngprlPOYutt0:" "B3h5D+YgLvFiQhWkIq6Bow==",
        # Discord's API reference ("Authorization: Bot ...")
        "MTk4NjIyNDgzNDcxOTI1MjQ4" ".Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs",
        _AZURITE_KEY,
        "AccountKey=" + _AZURITE_KEY,  # as detect-secrets' Azure plugin reports it
        _COSMOS_EMULATOR_KEY,
        "AccountKey=" + _COSMOS_EMULATOR_KEY,
        # Docker's swarm join tokens and unlock keys of its CLI reference and Engine API docs
        # (swarm init/join/join-token/unlock-key, the API's swagger.yaml) and its client's
        # test: vendored with docker/cli and docker/docker by every Go project using them
        "SWMTKN-1-" "3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-1awxwuwd3z9j1z3puu7rcgdbx",
        "SWMTKN-1-" "3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-7p73s1dx5in4tatdymyhg9hu2",
        "SWMTKN-1-" "49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c",
        "SWMTKN-1-" "3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-b30ljddcqhef9b9v4rs7mel7t",
        "SWMTKN-1-" "1h8aps2yszaiqmz2l3oc5392pgk8e49qhx2aj3nyv0ui0hez2a-6qmn92w6bu3jdvnglku58u11a",
        "SWMTKN-1-" "1h8aps2yszaiqmz2l3oc5392pgk8e49qhx2aj3nyv0ui0hez2a-8llk83c4wm9lwioey2s316r9l",
        "SWMKEY-1-" "fySn8TY4w5lKcWcJPIpKufejh9hxx5KYwx6XZigx3Q4",
        "SWMKEY-1-" "7c37Cc8654o6p38HnroywCi19pllOnGtbdZEgtKxZu8",
        "SWMKEY-1-" "y6guTZNTwpQeTL5RhUfOsdBdXoQjiB2GADHSRJvbXeE",
        # Dify's docker/.env.example defaults (its SECRET_KEY, the Weaviate API key, the
        # plugin daemon's keys), copied with its compose files into every self-hosting guide
        "sk-" "9f73s3ljTXVcMT3Blb3ljTqtsKiGHXVcMT3BlbkFJLK7U",
        "WVF5YThaHlkYwhGUSmCRgs" "X3tD5ngdN8pkih",
        "lYkiYYT6owG+71oLerGzA7GXCgOT++6" "ovaezWAjpCjf+Sjc3ZtU+qUEi",
        "QaHbTe77CtuXmsfyhR7+vRjI/+XbV1Aa" "Fy691iy+kGDv2Jvy0/eAh8Y1",
        # Kubernetes' bootstrap token example (its authentication docs, kubeadm guides), whole
        # and as a bootstrap token Secret's token-secret
        "07401b." "f395accd246ae52d",
        "f395accd246ae52d",
        # NuGet's nuget.config reference, its packageSourceCredentials in clear text (copied
        # into Dockerfile and CI guides)
        "33f!!lloppa",
        "hal+9ooo_da!sY",
        # the UUIDs that documentation copies: RFC 4122's own example, and the sample in
        # Wikipedia's article and countless API references (keys of services whose keys are
        # UUIDs are shown as one of these)
        "f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
        "123e4567-e89b-12d3-a456-426614174000",
        "123e4567-e89b-12d3-a456-426655440000",
    }
) | _FIREBASE_SDK_KEYS
# fmt: on

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
    r"|change[_-]?(?:me|this|it)|replace[_-]?(?:me|this)|placeholder|redacted"
    r"|insert[_-]?(?:your|here)"
    # a value saying it is none: NOTAVALIDLICENSE, not-a-real-key, invalid_token
    r"|not[_-]?a[_-]?(?:valid|real)|invalid[_-]?(?:token|key|secret|license|password)",
    re.IGNORECASE,
)
_CREDENTIAL_NAMED = lazy(
    r"(?:[A-Z][A-Z0-9]*_)+(?:TOKEN|PASSWORD|PASSWD|PASS|PWD|SECRET|KEY)"
    r"|(?:[a-z][a-z0-9]*_)+(?:token|password|passwd|pass|pwd|secret|key)"
)
"""A value that is a setting's name in one case, ending in what it holds (``<password>
JFROG_TOKEN</password>``, ``password: db_password``): what to fill in, not what is."""
# Runs no generator produces by chance: xxxxx, *****, #####, an ellipsis ("sk-proj-...",
# "AKIA...", "abcd...wxyz": a value shortened for documentation).
_MASK = lazy(r"x{5,}|X{5,}|[*#•]{4,}|\.{3,}|…|_{5,}|0{12,}")
_TEMPLATE = lazy(
    # <password>, <YOUR_API_KEY>, <project.id>: a name in angle brackets (a drawn value with
    # punctuation, a WordPress salt, holds "<" and ">" around other characters by chance)
    r"\$\{[^}]*\}|\{\{[^}]*\}\}|%\([^)]*\)[sd]|<[A-Za-z0-9_.:-]{1,60}>|\$\([^)]*\)"
    # {your_password}, {db_password} (ADO/ODBC templates, str.format), %DB_PASSWORD%
    r"|\{[A-Za-z_][A-Za-z0-9_.-]{0,40}\}|%[A-Z_][A-Z0-9_]{2,40}%"
)
_ENCRYPTED = lazy(r"ENC\[|ENC\(|\{cipher\}|\$ANSIBLE_VAULT;|!vault")
"""A value its tool encrypted: SOPS' ENC[AES256_GCM,…], Jasypt's ENC(…), Spring Cloud
Config's {cipher}…, Ansible Vault's. It opens only with a key kept elsewhere."""
_CMD_VARIABLE = lazy(r"%[A-Za-z_][A-Za-z0-9_]{2,40}%|%[A-Z][A-Z0-9_]{2,40}")
"""A value that is a cmd.exe variable whole (``%AdminPass%``: any case), or a template's
placeholder in capitals after "%" (Laravel's ``PGPASSWORD=%LARAVEL_LOAD_PASSWORD``). Only
whole: a Django key's ``%`` characters enclose a lowercase run often."""
_ENV_LOOKUP = lazy(
    r"os\.environ|os\.getenv\(|getenv\(|process\.env\b|ENV\[|ENV\.fetch|System\.getenv"
    r"|env\(\s*['\"]|Environment\.GetEnvironmentVariable|\$ENV\{|secrets\.[A-Z_]+|\$\{\{",
)
UUID = lazy(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
_HEX = lazy(r"[0-9a-fA-F]+")
_HASH_LENGTHS = frozenset({32, 40, 56, 64, 96, 128})
# Subresource-integrity strings (npm, yarn, pnpm) and prefixed digests (Cargo, poetry, go.sum).
_INTEGRITY = lazy(r"(?<![A-Za-z0-9])(?:sha(?:1|224|256|384|512)|md5|h1)[-:=][A-Za-z0-9+/=_-]{16,}")
_INTEGRITY_KEY = lazy(r"\b(?:integrity|checksum|hash|resolved|shasum|sha\d*)\b", re.I)
# The name a value is assigned to, right before it: `SESSION_SECRET=`, `"api_key": "`.
_ASSIGNED_NAME = lazy(r"([\w.-]+)[\"'\]]*[ \t]*(?:=|:=|:|=>)[ \t]*[\"'`]?\Z")
# Names of secrets, which are often drawn as hex (Python's secrets.token_hex, `openssl rand
# -hex 32`), and of what is a digest or an identifier even so.
_SECRET_NAME = lazy(r"secret|passw|token|api_?key|private_?key|signing_?key|encryption_?key", re.I)
_DIGEST_NAME = lazy(r"hash|sha|digest|checksum|sum\b|fingerprint|commit|etag|_id\b|\bid\b", re.I)

_EXAMPLE_SUFFIX = lazy(r"EXAMPLE(?:KEY)?\Z")
# Words people type into a fake token. All-caps or all-lowercase, four letters or more: a
# random 40-character base62 body holds one by chance less than once in 40,000 tokens.
_MARKER = lazy(
    r"FAKE|EXAMPLE|DUMMY|SAMPLE|TESTTOKEN|NOTREAL|NOT_REAL|fake|example|dummy|sample|notreal"
    r"|(?i:hello[_ -]?world|lorem[_ -]?ipsum|foo[_-]?bar|not[_-]an?[_-](?:valid|real))"
    r"|INVALID|invalid"
)
# A short unit typed again and again: AKIA + TEST x 4, abcd1234 x n, 1234 x 8.
_REPEATED = lazy(r"(.{2,8}?)\1{2,}")
MIN_REPEAT = 12
"""Characters a repetition must span to mark a placeholder: random bodies repeat a 2-char
unit three times (6 characters) now and then, never 12."""
# A longer unit typed twice in a row: A1B2C3D4E5F6 x 5 (random bodies never repeat 9+)
_REPEATED_LONG = lazy(r"(.{9,16})\1")
_NAME_LIKE = lazy(
    r"[a-z]{1,20}(?:[-_.](?:[a-z]{1,20}|[0-9]{1,3}))+"
    r"|[A-Z]{1,20}[0-9]{0,4}(?:_[A-Z]{1,20}[0-9]{0,4}){2,}"
    r"|[A-Z]{1,20}[0-9]{0,4}(?:_[A-Z]{1,20}[0-9]{0,4})+_[0-9]{1,5}"  # SERVICE_URL_UMAMI_3000
    r"|[A-Z]{1,20}[0-9]{0,4}_(?:USER|USERNAME|PASSWORD|TOKEN|KEY|SECRET|ID|HOST|URL|NAME)"
)
_VERSION = lazy(r"v?[0-9]{1,4}\.[0-9]{1,4}\.[0-9]{1,6}(?:[-+][0-9A-Za-z.-]+)?")
"""A semantic version ("0.0.0-manual.ffd05533", a package.json dependency's): no secret."""
# A shell, PHP or PowerShell variable opening the value: $NAME whole or before a path, a
# scope or a blank ($HOME/.token, $env:TOKEN), ${...}, $(...), its "$" maybe escaped for
# the strings around the command (a Jenkinsfile's "--password \$DOCKER_PASSWORD", written
# "\\$" in a string literal again). Not "$" glued to more punctuation: a Django key draws
# "$" among its symbols ($hc2wa$9wp^5*...).
_DOLLAR_VAR = lazy(r"\\{0,3}\$(?:[{(]|[A-Za-z_][A-Za-z0-9_]*(?:[/:.\-\s}\]'\",;)]|$))")
# A run drawn at random: mixed case with digits, longer than variable names' words.
_DRAWN = lazy(r"(?=[A-Za-z0-9]*[0-9])(?=[A-Za-z0-9]*[a-z])(?=[A-Za-z0-9]*[A-Z])[A-Za-z0-9]{16,}")
# Runs a format itself puts in every token, judged apart from the random body: X (Twitter)
# app-only bearer tokens begin with a run of "A"s (21 in X's documented example, base64 of
# zero bytes); a JFrog reference token that never expires begins with base64 of
# "reftkn:01:0000000000:".
_FIXED_RUN = lazy(r"\A(?:A{20,22}(?=[A-Za-z0-9%]{30})|cmVmdGtuOjAxOjAwMDAwMDAwMDA6)")
_NON_ALNUM = lazy(r"[^A-Za-z0-9]+")
_NON_BASE64 = lazy(r"[^A-Za-z0-9+/=]+")
_ONE_WORD = lazy(r"[^\s\"'{}\[\]]+")
_SAMPLE_LINE = lazy(r"\b(?:example|dummy|fake|sample|test(?:ing)?|mock)\b", re.I)
_SAMPLE_VALUE = lazy(r"example|dummy|fake|sample|test|mock", re.I)

# A PEM body that is documentation, not key material: an ellipsis, a <placeholder>, a run of x.
# Long enough runs that random base64 never holds one by chance.
# Words only after a blank or at a line start: base64 holds "/your+" by chance (its "+" and "/"
# are word boundaries), never a space.
_KEY_PLACEHOLDER = lazy(
    r"\.\.\.|…|<[^<>\n]*>|x{8,}|X{8,}|(?im:(?:^|[ \t])(?:your|paste|insert|redacted)\b)"
)
_BASE64_CHAR = lazy(r"[A-Za-z0-9+/]")
_KEY_LINE = lazy(r"[A-Za-z0-9+/=]*")
_QUOTED_HEADER_FIELD = lazy(r"[\s\"'`]*[A-Za-z-]+: ")
# What string literals and concatenations put around a key's lines: quotes, escapes, blanks,
# operators (+ . & ,), parentheses, a statement's end, a comment marker.
_LITERAL_NOISE = lazy(r"\\[nrt]|[\s\"'`,;()&.#*]|(?<=[\"'`\s])\+|\+(?=\s*[\"'`]|\s*$)|^\s*//")
_KEY_HEADER_FIELD = lazy(r"[A-Za-z-]+: .*")  # Proc-Type:, DEK-Info: (traditional encrypted PEM)
MIN_KEY_BODY = 40
"""Base64 characters of the smallest real private key body, with margin: an Ed25519 PKCS#8
key, the shortest there is, has 64."""

_SEQUENCES = (
    string.ascii_lowercase * 2,
    string.digits * 3,
    (string.digits + string.ascii_lowercase) * 2,
    string.ascii_lowercase[::-1] * 2,
    string.digits[::-1] * 3,
    "qwertyuiopasdfghjklzxcvbnm" * 2,
    # a1b2c3...: letters and digits counted up in turn
    "".join(f"{c}{(i + 1) % 10}" for i, c in enumerate(string.ascii_lowercase)) * 2,
)
_RUN = 10
"""Characters of a sequence that make a body a keyboard or alphabet run."""
_RUNS = frozenset(seq[i : i + _RUN] for seq in _SEQUENCES for i in range(len(seq) - _RUN + 1))
_SHORT_RUN = 6
"""Characters of a sequence that mark a long drawn value typed by hand ("…GyFdHJ5abc123456"):
in a random draw from both cases and digits one of these runs starts about once in 10^7
characters, and no key is a run throughout, so the whole-body checks above miss it."""
_SHORT_RUNS = frozenset(
    seq[i : i + _SHORT_RUN] for seq in _SEQUENCES for i in range(len(seq) - _SHORT_RUN + 1)
)
SHORT_RUN_MIN_LENGTH = 32
"""Length a mixed-case value needs before a short run marks it: passwords are shorter, and
people do put "123456" in those."""
BOTH_CASES = lazy(r"(?=[^a-z]*[a-z])(?=[^A-Z]*[A-Z])")
"""A value with lower- and uppercase letters: a random draw from both cases has them."""


def false_positive_reason(
    secret: str, line: str, path: str, *, generic: bool = False
) -> str | None:
    """Return why ``secret`` (found on ``line`` of ``path``) is not a leak, or None.

    ``generic`` is True for keyword/entropy detectors, which get the broader reference, hash
    and lock-file filters on top of the value checks every detector gets. A whole PEM block
    (header, body lines, END line) is judged by its body.
    """
    if secret.startswith("-----BEGIN") and "\n" in secret:
        return key_body_reason(secret.partition("\n")[2])
    if secret.startswith(_ENCODED_PEM):
        # a PEM file stored base64-encoded (a Kubernetes Secret's data:) is judged by what
        # it encodes: an OpenSSH key's zero bytes encode to runs of "A", no filler
        decoded = decoded_text(secret)
        if decoded is not None and decoded.startswith("-----BEGIN") and "\n" in decoded:
            return key_body_reason(decoded.partition("\n")[2])
    reason = _value_reason(secret)
    if reason is not None:
        return reason
    if _inside_integrity_hash(secret, line):
        return "integrity hash"
    if _file_digest(secret, line):
        return "a file's digest (keyed by its path)"
    if generic:
        return _generic_reason(secret, line, path)
    return None


_ENCODED_PEM = "LS0tLS1CRUdJTi"
"""``-----BEGIN`` in base64, whatever follows it."""


@functools.lru_cache(maxsize=8192)
def _value_reason(secret: str) -> str | None:
    """Why ``secret`` itself, wherever it is, is no leak. Remembered: a history's values
    recur (a sixth of TruffleHog's are new), and each costs a pass per character."""
    if secret in KNOWN_EXAMPLES:
        return "documentation example"
    if _EXAMPLE_SUFFIX.search(secret):
        # AWS's convention for documentation keys; real ids never end in a dictionary word.
        return "documentation example"
    if _ENCRYPTED.match(secret):
        return "encrypted value"
    if _VERSION.fullmatch(secret):
        return "a version number"
    if (
        _TEMPLATE.search(secret)
        or _CMD_VARIABLE.fullmatch(secret)
        or (_DOLLAR_VAR.match(secret) and not _DRAWN.search(secret))
    ):
        return "template variable"  # $API_KEY, not Asaas's "$aact_" + a random body
    if (
        _PLACEHOLDER_WORDS.search(secret)
        or _MASK.search(secret)
        or _CREDENTIAL_NAMED.fullmatch(secret)
    ):
        return "placeholder"
    if secret.startswith("eyJ") and jwt_reason(secret) != UNDECODABLE:
        # a JWT's header and claims are encoded JSON, judged by their claims (jwt_reason):
        # their runs are the encoding's (a round timestamp's "MDAwMDAw"), only the
        # signature is a drawn value
        secret = secret.rpartition(".")[2]
    if _MARKER.search(secret):
        return "placeholder"
    typed = decoded_text(max(_NON_BASE64.split(secret), key=len))
    if typed is not None and _ONE_WORD.fullmatch(typed) and _value_reason(typed) == "placeholder":
        # a drawn body is random bytes; one that decodes to a typed word that is itself a
        # filler ("whsec_" + base64 of "ABCDEFGHIJ…") was made up. Encoded structures (a
        # JWT's claims, 1Password's JSON) are text by design, and not judged so.
        return "placeholder"
    secret = _FIXED_RUN.sub("", secret)
    for repeat in _REPEATED.finditer(secret):
        if repeat.end() - repeat.start() >= MIN_REPEAT:
            return "placeholder"
    if _REPEATED_LONG.search(secret):
        return "placeholder"
    parts = _NON_ALNUM.split(secret)
    body = max(parts, key=len)
    half = body[::2]
    if len(body) >= 12 and half == body[1::2] and (_is_sequential(half) or _in_runs(half)):
        return "placeholder"  # a run typed with each character twice: "aabbccddeeff0011"
    if len(body) >= 8 and len(set(body)) <= 3:
        return "placeholder"
    # any run of eight or more: a UUID-shaped "12345678-2323-..." is typed, not drawn; or
    # short runs end to end: "abc123xyz789"
    if any(len(part) >= 8 and (_is_sequential(part) or _in_runs(part)) for part in parts):
        return "placeholder"
    # a prefix, then runs typed part by part: "xaat-abc123-def456"
    rest = "".join(parts[1:])
    if len(parts) > 2 and len(rest) >= 8 and _in_runs(rest):
        return "placeholder"
    # the alphabet and the digits typed in turn: "abc123def456ghi789..."
    letters = "".join(c for c in secret if c.isalpha())
    digits = "".join(c for c in secret if c.isdigit())
    if any(len(run) >= _RUN and _is_sequential(run) for run in (letters, digits)):
        return "placeholder"
    if len(secret) >= SHORT_RUN_MIN_LENGTH and BOTH_CASES.match(secret):
        lowered = secret.lower()
        if any(lowered[i : i + _SHORT_RUN] in _SHORT_RUNS for i in range(len(lowered))):
            return "placeholder"
    return None


def key_body_reason(body: str) -> str | None:
    """Why the lines after a PEM header are documentation (``...``), not key material."""
    lines = [line for line in body.split("\n") if "-----END" not in line]
    text = "\n".join(line for line in lines if not _KEY_HEADER_FIELD.fullmatch(line.strip()))
    if _KEY_PLACEHOLDER.search(text):
        return "placeholder"
    for line in text.split("\n"):
        if _QUOTED_HEADER_FIELD.match(line):
            continue  # "Proc-Type: 4,ENCRYPTED\n" + (a legacy encrypted key, as a literal)
        # key material, maybe written as string literals ("MIIE..\n" +, 'MIIE...',) ...
        if not _KEY_LINE.fullmatch(_LITERAL_NOISE.sub("", line)):
            return "code, not key material"  # ... not code between a header and a footer
    if sum(1 for _ in _BASE64_CHAR.finditer(text)) < MIN_KEY_BODY:
        return "placeholder"
    if _decodes_to_text(text):
        return "placeholder"  # a test's "key" made of an encoded sentence
    return None


def _decodes_to_text(text: str) -> bool:
    """Whether key lines decode to readable text: every private key format (PKCS#1/#8
    DER, OpenSSH's binary blob, PGP packets, an encrypted key's ciphertext) is binary."""
    material = "".join(_LITERAL_NOISE.sub("", line).rstrip("=") for line in text.split("\n"))
    return decoded_text(material[: len(material) // 4 * 4]) is not None


def is_name(token: str) -> bool:
    """Whether a token-shaped match is words, not random: ``glpat-`` + ``routable-unversioned``.

    Every token format the structured detectors know draws its body at random from an alphabet
    with digits or capitals, so a match of only lowercase words and separators is a name,
    a number of up to three digits among its words too (``openai-access-token-1``; a random
    20-character GitLab body is that fewer than once in ten million times). A run
    of over 20 letters is no word: ``hf_`` + 34 lowercase letters is still a token. So is a
    constant's or a variable's name in capitals, three words or more (``ROOT_PASSWORD_SHA2``,
    ``RFC2136_TSIG_ALGORITHM``, named in a README as what to set), two or more and a number
    (``SERVICE_URL_UMAMI_3000``, a service's port), or two whose second says what it holds
    (``SELECTELV2_USERNAME``): no format draws capitals, digits only at their ends, and
    underscores. Not for passwords, which people do make of words.
    """
    return _NAME_LIKE.fullmatch(token) is not None


_SEQUENCE_TEXT = "|".join(_SEQUENCES)
MIN_TYPED_RUN = 3
"""Characters of each run in a value typed as runs end to end ("abc", "123", "xyz")."""


def _in_runs(part: str) -> bool:
    """Whether ``part`` is runs of an alphabet or a keyboard row end to end, each of
    ``MIN_TYPED_RUN`` or more ("abc123xyz789", "qwe456"): typed (of 200,000 random draws of
    8 or of 12 letters and digits, none reads so)."""
    lowered = part.lower()
    start = 0
    while start < len(lowered):
        end = start + MIN_TYPED_RUN
        if lowered[start:end] not in _SEQUENCE_TEXT or end > len(lowered):
            return False
        while end < len(lowered) and lowered[start : end + 1] in _SEQUENCE_TEXT:
            end += 1
        start = end
    return True


def _is_sequential(body: str) -> bool:
    """A body that is mostly a keyboard or alphabet run (abcdef..., 0123..., qwerty...)."""
    lowered = body.lower()
    if len(lowered) < _RUN:
        return any(lowered in seq for seq in _SEQUENCES)
    return any(lowered[i : i + _RUN] in _RUNS for i in range(len(lowered) - _RUN + 1))


_PATH_KEY = lazy(
    r"""["'][^"'\s]*/[^"'\s/]*\.[A-Za-z0-9]{1,10}\\?["'][ \t]*(?:=>|:)[ \t]*\\?["']\Z"""
)
"""A quoted key that is a file's path (a folder, a name, an extension), then its value's
opening quote: a build cache's or a service worker's manifest (``"assets/icon.png":
"<md5>"``, ``"lib/box.dart":"<md5>"``). Not a dotted setting's name (``"facebook.secret"``)."""


def _file_digest(secret: str, line: str) -> bool:
    """Whether ``secret`` is hex of a digest's length keyed by a file's path: that file's
    content hash, whatever rule's keyword the path holds ("facebook_icon", "checkbox")."""
    if len(secret) not in _HASH_LENGTHS or not _HEX.fullmatch(secret):
        return False
    at = line.find(secret)
    while at >= 0:
        if _PATH_KEY.search(line, max(0, at - 300), at):
            return True
        at = line.find(secret, at + 1)
    return False


def _inside_integrity_hash(secret: str, line: str) -> bool:
    return any(secret in match.group() for match in _INTEGRITY.finditer(line))


def _named_secret(secret: str, line: str) -> bool:
    """Whether ``secret`` is assigned, on ``line``, to a name that says it is a secret (and
    not a digest of one): ``SESSION_SECRET=`` + 64 hex is a key, not a hash."""
    at = line.find(secret)
    assigned = _ASSIGNED_NAME.search(line, 0, at) if at > 0 else None
    if assigned is None:
        return False
    name = assigned.group(1)
    return _SECRET_NAME.search(name) is not None and _DIGEST_NAME.search(name) is None


def _generic_reason(secret: str, line: str, path: str) -> str | None:
    if os.path.basename(path) in LOCK_FILES:
        return "lock file"
    if _ENV_LOOKUP.search(line):
        return "environment lookup"
    if UUID.search(secret):
        return "uuid"
    if _HEX.fullmatch(secret) and len(secret) in _HASH_LENGTHS and not _named_secret(secret, line):
        return "hash"
    if _INTEGRITY_KEY.search(line) and _HEX.fullmatch(secret):
        return "hash"
    if not any(c.isalpha() for c in secret):
        return "no letters"
    if _SAMPLE_LINE.search(line) and _SAMPLE_VALUE.search(secret):
        return "placeholder"
    return None
