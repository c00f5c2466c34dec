"""Our detectors for platform tokens the catalogue misses or only warns about: each format,
built at run time, blocks under its own rule and provider wherever people put it (.env,
Python, YAML, JSON, a curl header), through the engine as the hook builds it; the public
counterparts, placeholders and names that merely start with a prefix do not."""

from __future__ import annotations

import base64
import functools
import random
import string
from collections.abc import Callable

import pytest

from pushguard.scan.engine import Engine
from pushguard.scan.plugins import grafana_cloud
from pushguard.scan.rulemeta import provider_of, same_provider
from pushguard.scan.secrets import fingerprint
from pushguard.scan.types import AddedBlock, Finding
from tests.helpers import tokens as t
from tests.scan.test_catalogue import COMMIT, KEY, engine, scan

Make = Callable[[random.Random], str]

PROVIDERS = {
    "webhook-signing-secret": "",
    "pinecone-api-key": "pinecone",
    "render-api-key": "render",
    "supabase-secret-key": "supabase",
    "planetscale-token": "planetscale",
    "mapbox-secret-token": "mapbox",
    "contentful-personal-access-token": "contentful",
    "flutterwave-secret-key": "flutterwave",
    "tailscale-key": "tailscale",
    "langfuse-secret-key": "langfuse",
    "tavily-api-key": "tavily",
    "firecrawl-api-key": "firecrawl",
    "jina-api-key": "jina",
    "anyscale-api-key": "anyscale",
    "runpod-api-key": "runpod",
    "browserbase-api-key": "browserbase",
    "sentry-auth-token": "sentry",
    "fireworks-api-key": "fireworks",
    "resend-api-key": "resend",
    "azure-ad-client-secret": "azure-ad",
    "aikido-client-secret": "aikido",
    "mongodb-atlas-service-account-secret": "mongodb-atlas",
    "ramp-client-secret": "ramp",
    "canva-client-secret": "canva",
    "clickhouse-cloud-api-secret-key": "clickhouse-cloud",
    "artifactory-reference-token": "artifactory",
    "salesforce-access-token": "salesforce",
    "packagist-token": "packagist",
    "nuget-api-key": "nuget",
    "sonarqube-token": "sonar",
    "logfire-token": "logfire",
    "bitwarden-access-token": "bitwarden",
    "crates-io-api-token": "crates-io",
    "new-relic-insert-key": "new-relic",
    "doppler-token": "doppler",
    "netlify-token": "netlify",
    "cloudflare-api-credential": "cloudflare",
    "adafruit-io-key": "adafruit-io",
    "helicone-api-key": "helicone",
    "cartesia-api-key": "cartesia",
    "grafana-cloud-token": "grafana",
    "dropbox-access-token": "dropbox",
    "microsoft-teams-webhook": "microsoft-teams",
    "zapier-webhook": "zapier",
    "tines-webhook": "tines",
    "dependency-track-api-key": "dependency-track",
    "stackhawk-api-key": "stackhawk",
    "lambda-cloud-api-key": "lambda",
    "hubspot-access-token": "hubspot",
    "artifactory-api-key": "artifactory",
    "bitbucket-app-password": "bitbucket",
    "azure-devops-pat": "azure-devops",
    "vault-token": "vault",
}
# place -> (path, text around the token, line of the token)
PLACES = {
    "dotenv": ("app/.env", "# {rule}\n{name}={token}\n", 2),
    "python": ("app/settings.py", 'import os\n\n{var} = "{token}"\n', 3),
    "yaml": ("deploy/values.yaml", "secrets:\n  {var}: {token}\n", 2),
    "json": ("config/credentials.json", '{{\n  "{var}": "{token}",\n  "region": "eu"\n}}', 2),
    "curl": (
        "scripts/check.sh",
        "curl -sS -H 'Authorization: Bearer {token}' https://api.example.com/v1/me\n",
        1,
    ),
}


def blocking(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.blocking]


def test_the_table_covers_every_platform_rule_and_names_its_provider() -> None:
    assert set(PROVIDERS) == set(t.PLATFORM_TOKENS)
    assert {rule: provider_of(rule) for rule in PROVIDERS} == PROVIDERS


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("rule", sorted(t.PLATFORM_TOKENS))
def test_a_platform_token_blocks_under_its_rule_and_provider(rule: str, place: str) -> None:
    make, name = t.PLATFORM_TOKENS[rule]
    token = make(random.Random(f"{rule}/{place}"))
    path, template, line = PLACES[place]
    text = template.format(rule=rule, name=name, var=name.lower(), token=token)
    [finding] = scan(text, path)
    assert (finding.rule, finding.blocking, finding.provider) == (rule, True, PROVIDERS[rule])
    assert finding.line == line
    assert finding.confidence == "high"
    assert finding.fingerprint == fingerprint(KEY, token)  # the whole token, nothing more
    assert token not in finding.redacted


VARIANTS: list[tuple[str, Make]] = [
    ("webhook-signing-secret", lambda r: "whsec_" + t.hex_secret(64, r)),  # `stripe listen`
    # Standard Webhooks (Svix, Clerk): base64 of 24 to 64 random bytes
    ("webhook-signing-secret", lambda r: "whsec_" + t.base64_secret(32, r) + "=="),
    ("render-api-key", t.prefixed("rnd_", 28)),
    ("planetscale-token", functools.partial(t.planetscale_token, kind="pw")),
    ("planetscale-token", functools.partial(t.planetscale_token, kind="oauth")),
    ("flutterwave-secret-key", functools.partial(t.flutterwave_secret_key, test=True)),
    *[("tailscale-key", functools.partial(t.tailscale_key, kind=kind))
      for kind in ("api", "client", "scim", "webhook")],
    ("tavily-api-key", functools.partial(t.tavily_key, env="dev")),
    ("tavily-api-key", functools.partial(t.tavily_key, env="prod")),
    ("runpod-api-key", t.prefixed("rpa_", 50, t.UPPER_DIGITS)),
    ("sentry-auth-token", t.prefixed("sntryu_", 64, t.HEX)),
    ("resend-api-key", lambda r: f"re_{t.rand(8, rng=r)}_{t.rand(24, rng=r)}"),
    ("jina-api-key", t.prefixed("jina_", 52)),
    ("supabase-secret-key", t.prefixed("sb_secret_", 44, t.WORD_DASH)),
    ("packagist-token", functools.partial(t.packagist_token, kind="out")),
    ("sonarqube-token", t.prefixed("squ_", 40, t.HEX)),
    ("sonarqube-token", t.prefixed("sqa_", 40, t.HEX)),
    ("logfire-token", t.prefixed("pylf_v1_eu_", 44)),
    ("packagist-token", functools.partial(t.packagist_token, kind="acs")),
    ("packagist-token", functools.partial(t.packagist_token, kind="acs", length=96)),
    ("salesforce-access-token", functools.partial(t.salesforce_access_token, length=80)),
    ("salesforce-access-token", functools.partial(t.salesforce_access_token, length=260)),
    *[("doppler-token", functools.partial(t.doppler_token, kind=kind))
      for kind in ("ct", "st", "sa", "said", "scim", "audit")],
    ("doppler-token", functools.partial(t.doppler_token, kind="st", config="prd")),
    ("doppler-token", functools.partial(t.doppler_token, kind="st", config="dev_personal-2")),
    *[("netlify-token", t.prefixed(f"nf{kind}_", 36)) for kind in "pcoub"],
    *[("cloudflare-api-credential", functools.partial(t.cloudflare_credential, kind))
      for kind in ("cfk_", "cfut_", "cfat_")],
    *[("helicone-api-key", functools.partial(t.helicone_key, kind, eu))
      for kind in ("sk", "pk") for eu in (False, True)],
    ("dropbox-access-token", functools.partial(t.dropbox_token, user=True)),
    ("microsoft-teams-webhook", functools.partial(t.teams_webhook, legacy=True)),
    # a Vault batch token, longer than a service token
    ("vault-token", lambda r: "hvb." + t.high_entropy(138, t.WORD_DASH, r)),
    # Dependency-Track 4.13: a public id and "_" before the secret part
    ("dependency-track-api-key",
     lambda r: f"odt_{t.high_entropy(8, t.ALNUM, r)}_{t.high_entropy(32, t.ALNUM, r)}"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "make"), VARIANTS, ids=[f"{rule}-{i}" for i, (rule, _) in enumerate(VARIANTS)]
)
def test_every_kind_and_length_of_a_format_blocks(rule: str, make: Make) -> None:
    token = make(random.Random(rule))
    [finding] = scan(f"export TOKEN={token}\n", "deploy/env.sh")
    assert (finding.rule, finding.blocking) == (rule, True)
    assert finding.fingerprint == fingerprint(KEY, token)


@pytest.mark.parametrize(
    "rule", ["planetscale-token", "azure-ad-client-secret", "salesforce-access-token"]
)
def test_a_period_after_the_token_ends_the_sentence_not_the_token(rule: str) -> None:
    make, _ = t.PLATFORM_TOKENS[rule]
    token = make(random.Random(3))
    [finding] = scan(f"The staging credential is {token}.\n", "docs/notes.md")
    assert (finding.rule, finding.fingerprint) == (rule, fingerprint(KEY, token))


def test_an_adafruit_io_key_blocks_in_a_device_sketch() -> None:
    """A device's sketch defines its key under a name that names no service."""
    token = t.PLATFORM_TOKENS["adafruit-io-key"][0](random.Random(8))
    text = f'#define IO_USERNAME "plant_monitor"\n#define IO_KEY "{token}"\n'
    [finding] = [f for f in scan(text, "firmware/config.h") if f.blocking]
    assert (finding.rule, finding.provider, finding.line) == ("adafruit-io-key", "adafruit-io", 2)


def test_a_nuget_feeds_key_without_the_prefix_still_blocks_under_nugets_name() -> None:
    """A private feed's key (or nuget.org's from before ``oy2``) has no format of its own:
    under NuGet's name it blocks as a named key, as it did before NuGet had a detector."""
    key = t.rand(46, t.LOWER_ALNUM, random.Random("feed"))
    found = [f for f in scan(f"NUGET_API_KEY={key}\n", "ci/.env") if f.blocking]
    assert [(f.rule, f.provider) for f in found] == [("named-provider-key", "nuget")]


def test_a_bitwarden_access_token_is_reported_once_and_its_guides_example_never() -> None:
    """A Bitwarden access token holds a ":" and base64: the keyword detector and the bearer
    detector read parts of it, and only Bitwarden's finding, of the whole token, is
    reported. The CLI guide's own example (copied into READMEs) does not block."""
    token = t.bitwarden_access_token(random.Random("bws"))
    text = f"curl -H 'Authorization: Bearer {token}' https://api.bitwarden.com/secrets\n"
    found = scan(text, "scripts/fetch.sh")
    assert [(f.rule, f.blocking, f.fingerprint) for f in found] == [
        ("bitwarden-access-token", True, fingerprint(KEY, token))
    ]
    example = "0.48c78342-1635-48a6-accd-afbe01336365." + "C0tMmQqHnAp1h0gL8bngprlPOYutt0:"
    example += "B3h5D+YgLvFiQhWkIq6Bow=="
    assert blocking(scan(f"export BWS_ACCESS_TOKEN={example}\n", "README.md")) == []


# (rule, path, text around the key): where release scripts and tools keep a registry's or
# a CI service's token
TOOL_PLACES = [
    ("nuget-api-key", ".github/workflows/release.yml",
     "      - run: dotnet nuget push out/*.nupkg -k {key} -s https://api.nuget.org/v3/index.json\n"),
    ("nuget-api-key", "NuGet.Config",
     '<configuration>\n  <apikeys>\n    <add key="https://www.nuget.org/api/v2/package"'
     ' value="{key}" />\n  </apikeys>\n</configuration>\n'),
    ("crates-io-api-token", ".cargo/credentials.toml", '[registry]\ntoken = "{key}"\n'),
    ("crates-io-api-token", ".github/workflows/publish.yml",
     "      - run: cargo publish --token {key}\n"),
    # beside SonarScanner's own setting the catalogue's rule sees the token too: ours is the
    # one reported, under the provider the catalogue names too
    ("sonarqube-token", "Jenkinsfile",
     "sh 'sonar-scanner -Dsonar.host.url=https://sq.corp.example -Dsonar.token={key}'\n"),
    ("sonarqube-token", ".gitlab-ci.yml", "variables:\n  QUALITY_GATE_KEY: {key}\n"),
    # Silent Mode's path and the fields of a query after the hook: the secret ends at the hook
    ("zapier-webhook", "scripts/notify.sh",
     "curl -sS -X POST -d @event.json '{key}/silent/?source=ci'\n"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "path", "template"), TOOL_PLACES, ids=[f"{r}:{p}" for r, p, _ in TOOL_PLACES]
)
def test_a_token_blocks_once_where_its_tools_keep_it(rule: str, path: str, template: str) -> None:
    """A NuGet key in a CI step's ``nuget push`` or a NuGet.Config's ``apikeys``, a crates.io
    token in Cargo's credentials file or a publish step, a SonarQube token in a scanner's
    command line or under a pipeline's own name: each blocks once, under its own rule and
    provider, on its line."""
    make, _ = t.PLATFORM_TOKENS[rule]
    key = make(random.Random(path))
    text = template.format(key=key)
    found = [f for f in scan(text, path) if f.blocking]
    assert [(f.rule, f.provider, f.fingerprint) for f in found] == [
        (rule, PROVIDERS[rule], fingerprint(KEY, key))
    ]
    assert found[0].line == 1 + text[: text.index(key)].count("\n")


@pytest.mark.parametrize(
    ("rule", "path", "template", "lookalike"),
    [
        (*TOOL_PLACES[0], "oy2" + t.rand(43, string.ascii_lowercase, random.Random(0))),
        (*TOOL_PLACES[1], "oy2" + t.rand(43, string.ascii_lowercase, random.Random(1))),
        (*TOOL_PLACES[2], "cio" + t.rand(32, string.ascii_letters, random.Random(1))),
        (*TOOL_PLACES[3], "cio" + t.rand(32, string.ascii_letters, random.Random(1))),
    ],
    ids=[f"{r}:{p}" for r, p, _ in TOOL_PLACES[:4]],
)
def test_a_prefix_and_letters_alone_are_no_token(
    rule: str, path: str, template: str, lookalike: str
) -> None:
    """``oy2`` + 43 or ``cio`` + 32 letters with no digit (a word, an identifier) is no
    NuGet key or crates.io token."""
    found = scan(template.format(key=lookalike), path)
    assert [f for f in found if f.rule == rule] == []


@pytest.mark.parametrize(
    ("path", "template"),
    [
        ("app/tts.py", 'client = ElevenLabs(api_key="{key}")\n'),
        ("src/speak.js", "const headers = {{\n  'xi-api-key': '{key}',\n}};\n"),
        ("n8n/credentials.json",
         '{{\n  "data": {{\n    "name": "xi-api-key",\n    "value": "{key}"\n  }}\n}}\n'),
    ],
)  # fmt: skip
def test_an_elevenlabs_key_blocks_where_elevenlabs_or_its_header_is_named(
    path: str, template: str
) -> None:
    key = t.elevenlabs_key(random.Random(path))
    found = [f for f in scan(template.format(key=key), path) if f.blocking]
    assert [(f.rule, f.provider) for f in found] == [("elevenlabs-api-key", "elevenlabs")]
    # the same shape with nothing naming ElevenLabs is anybody's sk_
    assert [f for f in scan(f'KEY = "{key}"\n', "app/keys.py") if f.blocking] == []


@pytest.mark.parametrize(
    ("path", "template"),
    [
        # the CLI's own file: the pair under a profile, Modal named only by the path
        ("deploy/.modal.toml",
         '[ml-team]\ntoken_id = "{id}"\ntoken_secret = "{secret}"\nactive = true\n'),
        ("infra/.env", "MODAL_TOKEN_ID={id}\nMODAL_TOKEN_SECRET={secret}\n"),
        ("ci/setup.sh", "modal token set --token-id {id} --token-secret {secret}\n"),
        # generic names: the token id beside the secret says whose it is
        ("app/settings.py", 'TOKEN_ID = "{id}"\nTOKEN_SECRET = "{secret}"\n'),
        ("src/gpu.ts", "const client = new ModalClient({{ tokenSecret: '{secret}' }});\n"),
    ],
)  # fmt: skip
def test_a_modal_token_secret_blocks_beside_its_id_or_where_modal_is_named(
    path: str, template: str
) -> None:
    rng = random.Random(path)
    token_id, secret = t.modal_token("ak-", rng), t.modal_token("as-", rng)
    text = template.format(id=token_id, secret=secret)
    found = [f for f in scan(text, path) if f.blocking]
    assert [(f.rule, f.provider, f.fingerprint) for f in found] == [
        ("modal-token-secret", "modal", fingerprint(KEY, secret))
    ]


@pytest.mark.parametrize(
    "text",
    [
        # the shape alone, under a name that says nothing: anybody's as-
        'VALUE = "{secret}"\n',
        # Modal named, but the value is no draw: 22 letters and no digit
        "MODAL_TOKEN_SECRET=as-yourModalTokenSecretHere\n",
        "MODAL_TOKEN_SECRET=as-xxxxxxxxxxxxxxxxxxxxxx\n",
    ],
)
def test_a_modal_lookalike_does_not_block(text: str) -> None:
    secret = t.modal_token("as-", random.Random(text))
    assert [f for f in scan(text.format(secret=secret), "app/config.py") if f.blocking] == []


@pytest.mark.parametrize(
    ("path", "template"),
    [
        ("app/.env", "FAL_KEY={key}\n"),
        ("src/ai.js", 'import {{ fal }} from "@fal-ai/client";\n\n'
         'fal.config({{ credentials: "{key}" }});\n'),
        # fal's own authorization scheme, the host on the line above
        ("scripts/smoke.sh", 'curl -sS "https://fal.run/fal-ai/flux/dev" \\\n'
         '  -H "Authorization: Key {key}"\n'),
        ("tools/query.py", 'requests.post(url, headers={{"Authorization": "Key {key}"}})\n'),
    ],
)  # fmt: skip
def test_a_fal_key_blocks_where_fal_or_its_key_scheme_is_named(path: str, template: str) -> None:
    key = t.fal_key(random.Random(path))
    found = [f for f in scan(template.format(key=key), path) if f.blocking]
    assert [(f.rule, f.provider, f.fingerprint) for f in found] == [
        ("fal-api-key", "fal", fingerprint(KEY, key))
    ]


@pytest.mark.parametrize(
    ("path", "template"),
    [
        ("src/llm.py",
         'from mem0 import MemoryClient\n\nclient = MemoryClient(api_key="{key}")\n'),
        ("src/memory.ts", 'const client = new MemoryClient({{ apiKey: "{key}" }});\n'),
        (".env.local", "MEM0_API_KEY={key}\n"),
    ],
)  # fmt: skip
def test_a_mem0_key_blocks_where_mem0_or_its_client_is_named(path: str, template: str) -> None:
    key = t.mem0_key(random.Random(path))
    found = [f for f in scan(template.format(key=key), path) if f.blocking]
    assert [(f.rule, f.provider, f.fingerprint) for f in found] == [
        ("mem0-api-key", "mem0", fingerprint(KEY, key))
    ]


@pytest.mark.parametrize(
    "make",
    [
        # an id and a hash written together, and m0- on a draw, with nothing naming whose
        lambda r: f'REF = "{t.fal_key(r)}"\n',
        lambda r: f'VALUE = "{t.mem0_key(r)}"\n',
        # named, but filler: no draw
        lambda r: "FAL_KEY=00000000-0000-0000-0000-000000000000:" + "0" * 32 + "\n",
        lambda r: "MEM0_API_KEY=m0-" + "x" * 40 + "\n",
    ],
)
def test_fal_and_mem0_lookalikes_do_not_block(make: Make) -> None:
    text = make(random.Random(5))
    assert [f for f in scan(text, "app/config.py") if f.blocking] == []


def test_a_grafana_cloud_token_with_a_long_name_blocks_whole() -> None:
    """Its body grows with its name: past the catalogue rule's 150 characters here."""
    name = "stack-880411-integration-production-kubernetes-monitoring-alloy-agent"
    token = t.grafana_cloud_token(random.Random(9), name=name)
    assert len(token) > 200
    [finding] = [f for f in scan(f"GRAFANA_CLOUD_TOKEN={token}\n", ".env") if f.blocking]
    assert (finding.rule, finding.fingerprint) == ("grafana-cloud-token", fingerprint(KEY, token))


def test_a_glc_value_nested_past_the_json_parser_is_no_token_and_no_crash() -> None:
    """Hostile input: glc_ and base64 of JSON nested deeper than the parser recurses (a
    filler like this one is turned down before it is decoded; a varied one need not be)."""
    body = base64.b64encode(('{"a":' + "[" * 1400).encode()).decode()[:2040]
    assert not grafana_cloud._holds_key("glc_" + body)
    assert [f for f in scan(f"T = 'glc_{body}'\n", "app/x.py") if f.blocking] == []


def test_an_artifactory_reference_token_that_never_expires_blocks() -> None:
    """Its expiry 0000000000 encodes to a repeated run (MDAw...): the format's, no filler."""
    token = t.artifactory_reference_token(random.Random(0), expires=False)
    [finding] = scan(f"JFROG_ACCESS_TOKEN={token}\n")
    assert (finding.rule, finding.blocking) == ("artifactory-reference-token", True)


@pytest.fixture(scope="module")
def hook_engine() -> Engine:
    return engine()


@pytest.mark.parametrize("rule", sorted(t.PLATFORM_TOKENS))
def test_random_bodies_are_never_taken_for_placeholders(hook_engine: Engine, rule: str) -> None:
    make, name = t.PLATFORM_TOKENS[rule]
    for seed in range(40):
        token = make(random.Random(seed))
        found = hook_engine.scan_block(AddedBlock(COMMIT, ".env", 1, f"{name}={token}"))
        assert [(f.rule, f.blocking) for f in found] == [(rule, True)], (seed, token)


NEGATIVES: list[tuple[str, str, Make]] = [
    # public by design
    ("langfuse-public-key", ".env", lambda r: f"LANGFUSE_PUBLIC_KEY={t.langfuse_key(r, 'pk')}"),
    ("supabase-publishable", "web/.env",
     lambda r: f"NEXT_PUBLIC_SUPABASE_KEY={t.supabase_key(r, 'publishable')}"),
    ("mapbox-public", "web/map.js",
     lambda r: f"mapboxgl.accessToken = '{t.mapbox_token(r, 'pk')}';"),
    ("flutterwave-public", ".env", lambda r: f"FLW_PUBLIC_KEY=FLWPUBK-{t.hex_secret(32, r)}-X"),
    # placeholders
    ("tavily-masked", ".env.example", lambda r: "TAVILY_API_KEY=tvly-" + "x" * 32),
    ("whsec-words", ".env.example", lambda r: "STRIPE_WEBHOOK_SECRET=whsec_your_webhook_secret"),
    ("whsec-spec-example", "tests/test_signatures.py",
     lambda r: 'SECRET = "whsec_' + 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"'),
    ("pinecone-masked", "README.md", lambda r: "PINECONE_API_KEY=pcsk_xxxxx_" + "x" * 63),
    ("logfire-masked", ".env.example", lambda r: "LOGFIRE_TOKEN=pylf_v1_us_" + "x" * 44),
    ("langfuse-sequential", "docs/setup.md",
     lambda r: "LANGFUSE_SECRET_KEY=sk-lf-12345678-1234-1234-1234-123456789012"),
    ("sentry-zeros", ".env.example", lambda r: "SENTRY_AUTH_TOKEN=sntryu_" + "0" * 64),
    ("doppler-masked", ".env.example", lambda r: "DOPPLER_TOKEN=dp.st.prd." + "x" * 43),
    ("entra-masked", "appsettings.json", lambda r: '"ClientSecret": "abc1Q~' + "x" * 34 + '"'),
    ("tailscale-masked", ".env.example",
     lambda r: "TS_AUTHKEY=tskey-auth-" + "X" * 12 + "-" + "X" * 33),
    ("anyscale-words", ".env.example", lambda r: "ANYSCALE_API_KEY=esecret_yourapikeyhere"),
    # names that merely start with a prefix
    ("fw-snake-name", "app/main.py", lambda r: "from app.loaders import fw_config_loader"),
    ("fw-camel-name", "fw/update.c", lambda r: "status = fw_UpdateManagerForDevices(dev);"),
    ("re-snake-name", "app/text.py", lambda r: "match = re_compile_pattern_cache.get(key)"),
    ("rnd-camel-name", "src/dice.ts",
     lambda r: "const n = rnd_generateRandomNumberBetweenTwo(low, high);"),
    ("fc-css-class", "web/calendar.html",
     lambda r: f'<div class="fc-{t.hex_secret(32, r)}-wrapper"></div>'),
    ("ramp-masked", ".env.example", lambda r: "RAMP_CLIENT_SECRET=ramp_sec_" + "x" * 48),
    ("aikido-masked", ".env.example", lambda r: "AIKIDO_CLIENT_SECRET=AIK_SECRET_" + "X" * 64),
    ("mdb-sa-words", ".env.example",
     lambda r: "MONGODB_ATLAS_CLIENT_SECRET=mdb_sa_sk_your_mongodb_service_account_secret_here"),
    ("canva-camel-name", "src/canvas.ts",
     lambda r: "const r = cnvcaRendererFactoryForTheMainDrawingSurfaceOfThisWebApp(ctx);"),
    ("canva-snake-name", "src/canvas.py",
     lambda r: "cnvca_render_layer_stack_for_the_main_drawing_surface_ok = None"),
    ("clickhouse-hex", "checksums.txt", lambda r: f"4b1d{t.hex_secret(38, r)}  dist.tar.gz"),
    ("clickhouse-lowercase", "app/ids.py",
     lambda r: f'BUILD = "4b1d{t.rand(38, t.LOWER_ALNUM, r)}"'),
    ("clickhouse-in-base64", "web/logo.svg",
     lambda r: f"data:image/png;base64,{t.base64_secret(20, r)}+4b1d{t.rand(38, rng=r)}/AAA="),
    ("salesforce-no-bang", "app/sf.py",
     lambda r: f'SF = "00D{t.rand(12, rng=r)}{t.rand(96, rng=r)}"'),
    ("salesforce-not-org-id", "app/sf.py",
     lambda r: f'SF = "00X{t.rand(12, rng=r)}!{t.rand(96, rng=r)}"'),
    ("artifactory-short", "app/jf.py", lambda r: f'T = "cmVmdGtu{t.rand(40, rng=r)}"'),
    ("netlify-camel-name", "netlify/deploy.ts",
     lambda r: "const hook = nfp_BuildHookUrlForTheProductionSiteOnly(site);"),
    ("netlify-masked", ".env.example", lambda r: "NETLIFY_AUTH_TOKEN=nfp_" + "x" * 36),
    # a checksum is hex: an uppercase tail is another token's text, not Cloudflare's format
    ("cloudflare-checksum-not-hex", "app/cf.py",
     lambda r: f'T = "cfut_{t.rand(40, rng=r)}{t.rand(8, t.UPPER_ALNUM, rng=r)}"'),
    ("helicone-masked", ".env.example",
     lambda r: "HELICONE_API_KEY=sk-helicone-" + "-".join(["xxxxxxx"] * 4)),
    # glc_ and base64 that holds no token's secret
    ("grafana-no-secret", "app/settings.py",
     lambda r: "T = 'glc_" + base64.b64encode(b'{"o":"123456","n":"docs"}').decode() + "'"),
    # a name that merely starts so: words in one case, no digit
    ("cartesia-name", "app/settings.py",
     lambda r: "PANEL = 'sk_car_SettingsPanelLayoutView'"),
    # asyncio's libraries name things aio_: words and one case are no key
    ("aio-snake-name", "app/queue.py",
     lambda r: "from app.consumers import aio_pika_consumer_for_orders2"),
    ("aio-lowercase", "app/loop.py", lambda r: f"handler = aio_{t.rand(28, t.LOWER_ALNUM, r)}"),
    ("cloudflare-masked", ".env.example",
     lambda r: "CLOUDFLARE_API_TOKEN=cfat_" + "x" * 40 + t.rand(8, t.HEX, rng=r)),
    ("packagist-ack-key", ".env",
     lambda r: f"PACKAGIST_API_KEY=packagist_ack_{t.hex_secret(30, r)}"),
    # OpenDocument names start odt_ too; a Dropbox token's body runs to 120 characters
    ("odt-snake-name", "app/export.py",
     lambda r: "writer = odt_document_writer_for_the_quarterly_reports(path)"),
    ("dropbox-short", "app/sl.py", lambda r: f"x = sl.{t.rand(60, t.WORD_DASH, r)}"),
    ("dropbox-masked", ".env.example", lambda r: "DROPBOX_ACCESS_TOKEN=sl." + "x" * 138),
    # a Teams URL's path without its connector's id and signature is no webhook
    ("teams-docs-template", "docs/alerts.md",
     lambda r: "Paste https://<tenant>.webhook.office.com/webhookb2/<id>@<tenant>/"
     "IncomingWebhook/<connector>/<creator> into TEAMS_WEBHOOK_URL."),
    # secret_ starts names; only 32 hex, a dot and 32 more after its name make Lambda's key
    ("lambda-name", "app/settings.py",
     lambda r: "secret_key_loader_for_inference_requests = load_secret_key_loader()"),
    # a Teams URL of sequential or zero ids: a placeholder, which the catalogue's rule,
    # reading five characters of it, took for a token
    ("teams-sequential-ids", "docs/alerts.md",
     lambda r: "TEAMS_WEBHOOK_URL=https://contoso.webhook.office.com/webhookb2/"
     + "12345678-1234-1234-1234-123456789012@12345678-1234-1234-1234-123456789012"
     + "/IncomingWebhook/0123456789abcdef0123456789abcdef/12345678-1234-1234-1234-123456789012"),
    # Zapier's help's example hook, and a URL's shape with its numbers left to the reader
    ("zapier-docs-example", "docs/automation.md",
     lambda r: "Post the form to https://hooks.zapier.com/hooks/catch/123456/abcdef/ first."),
    ("zapier-template", "docs/automation.md",
     lambda r: "ZAPIER_WEBHOOK_URL=https://hooks.zapier.com/hooks/catch/XXXXXXX/xxxxxxx/"),
    ("zapier-other-host", "web/app.js",
     lambda r: f'const u = "https://myhooks.zapier.com/hooks/catch/{r.randint(10**6, 10**8)}/'
     f'{t.rand(7, t.LOWER_ALNUM, r)}";'),
    # Tines' docs' shape with the secret left out, and a path written without its secret
    ("tines-template", "docs/automation.md",
     lambda r: "Send alerts to https://<tenant>.tines.com/webhook/<path>/<secret>."),
    ("tines-public-path", "docs/automation.md",
     lambda r: "curl -X POST https://acme.tines.com/webhook/siem-alerts -d @alert.json"),
    ("tines-masked", ".env.example",
     lambda r: "TINES_WEBHOOK_URL=https://acme.tines.com/webhook/alerts/" + "x" * 32),
    ("hubspot-masked", ".env.example",
     lambda r: "HUBSPOT_ACCESS_TOKEN=pat-na1-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"),
    ("atbb-masked", ".env.example", lambda r: "BITBUCKET_APP_PASSWORD=ATBB" + "X" * 32),
    ("akcp-masked", ".env.example", lambda r: "ARTIFACTORY_API_KEY=AKCp" + "x" * 69),
    # "AZDO" in a long run of letters elsewhere than the 77th character
    ("azdo-elsewhere", "app/ids.py", lambda r: f'X = "{t.rand(40, rng=r)}AZDO{t.rand(40, rng=r)}"'),
    ("vault-masked", ".env.example", lambda r: "VAULT_TOKEN=hvs." + "x" * 91),
    ("hawk-masked", ".env.example",
     lambda r: "HAWK_API_KEY=hawk." + "x" * 20 + "." + "x" * 20),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "make"), [n[1:] for n in NEGATIVES], ids=[n[0] for n in NEGATIVES]
)
def test_public_keys_placeholders_and_names_do_not_block(path: str, make: Make) -> None:
    found = scan(make(random.Random(path)) + "\n", path)
    assert blocking(found) == []
    assert [f.rule for f in found if f.rule in PROVIDERS] == []


@pytest.mark.parametrize(
    ("key_id", "secret"), [(4, 63), (7, 63), (6, 62), (6, 68)], ids=["id-4", "id-7", "62", "68"]
)
def test_a_pinecone_key_off_its_shape_warns(key_id: int, secret: int) -> None:
    """Pinecone's keys are pcsk_ + 5-6 + _ + 63 characters: a character short or long is a
    truncated, padded or made-up key, still worth a look but no reason to reject a push."""
    rng = random.Random(f"{key_id}-{secret}")
    [finding] = scan(f"PINECONE_API_KEY=pcsk_{t.rand(key_id, rng=rng)}_{t.rand(secret, rng=rng)}\n")
    assert (finding.rule, finding.blocking) == ("pinecone-api-key", False)
    assert "shape" in finding.reason


@pytest.mark.parametrize(
    ("text", "provider"),
    [
        # HubSpot's legacy API keys: a UUID
        ("HUBSPOT_API_KEY={uuid}\n", "hubspot"),
        # Azure DevOps PATs before 2024: 52 lowercase base32 characters
        ("AZURE_DEVOPS_PAT={base32}\n", "azure-devops"),
        # Dropbox's long-lived tokens: 64 characters, no sl.
        ("DROPBOX_ACCESS_TOKEN={alnum64}\n", "dropbox"),
        # Dependency-Track's keys from before 4.9: 32 letters and digits, no odt_
        ("DEPENDENCY_TRACK_API_KEY={alnum32}\n", "dependency-track"),
    ],
)
def test_a_service_s_unmarked_formats_still_block_under_its_name(text: str, provider: str) -> None:
    """A detector for a service's marked format does not make the service's other, older
    formats anybody's: under the service's name they still block."""
    rng = random.Random(text)
    values = {
        "uuid": str(t.uuid.UUID(int=rng.getrandbits(128), version=4)),
        "base32": t.high_entropy(52, "abcdefghijklmnopqrstuvwxyz234567", rng),
        "alnum64": t.high_entropy(64, t.ALNUM, rng),
        "alnum32": t.high_entropy(32, t.ALNUM, rng),
    }
    [finding] = blocking(scan(text.format(**values), "deploy/.env"))
    assert same_provider(finding.provider, provider)
