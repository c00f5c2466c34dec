"""MongoDB Atlas programmatic API keys: the private key, a UUID, blocks under the names
Atlas's own tools read it from; a UUID under a private key's name with no Atlas in sight,
the public key and placeholders do not."""

from __future__ import annotations

import random
import uuid

import pytest

from pushguard.scan.secrets import fingerprint
from tests.scan.test_catalogue import KEY, scan

RULE = "mongodb-atlas-api-key"
PRIVATE = str(uuid.UUID(int=random.Random("atlas").getrandbits(128), version=4))
PUBLIC = "".join(random.Random("public").choice("abcdefghijklmnopqrstuvwxyz") for _ in range(8))


@pytest.mark.parametrize(
    ("path", "text"),
    [
        # the Terraform provider's environment, and the Atlas CLI's
        (".env", f"MONGODB_ATLAS_PUBLIC_KEY={PUBLIC}\nMONGODB_ATLAS_PRIVATE_KEY={PRIVATE}\n"),
        (".github/workflows/infra.yml", f"  MONGODB_ATLAS_PRIVATE_API_KEY: {PRIVATE}\n"),
        ("scripts/deploy.sh", f'export TF_VAR_mongodbatlas_private_key="{PRIVATE}"\n'),
        # the mongodbatlas Python library's names
        ("settings.py", f'ATLAS_PRIVATE_KEY = "{PRIVATE}"\n'),
        # a provider block: Atlas is named above the argument
        (
            "infra/main.tf",
            f'provider "mongodbatlas" {{\n  public_key  = "{PUBLIC}"\n'
            f'  private_key = "{PRIVATE}"\n}}\n',
        ),
        # the Atlas CLI's profile: Atlas is named in the path
        (
            "home/.config/atlascli/config.toml",
            f"[default]\n  private_api_key = '{PRIVATE}'\n  public_api_key = '{PUBLIC}'\n",
        ),
    ],
)
def test_a_private_key_blocks_where_atlas_tools_read_it(path: str, text: str) -> None:
    [finding] = [f for f in scan(text, path) if f.blocking]
    assert (finding.rule, finding.provider) == (RULE, "mongodb-atlas")
    assert finding.fingerprint == fingerprint(KEY, PRIVATE)


@pytest.mark.parametrize(
    ("path", "text"),
    [
        # a UUID under a private key's name, with no Atlas in sight: a record's id
        ("app/fixtures.py", f'PRIVATE_KEY = "{PRIVATE}"\n'),
        ("app/.env", f"ATLASSIAN_PRIVATE_KEY={PRIVATE}\n"),
        # the public half, a key's id, a placeholder
        (".env", f"MONGODB_ATLAS_PUBLIC_KEY={PUBLIC}\n"),
        (".env", f"MONGODB_ATLAS_PRIVATE_KEY_ID={PRIVATE}\n"),
        (".env", "MONGODB_ATLAS_PRIVATE_KEY=" + "-".join(["0" * 8, *["0" * 4] * 3, "0" * 12])),
        (".env", "MONGODB_ATLAS_PRIVATE_KEY=${ATLAS_KEY}\n"),
    ],
)
def test_what_is_not_an_atlas_private_key_does_not_block(path: str, text: str) -> None:
    assert [f for f in scan(text, path) if f.provider == "mongodb-atlas"] == []
