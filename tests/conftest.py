"""Fixtures shared by the whole suite live in tests/helpers; each module is a pytest plugin."""

pytest_plugins = [
    "tests.helpers.db",
    "tests.helpers.gitrepo",
    "tests.helpers.redis",
]
