"""Repository lookup for deliveries, with a short per-process cache of unsealed secrets.

Every delivery needs its repository's webhook secret; opening it costs a database
transaction and two AES-GCM operations. Hits are kept ``TTL`` seconds in this process's
memory only (never written anywhere). A signature that fails against a cached secret is
checked again against the stored one (a rotated secret works at once); a delivery for a
removed repository fails to store (foreign key) and its entry is dropped (``forget``).
Unknown repositories are not cached.
"""

from __future__ import annotations

import threading
import time
from typing import Final

from sqlalchemy import select

from pushguard.crypto.provider import MasterKeyProvider
from pushguard.store.db import Database
from pushguard.store.models import Repository
from pushguard.workers.credentials import webhook_secret

TTL: Final = 10.0
"""Seconds an unsealed webhook secret is reused by one web process."""


class SecretCache:
    def __init__(self, ttl: float = TTL) -> None:
        self.ttl = ttl
        self._entries: dict[tuple[str, str], tuple[float, int, bytes]] = {}
        self._lock = threading.Lock()

    def lookup(
        self,
        db: Database,
        keys: MasterKeyProvider,
        platform: str,
        name: str,
        *,
        fresh: bool = False,
    ) -> tuple[int, bytes] | None:
        """``(repository id, webhook secret)``, or None for an unknown repository.
        ``fresh``: skip the cache (a signature failed: the secret may just have rotated)."""
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get((platform, name))
        if entry is not None and entry[0] > now and not fresh:
            return entry[1], entry[2]
        with db.session() as s:
            repo = s.scalar(
                select(Repository).where(Repository.platform == platform, Repository.name == name)
            )
            secret = webhook_secret(s, keys, repo) if repo is not None else None
            repo_id = repo.id if repo is not None else None
        if repo_id is None or secret is None:
            return None
        with self._lock:
            self._entries[(platform, name)] = (now + self.ttl, repo_id, secret)
        return repo_id, secret

    def forget(self, repo_id: int) -> None:
        """Drop a repository's entry (it was removed)."""
        with self._lock:
            for key in [k for k, entry in self._entries.items() if entry[1] == repo_id]:
                del self._entries[key]
