"""`pushguard rescan REPO [--all | --range R] [--wait]`: queue a rescan, optionally watch it."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Any

import click
from click.termui import progressbar

from pushguard import config as config_mod
from pushguard.cli.options import config_option
from pushguard.errors import ExitCode, FatalError, UsageError
from pushguard.store.models import PLATFORMS

if TYPE_CHECKING:
    from pushguard.store.db import Database

POLL_SECONDS = 0.5


class ScanFailed(FatalError):
    pass


@click.command("rescan")
@click.argument("repo")
@click.option("--platform", type=click.Choice(PLATFORMS), help="When REPO is ambiguous.")
@click.option(
    "--all", "all_", is_flag=True, help="Every commit of every branch and tag (the default)."
)
@click.option("--range", "range_spec", metavar="R", help="A revision range, e.g. v1.0..main.")
@click.option("--wait", is_flag=True, help="Show progress and the result; exit 1 on findings.")
@click.option("--timeout", type=float, default=None, help="Give up waiting after SECONDS.")
@config_option
def rescan(
    repo: str,
    platform: str | None,
    all_: bool,
    range_spec: str | None,
    wait: bool,
    timeout: float | None,
    config_file: str | None,
) -> int:
    """Rescan REPO (name or id, see `pushguard repos list`) in the workers."""
    from pushguard.store.db import open_database
    from pushguard.workers.queue import connect, redis_url_for
    from pushguard.workers.repositories import find_repository
    from pushguard.workers.rescan_requests import request_rescan

    if all_ and range_spec:
        raise UsageError("--all and --range exclude each other")
    if range_spec is not None and (not range_spec or range_spec.startswith("-")):
        raise UsageError(f"--range: not a revision range: {range_spec!r}")
    config = config_mod.load(config_file)
    connection = connect(redis_url_for(config))
    with open_database(config.database_url) as db:
        with db.session() as s:
            found = find_repository(s, platform, repo)
            if found is None:
                raise UsageError(f"no repository {repo!r}; see `pushguard repos list`")
            repo_id, label = found.id, f"{found.platform}/{found.name}"
        scan_id = request_rescan(db, connection, config.service, repo_id, range_spec=range_spec)
        click.echo(f"queued scan {scan_id} of {label}", err=True)
        if not wait:
            click.echo(scan_id)
            return ExitCode.OK
        return _watch(db, scan_id, timeout)


def _watch(db: Database, scan_id: int, timeout: float | None) -> int:
    from pushguard.store.models import Scan

    deadline = None if timeout is None else time.monotonic() + timeout
    shown = 0
    bar: Any = None
    try:
        while True:
            with db.session() as s:
                scan = s.get(Scan, scan_id)
                assert scan is not None
                status, total, done = scan.status, scan.commits_total, scan.commits_scanned
                findings, error = scan.findings_count, scan.error
            if total is not None and bar is None:
                stream = sys.stderr
                length = total if total > 0 else 1
                bar = progressbar(
                    length=length, label="commits scanned", show_pos=True, file=stream
                )
                bar.__enter__()
            if bar is not None and done > shown:
                bar.update(done - shown)
                shown = done
            if status in ("done", "failed"):
                break
            if deadline is not None and time.monotonic() > deadline:
                raise ScanFailed(
                    f"scan {scan_id} still {status} after the timeout; check `pushguard jobs`"
                )
            time.sleep(POLL_SECONDS)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    if status == "failed":
        raise ScanFailed(f"scan {scan_id} failed: {error}; see `pushguard jobs failed`")
    click.echo(f"scan {scan_id}: {total} commits, {findings} findings")
    if findings:
        click.echo("see them with `pushguard findings --format text`", err=True)
        return ExitCode.FOUND
    return ExitCode.OK
