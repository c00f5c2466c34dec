"""Rate limits shared by every worker process: a token bucket kept in Redis.

GitHub allows 60 unauthenticated revoke calls an hour per source address, not per process:
with several workers, a per-process :class:`~pushguard.respond.client.TokenBucket` would let
them spend the hour's budget several times over and get the "spammed" 422. The bucket's state
lives in one Redis hash and is updated by one Lua script, atomically, with Redis' own clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

import redis

_TAKE = """
local now = redis.call('TIME')
local t = tonumber(now[1]) + tonumber(now[2]) / 1000000
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1]) or capacity
local ts = tonumber(state[2]) or t
tokens = math.min(capacity, tokens + math.max(0, t - ts) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / rate end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(t))
redis.call('EXPIRE', KEYS[1], math.ceil(capacity / rate) + 60)
return tostring(wait)
"""


class Limiter(Protocol):
    def take(self, max_wait: float = 0.0) -> float:
        """Take one call's token: 0.0 on success, else seconds until one is available."""
        ...


LimiterFactory = Callable[[str, float, float], Limiter]
"""(name, capacity, refill per second) -> a limiter; the registry asks one per provider."""


class RedisTokenBucket:
    def __init__(
        self,
        connection: redis.Redis,
        key: str,
        capacity: float,
        per_second: float,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._script = connection.register_script(_TAKE)
        self.key = key
        self.capacity = capacity
        self.per_second = per_second
        self._sleep = sleep

    def take(self, max_wait: float = 0.0) -> float:
        if self.capacity < 1 or self.per_second <= 0:
            return float("inf")  # a budget of zero: never call
        wait = 0.0
        for _ in range(2):
            wait = float(self._script(keys=[self.key], args=[self.capacity, self.per_second]))
            if wait == 0.0 or wait > max_wait:
                return wait
            self._sleep(wait)
        return wait


def redis_limiters(connection: redis.Redis, prefix: str = "pushguard:ratelimit:") -> LimiterFactory:
    def make(name: str, capacity: float, per_second: float) -> Limiter:
        return RedisTokenBucket(connection, prefix + name, capacity, per_second)

    return make
