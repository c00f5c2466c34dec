"""API keys in blockchain node providers' RPC URLs, where their documentation puts them:
Infura's ``https://mainnet.infura.io/v3/<key>`` (32 hex, ``wss://.../ws/v3/`` too),
Alchemy's ``https://eth-mainnet.g.alchemy.com/v2/<key>``, QuickNode's endpoint
``https://<name>.<network>.quiknode.pro/<token>/``, Ankr's ``https://rpc.ankr.com/<chain>/<key>``
and GetBlock's ``https://go.getblock.io/<token>/``.

Smart-contract projects commit these in ``hardhat.config.js``, ``truffle-config.js`` and
``.env``: with the URL, anyone spends the owner's request quota (and reads what their
dashboard shows). The key is the URL's path segment, so the host names its provider; a
placeholder (``YOUR-API-KEY``, ``${INFURA_KEY}``) has no key's shape and is not matched.
Rotate in the provider's dashboard.
"""

from __future__ import annotations

from collections.abc import Iterator

from pushguard.scan.filters import false_positive_reason
from pushguard.scan.lazyre import LazyRegex, lazy
from pushguard.scan.plugins.base import digits_and_letters
from pushguard.scan.types import Match

_END = r"(?![A-Za-z0-9_-])"
_HOST = r"(?<![A-Za-z0-9.-])(?:[A-Za-z0-9-]+\.)*"
_KEYS: tuple[tuple[str, LazyRegex], ...] = (
    ("infura", lazy(_HOST + r"infura\.io(?::\d+)?/(?:ws/)?v3/(?P<secret>[0-9a-f]{32})" + _END)),
    (
        "alchemy",
        lazy(
            _HOST + r"(?:g\.alchemy\.com|alchemyapi\.io)(?::\d+)?/v2/"
            r"(?P<secret>[A-Za-z0-9_-]{32})" + _END
        ),
    ),
    ("quicknode", lazy(_HOST + r"quiknode\.pro/(?P<secret>[0-9a-f]{40})" + _END)),
    ("ankr", lazy(r"(?<![A-Za-z0-9.-])rpc\.ankr\.com/[a-z0-9_]+/(?P<secret>[0-9a-f]{64})" + _END)),
    ("getblock", lazy(r"(?<![A-Za-z0-9.-])go\.getblock\.io/(?P<secret>[0-9a-f]{32})" + _END)),
)


class RpcUrlKey:
    rule = "rpc-url-key"
    blocking = True
    prefilter = (
        r"infura\.io/|alchemy\.com/v2/|alchemyapi\.io/v2/|quiknode\.pro/|rpc\.ankr\.com/"
        r"|getblock\.io/"
    )

    def find(self, line: str, path: str) -> Iterator[Match]:
        for provider, pattern in _KEYS:
            for found in pattern.finditer(line):
                secret = found.group("secret")
                # letters and digits both, as a drawn key has (zeros, a word have not)
                if digits_and_letters(secret) and false_positive_reason(secret, line, path) is None:
                    yield Match(secret, provider=provider)
