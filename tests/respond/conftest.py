"""Provider APIs are played by pytest-httpserver following each provider's documented contract."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytest_httpserver import HTTPServer

from pushguard.respond.client import Http

MakeHttp = Callable[..., Http]


@pytest.fixture
def make_http(httpserver: HTTPServer) -> Iterator[MakeHttp]:
    """An ``Http`` on the local server that records its backoff sleeps instead of sleeping."""
    made: list[Http] = []

    def make(path: str = "", **kwargs: object) -> Http:
        sleeps: list[float] = []
        http = Http(httpserver.url_for(path), sleep=sleeps.append, timeout=2.0, **kwargs)  # type: ignore[arg-type]
        http.sleeps = sleeps  # type: ignore[attr-defined]
        made.append(http)
        return http

    yield make
    for http in made:
        http.close()


@pytest.fixture
def smtp() -> Iterator[tuple[object, int]]:
    """A real SMTP server on localhost: (mailbox, port)."""
    from tests.respond.fakes import smtp_server

    yield from smtp_server()
