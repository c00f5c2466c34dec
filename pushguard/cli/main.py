"""`pushguard` entry point: argument parsing and dispatch only.

Each command lives in its own module and is imported only when invoked, so `pushguard scan`
does not pay for Flask or SQLAlchemy. `pre-receive` skips click entirely: it runs on every
push and Python start-up is most of its cost.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import NoReturn

QUICK_EXIT = frozenset({"scan", "pre-receive"})
"""One-shot commands that hold nothing needing a clean shutdown (no server, no atexit
handler of their own): once their output is flushed the process ends without tearing the
interpreter down, which costs a history scan ~10 ms and every in-process hook run a few."""


def entry() -> NoReturn:
    """The console script (and ``python -m pushguard``)."""
    args = sys.argv[1:]
    code = main(args)
    if args[:1] and args[0] in QUICK_EXIT:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:  # e.g. the reader went away: as Python's own shutdown reports it
            code = code or 120
        os._exit(code)
    sys.exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["pre-receive"]:
        from pushguard.hooks.pre_receive import main as pre_receive

        return pre_receive(args[1:])
    from pushguard.cli.app import run

    return run(args)
