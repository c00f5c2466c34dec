"""A token written in pieces: ``"ghp_" + "…"``, PHP's ``'sk_' . '…'``, a shell's ``"hf_""…"``.
Splitting a token into string literals is how code slips one past a scanner that reads
literals whole (push protection included); the program still joins the pieces at run time.
The engine reads such a line with its pieces joined too (``joined_literals``), as it reads
one with its percent-escapes decoded, and a token the pieces make blocks under its own rule.
"""

from __future__ import annotations

import re

_LITERAL = re.compile(r"""(["'`])((?:(?!\1)[^\\\n]|\\.){1,200})\1""")
_JOIN = re.compile(r"[ \t]*(?:\+|\.\.?|&)[ \t]*|")
"""What may stand between two pieces: a concatenation operator (``+``, PHP's and Perl's
``.``, Lua's ``..``, VB's ``&``), or nothing (``"ghp_""…"``, joined by a shell and by
Python alike). Not a blank alone: Python joins ``"a" "b"``, but a command line passes two
arguments (``curl -u "$TOKEN:" "https://…"``)."""
_HINT = re.compile(r"""["'`](?:[ \t]*(?:\+|\.\.?|&)[ \t]*)?["'`]""")


def joined_literals(line: str) -> str | None:
    """``line`` with each run of two or more joined string literals written as one literal;
    None where it has no such run."""
    if _HINT.search(line) is None:
        return None
    pieces = list(_LITERAL.finditer(line))
    out: list[str] = []
    last = 0  # where the text not yet copied to ``out`` starts
    run: list[re.Match[str]] = []
    changed = False
    for piece in [*pieces, None]:
        if piece is not None and run and _JOIN.fullmatch(line, run[-1].end(), piece.start()):
            run.append(piece)
            continue
        if len(run) >= 2:
            quote = run[0].group(1)
            out.append(line[last : run[0].start()])
            out.append(quote + "".join(p.group(2) for p in run) + quote)
            last = run[-1].end()
            changed = True
        run = [piece] if piece is not None else []
    out.append(line[last:])
    return "".join(out) if changed else None
