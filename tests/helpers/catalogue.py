"""The catalogue tier as tests use it: compiled once per machine into a shared cache, loaded
once per test process (the same ``load`` the engine uses)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from pushguard.scan import catalogue

CACHE = Path(tempfile.gettempdir()) / f"pushguard-test-kingfisher-{__import__('os').getuid()}"

needs_catalogue = pytest.mark.skipif(
    not catalogue.status().available, reason="kingfisher-secret-scanner has no wheel here"
)


def detector(paths: tuple[str, ...] = (), disabled: tuple[str, ...] = ()) -> (
    catalogue.CatalogueDetector | None
):
    """The catalogue detector, or None where the package is not installed."""
    if not catalogue.status().available:
        return None
    return catalogue.CatalogueDetector(catalogue.load(paths, str(CACHE)), disabled)
