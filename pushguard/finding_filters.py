"""The rule ids and providers that `pushguard findings` and ``GET /api/v1/findings`` filter by.

A name nobody knows is a typo, and a typo must say so (exit 2, HTTP 400) rather than print "no
findings". Known: every rule of pushguard's own detectors and its provider, plus every rule and
provider stored findings carry; only a name neither knows loads the rule catalogue's table
(~0.4 s once per process) to look there.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pushguard.errors import UsageError
from pushguard.store.models import Finding

if TYPE_CHECKING:
    from pushguard.config import Config


def check(session: Session, config: Config, rules: Sequence[str], provider: str | None) -> None:
    """Raise ``UsageError`` naming the first ``--rule`` or ``--provider`` nobody knows."""
    if not rules and not provider:
        return
    from pushguard.respond.registry import provider_rules
    from pushguard.scan.plugins import all_detectors
    from pushguard.scan.rulemeta import provider_of

    own = {d.rule for d in all_detectors()}
    known_rules = own | set(session.scalars(select(Finding.rule).distinct()))
    providers = {provider_of(r) for r in own} | set(provider_rules())
    providers |= set(session.scalars(select(Finding.provider).distinct()))
    unknown = [r for r in rules if r not in known_rules]
    if unknown or (provider and provider not in providers):
        for row in _catalogue_rules(config):
            known_rules.add(row["rule"])
            providers.add(row["provider"])
    providers.discard("")
    for rule in rules:
        if rule not in known_rules:
            raise UsageError(f"--rule: unknown rule id {rule!r}; see `pushguard rules list`")
    if provider and provider not in providers:
        raise UsageError(
            f"--provider {provider!r}: no detector has that provider; "
            "see `pushguard rules list` for the providers of every rule"
        )


def _catalogue_rules(config: Config) -> list[dict[str, Any]]:
    from pushguard.scan.catalogue import rule_table
    from pushguard.scan.engine import catalogue_for

    detector, _ = catalogue_for(config, config.scan)
    return rule_table(detector.loaded()) if detector is not None else []
