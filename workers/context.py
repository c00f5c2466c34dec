"""What a job needs besides its id: config, database and Redis, built once per process.

RQ calls module-level functions with ids only, so the worker process loads the config from
its environment (``PUSHGUARD_CONFIG``/``PUSHGUARD_*``) at the edge. The context is rebuilt
when the process forks (RQ's work-horse) or the configuration's endpoints change (tests).
"""

from __future__ import annotations

import dataclasses
import os

import redis

from pushguard import config as config_mod
from pushguard.config import Config
from pushguard.crypto.factory import load_provider
from pushguard.crypto.provider import MasterKeyProvider
from pushguard.errors import ConfigError
from pushguard.store.db import Database
from pushguard.workers.queue import connect


@dataclasses.dataclass(frozen=True)
class JobContext:
    config: Config
    db: Database
    redis: redis.Redis
    keys: MasterKeyProvider


_cache: dict[tuple[object, ...], JobContext] = {}


def job_context() -> JobContext:
    config = config_mod.load()
    if not config.service.redis_url:
        raise ConfigError("workers need [service] redis_url (PUSHGUARD_REDIS_URL)")
    key = (os.getpid(), config.database_url, config.service.redis_url, config.home)
    ctx = _cache.get(key)
    if ctx is None:
        for stale in _cache.values():
            stale.db.dispose()
        _cache.clear()
        ctx = JobContext(
            config,
            Database(config.database_url),
            connect(config.service.redis_url),
            load_provider(config),
        )
        _cache[key] = ctx
    return dataclasses.replace(ctx, config=config)
