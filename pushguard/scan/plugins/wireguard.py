"""WireGuard private keys: ``PrivateKey = ...`` in a tunnel's ``[Interface]`` section
(``wg0.conf``, what ``wg-quick`` and every client export), or a variable named for it
(Ansible's ``wireguard_private_key``). A key is 32 bytes in base64: 43 characters, the last
carrying only 4 bits (one of ``AEIMQUYcgkosw048``), then ``=``.

Whoever holds it is that peer of the tunnel until every other peer drops its public key;
nothing revokes it centrally. The public key, a peer's ``PublicKey`` and a
``PresharedKey`` are named otherwise (a preshared key is a secret too, but shared by two
peers: the keyword detector warns on it).
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ASSIGNED, NAME_BEFORE, RegexDetector


class WireGuardPrivateKey(RegexDetector):
    rule = "wireguard-private-key"
    prefilter = r"privatekey|wireguard_?private_?key|wg_?private_?key"
    starts = ("privatekey", "wireguard", "wg")
    patterns = (
        lazy(
            NAME_BEFORE
            + r"(?i:privatekey|[a-z0-9_]*(?:wireguard|wg)_?private_?key)"
            + ASSIGNED
            + r"(?P<secret>[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=)(?![A-Za-z0-9+/=])"
        ),
    )
