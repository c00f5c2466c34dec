"""A curl or wget command, continued over lines: each line but the last ends in ``\\`` (sh, a
Dockerfile's ``RUN``), `` ` `` (PowerShell) or `` ^ `` (cmd). READMEs and CI scripts write such
commands one option a line, so a credential may sit lines below the program's name."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pushguard.scan.lazyre import lazy

COMMAND = lazy(r"(?<![\w.-])(?:curl|wget)(?:\.exe)?(?=[ \t])", re.I)
CONTINUED_LINES = 20
"""Lines below a command's that its options may be on."""
_CONTINUES = lazy(r"(?:\\|[ \t][`^])[ \t]*\r?\Z")
OPTION_LINE = r"[ \t]*(?:(?:#|//|::|REM[ \t])[ \t]*)?(?=-)"
"""A continuation line's start: blanks, maybe a comment's mark (a commented-out command), an
option."""


def continuation_lines(lines: Sequence[str], index: int) -> list[int]:
    """The lines that continue a curl or wget command begun on line ``index`` (none if the
    line holds none or does not end in a continuation mark)."""
    if _CONTINUES.search(lines[index][-8:]) is None or COMMAND.search(lines[index]) is None:
        return []
    found: list[int] = []
    number = index
    while (
        number + 1 < len(lines)
        and len(found) < CONTINUED_LINES
        and _CONTINUES.search(lines[number][-8:]) is not None
    ):
        number += 1
        found.append(number)
    return found
