"""Node providers' API keys in RPC URLs (Infura, Alchemy, QuickNode, Ankr, GetBlock), where
smart-contract projects' configs put them. Keys are drawn at run time."""

from __future__ import annotations

import random

import pytest

from pushguard.scan.secrets import fingerprint
from tests.helpers import tokens as t
from tests.scan.test_engine import KEY, scan

RULE = "rpc-url-key"
RNG = random.Random(404)
INFURA = t.hex_secret(32, RNG)
ALCHEMY = t.rand(32, t.WORD_DASH, RNG)
QUICKNODE = t.hex_secret(40, RNG)
ANKR = t.hex_secret(64, RNG)
GETBLOCK = t.hex_secret(32, RNG)

PLACED = [
    ("hardhat.config.js", f"      url: 'https://mainnet.infura.io/v3/{INFURA}',\n", INFURA,
     "infura"),
    ("truffle-config.js",
     f"  provider: () => new HDWalletProvider(m, `wss://sepolia.infura.io/ws/v3/{INFURA}`),\n",
     INFURA, "infura"),
    ("scripts/web3.py", f"w3 = Web3(HTTPProvider('https://eth-mainnet.g.alchemy.com/v2/{ALCHEMY}'))\n",
     ALCHEMY, "alchemy"),
    (".env", f"RPC_URL=https://polygon-mainnet.g.alchemy.com/v2/{ALCHEMY}\n", ALCHEMY, "alchemy"),
    ("src/rpc.ts", f"const rpc = 'https://wild-red-bird.quiknode.pro/{QUICKNODE}/';\n", QUICKNODE,
     "quicknode"),
    ("foundry.toml", f'mainnet = "https://rpc.ankr.com/eth/{ANKR}"\n', ANKR, "ankr"),
    ("config.yaml", f"rpc: https://go.getblock.io/{GETBLOCK}/\n", GETBLOCK, "getblock"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "text", "secret", "provider"), PLACED, ids=[p[0] + ":" + p[3] for p in PLACED]
)
def test_a_key_in_a_node_provider_s_url_blocks(
    path: str, text: str, secret: str, provider: str
) -> None:
    found = [f for f in scan(text, path=path) if f.blocking]
    assert [(f.rule, f.provider, f.fingerprint) for f in found] == [
        (RULE, provider, fingerprint(KEY, secret))
    ]
    assert secret not in found[0].redacted


@pytest.mark.parametrize(
    "text",
    [
        "url: 'https://mainnet.infura.io/v3/YOUR-PROJECT-ID'\n",
        "url: `https://mainnet.infura.io/v3/${process.env.INFURA_KEY}`\n",
        "url: 'https://eth-mainnet.g.alchemy.com/v2/<your-api-key>'\n",
        f"url: 'https://mainnet.infura.io/v3/{'0' * 32}'\n",
        # the key's shape on another host: no provider's
        f"url: 'https://mainnet.example.io/v3/{INFURA}'\n",
        # a longer hex string is no Infura key
        f"url: 'https://mainnet.infura.io/v3/{INFURA}{INFURA}'\n",
    ],
)
def test_placeholders_and_other_hosts_do_not_block(text: str) -> None:
    assert [f.rule for f in scan(text, path="hardhat.config.js") if f.blocking] == []
