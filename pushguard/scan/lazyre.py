"""Regular expressions compiled on first use.

The hook imports every detector to build its prefilter, but on a clean push no detector's
full pattern ever runs; compiling them all up front would cost ~20 ms of a ~100 ms budget.
"""

from __future__ import annotations

import re
import sys
import weakref
from collections.abc import Callable, Iterator, Mapping


class LazyRegex:
    """The subset of ``re.Pattern`` the scanner uses, compiling the pattern when first needed."""

    __slots__ = ("__weakref__", "_compiled", "_flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None
        _EVERY.add(self)

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self._flags)
        return self._compiled

    @property
    def groupindex(self) -> Mapping[str, int]:
        return self.compiled.groupindex

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.match(string, pos, endpos)

    def fullmatch(self, string: str) -> re.Match[str] | None:
        return self.compiled.fullmatch(string)

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string, pos, endpos)

    def findall(self, string: str) -> list[str]:
        return self.compiled.findall(string)

    def split(self, string: str) -> list[str]:
        return self.compiled.split(string)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str) -> str:
        return self.compiled.sub(repl, string)


_EVERY: weakref.WeakSet[LazyRegex] = weakref.WeakSet()
"""Every lazy pattern alive: module constants, and those of the detectors an engine holds
(each engine builds its own, so a long-lived worker's do not pile up here)."""


def lazy(pattern: str, flags: int = 0) -> LazyRegex:
    return LazyRegex(pattern, flags)


def compile_all() -> None:
    """Compile every pattern made so far: before a history scan forks its workers, which
    then share them instead of each compiling its own (~20 ms of CPU each)."""
    for regex in list(_EVERY):
        regex.compiled  # noqa: B018  (compiles it)
