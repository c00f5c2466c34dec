"""Which paths hold third-party code a project carries but does not write (``[scan]
vendored_paths``): virtualenvs, ``node_modules``, vendor trees, minified bundles, lock files.

The generic detectors (keyword, entropy, the catalogue's generic shapes) only warn, and in
such code they warn on the library's own test fixtures and examples: noise nobody acts on,
and on real histories most of the scan's cost (flask with all its refs commits a whole
virtualenv: its keyword and entropy hits outnumber the project's own ten to one). So they
skip these paths; a provider's token there is still found and still blocks.
"""

from __future__ import annotations

import fnmatch
import functools
import re
from collections.abc import Sequence

_REMEMBERED = 65536
"""Paths whose answer is kept (a history names the same paths again and again)."""


class VendoredPaths:
    def __init__(self, globs: Sequence[str]) -> None:
        self._pattern = _compiled(tuple(globs)) if globs else None
        self._known: dict[str, bool] = {}
        self.enabled = bool(globs)
        """False when the generic warnings skip nothing (they block: ``generic_blocking``)."""

    def __contains__(self, path: object) -> bool:
        if self._pattern is None or not isinstance(path, str):
            return False
        known = self._known.get(path)
        if known is None:
            if len(self._known) >= _REMEMBERED:
                self._known.clear()
            known = self._known[path] = self._pattern.match(path) is not None
        return known


@functools.lru_cache(maxsize=16)
def _compiled(globs: tuple[str, ...]) -> re.Pattern[str]:
    """The globs as one regex, translated once per process (a warm hook daemon builds an
    engine per push: translating them each time cost it a millisecond)."""
    return re.compile("|".join(fnmatch.translate(glob) for glob in globs))
