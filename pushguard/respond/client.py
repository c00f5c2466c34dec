"""HTTP for responders: timeouts, retries with backoff, ``Retry-After``, a token bucket.

Every provider call goes through :class:`Http`. It never lets a URL, header or body reach an
exception message or a log line: Telegram and npm carry the token in the path, so even a
``requests`` exception text (which quotes the URL) is reduced to its class name.
"""

from __future__ import annotations

import dataclasses
import email.utils
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

import requests

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
"""Worth another try: rate limits and server errors. 4xx otherwise mean what they say."""

DEFAULT_TIMEOUT = 10.0
"""Seconds per request: a worker job must not hang on one slow provider."""

DEFAULT_RETRIES = 3
"""Attempts after the first: 0.5 + 1 + 2 s of backoff at most, unless Retry-After says more."""

MAX_RETRY_AFTER = 60.0
"""Longest wait we honour inside a job; beyond it the caller gets the 429 and reschedules."""


class TransportError(Exception):
    """No HTTP answer at all (connection refused, timeout, TLS). The message is safe to log."""


class TokenBucket:
    """A per-provider rate limiter: ``capacity`` calls at once, refilled at ``per_second``.

    GitHub's unauthenticated revoke endpoint allows 60 requests an hour: capacity 60,
    ``per_second`` 60/3600. ``take`` waits at most ``max_wait`` seconds and otherwise reports
    how long the caller should wait, so a worker reschedules instead of blocking for minutes.
    """

    def __init__(
        self,
        capacity: float,
        per_second: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.capacity = capacity
        self.per_second = per_second
        self._tokens = capacity
        self._clock = clock
        self._sleep = sleep
        self._last = clock()
        self._lock = threading.Lock()

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self.capacity, self._tokens + (now - self._last) * self.per_second)
        self._last = now

    def take(self, max_wait: float = 0.0) -> float:
        """Take one token: 0.0 on success, else the seconds until one will be available."""
        with self._lock:
            self._refill()
            if self._tokens >= 1:
                self._tokens -= 1
                return 0.0
            wait = (1 - self._tokens) / self.per_second if self.per_second > 0 else float("inf")
            if wait > max_wait:
                return wait
            self._sleep(wait)
            self._refill()
            self._tokens = max(0.0, self._tokens - 1)
            return 0.0


@dataclasses.dataclass
class Http:
    """A session bound to one provider's base URL (configurable: GHES, self-managed GitLab,
    test servers)."""

    base_url: str
    timeout: float = DEFAULT_TIMEOUT
    retries: int = DEFAULT_RETRIES
    backoff: float = 0.5
    limiter: Any = None  # a ratelimit.Limiter: waits up to MAX_RETRY_AFTER per call
    sleep: Callable[[float], None] = time.sleep
    user_agent: str = "pushguard-responder/0.1"
    session: requests.Session = dataclasses.field(default_factory=requests.Session)

    def url(self, path: str) -> str:
        if not path:  # the base URL is the endpoint itself (an organisation's webhook)
            return self.base_url
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    def request(
        self,
        method: str,
        path: str,
        *,
        headers: Mapping[str, str] | None = None,
        json: Any = None,
        data: str | bytes | None = None,
        params: Mapping[str, str] | None = None,
        retry: bool = True,
    ) -> requests.Response:
        """Send one request, retrying 429/5xx and transport errors with exponential backoff.

        Returns the last response (possibly a 429/5xx once retries are spent) or raises
        :class:`TransportError` when no answer ever came.
        """
        all_headers = {"User-Agent": self.user_agent, **(headers or {})}
        attempts = 1 + (self.retries if retry else 0)
        last_error = ""
        for attempt in range(attempts):
            if self.limiter is not None:
                self.limiter.take(max_wait=MAX_RETRY_AFTER)
            try:
                response = self.session.request(
                    method,
                    self.url(path),
                    headers=all_headers,
                    json=json,
                    data=data,
                    params=params,
                    timeout=self.timeout,
                    allow_redirects=False,
                )
            except requests.Timeout:
                last_error = "timed out"
            except requests.RequestException as exc:
                # The exception text quotes the URL, which may hold the token: name the class.
                last_error = type(exc).__name__
            else:
                if response.status_code not in RETRY_STATUSES or attempt == attempts - 1:
                    return response
                delay = retry_after(response)
                if delay is not None and delay > MAX_RETRY_AFTER:
                    return response
                self.sleep(delay if delay is not None else self.backoff * 2**attempt)
                continue
            if attempt < attempts - 1:
                self.sleep(self.backoff * 2**attempt)
        raise TransportError(f"no answer from {_host(self.base_url)}: {last_error}")

    def close(self) -> None:
        self.session.close()


def retry_after(response: requests.Response) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or HTTP-date), or GitHub's
    ``x-ratelimit-reset`` epoch when the remaining quota is zero."""
    value = response.headers.get("Retry-After")
    if value:
        value = value.strip()
        if value.isdigit():
            return float(value)
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, when.timestamp() - time.time())
    if response.headers.get("x-ratelimit-remaining") == "0":
        reset = response.headers.get("x-ratelimit-reset", "")
        if reset.isdigit():
            return max(0.0, int(reset) - time.time())
    return None


def json_body(response: requests.Response) -> dict[str, Any]:
    """The response's JSON object, or ``{}`` when it is not one."""
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).netloc or url
