"""`pushguard worker`: an RQ worker for rescans (production entry point)."""

from __future__ import annotations

import dataclasses

import click

from pushguard import config as config_mod
from pushguard.cli.options import config_option
from pushguard.errors import ExitCode


@click.command("worker")
@config_option
@click.option("--burst", is_flag=True, help="Exit once the queue is empty.")
@click.option(
    "--fork/--no-fork",
    default=True,
    show_default=True,
    help="Run each job in a forked work-horse (isolation) or in the worker process "
    "(lower latency; `pushguard serve` uses it).",
)
@click.option(
    "--queue",
    "queue_names",
    type=click.Choice(["respond", "scan"]),
    multiple=True,
    help="Serve only these queues (repeatable); default both, responses first.",
)
def worker(config_file: str | None, burst: bool, fork: bool, queue_names: tuple[str, ...]) -> int:
    """Run rescan and response jobs from Redis; also drains the webhook outbox and the hook
    spool."""
    from pushguard.store.db import open_database
    from pushguard.workers.queue import QUEUE_NAMES, redis_url_for
    from pushguard.workers.runtime import run_worker

    config = config_mod.load(config_file)
    service = dataclasses.replace(config.service, redis_url=redis_url_for(config))
    config = dataclasses.replace(config, service=service)
    with open_database(config.database_url):
        pass  # migrated before the first job touches the schema
    run_worker(config, burst=burst, fork=fork, queue_names=queue_names or tuple(QUEUE_NAMES))
    return ExitCode.OK
