"""Keys of services that give them no format of their own (32 hex characters, 40 letters and
digits, a UUID) block when the service is named beside them: in the variable's name, on the
line (the API's host), or in the comment or section header above. Values are drawn at run
time; what is not a key (an id, a public key, a placeholder, a word) and what names no
service only warns or passes."""

from __future__ import annotations

import base64
import random
import uuid

import pytest

from pushguard.config import ScanConfig
from pushguard.scan.plugins.named_key import UNNAMED
from pushguard.scan.plugins.provider_names import PROVIDERS
from pushguard.scan.secrets import fingerprint
from pushguard.scan.types import Finding
from tests.helpers import tokens as t
from tests.scan.test_catalogue import KEY, scan

RULE = "named-provider-key"


def drawn(seed: str, n: int = 32, alphabet: str = t.ALNUM) -> str:
    return t.high_entropy(n, alphabet, random.Random(seed))


def blocking(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.blocking]


def test_the_services_used_here_are_known() -> None:
    assert {"shodan", "abuseipdb", "zerobounce", "accuweather", "ipstack"} <= PROVIDERS


@pytest.mark.parametrize(
    ("name", "provider"),
    [("E2B_API_KEY", "e2b"), ("MEM0_API_KEY", "mem0"), ("MOONSHOT_API_KEY", "moonshot"),
     ("NOVITA_API_KEY", "novita"), ("PORTKEY_API_KEY", "portkey"),
     # the longest name: azuredevops, not azure
     ("AZURE_DEVOPS_PAT", "azuredevops"), ("AZURE_OPENAI_API_KEY", "azureopenai"),
     # SaaS tools: CRMs, schedulers, BI, code search
     ("MOONCLERK_API_KEY", "moonclerk"), ("MAVENLINK_OAUTH_TOKEN", "mavenlink"),
     ("LOYVERSE_ACCESS_TOKEN", "loyverse"), ("METABASE_API_KEY", "metabase"),
     ("DYSPATCH_API_KEY", "dyspatch"), ("SOURCEGRAPH_ACCESS_TOKEN", "sourcegraph"),
     ("JURO_API_KEY", "juro"), ("DETECTLANGUAGE_API_KEY", "detectlanguage"),
     ("HCLOUD_TOKEN", "hcloud"),
     ("WEBSITEPULSE_KEY", "websitepulse"),
     # market data, messaging and government APIs
     ("FXMARKET_TOKEN", "fxmarket"), ("VOODOOSMS_API_KEY", "voodoosms"),
     ("DATAGOV_API_KEY", "datagov"),
     # AI platforms: fine-tuning, prompt tooling, vector stores
     ("OPENPIPE_API_KEY", "openpipe"), ("HUMANLOOP_API_KEY", "humanloop"),
     ("LANCEDB_API_KEY", "lancedb"), ("PROMPTFOO_API_KEY", "promptfoo"),
     # LINE, too common a word alone, by the word its keys' names put after it
     ("LINE_CHANNEL_ACCESS_TOKEN", "line"), ("LINE_CHANNEL_SECRET", "line"),
     ("LINE_NOTIFY_TOKEN", "line")],
)  # fmt: skip
def test_keys_block_under_their_service_s_name(name: str, provider: str) -> None:
    [finding] = blocking(scan(f"{name}={drawn(name, 40)}\n", "app/.env"))
    assert (finding.rule, finding.provider) == (RULE, provider)


# place -> (path, text with {key}, line of the key, provider)
PLACES = {
    "dotenv name": ("app/.env", "DEBUG=1\nSHODAN_API_KEY={key}\n", 2, "shodan"),
    "python name": ("app/geo.py", 'ipstackAccessKey = "{key}"\n', 1, "ipstack"),
    "host on the line": (
        "scripts/check.sh",
        "curl -H 'X-Api-Key: {key}' https://api.zerobounce.net/v2/getcredits\n",
        1,
        "zerobounce",
    ),
    "bearer and host": (
        "scripts/report.sh",
        'curl -H "Authorization: Bearer {key}" https://api.abuseipdb.com/api/v2/check\n',
        1,
        "abuseipdb",
    ),
    "yaml section": (
        "deploy/values.yaml",
        "abuseipdb:\n  url: https://example.org\n  api_key: {key}\n",
        3,
        "abuseipdb",
    ),
    "ini section": ("conf/app.ini", "[accuweather]\nlocation = 12\napikey = {key}\n", 3,
                    "accuweather"),
    "comment above": ("app/.env", "# AccuWeather\n# from the dashboard\nAPI_KEY={key}\n", 3,
                      "accuweather"),
    "json object": ("config/services.json",
                    '{{\n  "shodan": {{\n    "token": "{key}"\n  }}\n}}\n', 3, "shodan"),
    "xml element": ("conf/app.xml", "<shodan><apiKey>{key}</apiKey></shodan>\n", 1, "shodan"),
    "xml element's own lines": ("conf/app.xml",
                                "<settings>\n  <shodanApiKey>\n    {key}\n  </shodanApiKey>\n"
                                "</settings>\n", 3, "shodan"),
    "r assignment": ("analysis/setup.R", 'library(httr)\nshodan_api_key <- "{key}"\n', 2,
                     "shodan"),
    "markdown table": ("docs/setup.md",
                       "| Variable | Value |\n|---|---|\n| SHODAN_API_KEY | {key} |\n", 3,
                       "shodan"),
    "yaml block": ("deploy/values.yaml", "shodan:\n  apiKey: |\n    {key}\n", 3,
                   "shodan"),
    "gh secret set": ("scripts/ci.sh", "gh secret set SHODAN_API_KEY --body {key}\n", 1, "shodan"),
    "go typed var": ("geo/client.go", 'var ipstackAccessKey string = "{key}"\n', 1, "ipstack"),
    "php append": ("lib/geo.php", '$ipstackAccessKey .= "{key}";\n', 1, "ipstack"),
    "make append": ("Makefile", "SHODAN_API_KEY += {key}\n", 1, "shodan"),
    "make ::=": ("Makefile", "SHODAN_API_KEY ::= {key}\n", 1, "shodan"),
    "make :::=": ("Makefile", "SHODAN_API_KEY :::= {key}\n", 1, "shodan"),
}  # fmt: skip
SHAPES = {
    "hex": lambda seed: drawn(seed, 32, t.HEX),
    "alnum": lambda seed: drawn(seed, 40),
    "lowercase": lambda seed: drawn(seed, 24, t.LOWER_ALNUM),
    "uuid": lambda seed: str(uuid.UUID(int=random.Random(seed).getrandbits(128), version=4)),
    # 32 random bytes: a canonical encoding (its last character before "=" ends in zero bits)
    "base64": lambda seed: base64.b64encode(random.Random(seed).randbytes(32)).decode(),
}


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("place", PLACES)
def test_a_key_blocks_under_the_service_named_beside_it(place: str, shape: str) -> None:
    path, template, line, provider = PLACES[place]
    key = SHAPES[shape](f"{place}/{shape}")
    [finding] = blocking(scan(template.format(key=key), path))
    assert (finding.rule, finding.provider, finding.line) == (RULE, provider, line)
    assert finding.fingerprint == fingerprint(KEY, key)
    assert key not in finding.redacted


@pytest.mark.parametrize(
    "text",
    [
        "API_KEY={key}\n",  # no service named anywhere
        "# AccuWeather\n\nAPI_KEY={key}\n",  # a blank line ends the header's reach
        "SHODAN_CLIENT_ID={key}\n",  # an identifier, not a credential
        "ABUSEIPDB_PUBLIC_KEY={key}\n",
        "SHODAN_HOST={key}\n",  # no credential word in the name
        "[shodan]\nsha = {key}\n",
        '# shodan\n"hashed_secret": "{key}"\n',  # a digest of a secret (a .secrets.baseline)
        # a reference to a secret kept elsewhere, not the secret
        '"name": "SHODAN_API_KEY", "valueFrom": "arn:aws:secretsmanager:us-east-1:'
        '123456789012:secret:{key}"\n',
        # a pipe is no table's cell: the command after it is no value
        "echo $SHODAN_API_KEY | tee {key}\n",
        # a table's cell beside a name that no credential has
        "| SHODAN_HOST | {key} |\n",
        # a block scalar under a name no credential has, or a credential's with no service
        "shodan:\n  run: |\n    {key}\n",
        "api_key: >-\n  {key}\n",
    ],
)
def test_without_a_service_or_a_credential_name_nothing_blocks(text: str) -> None:
    key = drawn(text, 32, t.HEX)
    assert blocking(scan(text.format(key=key))) == []


@pytest.mark.parametrize(
    "value",
    [
        "your_shodan_api_key_here",
        "0123456789abcdef0123456789abcdef",
        "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
        "abcd1234" * 4,
        "replace-me-with-the-real-token",
        "ShodanApiKeyForProduction",
        "config/shodan/keys/prod2024.txt",  # a path
        "deploy/secrets/prod/2024/shodan",
        "SHODAN_ROOT_PASSWORD_SHA2",  # another setting's name: "set X and Y"
        "SERVICE_URL_SHODAN_3000",  # a variable's name with its port (Coolify's)
        "k6ShodanStreamDefaultWriterRef",  # words after a product's short name
        "shodan-abc123-def456",  # runs typed part by part
    ],
)
def test_placeholders_and_words_do_not_block(value: str) -> None:
    assert blocking(scan(f"SHODAN_API_KEY={value}\n")) == []


def test_a_list_of_setting_names_holds_no_key() -> None:
    """A JSON schema's list of required fields names secrets and what follows them: names,
    not values; so does a form's map from settings to fields' names. A dictionary's entry
    (a name, then its value) still blocks."""
    names = [f"usersOauth2{service}{field}" for service in ("Amazon", "Apple", "Bitbucket")
             for field in ("Appid", "Secret")]  # fmt: skip
    schema = '{"required":[' + ",".join(f'"{n}"' for n in names) + "]}\n"
    assert blocking(scan(schema, "app/config/specs/openapi.json")) == []
    # a form's map from each setting to its field's name
    form = '{"clientSecret": "oauth2OktaClientSecret", "auth0Domain": "oauth2Auth0Domain"}\n'
    assert blocking(scan(form, "public/scripts/views/forms/oauth-custom.js")) == []
    key = t.high_entropy(32, t.HEX, random.Random(12))
    entry = f'var settings = new Dictionary {{ {{ "ShodanApiKey", "{key}" }} }};\n'
    assert [f.provider for f in blocking(scan(entry, "src/Settings.cs"))] == ["shodan"]


def test_a_sentinel_s_name_under_a_key_s_name_is_no_key() -> None:
    """k6's streams module keeps a Go object under a JavaScript property whose name is a
    const named like a key: the value is words between underscores."""
    text = 'const writerGoRefKey = "__k6WritableStreamDefaultWriter__"\n'
    assert blocking(scan(text, "internal/js/modules/k6/streams/writer.go")) == []


def test_a_value_its_comment_calls_an_id_is_no_credential() -> None:
    """A pipeline's environment naming the Jenkins credential it binds: a UUID, like many
    services' keys, that the comment after it calls an id."""
    credential_id = str(uuid.UUID(int=random.Random("jenkins").getrandbits(128), version=4))
    text = (
        "pipeline {\n  environment {\n"
        f"    DOCKER_CREDENTIALS = '{credential_id}'  // Replace with Jenkins credentials ID\n"
        # the same, a tab pasted inside the quotes after the id
        f"    NEXUS_CREDENTIALS = '{credential_id[::-1]}\t'  // Jenkins credentials ID\n"
        "  }\n}\n"
    )
    assert blocking(scan(text, "Jenkinsfile")) == []
    key = drawn("commented key")
    for comment in ("// rotated monthly", "# the Shodan API key, not the account id"):
        found = blocking(scan(f'SHODAN_API_KEY = "{key}"  {comment}\n', "app/config.py"))
        assert [f.provider for f in found] == ["shodan"]


def test_the_request_id_postman_adds_is_no_credential() -> None:
    """A request copied from Postman carries ``Postman-Token: <uuid>``, the id Postman gives
    each request it sends; an API key under Postman's name still blocks."""
    request_id = str(uuid.UUID(int=random.Random(4).getrandbits(128), version=4))
    copied = f"Cache-Control: no-cache\nPostman-Token: {request_id}\n"
    assert blocking(scan(copied, "docs/requests.http")) == []
    key = t.high_entropy(32, t.HEX, random.Random(4))
    assert [f.provider for f in blocking(scan(f"POSTMAN_API_KEY={key}\n"))] == ["postman"]


def test_another_setting_s_name_in_prose_does_not_block() -> None:
    """A README naming the settings to fill in: the second name is no key of the first."""
    text = "After you've set `SHODAN_API_KEY` and `SHODAN_ROOT_PASSWORD_SHA2` in `.env`, run:\n"
    assert blocking(scan(text, "README.md")) == []
    capitals = drawn("capitals", 26, t.UPPER_ALNUM)  # a key of capitals alone still blocks
    assert [f.provider for f in blocking(scan(f"SHODAN_API_KEY={capitals}\n"))] == ["shodan"]


@pytest.mark.parametrize(
    "text",
    [
        'SHODAN_API_KEY="{key}&{tail}"\n',  # a password's characters go on inside the quotes
        "shodan_key := '{key}%c^{tail}'\n",  # a format string
        "SHODAN_TOKEN={key}@{tail}.example.com\n",  # the user part of an address
        'SHODAN_SECRET = "{key}|{tail}"\n',
        "[DEBUG] Using shodan Key={key}#{tail}\n",  # "#" inside a word: no comment yet
        "shodan credentials: {key}+={tail}\n",  # "+=" inside a value: no appending yet
    ],
)
def test_a_value_glued_to_more_than_a_key_does_not_block(text: str) -> None:
    key, tail = drawn(text), drawn(text[::-1], 12)
    assert blocking(scan(text.format(key=key, tail=tail))) == []


@pytest.mark.parametrize(
    "text",
    [
        "https://api.shodan.io/host/1?api_key={key}&minify=true\n",  # "&" ends a query parameter
        "SHODAN_API_KEY={key}:{tail}\n",  # an id:secret pair
        '{{"shodan_api_key": "{key}"}}\n',
    ],
)
def test_a_value_ending_where_its_token_ends_blocks(text: str) -> None:
    key, tail = drawn(text), drawn(text[::-1], 12)
    assert [f.provider for f in blocking(scan(text.format(key=key, tail=tail)))] == ["shodan"]


@pytest.mark.parametrize(
    "text",
    [
        "[DEBUG] Using shodan Key={key}\n",  # a log line
        "Shodan key: {key}\n",  # notes
        "shodan token - '{key}'\n",  # a dash before the value
        "our Shodan token - {key}\n",
    ],
)
def test_a_service_written_apart_from_its_credential_word_names_it(text: str) -> None:
    key = drawn(text)
    assert [f.provider for f in blocking(scan(text.format(key=key)))] == ["shodan"]


@pytest.mark.parametrize(
    "text",
    [
        "[DEBUG] Using Key={key}\n",  # no service named
        "primary key: {key}\n",  # the word before names none
        "shodan primary key: {key}\n",  # two words back: not the bare key's name
    ],
)
def test_only_a_service_s_name_right_before_a_bare_key_names_it(text: str) -> None:
    assert blocking(scan(text.format(key=drawn(text)))) == []


@pytest.mark.parametrize("length", [16, 128, 200, 256])
def test_a_long_access_token_blocks_as_a_short_one_does(length: int) -> None:
    value = drawn(str(length), length - 1, t.ALNUM + "-_") + drawn(str(-length), 1)
    [finding] = blocking(scan(f"SHODAN_ACCESS_TOKEN={value}\n"))
    assert finding.fingerprint == fingerprint(KEY, value)


def test_an_id_and_secret_pair_blocks_as_one_credential() -> None:
    """Asana's personal access tokens: "2/<user id>/<token id>:<32 hex>"; the ids are digits,
    the secret after the colon is the drawn part."""
    rng = random.Random(9)
    ids = "/".join(str(rng.randrange(10**15, 10**16)) for _ in range(2))
    value = f"2/{ids}:{t.high_entropy(32, t.HEX, rng)}"
    [finding] = blocking(scan(f"ASANA_ACCESS_TOKEN={value}\n"))
    assert (finding.provider, finding.fingerprint) == ("asana", fingerprint(KEY, value))
    # digits alone after the colon are no secret: a port, a count
    assert blocking(scan(f"ASANA_ACCESS_TOKEN=2/{ids}:12345678\n")) == []


def _edit(value: str, *positions_and_chars: tuple[int, str]) -> str:
    chars = list(value)
    for position, char in positions_and_chars:
        chars[position] = char
    return "".join(chars)


@pytest.mark.parametrize(
    ("alphabet", "length", "edits"),
    [
        (t.HEX, 32, ((7, "g"),)),  # hex but for a letter past "f"
        (t.HEX, 32, ((3, "r"), (20, "q"))),
        (t.HEX.upper(), 32, ((30, "z"),)),  # uppercase hex but for a lowercase letter
        ("abcdefghijklmnopqrstuvwxyz0123456789", 32, ((0, "X"), (31, "Q"))),  # + 2 capitals
        # a longer value: one more per 16 characters (64 hex with three capital A's)
        (t.HEX, 64, ((6, "A"), (35, "A"), (47, "A"))),
    ],
)
def test_a_value_a_few_characters_off_its_alphabet_warns(
    alphabet: str, length: int, edits: tuple[tuple[int, str], ...]
) -> None:
    """A key is drawn from its alphabet whole: a hex string with a "g" in it, or lowercase
    with a capital, was edited by hand (an example, a near miss, a redacted copy). It is
    reported, and does not block."""
    value = _edit(drawn(str(edits), length, alphabet), *edits)
    [finding] = scan(f"[DEBUG] Using shodan Key={value}\n")
    assert (finding.rule, finding.blocking, finding.provider) == (RULE, False, "shodan")
    assert finding.fingerprint == fingerprint(KEY, value) and "edited" in finding.reason


def _b64(seed: str, size: int, tail: bytes = b"") -> str:
    """Base64 of ``size`` random bytes (and ``tail``), beginning as a token does: with a
    letter or digit."""
    rng = random.Random(seed)
    while True:
        value = base64.b64encode(rng.randbytes(size) + tail).decode()
        if value[0].isalnum():
            return value


@pytest.mark.parametrize(
    "value",
    [
        _b64("padded", 33) + "=",  # "=" after 44 characters: base64 never pads there
        _b64("zeros", 30, b"\0\0\0"),  # "AAAA" at the end: three zero bytes, a filler
    ],
)
def test_a_value_no_encoding_gives_warns(value: str) -> None:
    """A key is one draw in one encoding: padding where base64 never puts it or a filler
    run mark a value cut or typed by hand."""
    [finding] = scan(f"zerobounce_token: {value}\n")
    assert (finding.rule, finding.blocking, finding.provider) == (RULE, False, "zerobounce")
    assert "not one draw" in finding.reason


@pytest.mark.parametrize(
    "value",
    [
        _b64("one-pad", 32),  # 44 characters, one "="
        _b64("two-pad", 31),  # 44 characters, "=="
        base64.urlsafe_b64encode(random.Random("url").randbytes(32)).decode().rstrip("="),
        _b64("no-pad", 33),
    ],
)
def test_a_value_in_one_encoding_blocks(value: str) -> None:
    assert [f.provider for f in blocking(scan(f"zerobounce_token: {value}\n"))] == ["zerobounce"]


@pytest.mark.parametrize(
    "value",
    [
        drawn("hex", 32, t.HEX),
        drawn("b36", 32, "abcdefghijklmnopqrstuvwxyz0123456789"),  # far from hex: a draw
        drawn("b62", 40),
        # a format's lowercase words before an uppercase draw: not the draw's characters
        f"pk_{random.Random(4).randrange(10**6, 10**7)}_{drawn('up', 32, t.UPPER_ALNUM)}",
        # words with digits too (a region's "eu2-" before a UUID, as HubSpot's "pat-na1-")
        f"app-eu2-{uuid.UUID(int=random.Random(5).getrandbits(128), version=4)}",
        _edit(drawn("short", 20, t.HEX), (5, "z")),  # too short to judge: a real draw could be
        # three capitals in 32: more than a 32-character value's edits
        _edit(drawn("three", 32, t.HEX), (1, "Q"), (9, "R"), (17, "S")),
    ],
)
def test_a_value_drawn_from_one_alphabet_still_blocks(value: str) -> None:
    assert [f.provider for f in blocking(scan(f"SHODAN_API_KEY={value}\n"))] == ["shodan"]


def test_a_token_of_a_known_format_keeps_its_own_rule() -> None:
    token = t.github_token(rng=random.Random(1))
    [finding] = blocking(scan(f"SHODAN_API_KEY={token}\n"))
    assert finding.rule == "github-token"


def test_a_providers_own_rule_wins_over_the_name() -> None:
    key = t.sendgrid_key(random.Random(2))
    [finding] = blocking(scan(f"SENDGRID_API_KEY={key}\n"))
    assert finding.rule != RULE and finding.provider == "sendgrid"


def test_in_third_party_code_it_warns() -> None:
    key = drawn("vendored")
    [finding] = scan(f'SHODAN_API_KEY = "{key}"\n', "node_modules/shodan-client/README.md")
    assert (finding.rule, finding.blocking) == (RULE, False)
    assert "third-party" in finding.reason


def test_disabling_the_rule_leaves_a_warning() -> None:
    key = drawn("disabled")
    findings = scan(f'SHODAN_API_KEY = "{key}"\n', policy=ScanConfig(disabled_rules=(RULE,)))
    assert findings and not blocking(findings)


def test_a_bare_key_counts_under_a_header_naming_the_service() -> None:
    key = drawn("bare", 32)
    [finding] = blocking(scan(f"shodan:\n  key: {key}\n", "deploy/values.yaml"))
    assert (finding.rule, finding.provider) == (RULE, "shodan")


@pytest.mark.parametrize(
    "text",
    [
        # a JSON record's "key" is its id, wherever a service is named on the line
        '[{{"key":"{uuid}","name":"Shodan","alias":"iconLink"}}]\n',
        "shodan:\n  key: {uuid}\n",
        # a bare key with the service only named on the line: a map's entry, a cache's key
        'cache = {{"key": "{alnum}", "backend": "shodan"}}\n',
    ],
)
def test_a_bare_key_is_an_identifier_unless_a_header_says_otherwise(text: str) -> None:
    values = {"uuid": SHAPES["uuid"](text), "alnum": drawn(text)}
    assert blocking(scan(text.format(**values), "data/records.json")) == []


def test_a_service_named_far_along_a_long_line_does_not_count() -> None:
    key = drawn("far")
    line = f'var a={{api_key:"{key}"}};' + "x=1;" * 60 + 'var s="shodan";\n'
    assert blocking(scan(line, "static/app.js")) == []


def test_a_property_s_dotted_name_names_its_service() -> None:
    """Java properties name settings with dots: ``azure.devops.pat`` is Azure DevOps'."""
    value = drawn("ado", 52, "abcdefghijklmnopqrstuvwxyz234567")
    [finding] = blocking(scan(f"azure.devops.pat={value}\n", "src/main/resources/app.properties"))
    assert (finding.rule, finding.provider) == (RULE, "azuredevops")


def test_a_key_drawn_from_base64_and_base64url_characters_blocks() -> None:
    """PagerDuty draws its 20-character keys from letters, digits and "+", "_" and "-"."""
    value = "u+" + drawn("pd", 18, t.ALNUM + "_-+")
    [finding] = blocking(scan(f'ENV["PAGERDUTY_TOKEN"] ||= "{value}"\n', "config/keys.rb"))
    assert (finding.rule, finding.provider) == (RULE, "pagerduty")


def test_a_dotted_key_blocks_under_its_service_s_name() -> None:
    """Some services join a key's parts with dots (an id, a secret): one key all the same."""
    rng = random.Random("dotted")
    key = ".".join(t.high_entropy(n, t.ALNUM, rng) for n in (6, 22, 24))
    [finding] = blocking(scan(f"ZEPLIN_TOKEN={key}\n"))
    assert (finding.rule, finding.provider, finding.fingerprint) == (
        RULE,
        "zeplin",
        fingerprint(KEY, key),
    )


@pytest.mark.parametrize(
    "text",
    [
        "SHODAN_AUTH_PROVIDER=com.example.auth2.ShodanTokenProvider\n",  # a class's name
        "SHODAN_TOKEN_URL=auth.eu-west-1.example.com\n",  # a host
        "shodan_token_version = 2.14.0.1-beta\n",
        "shodan_auth = urllib2.AbstractBasicAuthHandler\n",  # a module's class
    ],
)
def test_dotted_names_and_hosts_do_not_block(text: str) -> None:
    assert scan(text) == []


@pytest.mark.parametrize("last", ["-", "_"])
@pytest.mark.parametrize(
    ("path", "template"),
    [
        (".env", "MISTRAL_API_KEY={key}\n"),
        ("config/application.yml", "cloudflare:\n  api-token: {key}\n"),
        ("appsettings.json", '{{"Okta": {{"ApiToken": "{key}"}}}}\n'),
    ],
)
def test_a_base64url_key_ending_in_a_dash_or_underscore_blocks(
    path: str, template: str, last: str
) -> None:
    """Base64url's last two characters are "-" and "_": a draw ends in one of them once in
    32, and is no less a key for it."""
    key = drawn(path, 39, t.ALNUM) + last
    [finding] = blocking(scan(template.format(key=key), path))
    assert (finding.rule, finding.fingerprint) == (RULE, fingerprint(KEY, key))


@pytest.mark.parametrize(
    "text",
    ["FORGEJO_TOKEN={token}\n", "# Forgejo (git.example.org) API token\nAPI_TOKEN={token}\n"],
)
def test_a_forgejo_token_blocks_under_forgejos_name(text: str) -> None:
    """Forgejo issues its access tokens as 40 hex digits, as Gitea does: under Forgejo's
    name (a variable's, a comment's above it) one blocks, with Forgejo as its provider."""
    token = t.hex_secret(40, random.Random(text))
    [finding] = blocking(scan(text.format(token=token), ".forgejo/workflows/release.env"))
    assert (finding.rule, finding.provider) == (RULE, "forgejo")


@pytest.mark.parametrize(
    ("path", "template"),
    [
        ("config/keys.rb", 'ENV["SONAR_TOKEN"] ||= "{token}"\n'),
        ("settings.ini", "[sonar]\ntoken = {token}\n"),
        ("App.config", '<add key="SonarToken" value="{token}" />\n'),
    ],
)
def test_sonarscanner_s_token_blocks_under_its_name(path: str, template: str) -> None:
    """SONAR_TOKEN is the name SonarScanner reads; the catalogue's rule for it wants the
    name right before the value, so these forms were left to the name."""
    token = "squ_" + t.hex_secret(40, random.Random("sonar"))
    [finding] = blocking(scan(template.format(token=token), path))
    assert finding.provider == "sonar"


@pytest.mark.parametrize(
    "text",
    [
        "sonar.projectKey={key}\nsonar.organization=acme\n",
        'curl -u "$SONAR_TOKEN:" "https://sonarcloud.io/api/hotspots/search?projectKey={key}"\n',
    ],
)
def test_a_sonar_project_s_key_is_its_name_not_a_token(text: str) -> None:
    """sonar.projectKey names the project, in any characters its owner chose: no token is
    shaped so (SonarQube's are 40 letters and digits, maybe after squ_, sqp_ or sqa_)."""
    key = "Acme" + drawn("project", 8) + "_" + "web-shop"
    assert blocking(scan(text.format(key=key), "sonar-project.properties")) == []


@pytest.mark.parametrize(
    "template",
    [
        # a Postman environment: its variables as key/value objects
        '{{\n  "values": [\n    {{\n      "key": "SHODAN_API_KEY",\n'
        '      "value": "{value}",\n      "enabled": true\n    }}\n  ]\n}}\n',
        '[{{"key": "SHODAN_API_KEY", "value": "{value}", "type": "secret"}}]\n',
    ],
)
def test_a_key_in_a_json_key_value_pair_blocks(template: str) -> None:
    value = drawn("postman", 32)
    [finding] = blocking(scan(template.format(value=value), "env.postman_environment.json"))
    assert (finding.rule, finding.provider) == (RULE, "shodan")
    assert finding.fingerprint == fingerprint(KEY, value)


@pytest.mark.parametrize(
    ("path", "template"),
    [
        # an iOS app's Info.plist: the name's <key> over its <string>
        ("App/Info.plist", "<dict>\n\t<key>ShodanApiKey</key>\n\t<string>{value}</string>\n"),
        # Android's Gradle: the value in escaped quotes inside a string
        ("app/build.gradle", 'buildConfigField "String", "SHODAN_API_KEY", "\\"{value}\\""\n'),
        ("Makefile", "SHODAN_API_KEY ?= {value}\n"),  # Make's default assignment
        ("docs/notes.txt", "Shodan API key: {value}\n"),  # the service two words back
        # Objective-C's string literal
        ("App/Keys.m", 'NSString *const kShodanApiKey = @"{value}";\n'),
        # a query's bare "key" in the URL of the service's API
        ("scripts/check.sh", "curl 'https://api.shodan.io/api-info?key={value}'\n"),
        ("requests.http", "GET https://api.shodan.io/shodan/host/8.8.8.8?ip=1&key={value}\n"),
    ],
)
def test_a_key_in_mobile_build_and_note_files_blocks(path: str, template: str) -> None:
    value = drawn(path, 32)
    [finding] = blocking(scan(template.format(value=value), path))
    assert (finding.rule, finding.provider) == (RULE, "shodan")
    assert finding.fingerprint == fingerprint(KEY, value)


@pytest.mark.parametrize(
    "text",
    [
        "<key>CFBundleIdentifier</key>\n<string>{value}</string>\n",  # no credential's name
        "api key: {value}\n",  # no service named
        "curl 'https://cdn.acme.io/app.js?key={value}'\n",  # a query's key, no service's API
    ],
)
def test_a_value_without_a_service_s_key_name_does_not_block(text: str) -> None:
    assert blocking(scan(text.format(value=drawn(text, 32)), "App/Info.plist")) == []


def test_a_long_key_under_a_variable_above_blocks() -> None:
    """Aiven's tokens are 372 characters: a value is read up to 512."""
    value = drawn("aiven", 372, t.ALNUM + "+/")
    text = f'variable "aiven_api_token" {{\n  type    = string\n  default = "{value}"\n}}\n'
    [finding] = blocking(scan(text, "infra/variables.tf"))
    assert (finding.provider, finding.fingerprint) == ("aiven", fingerprint(KEY, value))


def test_a_key_in_an_attribute_pair_blocks() -> None:
    """.NET's app.config: the attribute named "key" holds the setting's name, and the key
    is in "value"."""
    value = drawn("xml", 64)
    text = f'<appSettings>\n  <add key="Auth0ClientSecret" value="{value}" />\n</appSettings>\n'
    [finding] = blocking(scan(text, "App.config"))
    assert (finding.rule, finding.provider) == (RULE, "auth0")
    assert finding.fingerprint == fingerprint(KEY, value)


@pytest.mark.parametrize("name", ["COMMAND_LINE_TOKEN", "LINE_TOKEN", "PIPELINE_API_KEY"])
def test_line_alone_names_no_service(name: str) -> None:
    assert [f.provider for f in scan(f"{name}={drawn(name, 40)}\n", "app/.env")] != ["line"]
    assert blocking(scan(f"{name}={drawn(name, 40)}\n", "app/.env")) == []


def test_a_value_made_of_words_does_not_block() -> None:
    value = "nonexistent-org-" + t.hex_secret(16, random.Random(5))
    assert blocking(scan(f"SHODAN_API_KEY={value}\n")) == []


def test_a_service_whose_format_we_check_is_left_to_its_detector() -> None:
    """Twilio's auth token is lowercase hex: its detector turns an uppercase one down, and
    the name does not bring it back."""
    token = t.hex_secret(32, random.Random(6)).upper()
    assert blocking(scan(f"[twilio]\napi_key = {token}\n", "conf/app.ini")) == []
    assert blocking(scan(f"TWILIO_API_KEY={token}\n")) == []


@pytest.mark.parametrize(
    ("name", "provider", "alphabet"),
    [
        ("SLACK_SIGNING_SECRET", "slack", t.HEX),
        ("SLACK_CLIENT_SECRET", "slack", t.HEX),
        ("BRAINTREE_PRIVATE_KEY", "braintree", t.HEX),
        ("TWILIO_API_SECRET", "twilio", t.ALNUM),
    ],
)
def test_a_credential_its_service_s_detector_does_not_know_is_reported_by_name(
    name: str, provider: str, alphabet: str
) -> None:
    """Slack's app credentials, Braintree's private key and a Twilio API key's secret are bare
    random strings beside the tokens their services' detectors know: under their names they
    block, and under the names of those tokens a value out of their shape still does not."""
    value = drawn(name, 32, alphabet)
    [finding] = blocking(scan(f"{name}={value}\n"))
    assert (finding.rule, finding.provider) == (RULE, provider)
    assert finding.fingerprint == fingerprint(KEY, value)
    token_name = {"slack": "SLACK_BOT_TOKEN", "braintree": "BRAINTREE_ACCESS_TOKEN"}
    assert blocking(scan(f"{token_name.get(provider, 'TWILIO_AUTH_TOKEN')}={value}\n")) == []
    # under a section named after the service: "twilio:" over "api_secret: ..."
    kind = name.split("_", 1)[1].lower()
    [nested] = blocking(scan(f"{provider}:\n  {kind}: {value}\n", "config/services.yaml"))
    assert (nested.rule, nested.provider) == (RULE, provider)
    assert blocking(scan(f"{provider}:\n  token: {value}\n", "config/services.yaml")) == []


@pytest.mark.parametrize(
    ("path", "template", "provider"),
    [
        ("conf/app.ini", "[datadog]\napi_key = {hex32}\n", "datadog"),
        ("charts/values.yaml", 'datadog:\n  apiKey: "{hex32}"\n  appKey: "{hex40}"\n', "datadog"),
        (
            "infra/variables.tf",
            'variable "twilio_auth_token" {{\n  type    = string\n  default = "{hex32}"\n}}\n',
            "twilio",
        ),
    ],
)
def test_a_key_in_its_service_s_shape_blocks_where_its_detector_cannot_read_the_name(
    path: str, template: str, provider: str
) -> None:
    """Datadog's and Twilio's detectors read their names on the key's line; under a
    section or a Terraform variable above, the name is elsewhere, and a value in the shape
    those detectors know is taken for that service's key."""
    rng = random.Random(path)
    text = template.format(hex32=t.hex_secret(32, rng), hex40=t.hex_secret(40, rng))
    found = blocking(scan(text, path))
    assert found and {f.provider for f in found} == {provider}


@pytest.mark.parametrize(
    ("path", "template", "provider"),
    [
        ("src/Api/appsettings.json", '{{"Cloudflare": {{\n  "ApiToken": "{alnum40}"\n}}}}\n',
         "cloudflare"),
        ("config/settings.ini", "[cloudflare]\napi_key = {hex37}\n", "cloudflare"),
        ("charts/values.yaml", "netlify:\n  authToken: {alnum43}\n", "netlify"),
    ],
)  # fmt: skip
def test_a_key_in_a_format_its_service_used_before_its_prefixes_still_blocks(
    path: str, template: str, provider: str
) -> None:
    """Cloudflare (2026) and Netlify (2023) gave their new credentials prefixes that our
    detectors know; the credentials made before have none and work on. Under the service's
    name they still block."""
    rng = random.Random(path)
    text = template.format(
        alnum40=t.high_entropy(40, t.ALNUM, rng),
        hex37=t.hex_secret(37, rng),
        alnum43=t.high_entropy(43, t.ALNUM, rng),
    )
    [finding] = blocking(scan(text, path))
    assert (finding.rule, finding.provider) == (RULE, provider)


def test_a_value_out_of_its_service_s_shape_stays_out_under_a_section() -> None:
    assert blocking(scan(f"[datadog]\napi_key = {drawn('dd', 40)}\n", "conf/app.ini")) == []


def test_a_hostile_line_of_urn_segments_is_read_once() -> None:
    """A pushed line made to make the ARN check rescan it per segment (quadratic: minutes
    for this one before the check was bounded) still scans, and its key still blocks."""
    key = drawn("hostile")
    line = "urn:" * 100_000 + f"x SHODAN_API_KEY={key}\n"
    [finding] = blocking(scan(line, "data/dump.txt"))
    assert (finding.rule, finding.provider) == (RULE, "shodan")


@pytest.mark.parametrize(
    ("text", "provider"),
    [
        ("ZOOM_CLIENT_SECRET={key}\n", "zoom"),
        ("TOGETHER_API_KEY={key}\n", "together"),
        ("MODAL_TOKEN_SECRET=as-{key}\n", "modal"),
        ("EXA_API_KEY={key}\n", "exa"),
        ("SANITY_API_TOKEN={key}\n", "sanity"),
        ("PERCY_TOKEN={key}\n", "percy"),
        ("COVERALLS_REPO_TOKEN={key}\n", "coveralls"),
        ("ALCHEMY_API_KEY={key}\n", "alchemy"),
        ("LARK_APP_SECRET={key}\n", "lark"),
        ("CONSUL_HTTP_TOKEN={key}\n", "consul"),
        ("FLY_API_TOKEN={key}\n", "fly"),
        ("MUX_TOKEN_SECRET={key}\n", "mux"),
        ("LOB_API_KEY={key}\n", "lob"),
        ("api:\n  copper_token: {key}\n", "copper"),
        ("WIZ_CLIENT_SECRET={key}\n", "wiz"),
        ("SHORTCUT_API_TOKEN={key}\n", "shortcut"),
    ],
)
def test_a_service_named_by_a_word_counts_in_the_credential_s_own_name(
    text: str, provider: str
) -> None:
    key = drawn(text, 43)
    [finding] = blocking(scan(text.format(key=key)))
    assert (finding.rule, finding.provider) == (RULE, provider)


@pytest.mark.parametrize(
    "text",
    [
        # a Kubernetes Deployment's env, a Helm chart's values: the name on the line above
        "        env:\n          - name: SHODAN_API_KEY\n            value: {key}\n",
        'extraEnv:\n  - name: "SHODAN_API_KEY"\n    value: "{key}"\n',
        # a Terraform variable's default, under the variable's header
        'variable "shodan_api_key" {{\n  type      = string\n  sensitive = true\n'
        '  default   = "{key}"\n}}\n',
        'const SHODAN_API_KEY: &str = "{key}";\n',  # Rust: a type between name and value
        # Rust: the fallback to an environment lookup
        'env::var("SHODAN_API_KEY").unwrap_or_else(|_| "{key}".to_string())\n',
        'std::env::var("SHODAN_API_KEY").unwrap_or("{key}".into())\n',
        "shodanApiKey: string = '{key}';\n",  # TypeScript
        "ENV['SHODAN_API_KEY'] ||= '{key}'\n",  # Ruby: a default
        "settings.shodanApiKey ??= '{key}';\n",  # JavaScript: the same
        # a fallback to the environment: Node's, Vite's, Python's, Ruby's, the shell's
        'const key = process.env.SHODAN_API_KEY || "{key}";\n',
        "const key = import.meta.env.VITE_SHODAN_API_KEY ?? '{key}';\n",
        'key = os.getenv("SHODAN_API_KEY") or "{key}"\n',
        'key = ENV["SHODAN_API_KEY"] || "{key}"\n',
        'export SHODAN_API_KEY="${{SHODAN_API_KEY:-{key}}}"\n',
        # docs: the variable's name, "is", its value
        "- SHODAN_API_KEY is {key} (set it in the deploy environment).\n",
        # an Elixir application's config, keyed by the service
        'import Config\n\nconfig :recon, :shodan,\n  api_key: "{key}"\n',
        'config :shodan,\n  token: System.get_env("T"),\n  api_key: "{key}"\n',
    ],
)
def test_a_key_named_in_other_languages_and_layouts_blocks(text: str) -> None:
    key = drawn(text, 32)
    [finding] = blocking(scan(text.format(key=key), "deploy/app.yaml"))
    assert (finding.rule, finding.provider, finding.fingerprint) == (
        RULE,
        "shodan",
        fingerprint(KEY, key),
    )


@pytest.mark.parametrize(
    ("path", "text", "provider"),
    [
        # a Ruby hash keyed by symbols
        ("config/initializers/llm.rb",
         "LLM = {{\n  :mistral => {{\n    :api_key => \"{key}\",\n    timeout: 5\n  }}\n}}\n",
         "mistral"),
        # a Terraform provider block, by its label
        ("infra/providers.tf", 'provider "mistral" {{\n  api_key = "{key}"\n}}\n', "mistral"),
        # a request's headers under the call that names the API's host
        ("src/lib/llm.js",
         "const res = await fetch('https://api.mistral.ai/v1/models', {{\n  method: 'GET',\n"
         "  headers: {{\n    'Authorization': 'Bearer {key}',\n  }},\n}});\n", "mistral"),
        # an API served under a domain that is not the service's name
        ("src/main/resources/application.yml",
         "external-api:\n  base-url: https://api.datadoghq.com\n  api-key: {hex}\n", "datadog"),
        # a client's or an API's section inside the service's own
        ("config/okta.yaml",
         "okta:\n  client:\n    orgUrl: https://acme.okta.com\n    token: {key}\n", "okta"),
        ("config/crm.yml", "hubspot:\n  api:\n    auth-token: {key}\n", "hubspot"),
    ],
)  # fmt: skip
def test_a_key_blocks_under_the_block_that_names_its_service(
    path: str, text: str, provider: str
) -> None:
    rng = random.Random(path)
    key, hex32 = t.high_entropy(32, t.ALNUM, rng), t.hex_secret(32, rng)
    [finding] = blocking(scan(text.format(key=key, hex=hex32), path))
    assert (finding.rule, finding.provider) == (RULE, provider)
    assert finding.fingerprint == fingerprint(KEY, hex32 if provider == "datadog" else key)


@pytest.mark.parametrize(
    ("path", "text", "provider"),
    [
        # an API's versioned path names its host's service, a log's request line above
        ("logs/api.log",
         "> GET https://inference.baseten.co/v1/models HTTP/1.1\n> Authorization: Api-Key {key}\n",
         "baseten"),
        # a model routed to its provider (LiteLLM, aider)
        ("litellm/config.yaml",
         "model_list:\n  - litellm_params:\n      model: mistral/mistral-large-latest\n"
         "      api_key: {key}\n", "mistral"),
        # a service's name as a word inside its own key
        (".env", "SHODAN_API_KEY=sk-shodan-{key}\n", "shodan"),

    ],
)  # fmt: skip
def test_a_key_blocks_where_its_request_model_or_value_names_the_service(
    path: str, text: str, provider: str
) -> None:
    key = drawn(path, 40)
    [finding] = blocking(scan(text.format(key=key), path))
    assert (finding.rule, finding.provider) == (RULE, provider)


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("appsettings.json",
         '{{"ExternalApi": {{\n  "BaseUrl": "https://inference.baseten.co",\n'
         '  "Token": "{key}"\n}}}}\n'),
        ("config/initializers/search.rb",
         'SEARCH = {{\n  :token => "{key}",\n  :base_url => "https://google.serper.dev",\n}}\n'),
    ],
)  # fmt: skip
def test_a_url_a_setting_declares_an_api_s_base_names_its_service(path: str, text: str) -> None:
    """A generic name for the key, and the service only in its block's base URL: a host
    with no api. label and no versioned path, declared the API's base by its setting."""
    [finding] = blocking(scan(text.format(key=drawn(path, 40)), path))
    assert finding.rule == RULE
    assert finding.provider == ("baseten" if "baseten" in text else "serper")


JAVA_CLIENT = """public class ChatClient {{
    private static final String API_URL = "{url}";
{more}
    public static void main(String[] args) throws Exception {{
        String apiKey = "{key}";
        HttpRequest req = HttpRequest.newBuilder(URI.create(API_URL)).build();
    }}
}}
"""


def test_the_api_base_a_class_declares_names_the_key_in_its_method() -> None:
    """The class's API_URL constant is blank lines and a method header above the key."""
    text = JAVA_CLIENT.format(url="https://api.deepgram.com/v1/listen", more="", key=drawn("j", 40))
    [finding] = blocking(scan(text, "src/ChatClient.java"))
    assert (finding.rule, finding.provider, finding.line) == (RULE, "deepgram", 5)


def test_two_api_bases_declared_above_a_key_name_neither() -> None:
    more = '    private static final String BASE_URL = "https://api.shodan.io/v1";\n'
    text = JAVA_CLIENT.format(
        url="https://api.deepgram.com/v1/listen", more=more, key=drawn("t", 40)
    )
    assert blocking(scan(text, "src/ChatClient.java")) == []


@pytest.mark.parametrize(
    ("path", "text", "provider"),
    [
        ("search.py", 'from serpapi import GoogleSearch\n\nsearch = GoogleSearch({{\n'
         '    "q": "coffee",\n    "api_key": "{key}",\n}})\n', "serpapi"),
        ("src/listen.js", 'const {{ createClient }} = require("@deepgram/sdk");\n\n'
         'const options = {{ apiKey: "{key}" }};\n', "deepgram"),
        # a notebook cell's source lines are JSON strings
        ("notebooks/quickstart.ipynb", '{{"cells": [{{"source": [\n    "import shodan\\n",\n'
         '    "\\n",\n    "shodan.settings.api_key = \\"{key}\\""\n]}}]}}\n', "shodan"),
    ],
)  # fmt: skip
def test_the_sdk_a_file_imports_names_the_key_below(path: str, text: str, provider: str) -> None:
    [finding] = blocking(scan(text.format(key=drawn(path, 40)), path))
    assert (finding.rule, finding.provider) == (RULE, provider)


@pytest.mark.parametrize(
    "text",
    [
        # two services' SDKs: whose key it is, the file does not say
        'import shodan\nfrom serpapi import GoogleSearch\n\nconfig = {{"api_key": "{key}"}}\n',
        # a bare "key" (a cache's, a map's) is no credential's name
        'import shodan\n\ncache = {{"key": "{key}"}}\n',
    ],
)
def test_a_file_s_imports_name_no_service_for_these(text: str) -> None:
    assert blocking(scan(text.format(key=drawn(text, 40)), "app/search.py")) == []


def test_a_key_sent_as_the_authorization_header_itself_blocks() -> None:
    """AssemblyAI's API takes its key as the Authorization header, with no scheme."""
    key = t.rand(32, t.LOWER_ALNUM, random.Random("assemblyai"))
    text = f"curl https://api.assemblyai.com/v2/transcript -H 'authorization: {key}'\n"
    [finding] = blocking(scan(text, "README.md"))
    assert (finding.rule, finding.provider) == (RULE, "assemblyai")


def test_a_customer_s_app_on_a_hosting_platform_names_no_service() -> None:
    """A Vercel app's versioned API is the app's, not Vercel's: its key is nobody's known."""
    for text in (
        "proxy:\n  url: https://shodan-proxy.vercel.app/v1\n  api_key: {key}\n",
        "proxy:\n  base_url: https://shodan-proxy.vercel.app\n  api_key: {key}\n",
    ):
        assert blocking(scan(text.format(key=drawn("tenant", 40)), "config/app.yaml")) == []


@pytest.mark.parametrize(
    "text",
    [
        # a section of its own between the key and the service named above it
        "# Mistral\ndatabase:\n  password_token: {key}\n",
        # a container section beside the service's, not inside it
        "mistral:\n  enabled: true\napi:\n  token: {key}\n",
        "mistral:\n  enabled: true\nclient:\n  token: {key}\n",
        # a request's headers with no host named above them
        "const res = await fetch(url, {{\n  headers: {{\n    'Authorization': 'Bearer {key}',\n",
        'resource "random_password" "db" {{\n  api_key = "{key}"\n}}\n',
    ],
)
def test_a_block_naming_no_service_names_none(text: str) -> None:
    found = blocking(scan(text.format(key=drawn(text, 32)), "app/x.js"))
    assert [f.provider for f in found if f.provider or f.rule == RULE] == []


@pytest.mark.parametrize(
    "text",
    [
        "env:\n  - name: SHODAN_MODEL\n    value: {key}\n",  # not a credential's name
        "env:\n  - name: API_KEY\n    value: {key}\n",  # no service named
        "# Shodan\nenv:\n  - value: {key}\n",  # no name at all
        'variable "bucket_suffix" {{\n  default = "{key}"\n}}\n',
        'variable "shodan_api_key" {{}}\nlocals {{\n  x = 1\n}}\ndefault = "{key}"\n',
    ],
)
def test_a_value_with_no_credential_s_name_above_does_not_block(text: str) -> None:
    assert [f.rule for f in blocking(scan(text.format(key=drawn(text, 32))))] == []


@pytest.mark.parametrize(
    ("name", "provider"),
    [
        # sk- + 32 hex is DeepSeek's shape, which Alibaba's DashScope keys share
        ("DASHSCOPE_API_KEY", "dashscope"),
        ("DEEPSEEK_API_KEY", "deepseek"),
        ("BRAINTRUST_API_KEY", "braintrust"),
    ],
)
def test_a_shape_another_provider_shares_is_the_named_provider_s(name: str, provider: str) -> None:
    """A catalogue rule that knows a key by its shape alone would label every sk- + 32 hex
    key DeepSeek's, and send it to DeepSeek to be checked: under another provider's name the
    key is that provider's."""
    key = "sk-" + drawn(name, 32, t.HEX)
    [finding] = blocking(scan(f"{name}={key}\n"))
    assert (finding.provider, finding.fingerprint) == (provider, fingerprint(KEY, key))


@pytest.mark.parametrize(
    ("text", "provider"),
    [
        ("// Mistral API key\nconst apiKey = '{key}';\n", "mistral"),  # as the key's owner
        ("# Together AI token\nTOKEN={key}\n", "together"),
        ("providers:\n  cohere:\n    model: command-r\n    api_key: {key}\n", "cohere"),
        ("[mistral]\nkey = {key}\n", "mistral"),  # a section's whole key
        ("module.exports = {{\n  together: {{\n    apiKey: '{key}',\n  }},\n}};\n", "together"),
        # an API's URL on the line
        ("curl -H 'Authorization: Bearer {key}' https://api.mistral.ai/v1/models\n", "mistral"),
        # the call or object the value is in
        ("const co = new CohereClient({{ token: '{key}' }});\n", "cohere"),
        ('{{"llm":{{"together":{{"apiKey":"{key}"}}}}}}\n', "together"),
        # a setting naming the service in the key's block
        ("llm:\n  provider: mistral\n  model: mistral-large\n  api_key: {key}\n", "mistral"),
        # an XML element around the key, attributes and all
        ('<mistral enabled="true">\n  <api_key>{key}</api_key>\n</mistral>\n', "mistral"),
        # a class named after the service, its keys its members
        ('public class MistralClient {{\n    static final String KEY = "{key}";\n', "mistral"),
        ("class CohereService:\n    api_key = '{key}'\n", "cohere"),
        # an element naming nothing is no section: the comment above it still counts
        ("<!-- Mistral API key -->\n<settings>\n  <token>{key}</token>\n</settings>\n", "mistral"),
    ],
)
def test_a_service_named_by_a_word_counts_where_only_the_service_is_meant(
    text: str, provider: str
) -> None:
    key = drawn(text, 32)
    [finding] = blocking(scan(text.format(key=key)))
    assert (finding.rule, finding.provider, finding.fingerprint) == (
        RULE,
        provider,
        fingerprint(KEY, key),
    )


@pytest.mark.parametrize(
    "text",
    [
        "# zoom in on the chart\nAPI_KEY={key}\n",  # the word in a comment
        "# keep the two together: key and id\napi_key = '{key}'\n",
        "client = Config(token='{key}')\n",  # a call named after no service
        "vault_smtp_password: {key}\n",  # Ansible's vaulted variable: no HashiCorp Vault's
        "llm:\n  provider: local\n  api_key: {key}\n",
        'api_key = "{key}"  # together with the id below\n',  # the word on the line
        "# sanity check of the client\nclient_secret: {key}\n",
        "# copper wire gauge table\napi_key = '{key}'\n",
        "# keyboard shortcut for the token field\ntoken = '{key}'\n",
        "<settings>\n  <api_key>{key}</api_key>\n</settings>\n",
        "class LinearRegression:\n    api_key = '{key}'\n",  # the word, no service's client
        "<together/>\n<api_key>{key}</api_key>\n",  # an empty element holds no key
    ],
)
def test_a_service_named_by_a_word_counts_nowhere_else(text: str) -> None:
    assert blocking(scan(text.format(key=drawn(text)))) == []


def test_words_after_a_prefix_still_make_a_name() -> None:
    assert blocking(scan("NOTION_TOKEN=secret_key_for_tests_only_1234\n")) == []


def _jira_dc_pat(rng: random.Random, first: bytes = b"") -> str:
    """A Jira Data Center personal access token: base64 of a 12-digit id, ":" and 20 random
    bytes (44 characters); ``first`` replaces the id's first byte."""
    token_id = str(rng.randrange(10**11, 10**12)).encode()
    return base64.b64encode(
        (first or token_id[:1]) + token_id[1:] + b":" + rng.randbytes(20)
    ).decode()


_R = random.Random("documented")


def _r(n: int, alphabet: str = t.ALNUM) -> str:
    return t.rand(n, alphabet, _R)


NOT_HEX = "ghijklmnopqrstuvwxyz0123456789"

# (name, provider, a key in the service's documented format, a value that cannot be one)
DOCUMENTED = [
    ("WANDB_API_KEY", "wandb", _r(40, t.HEX), _r(34, t.HEX)),
    ("WANDB_API_KEY", "wandb", "local-" + _r(40, t.HEX), _r(44, t.HEX)),
    ("PLAID_SECRET", "plaid", _r(30, t.HEX), _r(30, NOT_HEX)),
    ("SCRAPINGBEE_API_KEY", "scrapingbee", _r(80, t.UPPER_ALNUM), _r(80, t.LOWER_ALNUM)),
    ("ALGOLIA_ADMIN_KEY", "algolia", _r(32), _r(16) + "-" + _r(15)),
    ("AMADEUS_CLIENT_SECRET", "amadeus", _r(16), _r(17)),
    ("BITMEX_API_SECRET", "bitmex", _r(48, t.ALNUM + "_-"), _r(22)),
    ("JIRA_TOKEN", "jira", _jira_dc_pat(_R), _jira_dc_pat(_R, first=b"\x01")),
    ("JIRA_TOKEN", "jira", _jira_dc_pat(_R), _jira_dc_pat(_R)[:40]),
    ("CONFLUENCE_PAT", "confluence", _jira_dc_pat(_R), _jira_dc_pat(_R, first=b"A")),
]


@pytest.mark.parametrize(("name", "provider", "key", "other"), DOCUMENTED)
def test_a_value_off_the_format_its_service_documents_warns(
    name: str, provider: str, key: str, other: str
) -> None:
    """A service that says what its keys look like: a value that cannot be one (a W&B key
    of 34 hex characters, a lowercase ScrapingBee key) is a placeholder or an edited copy.
    It warns, with the format it misses; a key in the format blocks."""
    [finding] = blocking(scan(f"{name}={key}\n"))  # the catalogue's rule, for some
    assert finding.fingerprint == fingerprint(KEY, key)
    [finding] = scan(f"{name}={other}\n")
    assert (finding.rule, finding.blocking, finding.provider) == (RULE, False, provider)
    assert finding.reason.startswith(f"not in {provider}'s documented key format")
    assert finding.fingerprint == fingerprint(KEY, other)


def test_a_password_is_never_judged_by_its_service_s_key_format() -> None:
    password = drawn("jira-password", 20)
    [finding] = blocking(scan(f"JIRA_PASSWORD={password}\n"))
    assert (finding.rule, finding.provider) == (RULE, "jira")


@pytest.mark.parametrize(
    ("name", "provider"),
    [("shodanapikey", "shodan"), ("VULTRAPIKEY", "vultr"), ("$pushbulletapikey", "pushbullet"),
     ("scalewaysecretkey", "scaleway"),
     # which of the service's credentials, glued between its name and the credential word
     ("airtablepersonalaccesstoken", "airtable"), ("AIRBRAKEPROJECTKEY", "airbrake"),
     # the product's own suffix, as its domain or app is called, and the credential beside it
     ("tatumio_token", "tatum"), ("paydirtappToken", "paydirt"), ("checklyhq_api_key", "checkly")],
)  # fmt: skip
def test_a_service_s_name_glued_to_a_credential_word_names_it(name: str, provider: str) -> None:
    [finding] = blocking(scan(f"{name} = '{drawn(name, 40)}'\n", "app/config.php"))
    assert (finding.rule, finding.provider) == (RULE, provider)


@pytest.mark.parametrize(
    "name",
    [
        "monkey", "turkeykey", "whiskey",
        # a word that merely ends as a product's suffix does, and a user's (not secret) key
        "studio_token", "ratio_key", "newrelicuserkey",
    ],
)  # fmt: skip
def test_a_word_ending_in_key_is_no_service_s_key(name: str) -> None:
    assert blocking(scan(f"{name} = '{drawn(name, 40)}'\n", "app/config.php")) == []


@pytest.mark.parametrize(
    ("text", "provider"),
    [
        ('const options = {{\n  uri: "https://api.shodan.io/shodan/host",\n'
         '  api_key: "{key}",\n}};\n', "shodan"),
        ('curl -s "https://api.zerobounce.net/v2/validate" \\\n  -H "X-Api-Key: {key}"\n',
         "zerobounce"),
    ],
)  # fmt: skip
def test_the_service_s_api_url_in_the_key_s_block_names_it(text: str, provider: str) -> None:
    key = drawn(text, 32)
    [finding] = blocking(scan(text.format(key=key), "app/client.js"))
    assert (finding.rule, finding.provider) == (RULE, provider)
    assert finding.fingerprint == fingerprint(KEY, key)


@pytest.mark.parametrize(
    "text",
    [
        'base = "https://api.shodan.io/"\n\napi_key = "{key}"\n',  # past a blank line
        # another credential's name above is no label of this one
        "env:\n  PERCY_TOKEN_ENCODED: abc\n  CYPRESS_RECORD_KEY_ENCODED: {key}\n",
        # a tenant's host on a hosting platform: not the platform's API
        "RIPPLE_CLOUD_URL=https://ripple-cloud.vercel.app\nRIPPLE_API_KEY={key}\n",
    ],
)
def test_a_line_above_names_no_service_but_by_its_api_url(text: str) -> None:
    assert blocking(scan(text.format(key=drawn(text, 32)), "app/client.js")) == []


@pytest.mark.parametrize(
    ("text", "provider"),
    [
        # an OpenAI-compatible client: its base_url below names whose key it is
        ('client = OpenAI(\n    api_key="{key}",\n    base_url="https://api.together.xyz/v1",\n)\n',
         "together"),
        # OpenAI's variable names over another service's key and endpoint
        ("OPENAI_API_KEY={key}\nOPENAI_BASE_URL=https://api.deepinfra.com/v1/openai\n",
         "deepinfra"),
        # an Azure OpenAI resource's endpoint, above or below: Azure's key, not OpenAI's
        ("OPENAI_API_TYPE=azure\nOPENAI_API_BASE=https://contoso-ai.openai.azure.com/\n"
         "OPENAI_API_KEY={key}\n", "azureopenai"),
        ('client = AzureOpenAI(\n    api_key="{key}",\n    api_version="2024-02-01",\n'
         '    azure_endpoint="https://contoso-ai.openai.azure.com/",\n)\n', "azureopenai"),
        # the call the key's line continues names it
        ('api = Shodan(\n    api_key="{key}",\n)\n', "shodan"),
    ],
)  # fmt: skip
def test_a_key_s_block_names_its_service_around_it(text: str, provider: str) -> None:
    key = drawn(text, 32, "0123456789abcdef")
    [finding] = blocking(scan(text.format(key=key), "app/client.py"))
    assert (finding.rule, finding.provider) == (RULE, provider)
    assert finding.fingerprint == fingerprint(KEY, key)


@pytest.mark.parametrize(
    "text",
    [
        # OpenAI's own endpoint: a value out of OpenAI's key formats is no OpenAI key
        "OPENAI_API_KEY={key}\nOPENAI_BASE_URL=https://api.openai.com/v1\n",
        # a call closed before the key's line is not the key's
        'api = Shodan(\n    timeout=3,\n)\nsettings = dict(\n    api_key="{key}",\n)\n',
        # a URL after the end of the key's call or block
        'settings = dict(\n    api_key="{key}",\n)\nbase = "https://api.shodan.io/"\n',
    ],
)
def test_what_is_outside_a_key_s_block_names_no_service(text: str) -> None:
    key = drawn(text, 32, "0123456789abcdef")
    assert blocking(scan(text.format(key=key), "app/client.py")) == []


def test_a_php_array_named_after_a_service_names_its_keys() -> None:
    """Laravel's config/services.php: ``'hubspot' => [`` over ``'api_key' => '…'``, even
    commented out (a key in a comment is still in the history)."""
    key = str(uuid.UUID(int=random.Random("hubspot").getrandbits(128), version=4))
    for text in (
        f"return [\n    'hubspot' => [\n        'api_key' => '{key}',\n    ],\n];\n",
        f"$config = array(\n  'hubspot' => array(\n    // 'api_key' => '{key}',\n  ),\n);\n",
    ):
        [finding] = blocking(scan(text, "config/services.php"))
        assert (finding.rule, finding.provider) == (RULE, "hubspot"), text


def test_a_value_s_own_words_name_its_service() -> None:
    key = "salad_cloud_org_" + drawn("salad", 50)
    [finding] = blocking(scan(f"API_KEY={key}\n"))
    assert (finding.rule, finding.provider) == (RULE, "saladcloud")


def test_a_key_whose_service_is_named_nowhere_warns() -> None:
    """A token's own name over a random-looking value, no service named anywhere near:
    reported for review (detect-secrets' keyword plugin does not read "token"), not blocked;
    a service named above it makes it that service's key."""
    key = drawn("internal", 40)
    [finding] = scan(f"INTERNAL_SERVICE_TOKEN={key}\n")
    assert (finding.rule, finding.blocking, finding.provider) == (RULE, False, "")
    assert finding.reason == UNNAMED
    assert finding.fingerprint == fingerprint(KEY, key)
    [named] = scan(f"# Shodan\nINTERNAL_SERVICE_TOKEN={key}\n")
    assert (named.rule, named.blocking, named.provider) == (RULE, True, "shodan")


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ('cache = {{"key": "{key}"}}\n', "app/cache.py"),  # a bare "key": a map's, a cache's
        ("BACKUP_PASSWORD={key}\n", "notes.txt"),  # a password: the keyword detector's
        ("withCredentials: defaultToConfig2,\n", "src/http.js"),  # an identifier
        ("contract_token: 0x{hex40}\n", "config/chain.yml"),  # an Ethereum address
        ("AUTH_TOKEN={key}\n", "node_modules/pkg/.env"),  # third-party code
    ],
)
def test_no_unnamed_warning_where_there_is_no_key_of_ours(text: str, path: str) -> None:
    rng = random.Random(text)
    values = {"key": drawn(text, 40), "hex40": t.hex_secret(40, rng)}
    assert [f for f in scan(text.format(**values), path) if f.rule == RULE] == []


@pytest.mark.parametrize(
    "template",
    [
        'headers = {{\n    "Authorization": "Bearer {key}",\n}}\n'
        'resp = requests.get("https://api.shodan.io/account/profile", headers=headers)\n',
        'headers = {{\n    "Authorization": "Bearer {key}",\n    "Accept": "application/json",\n'
        '}}\nr = httpx.post("https://api.shodan.io/v1/scan", headers=headers, json=body)\n',
    ],
    ids=["requests", "httpx"],
)
def test_a_header_block_names_its_service_by_the_request_after_it(template: str) -> None:
    """A headers dict, then the request that sends it: the request's URL names the service."""
    key = drawn(template, 32)
    [finding] = blocking(scan(template.format(key=key), "app/client.py"))
    assert (finding.rule, finding.provider) == (RULE, "shodan")


def test_only_the_line_right_after_a_block_names_its_service() -> None:
    """Past the statement after the block, a URL is another request's."""
    key = drawn("after", 32)
    text = (
        f'headers = {{\n    "Authorization": "Bearer {key}",\n}}\nlog.info("ready")\n'
        'resp = requests.get("https://api.shodan.io/account/profile", headers=headers)\n'
    )
    # a bearer token still, whose server the file does not say
    assert [(f.rule, f.provider) for f in blocking(scan(text, "app/client.py"))] == [
        ("bearer-token", "")
    ]


N8N_NODE = """{{
  "nodes": [
    {{
      "parameters": {{
        "method": "POST",
        "url": "{url}",
        "options": {{}},
        "sendHeaders": true,
        "headerParameters": {{
          "parameters": [
            {{
              "name": "{header}",
              "value": "{value}"
            }}
          ]
        }}
      }},
      "type": "n8n-nodes-base.httpRequest"
    }}
  ]
}}
"""


@pytest.mark.parametrize(
    ("header", "scheme"), [("Authorization", "Bearer "), ("X-Api-Key", "")], ids=["bearer", "key"]
)
def test_an_n8n_http_node_s_header_names_its_service_by_the_node_s_url(
    header: str, scheme: str
) -> None:
    """An n8n workflow export keeps an HTTP node's URL a few lines above its header
    parameters: the one API the file calls names the key."""
    key = drawn(header, 32)
    text = N8N_NODE.format(url="https://api.shodan.io/shodan/host/search", header=header,
                           value=scheme + key)  # fmt: skip
    [finding] = blocking(scan(text, "workflows/lookup.json"))
    assert (finding.rule, finding.provider) == (RULE, "shodan")
    assert finding.fingerprint == fingerprint(KEY, key)


def test_a_file_calling_two_services_names_neither() -> None:
    key = drawn("two", 32)
    node = N8N_NODE.format(url="https://api.shodan.io/shodan/host/search",
                           header="Authorization", value="Bearer " + key)  # fmt: skip
    text = '{"url": "https://api.zerobounce.net/v2/validate"}\n' + node
    # a bearer token still, whose server the file does not say
    assert [(f.rule, f.provider) for f in blocking(scan(text, "workflows/lookup.json"))] == [
        ("bearer-token", "")
    ]


@pytest.mark.parametrize(
    "row",
    [
        "SHODAN_API_KEY,Shodan,{key},platform-team",  # name, service, value, owner
        '"shodan_token","{key}","rotated 2026-03"',  # quoted cells, the value right after
        "API_KEY\tShodan\t{key}",  # tab-separated; the service in a cell of its own
    ],
    ids=["name-service-value", "quoted", "tsv"],
)
def test_a_credential_inventory_row_blocks(row: str) -> None:
    """A spreadsheet of credentials: one per row, its name in one cell, its value in a later
    one, the service in the name or a cell of its own."""
    key = drawn(row, 32)
    path = "ops/credentials.tsv" if "\t" in row else "ops/credentials.csv"
    text = "name,service,value,owner\n" + row.format(key=key) + "\n"
    [finding] = blocking(scan(text, path))
    assert (finding.rule, finding.provider, finding.line) == (RULE, "shodan", 2)


@pytest.mark.parametrize(
    "row",
    [
        "build-142,passed,{key},2026-03-01",  # no credential's name in the row: a digest
        "SHODAN_ACCOUNT_ID,Shodan,{key},platform-team",  # an id's name: no credential
    ],
    ids=["no-name", "id-name"],
)
def test_a_row_without_one_credential_name_does_not_block(row: str) -> None:
    key = drawn(row, 32)
    assert blocking(scan(row.format(key=key) + "\n", "ops/builds.csv")) == []


def test_an_aider_key_list_names_each_key_by_its_provider() -> None:
    """aider keeps one key per provider under api-key:, as provider=key items."""
    key = drawn("aider", 40)
    text = f"model: shodan/some-model\napi-key:\n  - shodan={key}\ndark-mode: true\n"
    [finding] = blocking(scan(text, ".aider.conf.yml"))
    assert (finding.rule, finding.provider, finding.line) == (RULE, "shodan", 3)
    # the same item in any other list names nothing
    other = f"environment:\n  - shodan={key}\n"
    assert blocking(scan(other, "docker-compose.yml")) == []


@pytest.mark.parametrize(
    ("text", "blocks"),
    [
        ('shodan.login(key="{key}")\n', True),  # a service's module logging in (wandb's)
        ('    "shodan.configure(key=\\"{key}\\")"\n', True),  # in a notebook's cell
        ('cache.get(key="{key}")\n', False),  # a cache's key: no service's module
        ('shodan.search(key="{key}")\n', False),  # not a login: a query's key
    ],
)
def test_a_bare_key_given_to_a_service_module_s_login_names_it(text: str, blocks: bool) -> None:
    key = drawn(text, 40, t.HEX)
    found = blocking(scan(text.format(key=key), "notebooks/setup.py"))
    assert [(f.rule, f.provider) for f in found] == ([(RULE, "shodan")] if blocks else [])


@pytest.mark.parametrize(
    ("text", "blocks"),
    [
        # the value first, the variable it goes in after it, the service named in the sentence
        ("The Shodan key for the team is `{key}` (it goes in `SHODAN_API_KEY`).", True),
        ("Use `{key}` as `API_TOKEN` for the Shodan account.", True),
        # no credential's name among the code spans: a commit, a build id
        ("Built from `{key}` with `make release`.", False),
    ],
)
def test_a_document_pairs_a_value_with_a_credential_name_in_another_code_span(
    text: str, blocks: bool
) -> None:
    key = drawn(text, 32)
    found = blocking(scan(text.format(key=key) + "\n", "docs/NOTES.md"))
    assert [(f.rule, f.provider) for f in found] == ([(RULE, "shodan")] if blocks else [])


@pytest.mark.parametrize(
    ("path", "template"),
    [
        ("Info.plist", "<dict>\n\t<key>SHODAN_API_KEY</key>\n\t<string>{key}</string>\n</dict>\n"),
        ("main.tf", 'variable "shodan_api_key" {{\n  type    = string\n  default = "{key}"\n}}\n'),
    ],
    ids=["plist", "terraform"],
)
def test_a_dotted_key_named_on_the_line_above_blocks(path: str, template: str) -> None:
    """A key with a short first part and a dot (Baseten's "<8>.<32>") under a name above."""
    key = drawn(path, 8) + "." + drawn(path + "2", 32)
    [finding] = blocking(scan(template.format(key=key), path))
    assert (finding.rule, finding.provider, finding.fingerprint) == (
        RULE,
        "shodan",
        fingerprint(KEY, key),
    )


def test_an_openai_client_pointed_at_dashscope_names_its_key() -> None:
    """DashScope serves its OpenAI-compatible API under Alibaba Cloud's shared domain."""
    key = "sk-" + drawn("dashscope", 32, t.HEX)
    text = (
        f'client = OpenAI(\n    api_key="{key}",\n'
        '    base_url="https://dashscope-intl.aliyuncs.com/compatible-mode/v1",\n)\n'
    )
    [finding] = blocking(scan(text, "app/llm.py"))
    assert (finding.rule, finding.provider) == (RULE, "dashscope")


def test_the_password_of_a_basic_auth_pair_is_the_key_of_the_api_it_calls() -> None:
    """requests' auth=(user, password): services that take their key as a Basic password
    (W&B's user "api") name it by the URL the file calls."""
    key = drawn("basic", 40, t.HEX)
    text = (
        'URL = "https://api.shodan.io/graphql"\n\n\ndef run(body):\n'
        f'    return requests.post(URL, auth=("api", "{key}"), json=body)\n'
    )
    [finding] = blocking(scan(text, "app/client.py"))
    assert (finding.rule, finding.provider, finding.line) == (RULE, "shodan", 5)
    # a pair whose password is a variable is no key
    assert blocking(scan(text.replace(f'"{key}"', "password"), "app/client.py")) == []


@pytest.mark.parametrize(
    ("path", "line", "provider"),
    [
        (
            "src/Api/Program.cs",
            'services.AddSingleton(new CloudflareClient("{key}"));',
            "cloudflare",
        ),
        ("app/incidents.py", 'session = pagerduty.RestApiV2Client("{key}")', "pagerduty"),
        ("app/Providers/Shodan.php", "return new \\Shodan\\Client('{key}');", "shodan"),
    ],
    ids=["class-named", "module-named", "namespace-named"],
)
def test_a_service_s_sdk_client_given_its_key_blocks(path: str, line: str, provider: str) -> None:
    """The SDK's class or module names the service; the key is the constructor's first
    argument."""
    key = drawn(path)
    [finding] = blocking(scan(line.format(key=key) + "\n", path))
    assert (finding.rule, finding.provider) == (RULE, provider)
    assert finding.fingerprint == fingerprint(KEY, key)


def test_a_client_named_for_no_service_names_none() -> None:
    key = drawn("no-service")
    text = f'c = http.Client("{key}")\nc = SomeClient("{key}")\nc = Client("{key}")\n'
    assert [f for f in blocking(scan(text, "app/client.py")) if f.rule == RULE] == []


def test_drone_s_from_secret_names_a_secret_and_holds_none() -> None:
    text = (
        "  environment: {\n    GRAFANA_USER: {\n"
        "      from_secret: 'lokibigtabledevuscentral0_user',\n    },\n"
    )
    assert blocking(scan(text, ".drone/drone.jsonnet")) == []


def test_an_identifier_in_prose_after_a_credential_word_does_not_block() -> None:
    """A changelog's words run together, a version's suffix on the last: a name, not a key,
    however the sentence puts it after "credentials"."""
    text = (
        '"description": "ServiceNow now uses AWS Secrets Manager for credentials, '
        'ConnectorRegistrationsV2 renamed to RegisterConnectorV2"\n'
    )
    assert blocking(scan(text, ".changes/next-release/api-change.json")) == []


def test_an_algolia_key_in_a_docs_site_config_warns_and_elsewhere_blocks() -> None:
    """Docusaurus' and VitePress' ``algolia: {apiKey}`` is DocSearch's search-only key, which
    their docs say is safe to commit; the same block in application code may hold any key."""
    key = t.hex_secret(32, random.Random("docsearch"))
    text = f'  algolia: {{\n    appId: "OUEDA16KPG",\n    apiKey: "{key}",\n    indexName: "d",\n'
    for path in ("docs/docusaurus.config.ts", "website/docusaurus.config.js",
                 "docs/.vitepress/config.mts"):  # fmt: skip
        [warned] = [f for f in scan(text, path) if f.rule == RULE]
        assert (warned.blocking, warned.provider) == (False, "algolia"), path
        assert "DocSearch" in warned.reason
    [blocked] = blocking(scan(text, "src/search/config.ts"))
    assert (blocked.rule, blocked.provider) == (RULE, "algolia")
    # DocSearch's call in a Sphinx theme's template: its apiKey is the same search-only key
    call = (
        "  /* Configure Algolia DocSearch. */\n  const search = docsearch({\n"
        f"    appId: 'XSYGEO7KMJ',\n    apiKey: '{key}',\n    indexName: 'docs',\n"
    )
    [warned] = [f for f in scan(call, "docs/_templates/layout.html") if f.rule == RULE]
    assert (warned.blocking, warned.provider) == (False, "algolia")


@pytest.mark.parametrize(
    ("path", "line"),
    [
        (".env.local", "ALGOLIA_SEARCH_KEY={key}"),
        ("src/search.js", "const algoliaSearchOnlyApiKey = '{key}';"),
        ("src/search.js", "const ALGOLIA_SEARCH_API_KEY = '{key}'; // algolia"),
        ("config/typesense.ts", 'export const TYPESENSE_SEARCH_KEY = "{key}";'),
        ("web/.env", "SEGMENT_WRITE_KEY={key}"),
        # where the catalogue's rule matches too: a docs site's search script
        (
            "docs/extra/algolia.js",
            "const ALGOLIA_APP_ID = 'KPPUDTIAVX';\nconst ALGOLIA_SEARCH_KEY = '{key}';\n"
            "const {{ liteClient: algoliasearch }} = window['algoliasearch/lite'];",
        ),
    ],
)
def test_a_key_named_for_browsers_warns(path: str, line: str) -> None:
    """Algolia, Typesense and Meilisearch issue a search-only key for front ends, Segment a
    write key, shaped as their secret keys are: the name it is kept under tells them apart
    (ours and the catalogue's rule alike); an admin key blocks."""
    key = t.hex_secret(32, random.Random(path + line))
    found = [f for f in scan(line.format(key=key) + "\n", path) if key[:2] in f.redacted]
    assert found and not any(f.blocking for f in found)
    assert all("made for browsers" in f.reason for f in found)
    admin = line.replace("SEARCH", "ADMIN").replace("SearchOnly", "Admin").replace("WRITE", "API")
    assert blocking(scan(admin.format(key=key) + "\n", path))


def test_a_posthog_project_key_warns_and_a_personal_key_blocks() -> None:
    """PostHog's project keys (phc_) are in every page its snippet is on; its personal API
    keys (phx_) read and change the project."""
    project = "phc_" + t.high_entropy(43, t.ALNUM, random.Random(21))
    found = scan(f"POSTHOG_KEY={project}\n", ".env")
    assert found and not any(f.blocking for f in found)
    personal = "phx_" + t.high_entropy(47, t.ALNUM, random.Random(22))
    assert blocking(scan(f"POSTHOG_PERSONAL_API_KEY={personal}\n", ".env"))


def test_a_circleci_status_badge_token_warns_and_the_same_token_in_an_api_call_blocks() -> None:
    """CircleCI issues a badge's token with the Status scope, for READMEs; a token in a call
    to its API may have any scope."""
    token = t.hex_secret(40, random.Random("circleci"))
    badge = (
        "[![Build](https://circleci.com/gh/org/repo.svg?style=shield&circle-token="
        f"{token})](https://circleci.com/gh/org/repo)\n"
    )
    [warned] = [f for f in scan(badge, "README.md") if f.rule == RULE]
    assert not warned.blocking
    assert warned.fingerprint == fingerprint(KEY, token)
    assert "Status scope" in warned.reason
    call = f"curl https://circleci.com/api/v1.1/project/gh/org/repo?circle-token={token}\n"
    [blocked] = blocking(scan(call, "ci/status.sh"))
    assert (blocked.rule, blocked.provider) == (RULE, "circleci")


def test_dify_s_published_defaults_do_not_block_a_copy_of_its_compose_file() -> None:
    """Self-hosting templates copy Dify's docker/.env.example: its default Weaviate and
    plugin-daemon keys are public. A drawn Weaviate key in their place blocks."""
    # written whole: published examples (the repository's own scan passes them), and a
    # piece of one would be a drawn-looking value of its own
    defaults = {
        "WEAVIATE_API_KEY": "WVF5YThaHlkYwhGUSmCRgsX3tD5ngdN8pkih",
        "PLUGIN_DAEMON_KEY": "lYkiYYT6owG+71oLerGzA7GXCgOT++6ovaezWAjpCjf+Sjc3ZtU+qUEi",
        "PLUGIN_DIFY_INNER_API_KEY": "QaHbTe77CtuXmsfyhR7+vRjI/+XbV1AaFy691iy+kGDv2Jvy0/eAh8Y1",
        "SECRET_KEY": "sk-9f73s3ljTXVcMT3Blb3ljTqtsKiGHXVcMT3BlbkFJLK7U",
    }
    text = "".join(f"  {name}: ${{{name}:-{value}}}\n" for name, value in defaults.items())
    compose = "services:\n  api:\n    environment:\n" + text
    assert blocking(scan(compose, "templates/dify.yaml")) == []
    drawn_key = drawn("weaviate", 36)
    found = blocking(scan(f"  WEAVIATE_API_KEY: ${{WEAVIATE_API_KEY:-{drawn_key}}}\n", "dify.yaml"))
    assert [f.provider for f in found] == ["weaviate"]
