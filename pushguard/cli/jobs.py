"""`pushguard jobs [failed]` and `pushguard jobs requeue`: the scan queue, failures visible."""

from __future__ import annotations

import click
import redis
from rq.job import Job

from pushguard import config as config_mod
from pushguard.cli.options import ConfigGroup, config_option, pick_config
from pushguard.errors import ExitCode, FatalError, UsageError


def _connection(config: config_mod.Config) -> redis.Redis:
    from pushguard.workers.queue import connect, redis_url_for

    return connect(redis_url_for(config))


def _reason(job: Job) -> str:
    result = job.latest_result()
    text = (result.exc_string if result is not None else None) or job.exc_info or ""
    lines = [line for line in str(text).strip().splitlines() if line.strip()]
    return lines[-1] if lines else "unknown"


@click.group("jobs", cls=ConfigGroup, invoke_without_command=True)
@config_option
@click.pass_context
def jobs(ctx: click.Context, config_file: str | None) -> int:
    """Queue summary: queued, running, scheduled (retry backoff) and failed jobs, for the
    rescan queue and the response queue."""
    from rq.registry import FailedJobRegistry, ScheduledJobRegistry, StartedJobRegistry

    from pushguard.workers.queue import queues

    if ctx.invoked_subcommand is not None:
        return ExitCode.OK
    failed = 0
    for queue in queues(_connection(config_mod.load(pick_config(ctx, config_file)))):
        click.echo(f"{queue.name}:")
        click.echo(f"  queued     {queue.count}")
        click.echo(f"  running    {StartedJobRegistry(queue=queue).count}")
        click.echo(f"  retrying   {ScheduledJobRegistry(queue=queue).count}")
        failed += (count := FailedJobRegistry(queue=queue).count)
        click.echo(f"  failed     {count}")
        for job_id in queue.job_ids[:20]:
            click.echo(f"    queued  {job_id}")
    if failed:
        click.echo("see why with `pushguard jobs failed`", err=True)
    return ExitCode.OK


@jobs.command("failed")
@click.pass_obj
def failed(config: config_mod.Config) -> int:
    """Failed jobs and the reason each failed (after their retries)."""
    from rq.registry import FailedJobRegistry

    from pushguard.workers.queue import queues

    found = False
    for queue in queues(_connection(config)):
        ids = FailedJobRegistry(queue=queue).get_job_ids()
        found = found or bool(ids)
        for job in Job.fetch_many(ids, connection=queue.connection):
            if job is None:
                continue
            click.echo(
                f"{job.id:<14} {job.description}  ended {job.ended_at:%Y-%m-%d %H:%M:%S}  "
                f"{_reason(job)}"
            )
    if not found:
        click.echo("no failed jobs")
    else:
        click.echo("retry with `pushguard jobs requeue --all` (or JOB_ID...)", err=True)
    return ExitCode.OK


@jobs.command("requeue")
@click.argument("job_ids", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Every failed job.")
@click.pass_obj
def requeue(config: config_mod.Config, job_ids: tuple[str, ...], all_: bool) -> int:
    """Put failed jobs back on the queue (fails if one could not be requeued)."""
    from rq.exceptions import InvalidJobOperation, NoSuchJobError
    from rq.registry import FailedJobRegistry

    from pushguard.workers.queue import queues

    if not job_ids and not all_:
        raise UsageError("name JOB_IDs or pass --all")
    registries = [FailedJobRegistry(queue=q) for q in queues(_connection(config))]
    failed = {job_id: r for r in registries for job_id in r.get_job_ids()}
    unknown = [job_id for job_id in job_ids if job_id not in failed]
    errors = 0
    for job_id in failed if all_ else [j for j in job_ids if j in failed]:
        try:
            failed[job_id].requeue(job_id)
        except (InvalidJobOperation, NoSuchJobError) as exc:
            click.echo(f"{job_id}: not requeued: {exc}", err=True)
            errors += 1
        else:
            click.echo(f"{job_id}: requeued")
    if unknown:  # a mistyped id is the user's mistake (exit 2), not an internal error
        raise UsageError(
            f"not among the failed jobs: {', '.join(unknown)}; see `pushguard jobs failed`"
        )
    if errors:
        raise FatalError(f"{errors} job(s) not requeued (see above)")
    return ExitCode.OK
