"""The catalogue tier as tests use it: compiled once per machine into a shared cache, loaded
once per test process (the same ``load`` the engine uses)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from pushguard.scan import catalogue

# what a HOME's cache/ holds: the Hyperscan prefilters, and the catalogue in kingfisher/
SHARED_CACHE = Path(tempfile.gettempdir()) / f"pushguard-test-cache-{os.getuid()}"
CACHE = SHARED_CACHE / "kingfisher"

needs_catalogue = pytest.mark.skipif(
    not catalogue.status().available, reason="kingfisher-secret-scanner has no wheel here"
)


def share_cache(home: Path) -> Path:
    """Link ``home``'s ``cache/`` to the suite's shared one; returns ``home``.

    A server's HOME has these compiled when the hook runs (``install-hook`` warms them);
    a fresh HOME per test would compile them again in every test, seconds each (~7 s for
    the catalogue and its anchors, ~2 s for the prefilters). Writes are atomic renames, so
    concurrent test processes share the directory safely.
    """
    SHARED_CACHE.mkdir(mode=0o700, parents=True, exist_ok=True)
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "cache").is_symlink():
        (home / "cache").symlink_to(SHARED_CACHE, target_is_directory=True)
    return home


def warm() -> None:
    """Compile the shared cache now, once, as ``install-hook`` does on a server: test
    processes running in parallel (pytest-xdist) then only load it, none compiles it
    concurrently or waits seconds for it inside a timed test."""
    from pushguard import config
    from pushguard.scan.engine import warm_prefilter_cache

    home = Path(tempfile.mkdtemp(prefix="pg-warm-"))
    try:
        env = {"PUSHGUARD_HOME": str(share_cache(home)), "PUSHGUARD_CONFIG": os.devnull}
        warm_prefilter_cache(config.load(env=env))
    finally:
        shutil.rmtree(home, ignore_errors=True)


def detector(paths: tuple[str, ...] = (), disabled: tuple[str, ...] = ()) -> (
    catalogue.CatalogueDetector | None
):
    """The catalogue detector, or None where the package is not installed."""
    if not catalogue.status().available:
        return None
    return catalogue.CatalogueDetector(catalogue.load(paths, str(CACHE)), disabled)
