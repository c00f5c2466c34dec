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
    """The scan failed on an internal error (exit 128)."""


class Unreachable(FatalError):
    """Something the scan needs did not answer, through every retry."""

    exit_code = ExitCode.CONFIG


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
    progress = _Progress(scan_id, sys.stderr.isatty())
    noted: str | None = None
    try:
        while True:
            with db.session() as s:
                scan = s.get(Scan, scan_id)
                assert scan is not None
                status, total, done = scan.status, scan.commits_total, scan.commits_scanned
                findings, error, kind = scan.findings_count, scan.error, scan.error_kind
            if status == "queued" and error and error != noted:  # a retry is scheduled
                progress.note(f"scan {scan_id}: attempt failed: {error}")
                noted = error
            progress.show(total, done)
            if status in ("done", "failed"):
                break
            if deadline is not None and time.monotonic() > deadline:
                # the limit the user chose ran out: their call to make again (exit 2)
                raise UsageError(
                    f"scan {scan_id} still {status} after --timeout {timeout:g}s; it goes on: "
                    f"wait longer, or check `pushguard jobs`"
                )
            time.sleep(POLL_SECONDS)
    finally:
        progress.close()
    if status == "failed":
        if kind == "permanent":  # a bad range, a wrong URL or refused access: the user's to fix
            raise UsageError(f"scan {scan_id} failed: {error}")
        if kind == "transient":  # the network, after every retry: not a bug (exit 3)
            raise Unreachable(f"scan {scan_id} failed: {error}; see `pushguard jobs failed`")
        raise ScanFailed(f"scan {scan_id} failed: {error}; see `pushguard jobs failed`")
    click.echo(f"scan {scan_id}: {total} commits, {findings} findings")
    if findings:
        click.echo("see them with `pushguard findings --format text`", err=True)
        return ExitCode.FOUND
    return ExitCode.OK


LOG_EVERY = 5.0
"""Seconds between progress lines when stderr is not a terminal (a log, CI, systemd)."""


class _Progress:
    """A progress bar on a terminal; elsewhere one line per ``LOG_EVERY`` seconds a log can
    read (click's bar prints only its label there)."""

    def __init__(self, scan_id: int, tty: bool) -> None:
        self.scan_id, self.tty = scan_id, tty
        self.bar: Any = None
        self.shown = 0
        self.logged: tuple[int, int] | None = None
        self.logged_at = 0.0

    def note(self, text: str) -> None:
        if self.bar is not None:
            click.echo("", err=True)  # off the bar's line
        click.echo(text, err=True)

    def show(self, total: int | None, done: int) -> None:
        if total is None:
            return
        if not self.tty:
            now = time.monotonic()
            if self.logged != (total, done) and (
                self.logged is None or done >= total or now - self.logged_at >= LOG_EVERY
            ):
                click.echo(f"scan {self.scan_id}: {done}/{total} commits scanned", err=True)
                self.logged, self.logged_at = (total, done), now
            return
        if self.bar is None:
            self.bar = progressbar(
                length=max(total, 1), label="commits scanned", show_pos=True, file=sys.stderr
            )
            self.bar.__enter__()
        if done > self.shown:
            self.bar.update(done - self.shown)
            self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
