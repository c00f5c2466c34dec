"""The catalogue tier behind the Detector protocol: what it blocks, what it only warns about,
and that our filters, pragmas, allowlists and fingerprints apply to it as to our detectors."""

from __future__ import annotations

import base64
import json
import os
import random
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from pushguard.config import AllowEntry, ScanConfig
from pushguard.scan.allowlist import ServerAllowlist
from pushguard.scan.engine import Engine
from pushguard.scan.filters import false_positive_reason
from pushguard.scan.plugins import all_detectors
from pushguard.scan.secrets import fingerprint
from pushguard.scan.types import AddedBlock, Finding
from tests.helpers import catalogue as c
from tests.helpers import tokens as t
from tests.helpers.cli import run_pushguard
from tests.helpers.gitrepo import GitRepo

pytestmark = c.needs_catalogue

KEY = b"c" * 32
COMMIT = "ca" * 20


def engine(policy: ScanConfig | None = None, allow: tuple[AllowEntry, ...] = ()) -> Engine:
    policy = policy or ScanConfig()
    return Engine(
        all_detectors(),
        key=KEY,
        policy=policy,
        allowlist=ServerAllowlist(allow),
        false_positive=false_positive_reason,
        catalogue=c.detector(disabled=policy.disabled_rules),
    )


def scan(text: str, path: str = "app/.env", policy: ScanConfig | None = None) -> list[Finding]:
    return engine(policy).scan_block(AddedBlock(COMMIT, path, 1, text))


def test_a_token_stored_base64_encoded_under_its_service_s_name_is_reported_once() -> None:
    """A Kubernetes Secret's data: holds GROQ_API_KEY base64-encoded: the Groq token inside is
    the secret (what verify and revoke get), not the encoded text under Groq's name."""
    make, name = t.CATALOGUE_PROVIDERS["groq"]
    token = make(random.Random("encoded"))
    encoded = base64.b64encode(token.encode()).decode()
    text = f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: llm\ndata:\n  {name}: {encoded}\n"
    [finding] = [f for f in scan(text, "k8s/llm.yaml") if f.blocking]
    assert (finding.provider, finding.line) == ("groq", 6)
    assert finding.fingerprint == fingerprint(KEY, token)


@pytest.mark.parametrize("provider", sorted(t.CATALOGUE_PROVIDERS))
def test_a_provider_token_blocks_with_rule_provider_and_confidence(provider: str) -> None:
    make, name = t.CATALOGUE_PROVIDERS[provider]
    token = make(random.Random(provider))
    [finding] = scan(f"# {provider}\n{name}={token}\n")
    assert finding.blocking, finding
    assert finding.line == 2
    assert finding.provider == provider, finding.rule
    assert finding.confidence in ("high", "medium")
    assert finding.fingerprint == fingerprint(KEY, token)  # the whole token, nothing more
    assert token not in finding.redacted


def test_our_detector_wins_on_the_same_secret() -> None:
    token = t.github_token("ghp")
    [finding] = scan(f"GITHUB_TOKEN={token}\n")
    assert (finding.rule, finding.blocking, finding.provider) == ("github-token", True, "github")
    assert finding.confidence == "high"
    # a checksum that does not validate: still ours, blocking, at lower confidence
    [bad] = scan(f"GITHUB_TOKEN={t.github_token('ghp', valid=False)}\n")
    assert (bad.rule, bad.blocking, bad.confidence) == ("github-token", True, "medium")


def test_a_provider_rule_beats_a_keyword_warning_on_the_same_value() -> None:
    token = t.CATALOGUE_PROVIDERS["groq"][0](random.Random(1))
    found = scan(f'api_key = "{token}"\n', "app/settings.py")
    assert [(f.rule, f.blocking) for f in found] == [("betterleaks.groq-api-key", True)]


def test_generic_catalogue_rules_warn() -> None:
    # a short bearer value of no known format (16 characters or more are curl-auth-header's,
    # curl -u user:password is command-line-password's)
    value = t.rand(12, rng=random.Random(12))
    [finding] = scan(f'curl -H "Authorization: Bearer {value}" https://ci.example.com\n', "ci.sh")
    assert finding.rule == "betterleaks.curl-auth-header"
    assert not finding.blocking
    assert "generic" in finding.reason


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # PostHog's project key, in the web snippet PostHog tells every site to paste
        ("posthog.init('phc_{body43}', {{ api_host: 'https://us.i.posthog.com' }})\n",
         "betterleaks.posthog-project-api-key"),
        # New Relic's browser key, in its browser agent's settings
        ("NEW_RELIC_BROWSER_KEY=NRJS-{hex19}\n", "betterleaks.new-relic-browser-api-token"),
    ],
)  # fmt: skip
def test_keys_their_services_publish_in_web_pages_warn(text: str, rule: str) -> None:
    rng = random.Random(rule)
    body = text.format(body43=t.high_entropy(43, t.ALNUM, rng), hex19=t.rand(19, t.HEX, rng))
    [finding] = scan(body, "src/analytics.js")
    assert (finding.rule, finding.blocking) == (rule, False)
    assert finding.reason == "public by design: not a secret"


def test_filters_pragmas_allowlists_and_disabled_rules_apply_to_the_catalogue() -> None:
    make, _ = t.CATALOGUE_PROVIDERS["linear"]
    token = make(random.Random(7))
    assert scan(f"LINEAR={token}  # pragma: allowlist secret\n") == []
    assert scan(f"# pragma: allowlist nextline secret\nLINEAR={token}\n") == []
    assert scan("LINEAR=lin_api_" + "x" * 40 + "\n") == []  # a placeholder
    digest = fingerprint(KEY, token)
    allowed = engine(allow=(AllowEntry(digest, "test account", rule="betterleaks.linear-api-key"),))
    assert allowed.scan_block(AddedBlock(COMMIT, ".env", 1, f"LINEAR={token}")) == []
    assert scan(f"LINEAR={token}\n", policy=ScanConfig(
        disabled_rules=("betterleaks.linear-api-key",))) == []  # fmt: skip


def test_history_scan_reports_catalogue_findings_in_json_and_sarif(
    tmp_path: Path, git_repo: GitRepo
) -> None:
    token = t.CATALOGUE_PROVIDERS["replicate"][0](random.Random(3))
    git_repo.commit({"README.md": "# app\n"})
    git_repo.commit({"deploy/env.sh": f"export REPLICATE_API_TOKEN={token}\n"})
    home = c.share_cache(tmp_path / "home")
    env = {**os.environ, "PUSHGUARD_HOME": str(home), "PUSHGUARD_CONFIG": ""}
    done = run_pushguard("scan", str(git_repo.path), "--format", "json", cwd=tmp_path, env=env)
    assert done.returncode == 1, done.stderr
    out = json.loads(done.stdout)
    [finding] = out["findings"]
    assert finding["rule"] == "betterleaks.replicate-api-token"
    assert (finding["provider"], finding["path"], finding["line"]) == (
        "replicate", "deploy/env.sh", 1)  # fmt: skip
    assert finding["confidence"] in ("high", "medium")
    assert out["stats"]["catalogue"].startswith("catalogue tier on: kingfisher-secret-scanner")
    assert token not in done.stdout + done.stderr
    sarif = run_pushguard("scan", str(git_repo.path), "--format", "sarif", cwd=tmp_path, env=env)
    [result] = json.loads(sarif.stdout)["runs"][0]["results"]
    assert result["properties"]["provider"] == "replicate"


def test_without_the_package_the_scan_runs_and_says_the_tier_is_off(
    tmp_path: Path, git_repo: GitRepo
) -> None:
    git_repo.commit({"app.py": f"TOKEN = '{t.github_token()}'\n"})
    # the interpreter as it is on a platform without a wheel: the module cannot be imported
    hide = "import sys; sys.modules['kingfisher_sdk'] = None; from pushguard.cli.main import main"
    code = f"{hide}; raise SystemExit(main(sys.argv[1:]))"
    env = {**os.environ, "PUSHGUARD_HOME": str(tmp_path / "home"), "PUSHGUARD_CONFIG": ""}
    done = subprocess.run(
        [sys.executable, "-c", code, "scan", str(git_repo.path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr  # our own detectors still block
    assert "github-token" in done.stdout
    lines = [line for line in done.stdout.splitlines() if "catalogue tier off" in line]
    assert len(lines) == 1 and "not installed" in lines[0], done.stdout


def test_a_clean_block_never_loads_the_catalogue() -> None:
    # the hook's common case: nothing any rule could match, so no 0.4 s catalogue load
    from pushguard.scan.catalogue import CatalogueDetector, Loader

    loader = Loader((), str(c.CACHE))
    detector = CatalogueDetector(loader)
    clean = Engine(all_detectors(), key=KEY, policy=ScanConfig(), catalogue=detector)
    text = "def add(a, b):\n    return a + b\n\nprint(add(1, 2))\n"
    assert clean.scan_block(AddedBlock(COMMIT, "app/math.py", 1, text)) == []
    assert not loader._done.is_set() and loader._thread is None
    token = t.CATALOGUE_PROVIDERS["groq"][0](random.Random(9))
    [found] = clean.scan_block(AddedBlock(COMMIT, ".env", 1, f"GROQ_API_KEY={token}"))
    assert found.provider == "groq" and loader._done.is_set()


def test_a_providers_token_shaped_like_a_jwt_is_judged_by_its_rule_not_its_claims() -> None:
    """Monday's API tokens look like JWTs. Three random segments behind ``eyJ`` decode to
    no claims: the generic JWT rule warns on them, Monday's own rule (its name beside the
    token) blocks them, as it blocks a token whose claims do decode."""
    rng = random.Random(8)
    token = "eyJ" + t.rand(30, rng=rng) + ".eyJ" + t.rand(120, rng=rng) + "." + t.rand(43, rng=rng)
    [bare] = scan(f"token: {token}\n", "app/config.yml")
    assert (bare.rule, bare.blocking) == ("betterleaks.jwt", False)
    assert "do not decode" in bare.reason
    [monday] = scan(f"MONDAY_API_TOKEN={token}\n")
    assert (monday.rule, monday.blocking, monday.provider) == (
        "betterleaks.monday-api-token.1",
        True,
        "monday",
    )


@pytest.mark.parametrize(
    ("path", "template"),
    [
        ("deploy/worker.yaml", "env:\n  - name: {name}\n    value: {token}\n"),
        ("deploy/task.json", '"environment": [\n  {{\n    "name": "{name}",\n'
         '    "value": "{token}"\n  }}\n]\n'),
    ],
    ids=["kubernetes", "ecs"],
)  # fmt: skip
def test_a_setting_named_on_the_line_above_its_value_blocks(path: str, template: str) -> None:
    """Mailgun's rule wants the provider's name before the key; in an environment list the
    name is on the line above the value."""
    token = "key-" + t.hex_secret(32, random.Random(9))
    text = template.format(name="MAILGUN_API_KEY", token=token)
    found = scan(text, path)
    assert [(f.provider, f.blocking, f.line) for f in found] == [
        ("mailgun", True, text[: text.index(token)].count("\n") + 1)
    ]
    # the same value under a name that says nothing of Mailgun: no provider to name
    elsewhere = scan(template.format(name="BUILD_ID", token=token), path)
    assert not [f for f in elsewhere if f.blocking]


def test_an_x_bearer_token_blocks_though_it_starts_with_a_run_of_as() -> None:
    """X's app-only bearer tokens begin with a run of "A"s: the format's, not a filler."""
    token = t.x_bearer_token(random.Random(12))
    [finding] = scan(f"TWITTER_BEARER_TOKEN={token}\n")
    assert (finding.provider, finding.blocking) == ("twitter", True)


def test_a_clerk_key_in_stripes_format_is_reported_as_clerks() -> None:
    """Clerk's secret keys share Stripe's sk_live_ format: Stripe's API must not be asked
    about one (it would call it dead), the catalogue's Clerk rule reports it."""
    key = "sk_live_" + t.rand(32, rng=random.Random(11))
    [finding] = [f for f in scan(f"CLERK_SECRET_KEY={key}\n") if f.blocking]
    assert (finding.rule, finding.provider) == ("betterleaks.clerk-secret-key", "clerk")
    [stripe] = [f for f in scan(f"STRIPE_SECRET_KEY={key}\n") if f.blocking]
    assert stripe.provider == "stripe"


def test_a_catalogue_match_off_the_format_its_service_documents_warns() -> None:
    """OpenRouter's keys are "sk-or-v1-" and 64 hex characters: a shorter mixed-case value
    the catalogue's looser rule takes is reported, and does not block."""
    rng = random.Random("openrouter")
    [good] = scan(f"OPENROUTER_API_KEY=sk-or-v1-{t.rand(64, t.HEX, rng)}\n")
    assert (good.provider, good.blocking) == ("openrouter", True)
    off = f"sk-or-v1-{t.rand(31, t.ALNUM, rng)}"
    [finding] = scan(f"OPENROUTER_API_KEY={off}\n")
    assert (finding.provider, finding.blocking) == ("openrouter", False)
    assert finding.reason.startswith("not in openrouter's documented key format")


def test_a_legacy_vault_token_blocks_only_with_vault_named_nearby() -> None:
    """Vault's legacy service token, "s." and 24 letters and digits, is a member access in
    JavaScript too (swagger-ui's bundle): as in betterleaks' own rule, it counts where the
    text names Vault; elsewhere it is reported and does not block. "hvs." tokens need no
    name."""
    token = "s." + t.rand(24, t.ALNUM, random.Random("vault"))
    [named] = scan(f"VAULT_TOKEN={token}\n")
    assert (named.rule, named.provider, named.blocking) == (
        "betterleaks.vault-service-token", "vault", True)  # fmt: skip
    [above] = scan(f"# vault login for CI\nTOKEN={token}\n")
    assert above.blocking
    member = "s." + "OAS3" + "Component" + "Wrap" + "Factory"
    [code] = scan(f"var e={member},t=n.a;\n", "dist/swagger-ui-bundle.js")
    assert (code.rule, code.blocking) == ("betterleaks.vault-service-token", False)
    assert "no mention of Vault" in code.reason
    [unnamed] = scan(f"TOKEN={token}\n")
    assert not unnamed.blocking
    current = "hvs." + t.rand(94, t.ALNUM + "_-", random.Random("hvs"))
    assert [f.blocking for f in scan(f"TOKEN={current}\n")] == [True]


def test_a_zai_key_blocks_where_z_ai_zhipu_or_glm_is_named() -> None:
    """Z.ai's keys (32 hex, "." and 16 letters and digits) have no literal: betterleaks'
    rule wants one of the service's names before the key, and so does the catalogue tier."""
    rng = random.Random("zai")
    key = f"{t.rand(32, t.HEX, rng)}.{t.rand(16, t.ALNUM, rng)}"
    for text in (
        f"ZHIPUAI_API_KEY={key}\n",
        f'client = ZhipuAI(api_key="{key}")\n',
        f"# Z.ai, GLM-4 models\nAPI_KEY={key}\n",
    ):
        assert [(f.rule, f.provider, f.blocking) for f in scan(text) if f.blocking] == [
            ("betterleaks.zai-api-key", "zai", True)
        ], text
    assert [f for f in scan(f'const id = "{key}";\n', "src/app.js") if f.blocking] == []


def test_an_sk_hex_key_is_deepseek_s_only_where_deepseek_is_named() -> None:
    """DeepSeek's keys are "sk-" and 32 hex, and so are DashScope's: the catalogue's rule
    labels the bare shape DeepSeek's, which would send a DashScope key to DeepSeek's
    verify and revoke calls. With DeepSeek named it blocks as DeepSeek's; under DashScope's
    name it is DashScope's; with no name at all it does not block as DeepSeek's."""
    key = "sk-" + t.hex_secret(32, random.Random("deepseek"))
    found = [f for f in scan(f"DEEPSEEK_API_KEY={key}\n") if f.blocking]
    assert [(f.rule, f.provider) for f in found] == [("betterleaks.deepseek-api-key", "deepseek")]
    found = [f for f in scan(f"DASHSCOPE_API_KEY={key}\n") if f.blocking]
    assert [f.provider for f in found] == ["dashscope"]
    unnamed = scan(f'const k = "{key}";\n', "src/app.js")
    assert [f for f in unnamed if f.blocking and f.provider == "deepseek"] == []


@pytest.mark.parametrize(
    "sample",
    ["123e4567-e89b-12d3-a456-426614174000", "f81d4fae-7dec-11d0-a765-00a0c91e6bf6"],
    ids=["wikipedia-sample", "rfc-4122-example"],
)
def test_the_uuids_documentation_copies_do_not_block_where_keys_are_uuids(sample: str) -> None:
    """Snyk's tokens are UUIDs: one drawn at random blocks, the sample every API reference
    copies is a documentation example."""
    drawn = str(uuid.UUID(int=random.Random(sample).getrandbits(128), version=4))
    assert [(f.provider, f.blocking) for f in scan(f"SNYK_TOKEN={drawn}\n")] == [("snyk", True)]
    found = scan(f"SNYK_TOKEN={sample}\n")
    assert [f for f in found if f.blocking] == []


@pytest.mark.parametrize(
    "name", ["BOX_CLIENT_ID", "box id", '"boxClientId"', "BOX_USERNAME"], ids=str.lower
)
def test_a_value_under_an_identifier_s_name_is_not_the_service_s_token(name: str) -> None:
    """Box's catalogue rule is Box's name and 32 letters and digits, which is the shape of
    its client ids too: assigned to an id's (or a username's) name, it does not block."""
    value = t.high_entropy(32, t.LOWER_ALNUM, random.Random(name))
    [token] = [f for f in scan(f"BOX_ACCESS_TOKEN = '{value}'\n", "app/box.py") if f.blocking]
    assert (token.rule, token.provider) == ("betterleaks.box-api-access-token", "box")
    assert [f for f in scan(f"{name} = '{value}'\n", "app/box.py") if f.blocking] == []


@pytest.mark.parametrize(
    ("path", "template"),
    [
        ("sonar-project.properties", "sonar.host.url=https://sonarcloud.io\nsonar.login={token}\n"),
        (
            "ci/scan.sh",
            "mvn sonar:sonar -Dsonar.host.url=https://sonarcloud.io -Dsonar.login={token}",
        ),
        ("ci/scan.ps1", '$sonarLogin = "{token}"\nSonarScanner.MSBuild.exe begin /k:"app"\n'),
        ("ci/scan.sh", "export SONAR_LOGIN={token}\nsonar-scanner\n"),
    ],
    ids=["properties", "jvm-property", "powershell-variable", "environment-variable"],
)
@pytest.mark.parametrize("prefixed", [True, False], ids=["sqp", "legacy-hex"])
def test_a_sonar_token_under_sonar_login_blocks(path: str, template: str, prefixed: bool) -> None:
    """``sonar.login`` is SonarScanner's token parameter (``sonar.token`` since SonarQube 10):
    a login's name does not make the token there an id, nor does any name make a value with
    its own prefix (``sqp_``) one; nor do the variables scripts keep it in."""
    hex40 = t.hex_secret(40, random.Random(path))
    token = "sqp_" + hex40 if prefixed else hex40
    found = [f for f in scan(template.format(token=token), path) if f.blocking]
    assert [(f.provider, f.fingerprint) for f in found] == [("sonar", fingerprint(KEY, token))]


def test_a_rule_s_match_cut_from_a_longer_run_does_not_block() -> None:
    """GitLab's catalogue rule is glpat- and 20 characters with no end to it: in glpat- and
    64 hex characters it takes the first 20 for a token. A match that runs on into more
    letters and digits is not the rule's token; one a few characters longer still is."""
    rng = random.Random("glpat")
    cut = f"client_secret: glpat-{t.hex_secret(64, rng)}\n"
    assert [f for f in scan(cut, "config/gitlab.yml") if f.blocking] == []
    longer = f"GITLAB_TOKEN=glpat-{t.high_entropy(22, t.ALNUM, rng)}\n"
    assert [f.provider for f in scan(longer) if f.blocking] == ["gitlab"]


def test_a_rule_s_match_sliced_from_an_inlined_image_does_not_block() -> None:
    """A notebook keeps a plot as base64 PNG in its JSON, 76 characters a line, the lines
    joined by escaped newlines (in its export as a page, by newlines). Brave's rule (BSA and
    24 letters, digits, _ or -) matches by chance where such a line starts with BSA and a /
    follows 24 characters on. A token set off as tokens are, in a URL's path or in the
    notebook's code, still blocks."""
    rng = random.Random("plot")
    token = "BSA" + t.high_entropy(24, t.ALNUM, rng)
    wrapped = [t.high_entropy(76, t.BASE64, rng) for _ in range(40)]
    wrapped[20] = token + "/" + wrapped[20][len(token) + 1 :]
    image = "\\n".join(wrapped)
    cell = f'   "outputs": [{{"data": {{"image/png": "{image}\\n"}}}}],\n'
    # the notebook exported as a page: the image's base64 wrapped on lines of its own
    page = '<img src="data:image/png;base64,\n' + "\n".join(wrapped) + '">\n'
    for text, path in ((cell, "notebooks/plots.ipynb"), (page, "site/plots.html")):
        found = scan(text, path)
        assert [f for f in found if f.blocking] == [], path
        assert [f.provider for f in found if f.fingerprint == fingerprint(KEY, token)] == [
            "brave-search"
        ], path  # reported, for review
    for set_off in (f'   "source": ["BRAVE_API_KEY = \\"{token}\\""],\n',
                    f"search: https://proxy.example.com/keys/{token}/v1\n"):
        blocking = [f for f in scan(set_off, "notebooks/search.ipynb") if f.blocking]
        assert [f.provider for f in blocking] == ["brave-search"], set_off


def test_docker_s_documented_swarm_tokens_do_not_block_a_vendored_copy() -> None:
    """Go projects vendor docker/cli and docker/docker with their docs: the join tokens and
    unlock keys of Docker's own reference pages pass; a drawn join token blocks."""
    digest = "3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl"
    join = f"SWMTKN-1-{digest}-1awxwuwd3z9j1z3puu7rcgdbx"
    documented = f"$ docker swarm join --token {join} 10.0.0.1\n"
    unlock = "SWMKEY-1-" + "fySn8TY4w5lKcWcJPIpKufejh9hxx5KYwx6XZigx3Q4"
    path = "vendor/github.com/docker/cli/docs/reference/commandline/swarm_join.md"
    assert [f for f in scan(documented + f"{unlock}\n", path) if f.blocking] == []
    rng = random.Random("swarm")
    drawn = f"SWMTKN-1-{t.rand(50, t.LOWER_ALNUM, rng)}-{t.rand(25, t.LOWER_ALNUM, rng)}"
    command = f"docker swarm join --token {drawn} 10.0.0.1:2377\n"
    found = [f for f in scan(command, path) if f.blocking]
    assert [f.provider for f in found] == ["docker-swarm"]
