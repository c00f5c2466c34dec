"""false_positive_reason: fake values are dropped everywhere, references only for generic rules."""

from __future__ import annotations

import base64
import random
import uuid

import pytest

from pushguard.scan.filters import false_positive_reason, is_name
from tests.helpers import tokens

AWS_DOC_ID = "AKIA" + "IOSFODNN7" + "EXAMPLE"
AWS_DOC_SAK = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCY" + "EXAMPLEKEY"
GH = tokens.github_token()
HF = tokens.huggingface_token()
PW = tokens.password(20)
B64 = tokens.base64_secret(40)
SRI = "sha512-" + tokens.base64_secret(86) + "=="
HEX64 = tokens.hex_secret(64)
HEX128 = tokens.hex_secret(128)
ASAAS = "$aact_prod_" + tokens.rand(60)
X_BEARER = tokens.x_bearer_token(random.Random(4))
UUID = str(uuid.UUID(int=random.Random(8).getrandbits(128), version=4))
WEAK_PW = "Admin" + "".join(str(n) for n in range(1, 7))  # people do type these

# (secret, line, path, generic, expected reason or None)
CASES = [
    # known documentation values, for every detector
    pytest.param(AWS_DOC_ID, f"key = {AWS_DOC_ID}", "a.py", False, "documentation example",
                 id="aws-doc-key-id"),
    pytest.param(AWS_DOC_SAK, f'secret = "{AWS_DOC_SAK}"', "a.py", True,
                 "documentation example", id="aws-doc-secret"),
    pytest.param("AKIA" + "ZQ7RW2JMT4" + "EXAMPLE", "k = x", "a.py", False,
                 "documentation example", id="aws-style-example-suffix"),
    # the worked example of an AWS key id's account, quoted by every write-up of it
    pytest.param("ASIA" + "Y34FZKBOKMUTVV7A", "k = x", "a.py", False, "documentation example",
                 id="aws-key-id-worked-example"),
    # a body that decodes to a typed filler: whsec_ + base64 of the alphabet
    pytest.param("whsec_" + base64.b64encode(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ4567").decode(),
                 "k = x", "a.py", False, "placeholder", id="encoded-alphabet"),
    # "EXAMPLE" inside a body: typed by a person, never drawn at random (issue 8)
    pytest.param("ghp_" + "EXAMPLE" + tokens.rand(29), "t = x", "a.py", False, "placeholder",
                 id="example-inside-body"),
    # encrypted by a tool whose key is kept elsewhere (SOPS, Jasypt, Spring Cloud Config)
    pytest.param("ENC[AES256_GCM,data:" + tokens.rand(24), "db_password: x", "s.enc.yaml", False,
                 "encrypted value", id="sops"),
    pytest.param("ENC(" + tokens.base64_secret(32) + ")", "spring.datasource.password=x",
                 "application.properties", False, "encrypted value", id="jasypt"),
    pytest.param("{cipher}" + tokens.hex_secret(64), "password: x", "application.yml", False,
                 "encrypted value", id="spring-cloud-config"),
    # placeholders
    pytest.param("ghp_" + "x" * 36, "t = x", "a.py", False, "placeholder", id="x-run"),
    pytest.param("hf_" + "X" * 34, "t = x", "a.py", False, "placeholder", id="X-run"),
    pytest.param("your_token_here", "t = your_token_here", "a.py", True, "placeholder",
                 id="your-token-here"),
    pytest.param("changeme", "password = changeme", "a.cfg", True, "placeholder", id="changeme"),
    pytest.param("changethis", "sqlalchemy.url = postgresql://postgres:changethis@db/app",
                 "alembic.ini", False, "placeholder", id="changethis"),
    # the name of the setting to fill in, as the value (Maven's settings.xml, a compose file)
    pytest.param("JFROG_TOKEN", "<password>JFROG_TOKEN</password>", "settings.xml", False,
                 "placeholder", id="setting-name-caps"),
    pytest.param("db_password", "password: db_password", "compose.yaml", False, "placeholder",
                 id="setting-name-lower"),
    pytest.param("hf_" + "a" * 34, "t = x", "a.py", False, "placeholder", id="same-char"),
    pytest.param("sk_live_" + "abcdefghijklmnopqrstuvwx", "k = x", "a.py", False, "placeholder",
                 id="sequential-letters"),
    pytest.param("npm_" + "0123456789" * 3 + "abcdef", "k = x", "a.py", False, "placeholder",
                 id="sequential-digits"),
    pytest.param("12345678-" + "2323-1111-1111-" + "12345670B312", "k = x", ".npmrc", False,
                 "placeholder", id="sequential-uuid-group"),
    # a run of six inside a long drawn value: typed by hand, not drawn (1 in 10^8 characters)
    pytest.param("sk_live_" + tokens.rand(40) + "abc" + "123456", "k = x", "a.py", False,
                 "placeholder", id="sequential-tail-in-a-long-draw"),
    pytest.param(tokens.rand(30) + "qwerty", "k = x", "a.py", False, "placeholder",
                 id="keyboard-run-in-a-long-draw"),
    # a value saying it is none
    pytest.param("sk_live_" + "not-a-real-key-" + tokens.rand(12), "k = x", "a.py", False,
                 "placeholder", id="not-a-real-key"),
    # a run typed with each character twice (an OIDC client's secret in a test)
    pytest.param("aabbccdd" "eeff00112233", "clientSecret: x", "a_test.go", False,
                 "placeholder", id="doubled-run"),
    # a prefix, then runs typed part by part (an Axiom token's "xaat-" in a test's string)
    pytest.param("xaat-" + "abc" "123-def" "456", "k = x", "a.py", False, "placeholder",
                 id="runs-part-by-part"),
    # people put "123456" in passwords, and a short value is no drawn key: they stay
    pytest.param(WEAK_PW, f"postgres://app:{WEAK_PW}@db/app", "a.py", False, None,
                 id="sequential-run-in-a-password"),
    pytest.param(tokens.hex_secret(34) + "123456", "k = x", "a.py", False, None,
                 id="sequential-run-in-hex"),
    pytest.param("****", "password: ****", "a.yml", False, "placeholder", id="mask"),
    # "<" and ">" around punctuation too: drawn, not a placeholder's name (a WordPress salt)
    pytest.param("w<Q7[x]9+=>Zr", "define('AUTH_KEY', 'w<Q7[x]9+=>Zr')", "wp-config.php", False,
                 None, id="angle-brackets-in-a-draw"),
    pytest.param("<your-token>", "TOKEN=<your-token>", ".env", False, "template variable",
                 id="angle-brackets"),
    pytest.param("${GITHUB_TOKEN}", "token: ${GITHUB_TOKEN}", "a.yml", False,
                 "template variable", id="shell-var"),
    pytest.param("{{ vault_password }}", "password: {{ vault_password }}", "a.yml", True,
                 "template variable", id="jinja"),
    pytest.param("%(password)s", "url = '%(password)s'", "a.py", True, "template variable",
                 id="percent-format"),
    pytest.param("$DB_PASSWORD", "password=$DB_PASSWORD", "a.sh", True, "template variable",
                 id="dollar-var"),
    pytest.param("$apiKeyForTheService", "key=$apiKeyForTheService", "a.php", False,
                 "template variable", id="dollar-camel-case-var"),
    # a format that starts with "$" (Asaas's "$aact_") around a random body is no variable
    pytest.param(ASAAS, f"ASAAS_API_KEY={ASAAS}", ".env", False, None, id="dollar-token"),
    # X's app-only bearer tokens begin with 22 "A"s: the format's, not a filler
    pytest.param(X_BEARER, f"TWITTER_BEARER_TOKEN={X_BEARER}", ".env", False, None,
                 id="x-bearer-token"),
    pytest.param("A" * 22 + "A" * 60, "t = x", "a.py", False, "placeholder", id="only-as"),
    # real-looking values stay, even next to an environment lookup, for structured detectors
    pytest.param(GH, f'os.environ.get("GH", "{GH}")', "a.py", False, None,
                 id="structured-token-beside-env-lookup"),
    pytest.param(HF, f"HF_TOKEN={HF}", ".env", False, None, id="plain-hf-token"),
    pytest.param(PW, f'password = "{PW}"', "a.py", True, None, id="generic-password"),
    # environment lookups: generic only
    pytest.param('os.environ["DB_PASSWORD"]', 'password = os.environ["DB_PASSWORD"]', "a.py",
                 True, "environment lookup", id="os-environ"),
    pytest.param('os.getenv("API_KEY")', 'api_key = os.getenv("API_KEY")', "a.py", True,
                 "environment lookup", id="os-getenv"),
    pytest.param("process.env.SECRET", "const secret = process.env.SECRET;", "a.js", True,
                 "environment lookup", id="process-env"),
    pytest.param('ENV["DB_PASSWORD"]', 'password = ENV["DB_PASSWORD"]', "a.rb", True,
                 "environment lookup", id="ruby-env"),
    # hashes and UUIDs: generic only
    pytest.param(tokens.hex_secret(40), f'rev = "{tokens.hex_secret(40)}"', "a.py", True, "hash",
                 id="sha1-hex"),
    pytest.param("d41d8cd98f00b204e9800998ecf8427e", 'etag = "d41d8cd98f00b204e9800998ecf8427e"',
                 "a.py", True, "hash", id="md5-hex"),
    # a name that says secret: hex is how secrets are drawn (secrets.token_hex, openssl rand)
    pytest.param(HEX64, f"SESSION_SECRET={HEX64}", ".env", True, None, id="hex-named-secret"),
    pytest.param(HEX128, f"  secret_key_base: {HEX128}", "config/secrets.yml", True, None,
                 id="hex-secret-key-base"),
    pytest.param(HEX64, f'"apiKeySha256": "{HEX64}"', "a.json", True, "hash",
                 id="hex-named-digest-of-a-secret"),
    pytest.param(HEX64, f"TOKEN_ID={HEX64}", ".env", True, "hash", id="hex-named-token-id"),
    pytest.param(UUID, f'client_secret = "{UUID}"', "a.py", True, "uuid", id="uuid"),
    # lock files and integrity strings
    pytest.param(B64, f'"integrity": "sha512-{B64}"', "package-lock.json", True, "integrity hash",
                 id="npm-integrity"),
    pytest.param(SRI[7:40], f"  integrity {SRI}", "yarn.lock", False, "integrity hash",
                 id="structured-match-inside-integrity"),
    pytest.param(tokens.hex_secret(64), f'checksum = "{tokens.hex_secret(64)}"', "Cargo.lock",
                 True, "lock file", id="cargo-lock"),
    pytest.param(B64, f'key = "{B64}"', "poetry.lock", True, "lock file", id="poetry-lock"),
]  # fmt: skip


@pytest.mark.parametrize(("secret", "line", "path", "generic", "expected"), CASES)
def test_false_positive_reason(
    secret: str, line: str, path: str, generic: bool, expected: str | None
) -> None:
    assert false_positive_reason(secret, line, path, generic=generic) == expected


@pytest.mark.parametrize(
    ("secret", "line"),
    [
        ('os.environ["X"]', 'password = os.environ["X"]'),
        (tokens.hex_secret(40), f'k = "{tokens.hex_secret(40)}"'),
        (UUID, f"id = {UUID}"),
    ],
    ids=["env", "hash", "uuid"],
)
def test_reference_filters_do_not_apply_to_structured_detectors(secret: str, line: str) -> None:
    assert false_positive_reason(secret, line, "a.py") is None
    assert false_positive_reason(secret, line, "a.py", generic=True) is not None


@pytest.mark.parametrize("seed", range(30))
def test_random_tokens_are_never_filtered(seed: int) -> None:
    import random

    rng = random.Random(seed)
    for token in (
        tokens.github_token(rng=rng),
        tokens.huggingface_token(rng),
        tokens.openai_key("proj", rng),
        tokens.anthropic_key(rng=rng),
        tokens.slack_token("xoxb", rng),
        tokens.aws_access_key_id(rng),
        tokens.password(rng=rng),
    ):
        assert false_positive_reason(token, f'value = "{token}"', "app.py") is None


DASHES = "-" * 5
KEY_BODY = "\n".join(tokens.base64_secret(64) for _ in range(3))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (KEY_BODY, None),
        (f"Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,{tokens.hex_secret(32)}\n\n{KEY_BODY}",
         None),
        (f"  # {KEY_BODY[:64]}\n  # {KEY_BODY[65:129]}", None),  # commented out, still a key
        ("...", "placeholder"),
        ("MIIEvQIBADANBgkqhkiG9w0B...", "placeholder"),
        ("<your private key>", "placeholder"),
        ("paste your key here", "placeholder"),
        ("MIIBOgIBAAJBAKj34", "placeholder"),  # too short to be any key
    ],
    ids=["key", "legacy-encrypted", "commented", "ellipsis", "truncated", "angle", "words",
         "short"],
)  # fmt: skip
def test_pem_bodies(body: str, expected: str | None) -> None:
    block = f"{DASHES}BEGIN RSA PRIVATE KEY{DASHES}\n{body}\n{DASHES}END RSA PRIVATE KEY{DASHES}"
    assert false_positive_reason(block, block.partition("\n")[0], "key.pem") == expected


@pytest.mark.parametrize(
    "example",
    ["MTk4NjIyNDgzNDcxOTI1MjQ4" ".Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs",
     "Eby8vdM02xNOcqFlqUwJPL" "lmEtlCDXJ1OUzFT50uSRZ6" "IFsuFq2UVErCz4I6tq/K1S"
     "ZFPTOtr/KBHBeksoGMGw==",
     "C2y6yDjf5/R+ob0N8A7Cgv" "30VRDJIWEHLM+4QDU5DE2n" "Q9nDuVTqobD4b8mGGyPMbI"
     "ZnqyMsEcaGQy67XIw/Jw=="],
    ids=["discord-api-reference", "azurite-account-key", "cosmos-emulator-key"],
)  # fmt: skip
def test_provider_documentation_examples(example: str) -> None:
    assert false_positive_reason(example, f"TOKEN={example}", ".env") == "documentation example"


def test_a_digest_keyed_by_a_file_s_path_is_no_secret_but_one_keyed_by_a_setting_is() -> None:
    digest = tokens.hex_secret(32)
    line = f'  "assets/images/facebook_icon.png": "{digest}",'
    assert false_positive_reason(digest, line, "web/sw.js") == "a file's digest (keyed by its path)"
    # a dotted setting's name is no path: its value is judged as any other
    assert false_positive_reason(digest, f'  "facebook.secret": "{digest}",', "app.json") is None


def test_key_bodies_are_placeholders_only_by_their_words_not_by_chance() -> None:
    from pushguard.scan.filters import key_body_reason

    body = tokens.base64_secret(64)
    # base64 may hold "/your+" by chance ("+" and "/" are word boundaries): still a key
    assert key_body_reason(f"{body[:20]}/your+{body[20:]}\n{body}") is None
    assert key_body_reason(f"{body}\n  paste your key here") == "placeholder"
    assert key_body_reason(f"{body[:30]}...") == "placeholder"


@pytest.mark.parametrize(
    ("token", "name"),
    [("glpat-" + "routable-unversioned", True), ("some_module.attribute_name", True),
     ("openai-access-token-1", True), ("RFC2136_TSIG_ALGORITHM", True),
     ("SELECTELV2_USERNAME", True), ("SERVICE_URL_UMAMI_3000", True),
     (tokens.rand(12, tokens.UPPER_ALNUM) + "_"
                                     + tokens.rand(12, tokens.UPPER_ALNUM), False),
     ("hf_" + tokens.rand(34, tokens.LETTERS).lower(), False), (tokens.huggingface_token(), False)],
)  # fmt: skip
def test_names_are_words_a_long_lowercase_run_is_not(token: str, name: bool) -> None:
    """Lowercase words joined by separators are identifiers; 34 random letters that happen
    to be lowercase are no word, and stay a token."""
    assert is_name(token) is name


def test_a_jwt_is_judged_by_its_signature_not_its_encoded_claims() -> None:
    """Round timestamps encode to runs ("MDAwMDAw"): the encoding's, not a typed filler."""
    # "supabasea": aligns the timestamps' zeros so that they encode to "MDAwMDAwMDAw"
    claims = {"iss": "supabasea", "role": "service_role", "iat": 1700000000, "exp": 2000000000}
    live = tokens.jwt(random.Random(7), claims)
    assert false_positive_reason(live, f"SERVICE_ROLE_KEY={live}", ".env") is None
    header, payload, _ = live.split(".")
    assert false_positive_reason(f"{header}.{payload}.{'x' * 43}", "k = x", ".env") == "placeholder"


@pytest.mark.parametrize(
    "typed",
    [
        "".join(f"{c}{(i + 1) % 10}" for i, c in enumerate("abcdefghijklmnop")),  # a1b2c3...
        ("A1B2C3D4E5F6" * 4)[:44],  # a 12-character unit typed again and again
        tokens.hex_secret(10) * 2 + tokens.hex_secret(12),  # a 10-character unit, twice
    ],
    ids=["interleaved-count", "long-unit", "unit-twice"],
)
def test_longer_typed_patterns_are_placeholders(typed: str) -> None:
    assert false_positive_reason(typed, f"API_KEY={typed}", ".env") == "placeholder"


@pytest.mark.parametrize("seed", range(200))
def test_random_values_never_repeat_a_long_unit(seed: int) -> None:
    rng = random.Random(seed)
    for value in (tokens.hex_secret(64, rng), tokens.base64_secret(48, rng)):
        assert false_positive_reason(value, f"API_KEY={value}", ".env") is None


# Two of the keys Google publishes in the Firebase Android SDK: its sample
# google-services.json's, and the one its FirebaseOptions documentation shows.
FIREBASE_SAMPLE_KEY = "AIza" + "yDNSXIbFmlXbIE6mCzDLQA" + "qITYefhixbX4A"
FIREBASE_DOCS_KEY = "AIza" + "SyDdVgKwhZl0sTTTLZ7iTmt1" + "r3N2cJLnaDk"


@pytest.mark.parametrize(
    "published",
    [FIREBASE_SAMPLE_KEY, FIREBASE_DOCS_KEY],
    ids=["sample-services-json", "options-docs"],
)
def test_keys_google_publishes_in_its_firebase_sdk_do_not_block(published: str) -> None:
    """A project's own key in google-services.json blocks; one copied from the Firebase SDK's
    sources is Google's public sample, by every rule that knows the shape."""
    from tests.scan.test_catalogue import scan

    def services_json(key: str) -> str:
        return f'{{"client": [{{"api_key": [{{"current_key": "{key}"}}]}}]}}\n'

    own = tokens.google_api_key(random.Random("firebase"))
    assert [f.rule for f in scan(services_json(own), "app/google-services.json") if f.blocking]
    assert not [f for f in scan(services_json(published), "app/google-services.json") if f.blocking]
