"""Azure's identifiable keys: every kind Microsoft marks blocks under its service's rule, its
Marvin32 checksum sets the confidence, and look-alikes (a signature out of place, a plain
base64 blob, the signatures in prose) are not keys. Keys are built at run time as Azure
builds them (``tokens.azure_identifiable_key``)."""

from __future__ import annotations

import random

import pytest

from pushguard.config import ScanConfig
from pushguard.scan.checksum import marvin64
from pushguard.scan.secrets import fingerprint
from tests.helpers import tokens as t
from tests.scan.test_catalogue import KEY, scan

# signature, one of its seeds (the kind of key), rule
KINDS = [
    ("+ACR", 0x41435244666C7430, "azure-container-registry-key"),
    ("AzSe", 0x5041646D696E3030, "azure-search-key"),  # an admin key
    ("+ASb", 0x4D616E6167653030, "azure-service-bus-key"),  # a Manage rule's
    ("+AEh", 0x53656E6430303030, "azure-event-hubs-key"),  # a Send rule's
    ("+ARm", 0x4C697374656E3030, "azure-relay-key"),  # a Listen rule's
    ("AIoT", 0x4465766963653030, "azure-iot-key"),  # a device's
    ("AzCa", 0x4163636573733030, "azure-cache-for-redis-key"),
    ("AZEG", 0x53656E6452656376, "azure-event-grid-key"),
    ("+ASt", 0x44656661756C7430, "azure-storage-key"),
    ("ACDb", 0x4D61737452573030, "azure-cosmos-db-key"),  # a read-write master key
    ("+ABa", 0x4162416363743030, "azure-batch-key"),
    ("+AMC", 0x436C617373696330, "azure-machine-learning-key"),
    ("APIM", 0x4769744B65793030, "azure-api-management-key"),  # a repository key
    ("AzFu", 0x4D61737465723030, "azure-functions-key"),  # a host's master key
]
PLACES = {
    "app/.env": "AZURE_KEY={key}\n",
    "appsettings.json": '{{\n  "Key": "{key}"\n}}\n',
    "deploy/pipeline.yml": "      - run: az login --key '{key}'\n",
}


def azure(findings: list) -> list:
    return [f for f in findings if f.provider == "azure"]


def test_marvin_matches_symcrypts_published_answers() -> None:
    """The checksum is Marvin's: SymCrypt's known answers for "abc" and the alphabet."""
    assert marvin64(b"abc", 0xD53CD9CECD0893B7) == 0x22C74339492769BF
    assert marvin64(b"abcdefghijklmnopqrstuvwxyz", 0x0DDDDEEEEFFFF000) == 0xA128EB7E7260ACA2


@pytest.mark.parametrize("path", PLACES)
@pytest.mark.parametrize(("signature", "seed", "rule"), KINDS)
def test_each_kind_of_azure_key_blocks_under_its_service(
    signature: str, seed: int, rule: str, path: str
) -> None:
    """A key with no name beside it blocks: its marking says whose it is."""
    key = t.azure_identifiable_key(signature, seed, random.Random(f"{rule}/{path}"))
    [finding] = [f for f in scan(PLACES[path].format(key=key), path) if f.blocking]
    assert (finding.rule, finding.provider, finding.confidence) == (rule, "azure", "high")
    assert finding.fingerprint == fingerprint(KEY, key)
    assert key not in finding.redacted


@pytest.mark.parametrize(("signature", "seed", "rule"), KINDS[::4])
def test_an_edited_key_still_blocks_at_medium_confidence(
    signature: str, seed: int, rule: str
) -> None:
    """A checksum that fails means a copy edited by hand: one step from a live key."""
    key = t.azure_identifiable_key(signature, seed, random.Random(rule), valid=False)
    [finding] = [f for f in scan(f"KEY={key}\n") if f.blocking]
    assert (finding.rule, finding.confidence) == (rule, "medium")


@pytest.mark.parametrize(
    ("code", "rule"),
    [
        ("ACOG", "azure-ai-services-key"),  # Azure OpenAI's and Cognitive Services' keys
        ("AZMP", "azure-maps-key"),
        ("AZZZ", "azure-annotated-key"),  # a service whose code Microsoft has not listed
    ],
)
def test_common_annotated_keys_name_their_service(code: str, rule: str) -> None:
    key = t.azure_annotated_key(code, random.Random(code))
    [finding] = [f for f in scan(f'AZURE_OPENAI_API_KEY="{key}"\n') if f.blocking]
    assert (finding.rule, finding.provider) == (rule, "azure")
    assert finding.fingerprint == fingerprint(KEY, key)


def test_an_azure_devops_token_is_reported_once_under_its_own_rule() -> None:
    key = t.azure_annotated_key("AZDO", random.Random(3))
    found = [f for f in scan(f"ADO_PAT={key}\n") if f.blocking]
    assert [(f.rule, f.provider) for f in found] == [("azure-devops-pat", "azure-devops")]


def test_look_alikes_are_not_azure_keys() -> None:
    """A signature one character out of place, a base64 blob with none, and the
    signatures as words are no keys."""
    r = random.Random(7)
    key = t.azure_identifiable_key("+ACR", KINDS[0][1], r)
    shifted = "Q" + key  # the signature now at the 44th character of 53
    blob = t.high_entropy(86, t.BASE64, r) + "=="
    prose = "# AzFu and APIM keys: see +ACR docs; JQQJ9 marks annotated keys\n"
    text = f"first={shifted}\nsecond={blob}\n{prose}"
    assert azure(scan(text, "notes/keys.md")) == []


def test_one_kind_can_be_disabled_without_the_others() -> None:
    r = random.Random(11)
    registry = t.azure_identifiable_key("+ACR", KINDS[0][1], r)
    cosmos = t.azure_identifiable_key("ACDb", KINDS[9][1], r)
    policy = ScanConfig(disabled_rules=("azure-container-registry-key",))
    found = [f for f in scan(f"A={registry}\nB={cosmos}\n", policy=policy) if f.blocking]
    assert [(f.rule, f.line) for f in found] == [("azure-cosmos-db-key", 2)]
