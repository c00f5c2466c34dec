"""MongoDB Atlas service account secrets: ``mdb_sa_sk_`` + 40 of ``[A-Za-z0-9_-]``.

The catalogue reports one only next to the service account's id (``mdb_sa_id_``), which is
not a secret; the ``mdb_sa_sk_`` prefix is Atlas's own and distinctive alone.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import DASH_AFTER, DASH_BEFORE, RegexDetector


class MongoDbAtlasServiceAccountSecret(RegexDetector):
    rule = "mongodb-atlas-service-account-secret"
    prefilter = r"mdb_sa_sk_"
    patterns = (lazy(DASH_BEFORE + r"mdb_sa_sk_[A-Za-z0-9_-]{40}" + DASH_AFTER),)
