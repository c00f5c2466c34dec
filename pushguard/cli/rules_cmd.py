"""`pushguard rules list [--provider P]` and `pushguard rules test FILE|-`: what the engine
loads (our detectors, detect-secrets', the catalogue and users' own rules) and what it finds
in a sample, redacted, so a rule author can check a rule before shipping it."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from pushguard import config as config_mod
from pushguard.cli.options import config_option, pick_config
from pushguard.errors import ExitCode, UsageError

MAX_SAMPLE_BYTES = 10 * 1024 * 1024
"""A sample is a file a person pastes rules against, not a repository."""


@click.group("rules")
def rules() -> None:
    """The detection rules: list them, try them on a sample."""


@rules.command("list")
@click.option("--provider", help="Only this provider's rules (github, groq, ...).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@config_option
def list_rules(provider: str | None, fmt: str, config_file: str | None) -> int:
    """Every loaded rule: tier, id, provider, confidence, whether it blocks."""
    from pushguard.respond.registry import build
    from pushguard.scan import catalogue
    from pushguard.scan.engine import catalogue_for
    from pushguard.scan.plugin import rules_of
    from pushguard.scan.plugins import all_detectors
    from pushguard.scan.plugins.detect_secrets_adapter import DetectSecretsAdapter
    from pushguard.scan.rulemeta import provider_of

    config = config_mod.load(pick_config(click.get_current_context(), config_file))
    policy = config.scan_for(None)
    responders = build(config.respond)  # our rules' live checks and revocations
    rows: list[dict[str, Any]] = []
    listed: set[tuple[str, str]] = set()
    for detector in all_detectors():
        tier = "detect-secrets" if isinstance(detector, DetectSecretsAdapter) else "pushguard"
        for rule in rules_of(detector):
            if rule in policy.disabled_rules or (tier, rule) in listed:
                continue  # a rule two detectors report (Azure Storage's keys) is one row
            listed.add((tier, rule))
            responder = responders.for_rule(rule)
            revocable = bool(responder is not None and responder.revocable)
            rows.append({"tier": tier, "rule": rule, "provider": provider_of(rule),
                         "confidence": "high" if detector.blocking else "low",
                         "blocking": detector.blocking, "verify": responder is not None,
                         "revoke": revocable})  # fmt: skip
    found, status = catalogue_for(config, policy)
    if found is not None:
        for row in catalogue.rule_table(found.loaded()):
            if row["rule"] in policy.disabled_rules:
                continue
            tier = "custom" if not row["rule"].startswith(catalogue.BUILTIN) else "catalogue"
            rows.append({"tier": tier, **{k: v for k, v in row.items() if k != "name"}})
    if provider is not None:
        rows = [row for row in rows if row["provider"] == provider.lower()]
    if fmt == "json":
        click.echo(json.dumps({"rules": rows, "catalogue": status}, indent=2))
        return ExitCode.OK
    for row in rows:
        actions = ",".join(a for a in ("verify", "revoke") if row[a]) or "-"
        click.echo(f"{row['tier']:<14} {row['rule']:<58} {row['provider'] or '-':<20} "
                   f"{row['confidence'] or '-':<6} {'block' if row['blocking'] else 'warn ':<5} "
                   f"{actions}")  # fmt: skip
    click.echo(f"{len(rows)} rule(s); {status}")
    return ExitCode.OK


@rules.command("test")
@click.argument("sample", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--path", "as_path", default=None,
              help="Judge the sample as if it were this repository path (default: its name).")
@config_option
def test_rules(sample: str, as_path: str | None, config_file: str | None) -> int:
    """What each rule finds in SAMPLE (a file, or - for stdin), redacted.

    Exit status: 0 nothing blocks, 1 something blocks, 3 a rule file does not load.
    """
    from pushguard.scan.engine import build_engine
    from pushguard.scan.types import AddedBlock

    config = config_mod.load(pick_config(click.get_current_context(), config_file))
    data = _read(sample)
    text = data.decode("utf-8", "surrogateescape").replace("\r\n", "\n").rstrip("\n")
    path = as_path or ("stdin" if sample == "-" else sample)
    engine = build_engine(config, None, large=False)
    findings = engine.scan_block(AddedBlock("0" * 40, path, 1, text))  # CatalogueError: 3
    for f in findings:
        level = "BLOCK" if f.blocking else "warn "
        about = f" [{f.provider}, {f.confidence}]" if f.provider else f" [{f.confidence}]"
        why = f"  ({f.reason})" if f.reason else ""
        click.echo(f"{level} {path}:{f.line}  {f.rule}{about}  {f.redacted}{why}")
    click.echo(f"{len(findings)} finding(s); {engine.catalogue_status}")
    return ExitCode.FOUND if any(f.blocking for f in findings) else ExitCode.OK


def _read(sample: str) -> bytes:
    if sample == "-":
        data = sys.stdin.buffer.read(MAX_SAMPLE_BYTES + 1)
    else:
        try:
            with open(sample, "rb") as fh:
                data = fh.read(MAX_SAMPLE_BYTES + 1)
        except OSError as exc:
            raise UsageError(f"{sample}: cannot read: {exc.strerror}") from None
    if len(data) > MAX_SAMPLE_BYTES:
        raise UsageError(f"{sample}: larger than {MAX_SAMPLE_BYTES // 1024 // 1024} MB")
    return data
