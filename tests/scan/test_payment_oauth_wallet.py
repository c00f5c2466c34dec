"""Braintree access tokens, Google OAuth refresh/access tokens, EVM account private keys."""

from __future__ import annotations

import random

import pytest

from pushguard.scan.secrets import fingerprint
from tests.helpers import tokens as t
from tests.scan.test_catalogue import KEY, scan

R = random.Random(71)
BRAINTREE = (
    "access_token$" + "production$" + t.rand(16, t.LOWER_ALNUM, R) + "$" + t.hex_secret(32, R)
)
REFRESH = "1//0" + t.rand(100, t.WORD_DASH, R)
ACCESS = "ya29." + t.rand(160, t.WORD_DASH, R)
WALLET = "0x" + t.hex_secret(64, R)

POSITIVES = [
    ("braintree-access-token", "braintree", BRAINTREE, ".env",
     f"BRAINTREE_ACCESS_TOKEN={BRAINTREE}"),
    ("braintree-access-token", "braintree", BRAINTREE, "config/payments.yml",
     f'gateway:\n  access_token: "{BRAINTREE}"'),
    ("google-oauth-token", "google", REFRESH, "token.json",
     f'{{"refresh_token": "{REFRESH}", "token_uri": "https://oauth2.googleapis.com/token"}}'),
    ("google-oauth-token", "google", ACCESS, "fetch.sh",
     f'curl -H "Authorization: Bearer {ACCESS}" https://www.googleapis.com/drive/v3/files'),
    ("ethereum-private-key", "ethereum", WALLET, ".env", f"PRIVATE_KEY={WALLET}"),
    ("ethereum-private-key", "ethereum", WALLET, "hardhat.config.js",
     f'      accounts: [process.env.X || "{WALLET}"], deployerPrivateKey: "{WALLET}"'),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "provider", "secret", "path", "text"), POSITIVES,
    ids=[f"{p[0]}-{i}" for i, p in enumerate(POSITIVES)],
)  # fmt: skip
def test_each_blocks_under_its_rule(
    rule: str, provider: str, secret: str, path: str, text: str
) -> None:
    found = [f for f in scan(text + "\n", path) if f.blocking]
    assert [(f.rule, f.provider, f.fingerprint) for f in found] == [
        (rule, provider, fingerprint(KEY, secret))
    ]


NEGATIVES = [
    # Hardhat's first development account: printed at every start and in its docs
    ("hardhat-account",
     "PRIVATE_KEY=0x" + "ac0974bec39a17e36ba4a6b4d238ff94" "4bacb478cbed5efcae784d7bf4f2ff80"),
    ("tx-hash", f"TX_HASH={WALLET}"),  # 64 hex under a name that is no key
    ("short-refresh", "refresh = '1//0abc'"),
    ("ya29-word", "see ya29.ts for the parser"),
    ("braintree-placeholder",
     "BRAINTREE_ACCESS_TOKEN=access_token$production$xxxxxxxxxxxxxxxx$" + "x" * 32),
]  # fmt: skip


@pytest.mark.parametrize("text", [n[1] for n in NEGATIVES], ids=[n[0] for n in NEGATIVES])
def test_look_alikes_do_not_block(text: str) -> None:
    assert [f.rule for f in scan(text + "\n", "app/.env") if f.blocking] == []
