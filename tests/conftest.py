"""Fixtures shared by the whole suite live in tests/helpers; each module is a pytest plugin."""

import os

import pytest

from tests.helpers import catalogue
from tests.helpers.catalogue import CACHE

# every process a test starts (hooks, CLI runs) shares one compiled catalogue: compiling it
# costs seconds, loading it from the cache a fraction of one
os.environ.setdefault("PUSHGUARD_SCAN_CATALOGUE_CACHE", str(CACHE))

pytest_plugins = [
    "tests.helpers.db",
    "tests.helpers.gitrepo",
    "tests.helpers.redis",
]


def pytest_sessionstart(session: pytest.Session) -> None:
    if not hasattr(session.config, "workerinput"):  # once: in xdist's controller, or a plain run
        catalogue.warm()
