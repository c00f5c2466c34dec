"""RQ jobs: respond to findings (verify -> revoke -> re-verify -> notify).

Jobs take ids only. The raw secret is re-read from the git object in the repository's mirror
(``pushguard.workers.reread``) and lives in this process's memory for the duration of the job; it is
never stored, logged or enqueued. The pipeline itself is ``pushguard.workers.respond_pipeline``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

from pushguard.config import Config
from pushguard.respond import notify as notify_mod
from pushguard.respond import registry as registry_mod
from pushguard.scan.secrets import load_or_create_key
from pushguard.store import models
from pushguard.workers.reread import mirror_reader
from pushguard.workers.respond_pipeline import Pipeline


def build_pipeline(ctx: Any) -> Pipeline:
    """A pipeline for a ``pushguard.workers.context.JobContext``."""
    from pushguard.respond.ratelimit import redis_limiters
    from pushguard.scan.plugins import all_detectors
    from pushguard.store.sealed import open_named
    from pushguard.workers.mirror import fetch_lock

    def resolve(name: str) -> str:
        with ctx.db.session() as s:
            return open_named(s, ctx.keys, name).decode()

    cfg = ctx.config.respond
    webhook_key = resolve(cfg.webhook_secret_credential) if cfg.webhook_secret_credential else None
    notifier = notify_mod.Notifier(
        cfg,
        smtp_password=resolve(cfg.smtp_password_credential)
        if cfg.smtp_password_credential
        else None,
        webhook_key=webhook_key.encode() if webhook_key else None,
    )
    catalogues = Catalogues(ctx.config)
    reader = mirror_reader(
        ctx.config.home,
        load_or_create_key(ctx.config.fingerprint_key_file),
        all_detectors(),
        lambda rid: fetch_lock(ctx.redis, rid),
        credential=lambda repo: _clone_credential(ctx, repo),
        catalogue=lambda repo: catalogues.detector(repo.name),
    )
    registry = registry_mod.build(
        cfg, resolve, limiters=redis_limiters(ctx.redis), catalogues=catalogues.loaded
    )
    return Pipeline(ctx.db, ctx.config, registry, notifier, reader)


class Catalogues:
    """The rule catalogues a job may meet: the server's ``[scan]`` one and each repository's
    (their own rule files). Each loads on first need only (``scan.catalogue.load`` shares one
    load per set of rule files in a process)."""

    def __init__(self, config: Config) -> None:
        self._config = config
        self._detectors: dict[str | None, Any] = {}

    def detector(self, repo: str | None) -> Any:
        """The catalogue detector that scanned ``repo`` (None: the tier is off there)."""
        from pushguard.scan.engine import catalogue_for

        if repo not in self._detectors:
            self._detectors[repo] = catalogue_for(self._config, self._config.scan_for(repo))[0]
        return self._detectors[repo]

    def loaded(self) -> list[Any]:
        """Every distinct loaded catalogue, the server's first."""
        out: dict[int, Any] = {}
        for repo in [None, *self._config.repos]:
            found = self.detector(repo)
            if found is not None:
                loaded = found.loaded()
                out.setdefault(id(loaded), loaded)
        return list(out.values())


def _clone_credential(ctx: Any, repo: models.Repository) -> Any:
    from pushguard.workers.credentials import clone_credential

    with ctx.db.session() as s:
        return clone_credential(s, ctx.keys, repo)


class RevocationDeferred(Exception):
    """Some revocations failed in a way worth retrying (rate limit, 5xx): RQ re-runs the job
    (its retry policy), and the next run claims the next attempt; nothing else repeats."""


@contextlib.contextmanager
def _context() -> Iterator[Pipeline]:
    from pushguard.workers.context import job_context

    pipeline = build_pipeline(job_context())
    try:
        yield pipeline
    finally:
        pipeline.registry.close()
    deferred = pipeline.summary.get("retry", 0)
    if deferred:
        raise RevocationDeferred(f"{deferred} revocation(s) deferred; the job will be retried")


def respond_to_finding(finding_id: int) -> dict[str, int]:
    """Verify, revoke if live and allowed, re-verify, notify: one finding (its own incident;
    enqueue ``respond_to_scan`` to get one message for a whole push)."""
    with _context() as pipeline:
        pipeline.group_by_scan = False
        return pipeline.run([finding_id])


def respond_to_findings(finding_ids: list[int]) -> dict[str, int]:
    """Many findings at once: revocations are batched per provider (GitHub, Hugging Face)
    and each scan's findings make one notification."""
    with _context() as pipeline:
        return pipeline.run(finding_ids)


def respond_to_scan(scan_id: int) -> dict[str, int]:
    """Every blocking, open finding of one scan: the entry to enqueue after a rescan."""
    with _context() as pipeline:
        with pipeline.db.session() as s:
            ids = list(
                s.scalars(
                    select(models.Finding.id)
                    .where(
                        models.Finding.scan_id == scan_id,
                        models.Finding.blocking.is_(True),
                        models.Finding.status == "open",
                    )
                    .order_by(models.Finding.id)
                )
            )
        return pipeline.run(ids)


RESPOND_SCAN_JOB = "pushguard.workers.respond_jobs.respond_to_scan"
RESPOND_FINDINGS_JOB = "pushguard.workers.respond_jobs.respond_to_findings"


def response_job_id(scan_id: int) -> str:
    return f"respond-scan-{scan_id}"


def enqueue_response(connection: Any, service: Any, scan_id: int) -> str:
    """Queue the response to one scan's findings (call it when a rescan stored findings).

    ``service`` is the ``[service]`` section: its retry policy and job timeout apply. The job
    id is derived from the scan, so enqueueing twice queues one job.
    """
    from rq.exceptions import DuplicateJobError

    from pushguard.workers.queue import RESULT_TTL, respond_queue, retry_policy

    job_id = response_job_id(scan_id)
    with contextlib.suppress(DuplicateJobError):  # already queued, running or just done
        respond_queue(connection).enqueue(
            RESPOND_SCAN_JOB,
            scan_id,
            job_id=job_id,
            retry=retry_policy(service),
            job_timeout=service.job_timeout,
            result_ttl=RESULT_TTL,
            description=f"respond_to_scan({scan_id})",
            unique=True,
        )
    return job_id
