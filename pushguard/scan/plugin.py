"""The interface every detector implements (ours and the detect-secrets adapters)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from pushguard.scan.types import Match


class Detector(Protocol):
    """A detector: one rule, one file.

    ``prefilter`` is a regular expression (compiled case-insensitively, combined with every
    other detector's into one alternation) that matches somewhere in every line this
    detector could flag. The engine only calls :meth:`find` on lines the prefilter hits,
    which is what keeps a clean push fast. Keep it a short literal where possible.

    A detector may also set ``context``, a compiled pattern its provider's name or key id
    must match within a few lines of a match (or in the path), for shape-only formats; and
    its matches may carry their own rule id (``Match.rule``) when it holds many rules, which
    it lists as ``rules`` (for ``pushguard rules list`` and ``disabled_rules``). One
    whose secrets sit on lines with no anchor of their own (a Kubernetes Secret's values)
    defines ``related_lines(lines, index)``: the lines its prefilter hit on line ``index``
    asks :meth:`find` to be run on too, and, where those may lie far from that line, sets
    ``context_files`` (globs of file names: a diff's added lines in such a file are judged
    within the whole new file, whose unchanged line may make them secrets); one that knows
    a key by its service's name defines
    ``provider_nearby(lines, index, secret)`` for matches whose line names none
    (``Match.provider`` empty): the service named above, or "" to drop the match. One that
    knows the shape of its keys sets ``value_shape`` (a pattern the secret fullmatches):
    a key of that service found by its name elsewhere is taken for one only in that shape.
    One whose verdict depends on the lines around a match (the environment a Rails
    ``secrets.yml`` key sits under) defines ``reconsider(lines, index, match)``, which
    returns the match as it stands there. One that loads something on first use (a plugin
    module) may define ``prepare()`` to load it at once: a history scan calls it before
    forking its workers, which then share it.
    ``catch_all`` (what it reports, in words) marks a detector whose secret may be another
    rule's token (a URL's password): a provider's rule reporting the same value wins, and in
    third-party code it warns.

    :meth:`find` must depend on its arguments only (no state, no I/O): the engine
    remembers its result per ``(line, path)`` and does not call it again for a line added
    again elsewhere in the history.
    """

    rule: str  # stable id, kebab-case, e.g. "huggingface-token"
    blocking: bool  # structured formats block; generic entropy/keyword detectors warn
    prefilter: str

    def find(self, line: str, path: str) -> Iterable[Match]: ...


def rules_of(detector: Detector) -> tuple[str, ...]:
    """The rule ids ``detector`` reports under: its ``rules``, or its one ``rule``."""
    return tuple(getattr(detector, "rules", ())) or (detector.rule,)


def enabled(detector: Detector, disabled: Iterable[str]) -> bool:
    """Whether ``detector`` has a rule that ``disabled`` (``disabled_rules``) leaves on."""
    return not set(rules_of(detector)) <= set(disabled)
