"""MongoDB Atlas programmatic API keys: a public key (8 lowercase letters, not a secret) and
a private key, a UUID. Atlas's tools read the private key under names that say so: the
Atlas CLI's ``MONGODB_ATLAS_PRIVATE_API_KEY`` and its ``config.toml``'s
``private_api_key``, the Terraform provider's ``MONGODB_ATLAS_PRIVATE_KEY`` and the
``private_key`` argument of a ``provider "mongodbatlas"`` block.

A UUID says nothing by its shape, so a value counts only under a private key's name with
Atlas named on its line, within a few lines (the provider block, a comment) or in the path
(``atlascli/config.toml``). Without this rule such a key got no finding: Atlas's service
accounts have a format of their own (``mongodb_atlas``), so the catch-all left Atlas's
names to it.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ASSIGNED, RegexDetector

# the name's end (MONGODB_ATLAS_ + PRIVATE_KEY): where Atlas is named is the context's job
_NAME = r"(?i:private[_-]?(?:api[_-]?)?key)"
_VALUE = (
    r"(?P<secret>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"
    r"(?![0-9A-Za-z_-])"
)
# Atlas, not Atlassian (whose keys have formats of their own)
_ATLAS = lazy(r"(?i:atlas(?!sian))")


class MongoDbAtlasApiKey(RegexDetector):
    rule = "mongodb-atlas-api-key"
    prefilter = r"private[_-]?(?:api[_-]?)?key[^\n]{0,12}[0-9a-f]{8}-[0-9a-f]{4}-"
    patterns = (lazy(_NAME + ASSIGNED + _VALUE),)
    starts = ("private",)
    context = _ATLAS
