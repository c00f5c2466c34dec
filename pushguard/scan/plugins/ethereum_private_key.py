"""Ethereum (EVM) account private keys: ``0x`` + 64 hex, assigned to the names deployment
scripts read them from (``PRIVATE_KEY``, ``DEPLOYER_PRIVATE_KEY``, ``WALLET_KEY``, ...).

Whoever holds one owns the account's funds and contracts, on every EVM chain at once, and
nothing revokes it: the funds must be moved. A 64-hex value alone is any SHA-256 digest or
transaction hash; the name is what makes it a key. The development chains' published
accounts (Hardhat's, Anvil's) are documentation, not keys anyone holds alone
(``filters.KNOWN_EXAMPLES``).
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ASSIGNED, NAME_BEFORE, RegexDetector


class EthereumPrivateKey(RegexDetector):
    rule = "ethereum-private-key"
    prefilter = r"private_?key|privatekey|wallet_?key|signer_?key|deployer_?key"
    patterns = (
        lazy(
            NAME_BEFORE
            + r"(?i:[a-z0-9_]*?(?:private_?key|wallet_?key|signer_?key|deployer_?key))"
            + ASSIGNED
            + r"(?P<secret>0x[0-9a-fA-F]{64})(?![A-Za-z0-9_])"
        ),
    )
