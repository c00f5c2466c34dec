"""`pushguard audit verify|export`: check and copy out the hash-chained audit log."""

from __future__ import annotations

import datetime as dt

import click

from pushguard import config as config_mod
from pushguard.cli.options import config_group
from pushguard.errors import ExitCode


@config_group("audit")
def audit() -> None:
    """Verify or export the tamper-evident audit log."""


@audit.command("verify")
@click.pass_obj
def verify(config: config_mod.Config) -> int:
    """Exit 0 when the chain is intact; exit 1 naming the first tampered event."""
    from pushguard import audit as audit_log
    from pushguard.store.db import open_database
    from pushguard.store.models import AUDIT_HEAD_ID, AuditHead

    with open_database(config.database_url) as db, db.session() as session:
        broken = audit_log.verify_report(session)
        total = session.get_one(AuditHead, AUDIT_HEAD_ID).count
    if broken is None:
        click.echo(f"audit log intact: {total} event(s)")
        return ExitCode.OK
    click.echo(f"audit log BROKEN at event {broken.event_id}: {broken.reason}", err=True)
    click.echo(
        "Events from there on cannot be trusted; compare with your last export "
        "(`pushguard audit export`) to see what changed.",
        err=True,
    )
    return ExitCode.FOUND


@audit.command("export")
@click.option(
    "--since",
    metavar="TIME",
    help="Only events at or after TIME (ISO 8601, e.g. 2026-01-31 or "
    "2026-01-31T12:00:00Z; UTC when no offset).",
)
@click.pass_obj
def export(config: config_mod.Config, since: str | None) -> int:
    """Write events as JSON lines (with their hashes) to stdout."""
    from pushguard import audit as audit_log
    from pushguard.store.db import open_database

    start = parse_since(since) if since else None
    with open_database(config.database_url) as db, db.session() as session:
        for line in audit_log.export(session, start):
            click.echo(line)
    return ExitCode.OK


def parse_since(text: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise click.BadParameter(
            f"{text!r} is not an ISO 8601 date or time", param_hint="--since"
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
