"""Realistic fake credentials, assembled at run time (the repository must hold no token literal).

Every builder takes an optional seeded ``random.Random`` (pass ``random.Random(n)`` to get the
same value every time); without one, builders draw from one module-level generator with a fixed
seed, so successive calls return distinct tokens and a whole test run is reproducible.
Checksummed formats (GitHub, npm, GitLab routable, ``pgt_``) carry a correct checksum unless
``valid=False``, which corrupts the last character.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import random
import string
import urllib.parse
import uuid
from collections.abc import Callable
from urllib.parse import quote

from pushguard.scan.checksum import (
    BASE62,
    crc32_base62,
    make_gitlab_routable,
    make_pgt_token,
    marvin32,
)

ALNUM = BASE62
LOWER_ALNUM = string.digits + string.ascii_lowercase
UPPER_ALNUM = string.ascii_uppercase + string.digits
LETTERS = string.ascii_letters
HEX = "0123456789abcdef"
WORD_DASH = ALNUM + "_-"
BASE64 = string.ascii_uppercase + string.ascii_lowercase + string.digits + "+/"
_DASHES = "-" * 5


_SHARED = random.Random(20240405)


def _rng(rng: random.Random | None) -> random.Random:
    return rng if rng is not None else _SHARED


def rand(n: int, alphabet: str = ALNUM, rng: random.Random | None = None) -> str:
    """``n`` characters from ``alphabet``."""
    r = _rng(rng)
    return "".join(r.choice(alphabet) for _ in range(n))


def _spread(n: int, alphabet: str, r: random.Random) -> str:
    # Formats with "-"/"_" in their charset: keep those inside the body, where real tokens
    # have them, so the token still ends on a word character.
    inner = "".join(r.choice(alphabet) for _ in range(n - 2))
    return r.choice(ALNUM) + inner + r.choice(ALNUM)


def corrupt(token: str, alphabet: str = ALNUM) -> str:
    """``token`` with its last character changed within ``alphabet``: breaks a checksum."""
    last = token[-1]
    return token[:-1] + alphabet[(alphabet.index(last) + 1) % len(alphabet)]


# --- checksummed formats -------------------------------------------------------------------


def github_token(
    prefix: str = "ghp", valid: bool = True, rng: random.Random | None = None, body: str = ""
) -> str:
    """``ghp_``/``gho_``/``ghu_``/``ghs_``/``ghr_`` + 30 base62 + CRC32 checksum."""
    body = body or rand(30, rng=_rng(rng))
    token = f"{prefix}_{body}{crc32_base62(body)}"
    return token if valid else corrupt(token)


def github_stateless_installation_token(rng: random.Random | None = None) -> str:
    """The 2026 ``ghs_<app id>_<JWT>`` installation token (RS256-signed, ~520 characters)."""
    r = _rng(rng)
    claims = {"iss": "github.com", "app": r.randint(10**5, 10**7), "inst": r.randint(10**6, 10**8),
              "exp": 1790000000, "nonce": rand(24, rng=r)}  # fmt: skip
    token = jwt(r, claims, signature_bytes=256)
    return f"ghs_{claims['app']}_{token}"


def npm_token(valid: bool = True, rng: random.Random | None = None, body: str = "") -> str:
    body = body or rand(30, rng=_rng(rng))
    token = f"npm_{body}{crc32_base62(body)}"
    return token if valid else corrupt(token)


def pgt_token(valid: bool = True, rng: random.Random | None = None) -> str:
    token = make_pgt_token(_rng(rng))
    return token if valid else corrupt(token)


def github_fine_grained(rng: random.Random | None = None) -> str:
    """``github_pat_`` + 22 (digit first) + ``_`` + 59 base62."""
    r = _rng(rng)
    return "github_pat_11" + rand(20, rng=r) + "_" + rand(59, rng=r)


def gitlab_pat(rng: random.Random | None = None, prefix: str = "glpat-") -> str:
    """Legacy GitLab token: prefix + 20 of ``[0-9A-Za-z_-]``."""
    return prefix + _spread(20, WORD_DASH, _rng(rng))


def gitlab_routable_pat(
    valid: bool = True,
    rng: random.Random | None = None,
    prefix: str = "glpat-",
    payload: str = "c:1\no:1x4\nu:2kq9",
    versioned: bool = True,
) -> str:
    """Routable GitLab token per gitlabhq's RoutableToken: 16 random bytes + routing payload.

    ``versioned=False`` gives the first routable form (no ``.01`` version field, before
    2025-04), which GitLab's own secret-detection rules still match.
    """
    r = _rng(rng)
    raw = bytes(r.randrange(256) for _ in range(16)) + payload.encode() + bytes([len(payload)])
    token = make_gitlab_routable(
        prefix, base64.urlsafe_b64encode(raw).decode().rstrip("="), versioned=versioned
    )
    return token if valid else corrupt(token, LOWER_ALNUM)


# GitLab's other token kinds (docs.gitlab.com "Token prefixes"; body lengths as GitLab's own
# secret-detection rules give them): prefix -> (body length, alphabet).
GITLAB_OTHER = {
    "gldt-": (20, WORD_DASH),  # deploy token
    "glrt-": (20, WORD_DASH),  # runner authentication token
    "glft-": (20, WORD_DASH),  # feed token
    "glsoat-": (20, WORD_DASH),  # SCIM OAuth token
    "glffct-": (20, WORD_DASH),  # feature-flag client token
    "glimt-": (25, WORD_DASH),  # incoming mail token
    "glagent-": (50, WORD_DASH),  # agent for Kubernetes token
    "gloas-": (64, WORD_DASH),  # OAuth application secret
    "glptt-": (40, HEX),  # pipeline trigger token
    "GR1348941": (20, WORD_DASH),  # runner registration token (deprecated)
}


def gitlab_token(prefix: str = "gldt-", rng: random.Random | None = None) -> str:
    """A non-PAT GitLab token with one of the ``GITLAB_OTHER`` prefixes, or ``glcbt-`` (CI job
    token: ``glcbt-<partition>_<20>``)."""
    r = _rng(rng)
    if prefix == "glcbt-":
        return f"glcbt-{rand(r.randint(1, 5), HEX, r)}_" + _spread(20, WORD_DASH, r)
    length, alphabet = GITLAB_OTHER[prefix]
    return prefix + (
        _spread(length, alphabet, r) if alphabet == WORD_DASH else rand(length, alphabet, r)
    )


# --- prefixed formats without checksum ------------------------------------------------------


def x_bearer_token(rng: random.Random | None = None) -> str:
    """An X (Twitter) app-only bearer token as X documents one: base64 whose first bytes
    are zero (a run of "A"s), URL-encoded ("+" -> "%2B", "/" -> "%2F", "=" -> "%3D")."""
    raw = bytes(16) + bytes(_rng(rng).randrange(256) for _ in range(64))
    return quote(base64.b64encode(raw).decode(), safe="")


def huggingface_token(rng: random.Random | None = None) -> str:
    return "hf_" + rand(34, LETTERS, _rng(rng))


def huggingface_org_token(rng: random.Random | None = None) -> str:
    return "api_org_" + rand(34, LETTERS, _rng(rng))


def openai_key(kind: str = "proj", rng: random.Random | None = None) -> str:
    """``kind``: ``legacy``, ``proj``, ``svcacct`` or ``admin`` (the latter 58+58, others 74+74)."""
    r = _rng(rng)
    marker = "T3Blbk" + "FJ"  # base64 of "OpenAI"
    if kind == "legacy":
        return "sk-" + rand(20, rng=r) + marker + rand(20, rng=r)
    half = 58 if kind == "admin" else 74
    return (
        f"sk-{kind}-" + _spread(half, WORD_DASH, r) + marker + _spread(half - 1, WORD_DASH, r) + "A"
    )


def anthropic_key(kind: str = "api03", rng: random.Random | None = None) -> str:
    """``kind``: ``api03`` or ``admin01``."""
    return f"sk-ant-{kind}-" + _spread(93, WORD_DASH, _rng(rng)) + "AA"


def google_api_key(rng: random.Random | None = None) -> str:
    return "AIza" + "Sy" + _spread(33, WORD_DASH, _rng(rng))


def slack_token(kind: str = "xoxb", rng: random.Random | None = None) -> str:
    """``kind``: xoxb, xoxp, xoxa, xoxr, xoxs, xapp, xoxe.xoxp (config access), xoxe (refresh)."""
    r = _rng(rng)

    def digits(n: int) -> str:
        return str(r.randint(1, 9)) + rand(n - 1, string.digits, r)

    if kind == "xoxb":
        return f"xoxb-{digits(12)}-{digits(13)}-{rand(24, rng=r)}"
    if kind == "xoxp":
        return f"xoxp-{digits(12)}-{digits(12)}-{digits(13)}-{rand(32, HEX, r)}"
    if kind in ("xoxa", "xoxr"):
        return f"{kind}-2-{digits(11)}-{digits(12)}-{digits(13)}-{rand(40, HEX, r)}"
    if kind == "xoxs":
        return f"xoxs-{digits(12)}-{digits(12)}-{digits(12)}-{rand(64, HEX, r)}"
    if kind == "xapp":
        return f"xapp-1-A{rand(10, UPPER_ALNUM, r)}-{digits(13)}-{rand(64, HEX, r)}"
    if kind == "xoxe.xoxp":
        return "xoxe.xoxp-1-" + rand(164, rng=r)
    if kind == "xoxe":
        return "xoxe-1-" + rand(146, rng=r)
    raise ValueError(kind)


def slack_webhook_url(rng: random.Random | None = None, kind: str = "services") -> str:
    """An incoming webhook (``services``: team, bot, secret) or a Workflow Builder webhook
    (``triggers``: team, trigger id, secret)."""
    r = _rng(rng)
    team = "T" + rand(10, UPPER_ALNUM, r)
    if kind == "triggers":
        return f"https://hooks.slack.com/triggers/{team}/{rand(13, string.digits, r)}/" + rand(
            32, HEX, r
        )
    return f"https://hooks.slack.com/services/{team}/B{rand(10, UPPER_ALNUM, r)}/" + rand(24, rng=r)


def discord_webhook_url(rng: random.Random | None = None, host: str = "discord.com") -> str:
    """``https://{host}/api/webhooks/{snowflake}/{68-character token}``; ``host``:
    ``discord.com``, ``discordapp.com``, ``canary.discord.com``, ``ptb.discord.com``."""
    r = _rng(rng)
    snowflake = str(r.randint(10**17, 2 * 10**18))  # 18-19 digits: ids made from 2015 to 2030
    return f"https://{host}/api/webhooks/{snowflake}/" + _spread(68, WORD_DASH, r)


def aws_access_key_id(rng: random.Random | None = None, prefix: str = "AKIA") -> str:
    return prefix + rand(16, string.ascii_uppercase + "234567", _rng(rng))


def aws_secret_key(rng: random.Random | None = None) -> str:
    return rand(40, ALNUM + "/+", _rng(rng))


def stripe_key(kind: str = "sk", live: bool = True, rng: random.Random | None = None) -> str:
    """``kind``: ``sk`` or ``rk`` (restricted); modern keys have 99 characters after the mode."""
    mode = "live" if live else "test"
    return f"{kind}_{mode}_" + rand(99, rng=_rng(rng))


def sendgrid_key(rng: random.Random | None = None) -> str:
    r = _rng(rng)
    return "SG." + _spread(22, WORD_DASH, r) + "." + _spread(43, WORD_DASH, r)


def discord_bot_token(rng: random.Random | None = None) -> str:
    r = _rng(rng)
    return "MT" + rand(24, rng=r) + "." + rand(6, rng=r) + "." + rand(38, rng=r)


def telegram_bot_token(rng: random.Random | None = None) -> str:
    r = _rng(rng)
    return str(r.randint(10**9, 7 * 10**9)) + ":AA" + _spread(33, WORD_DASH, r)


def mailgun_key(rng: random.Random | None = None, *, legacy: bool = False) -> str:
    """Mailgun's private API key: ``key-`` + 32 lowercase letters and digits (legacy), or
    32 hex, 8 hex and 8 hex joined by dashes."""
    r = _rng(rng)
    if legacy:
        return "key-" + high_entropy(32, LOWER_ALNUM, r)
    return "-".join(rand(n, HEX, r) for n in (32, 8, 8))


def notion_secret(rng: random.Random | None = None) -> str:
    """A Notion internal integration secret in its first form: ``secret_`` + 43 base62."""
    return "secret_" + high_entropy(43, ALNUM, _rng(rng))


def cloudflare_credential(kind: str = "cfut_", rng: random.Random | None = None) -> str:
    """A Cloudflare credential in its 2026 scannable form: ``cfk_`` (Global API Key),
    ``cfut_`` (user token) or ``cfat_`` (account token), 40 base62 and an 8-hex checksum."""
    r = _rng(rng)
    return kind + high_entropy(40, ALNUM, r) + rand(8, HEX, r)


def helicone_key(kind: str = "sk", eu: bool = False, rng: random.Random | None = None) -> str:
    """A Helicone key: ``sk-helicone-`` (``pk-`` write-only, ``eu-`` for the EU region) and
    four dashed groups of seven lowercase base32 characters."""
    r = _rng(rng)
    groups = "-".join(rand(7, string.ascii_lowercase + "234567", r) for _ in range(4))
    return f"{kind}-helicone-{'eu-' if eu else ''}{groups}"


def elevenlabs_key(rng: random.Random | None = None) -> str:
    """An ElevenLabs API key: ``sk_`` and 48 lowercase hex characters."""
    return "sk_" + rand(48, HEX, _rng(rng))


def modal_token(half: str = "as-", rng: random.Random | None = None) -> str:
    """Half of a Modal token: ``ak-`` (its id) or ``as-`` (its secret) and 22 letters and
    digits, both drawn."""
    return half + high_entropy(22, ALNUM, rng)


def cartesia_key(rng: random.Random | None = None) -> str:
    """A Cartesia key: ``sk_car_`` and 22 letters and digits, a digit among them."""
    r = _rng(rng)
    body = high_entropy(21, ALNUM, r)
    at = r.randrange(22)
    return "sk_car_" + body[:at] + r.choice(string.digits) + body[at:]


def grafana_cloud_token(rng: random.Random | None = None, name: str = "") -> str:
    """A Grafana Cloud access policy token: ``glc_`` and the base64 of its organization,
    name, secret and region, as JSON."""
    r = _rng(rng)
    org = str(r.randrange(100_000, 9_999_999))
    claims = {
        "o": org,
        "n": name or f"stack-{r.randrange(100_000, 999_999)}-integration-ci-deploy-metrics",
        "k": high_entropy(24, ALNUM, r),
        "m": {"r": r.choice(["prod-eu-west-2", "prod-us-east-0", "prod-ap-southeast-1"])},
    }
    return "glc_" + base64.b64encode(json.dumps(claims, separators=(",", ":")).encode()).decode()


def dropbox_token(rng: random.Random, *, user: bool = False) -> str:
    """A Dropbox short-lived access token: ``sl.`` (``sl.u.`` since 2024) and a long
    base64url body."""
    return ("sl.u." if user else "sl.") + high_entropy(1100 if user else 138, WORD_DASH, rng)


def teams_webhook(rng: random.Random, *, legacy: bool = False) -> str:
    """A Teams channel's Incoming Webhook URL: group and tenant ids, the connector's 32 hex,
    its creator's id (``outlook.office.com`` before 2021, a signature segment since 2024)."""
    ids = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(3)]
    path = f"{ids[0]}@{ids[1]}/IncomingWebhook/{rand(32, HEX, rng)}/{ids[2]}"
    if legacy:
        return f"https://outlook.office.com/webhook/{path}"
    tenant = rand(8, string.ascii_lowercase, rng)
    return f"https://{tenant}.webhook.office.com/webhookb2/{path}/V2{rand(43, WORD_DASH, rng)}"


def workflow_trigger_url(
    rng: random.Random, *, power_automate: bool = False, sig_first: bool = False
) -> tuple[str, str]:
    """A request trigger's callback URL and its signature: a Logic App's (``prod-<n>.<region>.
    logic.azure.com``), or a Power Automate flow's (a Teams Workflows webhook) under its
    environment's host, a default environment's named ``default`` and the tenant's id."""
    workflow, sig = rand(32, HEX, rng), high_entropy(43, WORD_DASH, rng)
    if power_automate:
        host = f"default{rand(30, HEX, rng)}.{rand(2, HEX, rng)}.environment.api.powerplatform.com"
        path, version = "powerautomate/automations/direct/workflows", "1"
    else:
        host = f"prod-{rng.randint(0, 99):02d}.westeurope.logic.azure.com"
        path, version = "workflows", "2016-06-01"
    query = [f"api-version={version}", "sp=%2Ftriggers%2Fmanual%2Frun", "sv=1.0"]
    query = [f"sig={sig}", *query] if sig_first else [*query, f"sig={sig}"]
    url = f"https://{host}:443/{path}/{workflow}/triggers/manual/paths/invoke?{'&'.join(query)}"
    return url, sig


def zapier_webhook(rng: random.Random) -> str:
    """A Zap's catch-hook URL: the account's number and the hook's short lowercase draw."""
    account = str(rng.randint(10**6, 10**8))
    return f"https://hooks.zapier.com/hooks/catch/{account}/{rand(7, LOWER_ALNUM, rng)}"


def tines_webhook(rng: random.Random) -> str:
    """A Tines Webhook action's URL: the tenant, the action's path, the secret it asks for."""
    tenant = rand(10, string.ascii_lowercase, rng)
    return f"https://{tenant}.tines.com/webhook/{rand(32, HEX, rng)}/{high_entropy(32, HEX, rng)}"


def azure_devops_pat(rng: random.Random) -> str:
    """An Azure DevOps PAT (2024 on): 84 letters and digits, ``AZDO`` at the 77th to 80th."""
    return high_entropy(76, ALNUM, rng) + "AZDO" + rand(4, ALNUM, rng)


# Azure's identifiable keys: where the signature starts, and how many bytes the key holds
AZURE_LAYOUTS = {
    **dict.fromkeys(("+ACR", "AzSe"), (42, 39)),
    **dict.fromkeys(("+ASb", "+AEh", "+ARm", "AIoT", "AzCa", "AZEG"), (33, 32)),
    **dict.fromkeys(("+ASt", "ACDb", "+ABa", "+AMC", "APIM"), (76, 64)),
    "AzFu": (44, 40),
}


def azure_identifiable_key(
    signature: str, seed: int, rng: random.Random, *, valid: bool = True
) -> str:
    """An Azure key as Azure issues it: random bytes, the service's signature at its place,
    and the Marvin32 checksum of the rest (under ``seed``) in the last four bytes."""
    at, size = AZURE_LAYOUTS[signature]
    url = signature == "AzFu"  # Functions' keys are base64url
    chars = -(-size * 8 // 6)
    text = high_entropy(at, ALNUM + ("-_" if url else "+/"), rng) + signature
    text = (text + "A" * (chars - len(text))).replace("-", "+").replace("_", "/")
    raw = base64.b64decode(text + "=" * (-len(text) % 4))
    raw = raw[:-4] + (marvin32(raw[:-4], seed) ^ (not valid)).to_bytes(4, "little")
    key = (base64.urlsafe_b64encode if url else base64.b64encode)(raw).decode()
    assert key[at : at + 4] == signature, "the checksum leaves the signature as it is"
    return key


def azure_annotated_key(code: str, rng: random.Random) -> str:
    """A "common annotated" Azure key: 52 random letters and digits, ``JQQJ99``, its
    year and month, and the service's code at the 77th to 80th of 84 characters."""
    dated = "JQQJ99" + rand(1, ALNUM, rng) + rand(1, "ABCDEFGHIJKL", rng)
    service = rand(12, ALNUM, rng) + "AAAA" + code
    return high_entropy(52, ALNUM, rng) + dated + service + rand(4, ALNUM, rng)


def pkcs12_base64(*, with_key: bool = True, password: bytes | None = b"changeit") -> str:
    """A PKCS#12 bundle (a fresh EC key and its self-signed certificate, or the certificate
    alone: a trust store), base64-encoded as settings files and templates hold one."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "api.internal.example")])
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(start).not_valid_after(start + datetime.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    protect: serialization.KeySerializationEncryption = serialization.NoEncryption()
    if password:
        protect = serialization.BestAvailableEncryption(password)
    der = pkcs12.serialize_key_and_certificates(
        b"api", key if with_key else None, cert, None, protect
    )
    return base64.b64encode(der).decode()


def fal_key(rng: random.Random | None = None) -> str:
    """A fal key: its id (a UUID) and its secret (32 lowercase hex), joined by a colon."""
    r = _rng(rng)
    return f"{uuid.UUID(int=r.getrandbits(128), version=4)}:{rand(32, HEX, r)}"


def mem0_key(rng: random.Random | None = None) -> str:
    """A Mem0 key: ``m0-`` and 40 letters and digits."""
    return "m0-" + high_entropy(40, ALNUM, rng)


def twilio_sid(kind: str = "SK", rng: random.Random | None = None) -> str:
    return kind + rand(32, HEX, _rng(rng))


def mailchimp_key(rng: random.Random | None = None) -> str:
    return rand(32, HEX, _rng(rng)) + "-us14"


def square_oauth_secret(rng: random.Random | None = None) -> str:
    return "sq0csp-" + _spread(43, WORD_DASH, _rng(rng))


def artifactory_token(rng: random.Random | None = None) -> str:
    """JFrog Artifactory API key: ``AKCp`` + 69 base62."""
    return "AKCp" + rand(69, rng=_rng(rng))


def ibm_cloud_iam_key(rng: random.Random | None = None) -> str:
    return _spread(44, WORD_DASH, _rng(rng))


def azure_storage_key(rng: random.Random | None = None) -> str:
    return rand(86, BASE64, _rng(rng)) + "=="


def jwt(
    rng: random.Random | None = None,
    claims: dict[str, object] | None = None,
    signature_bytes: int = 32,
    key: bytes | None = None,
) -> str:
    """A JWT: HS256-sized signature by default, 256 bytes for RS256; signed with ``key``
    (HMAC-SHA256) when one is given."""

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).decode().rstrip("=")

    r = _rng(rng)
    alg = "HS256" if signature_bytes == 32 else "RS256"
    header = b64(json.dumps({"alg": alg, "typ": "JWT"}).encode())
    payload = b64(json.dumps(claims or {"sub": rand(8, rng=r), "iat": 1700000000}).encode())
    if key is not None:
        mac = hmac.new(key, f"{header}.{payload}".encode(), hashlib.sha256).digest()
        return f"{header}.{payload}.{b64(mac)}"
    signature = b64(bytes(r.randrange(256) for _ in range(signature_bytes)))
    return f"{header}.{payload}.{signature}"


def pypi_token(rng: random.Random | None = None, test: bool = False) -> str:
    """A PyPI (or TestPyPI) API token: ``pypi-`` + a base64url macaroon whose first bytes
    name the index (``pypi.org``/``test.pypi.org``)."""
    head = "pypi-AgENdGVzdC5weXBpLm9yZw" if test else "pypi-AgEIcHlwaS5vcmc"
    return head + _spread(140, WORD_DASH, _rng(rng))


# --- generic material -----------------------------------------------------------------------


def hex_secret(n: int = 40, rng: random.Random | None = None) -> str:
    return rand(n, HEX, _rng(rng))


def base64_secret(n: int = 40, rng: random.Random | None = None) -> str:
    return rand(n, BASE64, _rng(rng))


def high_entropy(n: int, alphabet: str, rng: random.Random | None = None) -> str:
    """``n`` characters of ``alphabet``, each used as evenly as ``n`` allows: above
    detect-secrets' entropy limits by construction (4.5 bits for base64, 3.0 for hex), where a
    plain random draw of 40 base64 characters falls below about once in 60."""
    r = _rng(rng)
    chars = list((alphabet * (n // len(alphabet) + 1))[: n - n % len(alphabet)])
    chars += r.sample(alphabet, n % len(alphabet))
    r.shuffle(chars)
    return "".join(chars)


def password(n: int = 18, rng: random.Random | None = None) -> str:
    """A password-like string (letters, digits, a few URL-safe symbols)."""
    return _spread(n, ALNUM + "!*~", _rng(rng))


_random_password = password


def connection_url(
    scheme: str = "postgresql",
    user: str = "app",
    password: str | None = None,
    host: str = "db.internal",
    port: int | None = None,
    path: str = "/app",
    rng: random.Random | None = None,
) -> str:
    """``scheme://user:password@host[:port]path``; ``password=None`` draws a random one."""
    secret = _random_password(rng=_rng(rng)) if password is None else password
    netloc = f"{host}:{port}" if port else host
    return f"{scheme}://{user}:{secret}@{netloc}{path}"


def openssh_key(rng: random.Random | None = None) -> str:
    """An Ed25519 key as ``ssh-keygen`` writes it (openssh-key-v1): unlike a random body,
    its structure's zero bytes encode to runs of ``A``."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.from_private_bytes(_rng(rng).randbytes(32))
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.OpenSSH,
        serialization.NoEncryption(),
    ).decode()


def putty_key_file(rng: random.Random | None = None) -> str:
    """An Ed25519 key as PuTTYgen saves it unencrypted (format 3): its public and private
    blobs in SSH's wire encoding, whose length fields encode to runs of ``A``, wrapped at 64
    characters. The MAC is random: no detector checks it."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    r = _rng(rng)
    key = Ed25519PrivateKey.from_private_bytes(r.randbytes(32))
    public = key.public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    ).split()[1].decode()
    raw = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    private = base64.b64encode(len(raw).to_bytes(4, "big") + raw).decode()

    def wrapped(blob: str) -> list[str]:
        return [blob[at : at + 64] for at in range(0, len(blob), 64)]

    return "\n".join([
        "PuTTY-User-Key-File-" + "3: ssh-ed25519",  # split: the repo scans itself in CI
        "Encryption: none",
        "Comment: ed25519-key-20261207",
        f"Public-Lines: {len(wrapped(public))}", *wrapped(public),
        f"Private-Lines: {len(wrapped(private))}", *wrapped(private),
        "Private-MAC: " + rand(64, HEX, r),
    ])  # fmt: skip


def private_key_block(kind: str = "RSA", rng: random.Random | None = None, lines: int = 4) -> str:
    """A PEM (or PuTTY) private key: ``kind`` RSA, EC, DSA, OPENSSH, ENCRYPTED, PGP, PKCS8 (no
    label), PUTTY2 or PUTTY3. Body lines are random base64; the header is the part detectors see."""
    r = _rng(rng)
    body = [rand(64, BASE64, r) for _ in range(lines)]
    if kind.startswith("PUTTY"):
        version = kind[-1]
        head = [
            f"PuTTY-User-Key-File-{version}: ssh-ed25519",
            "Encryption: none",
            "Comment: deploy@ci",
            "Public-Lines: 2",
        ]
        return "\n".join(
            [*head, *body[:2], "Private-Lines: 1", body[2], "Private-MAC: " + rand(64, HEX, r)]
        )
    label = {"PKCS8": "PRIVATE KEY", "PGP": "PGP PRIVATE KEY BLOCK"}.get(
        kind, f"{kind} PRIVATE KEY"
    )
    return "\n".join([f"{_DASHES}BEGIN {label}{_DASHES}", *body, f"{_DASHES}END {label}{_DASHES}"])


# --- providers the catalogue tier covers (formats from each provider's own documentation) ----


def prefixed(prefix: str, n: int, alphabet: str = ALNUM) -> Callable[[random.Random], str]:
    """A builder of ``prefix`` + ``n`` characters of ``alphabet``."""

    def make(rng: random.Random) -> str:
        body = _spread(n, alphabet, rng) if "-" in alphabet else rand(n, alphabet, rng)
        return prefix + body

    return make


BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
UPPER_DIGITS = string.ascii_uppercase + string.digits


def langsmith_key(rng: random.Random, kind: str = "pt") -> str:
    """``lsv2_pt_`` (personal) or ``lsv2_sk_`` (service) + 32 hex + ``_`` + 10 hex."""
    return f"lsv2_{kind}_{rand(32, HEX, rng)}_{rand(10, HEX, rng)}"


def grafana_service_account_token(rng: random.Random) -> str:
    """``glsa_`` + 32 base62 + ``_`` + an 8-hex checksum."""
    return f"glsa_{rand(32, rng=rng)}_{rand(8, HEX, rng)}"


def airtable_pat(rng: random.Random) -> str:
    """``pat`` + a 14-character token id + ``.`` + 64 hex of secret."""
    return f"pat{rand(14, rng=rng)}.{rand(64, HEX, rng)}"


def age_secret_key(rng: random.Random) -> str:
    """An age X25519 identity: Bech32 ``AGE-SECRET-KEY-1`` + 58 data characters, uppercase."""
    return "AGE-SECRET-KEY-1" + rand(58, BECH32, rng).upper()


def github_refresh_token(rng: random.Random) -> str:
    """A GitHub App refresh token: ``ghr_`` + 76 base62 (GitHub's docs show one)."""
    return "ghr_" + rand(76, rng=rng)


def google_oauth_client_secret(rng: random.Random) -> str:
    """A Google OAuth client secret: ``GOCSPX-`` + 28 of ``[A-Za-z0-9_-]``."""
    return "GOCSPX-" + _spread(28, WORD_DASH, rng)


# provider -> (builder, the variable name people keep it under)
CATALOGUE_PROVIDERS: dict[str, tuple[Callable[[random.Random], str], str]] = {
    "groq": (prefixed("gsk_", 52), "GROQ_API_KEY"),
    "openrouter": (prefixed("sk-or-v1-", 64, HEX), "OPENROUTER_API_KEY"),
    "replicate": (prefixed("r8_", 37), "REPLICATE_API_TOKEN"),
    "perplexity": (prefixed("pplx-", 48), "PERPLEXITY_API_KEY"),
    "xai": (prefixed("xai-", 80), "XAI_API_KEY"),
    # a token for Segment's Public API (its management API), not a public key
    "segment": (prefixed("sgp_", 64), "SEGMENT_PUBLIC_API_TOKEN"),
    "langsmith": (langsmith_key, "LANGSMITH_API_KEY"),
    "databricks": (prefixed("dapi", 32, HEX), "DATABRICKS_TOKEN"),
    "dockerhub": (prefixed("dckr_pat_", 27, WORD_DASH), "DOCKERHUB_TOKEN"),
    "grafana": (grafana_service_account_token, "GRAFANA_TOKEN"),
    "linear": (prefixed("lin_api_", 40), "LINEAR_API_KEY"),
    "pulumi": (prefixed("pul-", 40, HEX), "PULUMI_ACCESS_TOKEN"),
    "digitalocean": (prefixed("dop_v1_", 64, HEX), "DIGITALOCEAN_TOKEN"),
    "new-relic": (prefixed("NRAK-", 27, UPPER_DIGITS), "NEW_RELIC_API_KEY"),
    "doppler": (prefixed("dp.pt.", 43), "DOPPLER_TOKEN"),
    "square": (prefixed("EAAA", 60, WORD_DASH), "SQUARE_ACCESS_TOKEN"),
    "shopify": (prefixed("shpat_", 32, HEX), "SHOPIFY_ACCESS_TOKEN"),
    "airtable": (airtable_pat, "AIRTABLE_TOKEN"),
    "age": (age_secret_key, "AGE_KEY"),
    "asaas": (prefixed("$aact_prod_", 96, WORD_DASH), "ASAAS_API_KEY"),
}


# --- platform tokens our own detectors know (pushguard/scan/plugins; formats as each provider
# documents them) ------------------------------------------------------------------------------


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _uuid4(rng: random.Random) -> str:
    value = f"{rng.getrandbits(128):032x}"
    variant = "89ab"[rng.randrange(4)]
    return f"{value[:8]}-{value[8:12]}-4{value[13:16]}-{variant}{value[17:20]}-{value[20:]}"


def pinecone_key(rng: random.Random) -> str:
    """``pcsk_`` + a short key id + ``_`` + the secret."""
    return f"pcsk_{rand(6, rng=rng)}_{rand(63, rng=rng)}"


def supabase_key(rng: random.Random, kind: str = "secret") -> str:
    """``sb_secret_``/``sb_publishable_`` + 22 base64url + ``_`` + an 8-character checksum."""
    return f"sb_{kind}_" + _spread(22, ALNUM + "-", rng) + "_" + rand(8, rng=rng)


def planetscale_token(rng: random.Random, kind: str = "tkn") -> str:
    """``pscale_tkn_`` (service token), ``pscale_pw_`` (password), ``pscale_oauth_``."""
    return f"pscale_{kind}_" + _spread(43, WORD_DASH, rng)


def mapbox_token(rng: random.Random, kind: str = "sk") -> str:
    """``sk.``/``pk.`` + base64url JSON (``{"u": user, "a": token id}``) + ``.`` + 22."""
    claims = {"u": "maps" + rand(6, LOWER_ALNUM, rng), "a": "c" + rand(24, LOWER_ALNUM, rng)}
    body = _b64url(json.dumps(claims, separators=(",", ":")).encode())
    return f"{kind}.{body}." + _spread(22, WORD_DASH, rng)


def flutterwave_secret_key(rng: random.Random, test: bool = False) -> str:
    """``FLWSECK-`` (live) or ``FLWSECK_TEST-`` + 32 hex + ``-X``."""
    return ("FLWSECK_TEST-" if test else "FLWSECK-") + rand(32, HEX, rng) + "-X"


def tailscale_key(rng: random.Random, kind: str = "auth") -> str:
    """``tskey-<kind>-`` + key id (ending ``CNTRL``) + ``-`` + secret."""
    return f"tskey-{kind}-k{rand(8, rng=rng)}CNTRL-{rand(33, rng=rng)}"


def langfuse_key(rng: random.Random, kind: str = "sk") -> str:
    """``sk-lf-`` (secret) or ``pk-lf-`` (public) + a UUID."""
    return f"{kind}-lf-{_uuid4(rng)}"


def tavily_key(rng: random.Random, env: str = "") -> str:
    """``tvly-`` (or ``tvly-dev-``/``tvly-prod-``) + 32 base62."""
    return "tvly-" + (f"{env}-" if env else "") + rand(32, rng=rng)


def runpod_key(rng: random.Random) -> str:
    """``rpa_`` + 40 uppercase letters and digits + a 6-character tail."""
    return "rpa_" + rand(40, UPPER_DIGITS, rng) + rand(6, rng=rng)


def sentry_org_token(rng: random.Random) -> str:
    """``sntrys_`` + base64 of the token's JSON claims + ``_`` + 43 base64 of secret."""
    claims = {
        "iat": 1700000000 + rng.randrange(10**7) + rng.random(),
        "url": "https://sentry.io",
        "region_url": "https://us.sentry.io",
        "org": "acme-" + rand(5, LOWER_ALNUM, rng),
    }
    payload = base64.b64encode(json.dumps(claims).encode()).decode()
    return f"sntrys_{payload}_" + rand(43, ALNUM + "+/", rng)


def fireworks_key(rng: random.Random) -> str:
    """``fw_`` + 24 base62, with a digit and a letter as every random body has."""
    return "fw_" + rng.choice(LETTERS) + rand(22, rng=rng) + rng.choice(string.digits)


def resend_key(rng: random.Random) -> str:
    """``re_`` + an 8-character key id + ``_`` + 24 of secret."""
    return f"re_{rand(8, rng=rng)}_{rand(24, rng=rng)}"


def entra_client_secret(rng: random.Random) -> str:
    """A Microsoft Entra ID client secret (2022 on): 3 + a digit + ``Q~`` + 34, of
    ``[A-Za-z0-9_~.-]``."""
    return rand(3, rng=rng) + rng.choice(string.digits) + "Q~" + _spread(34, ALNUM + "_~.-", rng)


# rule -> (builder, the variable name people keep it under)
PLATFORM_TOKENS: dict[str, tuple[Callable[[random.Random], str], str]] = {
    "webhook-signing-secret": (prefixed("whsec_", 32), "STRIPE_WEBHOOK_SECRET"),
    "pinecone-api-key": (pinecone_key, "PINECONE_API_KEY"),
    "render-api-key": (prefixed("rnd_", 32), "RENDER_API_KEY"),
    "supabase-secret-key": (supabase_key, "SUPABASE_SECRET_KEY"),
    "planetscale-token": (planetscale_token, "PLANETSCALE_SERVICE_TOKEN"),
    "mapbox-secret-token": (mapbox_token, "MAPBOX_SECRET_TOKEN"),
    "contentful-personal-access-token": (prefixed("CFPAT-", 43, WORD_DASH), "CONTENTFUL_TOKEN"),
    "flutterwave-secret-key": (flutterwave_secret_key, "FLW_SECRET_KEY"),
    "tailscale-key": (tailscale_key, "TS_AUTHKEY"),
    "langfuse-secret-key": (langfuse_key, "LANGFUSE_SECRET_KEY"),
    "tavily-api-key": (tavily_key, "TAVILY_API_KEY"),
    "firecrawl-api-key": (prefixed("fc-", 32, HEX), "FIRECRAWL_API_KEY"),
    "jina-api-key": (prefixed("jina_", 60), "JINA_API_KEY"),
    "anyscale-api-key": (prefixed("esecret_", 26, LOWER_ALNUM), "ANYSCALE_API_KEY"),
    "runpod-api-key": (runpod_key, "RUNPOD_API_KEY"),
    "browserbase-api-key": (prefixed("bb_live_", 27, WORD_DASH), "BROWSERBASE_API_KEY"),
    "sentry-auth-token": (sentry_org_token, "SENTRY_AUTH_TOKEN"),
    "fireworks-api-key": (fireworks_key, "FIREWORKS_API_KEY"),
    "resend-api-key": (resend_key, "RESEND_API_KEY"),
    "azure-ad-client-secret": (entra_client_secret, "AZURE_CLIENT_SECRET"),
    "netlify-token": (prefixed("nfp_", 36), "NETLIFY_AUTH_TOKEN"),
    "cloudflare-api-credential": (
        lambda r: cloudflare_credential(rng=r),
        "CLOUDFLARE_API_TOKEN",
    ),
    "adafruit-io-key": (prefixed("aio_", 28), "ADAFRUIT_IO_KEY"),
    "helicone-api-key": (lambda r: helicone_key(rng=r), "HELICONE_API_KEY"),
    "cartesia-api-key": (lambda r: cartesia_key(r), "CARTESIA_API_KEY"),
    "dropbox-access-token": (dropbox_token, "DROPBOX_ACCESS_TOKEN"),
    "microsoft-teams-webhook": (teams_webhook, "TEAMS_WEBHOOK_URL"),
    "zapier-webhook": (zapier_webhook, "ZAPIER_WEBHOOK_URL"),
    "tines-webhook": (tines_webhook, "TINES_WEBHOOK_URL"),
    "dependency-track-api-key": (
        lambda r: "odt_" + high_entropy(32, ALNUM, r),
        "DTRACK_API_KEY",
    ),
    "lambda-cloud-api-key": (
        lambda r: f"secret_inference-prod_{rand(32, HEX, r)}.{high_entropy(32, ALNUM, r)}",
        "LAMBDA_API_KEY",
    ),
    "hubspot-access-token": (
        lambda r: f"pat-{r.choice(['na1', 'na2', 'eu1'])}-{uuid.UUID(int=r.getrandbits(128))}",
        "HUBSPOT_ACCESS_TOKEN",
    ),
    "artifactory-api-key": (lambda r: "AKCp" + high_entropy(69, ALNUM, r), "ARTIFACTORY_API_KEY"),
    "bitbucket-app-password": (
        lambda r: "ATBB" + high_entropy(32, ALNUM, r) + rand(8, HEX, r).upper(),
        "BITBUCKET_APP_PASSWORD",
    ),
    "azure-devops-pat": (azure_devops_pat, "AZURE_DEVOPS_PAT"),
    "vault-token": (lambda r: "hvs." + high_entropy(91, WORD_DASH, r), "VAULT_TOKEN"),
    "stackhawk-api-key": (
        lambda r: f"hawk.{high_entropy(20, ALNUM, r)}.{high_entropy(20, ALNUM, r)}",
        "HAWK_API_KEY",
    ),
    "grafana-cloud-token": (lambda r: grafana_cloud_token(r), "GRAFANA_CLOUD_TOKEN"),
}


# --- more platform tokens whose catalogue rules need a companion value (a client id, a URL) ---


def _redraw(make: Callable[[], str], ok: Callable[[str], bool]) -> str:
    """``make()`` until ``ok``: a body with the character classes every real draw has."""
    while not ok(value := make()):
        pass
    return value


def canva_client_secret(rng: random.Random) -> str:
    """``cnvca`` + 51 of ``[A-Za-z0-9_-]`` holding a digit and a letter."""
    body = _redraw(
        lambda: _spread(51, WORD_DASH, rng),
        lambda b: any(c.isdigit() for c in b) and any(c.isalpha() for c in b),
    )
    return "cnvca" + body


def clickhouse_secret_key(rng: random.Random) -> str:
    """``4b1d`` + 38 base62 holding digits, lowercase and uppercase letters."""
    tests = (str.isdigit, str.islower, str.isupper)
    body = _redraw(lambda: rand(38, rng=rng), lambda b: all(any(map(f, b)) for f in tests))
    return "4b1d" + body


def artifactory_reference_token(rng: random.Random, expires: bool = True) -> str:
    """Base64 of ``reftkn:01:<expiry>:<random>`` (48 bytes of text: 64 characters); a token
    that never expires has expiry ``0000000000``."""
    expiry = rng.randrange(1_750_000_000, 2_000_000_000) if expires else 0
    head = f"reftkn:01:{expiry:010d}:"
    text = head + rand(48 - len(head), rng=rng)
    return base64.b64encode(text.encode()).decode()


def salesforce_access_token(rng: random.Random, length: int = 112) -> str:
    """An org id (``00D`` + 12 base62) + ``!`` + the session part (``AQ`` + base62, ``.``)."""
    org = f"00D{rand(2, rng=rng)}0000{rand(6, rng=rng)}"
    return f"{org}!AQ" + _spread(length - 2, ALNUM + "._", rng)


def packagist_token(rng: random.Random, kind: str = "ort", length: int = 0) -> str:
    """``packagist_ort_``/``packagist_out_`` + 68 hex, ``packagist_acs_`` + 64-96 hex."""
    return f"packagist_{kind}_" + rand(length or (68 if kind != "acs" else 64), HEX, rng)


def bitwarden_access_token(rng: random.Random) -> str:
    """``0.`` + the token's UUID + ``.`` + a 30-character client secret + ``:`` + a 16-byte
    encryption key in base64."""
    key = base64.b64encode(rng.randbytes(16)).decode()
    return f"0.{uuid.UUID(int=rng.getrandbits(128), version=4)}.{rand(30, rng=rng)}:{key}"


PLATFORM_TOKENS.update(
    {
        "aikido-client-secret": (prefixed("AIK_SECRET_", 64), "AIKIDO_CLIENT_SECRET"),
        "mongodb-atlas-service-account-secret": (
            prefixed("mdb_sa_sk_", 40, WORD_DASH),
            "MONGODB_ATLAS_CLIENT_SECRET",
        ),
        "ramp-client-secret": (prefixed("ramp_sec_", 48), "RAMP_CLIENT_SECRET"),
        "canva-client-secret": (canva_client_secret, "CANVA_CLIENT_SECRET"),
        "clickhouse-cloud-api-secret-key": (clickhouse_secret_key, "CLICKHOUSE_KEY_SECRET"),
        "artifactory-reference-token": (artifactory_reference_token, "JFROG_ACCESS_TOKEN"),
        "salesforce-access-token": (salesforce_access_token, "SF_ACCESS_TOKEN"),
        "packagist-token": (packagist_token, "PACKAGIST_TOKEN"),
        "nuget-api-key": (prefixed("oy2", 43, LOWER_ALNUM), "NUGET_API_KEY"),
        "sonarqube-token": (prefixed("sqp_", 40, HEX), "SQ_ANALYSIS_TOKEN"),
        "logfire-token": (prefixed("pylf_v1_us_", 44), "LOGFIRE_TOKEN"),
        "bitwarden-access-token": (bitwarden_access_token, "BWS_ACCESS_TOKEN"),
        "crates-io-api-token": (prefixed("cio", 32), "CARGO_REGISTRY_TOKEN"),
        "new-relic-insert-key": (prefixed("NRII-", 32, WORD_DASH), "NEW_RELIC_INSERT_KEY"),
    }
)


# --- cloud credentials: session tokens, legacy server keys, SAS signatures, named hex keys ---


def aws_session_token(rng: random.Random, legacy: bool = False, size: int = 600) -> str:
    """An STS session token: base64 of a fixed binary header (``\\x21\\n\\torigin_ec`` now,
    ``\\x17\\n\\x06er/aws`` before) and ``size`` more bytes; its text starts with the header's
    encoding, as every real one does."""
    header = b"\x17\n\x06er/aws" if legacy else b"!\n\torigin_ec"
    return base64.b64encode(header + rng.randbytes(size)).decode()


def fcm_server_key(rng: random.Random, length: int = 134) -> str:
    """A legacy Firebase Cloud Messaging server key: ``AAAA`` + 7, ``:APA91b`` + 134, of
    ``[A-Za-z0-9_-]``."""
    return "AAAA" + _spread(7, WORD_DASH, rng) + ":APA91b" + _spread(length, WORD_DASH, rng)


def azure_sas_signature(rng: random.Random) -> str:
    """A SAS's ``sig``: base64 of an HMAC-SHA256 (32 bytes), URL-encoded as Azure writes it."""
    raw = base64.b64encode(rng.randbytes(32)).decode()
    return raw.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")


def azure_sas_query(sig: str, expiry: str = "2099-12-31T23:59:59Z") -> str:
    """An account SAS's query string (without its ``?``) for ``sig``, expiring at ``expiry``."""
    start = "st=2024-01-01T00:00:00Z"
    return f"sv=2022-11-02&ss=b&srt=co&sp=rl&se={expiry}&{start}&spr=https&sig={sig}"


def datadog_api_key(rng: random.Random) -> str:
    return hex_secret(32, rng)


def new_relic_license_key(rng: random.Random, suffixed: bool = True, eu: bool = False) -> str:
    """40 characters: current keys are 32 hex and ``FFFFNRAL`` (an EU account's begin
    ``eu01xx``), older ones 40 hex."""
    if not suffixed:
        return hex_secret(40, rng)
    return ("eu01xx" + hex_secret(26, rng) if eu else hex_secret(32, rng)) + "FFFFNRAL"


def datadog_app_key(rng: random.Random) -> str:
    return hex_secret(40, rng)


def twilio_auth_token(rng: random.Random) -> str:
    return hex_secret(32, rng)


def doppler_token(rng: random.Random | None = None, kind: str = "pt", config: str = "") -> str:
    """A Doppler token of ``kind`` (ct, pt, st, sa, ...); a service token may carry its
    config's name (``dp.st.prd.``)."""
    return f"dp.{kind}.{config + '.' if config else ''}{rand(43, ALNUM, _rng(rng))}"


PLATFORM_TOKENS["doppler-token"] = (doppler_token, "DOPPLER_TOKEN")


def bedrock_short_term_key(
    rng: random.Random, signed_at: datetime.datetime | None = None, expires: int = 43200
) -> str:
    """An Amazon Bedrock short-term API key, as aws-bedrock-token-generator builds it:
    ``bedrock-api-key-`` and the base64 of a SigV4 presigned URL signed by temporary
    credentials (an ``ASIA`` key id and a session token) at ``signed_at`` (default: a
    minute ago), valid ``expires`` seconds."""
    signed_at = signed_at or datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=1)
    stamp = signed_at.strftime("%Y%m%dT%H%M%SZ")
    credential = f"{aws_access_key_id(rng, 'ASIA')}/{stamp[:8]}/us-east-1/bedrock/aws4_request"
    query = urllib.parse.urlencode(
        {
            "Action": "CallWithBearerToken",
            "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
            "X-Amz-Credential": credential,
            "X-Amz-Date": stamp,
            "X-Amz-Expires": str(expires),
            "X-Amz-SignedHeaders": "host",
            "X-Amz-Security-Token": aws_session_token(rng),
            "X-Amz-Signature": hex_secret(64, rng),
        }
    )
    url = f"bedrock.amazonaws.com/?{query}&Version=1"
    return "bedrock-api-key-" + base64.b64encode(url.encode()).decode()
