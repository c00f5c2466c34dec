"""Ingest the pre-receive hook's audit spool (``hooks/spool.py`` documents the format).

Each complete line becomes an audit event (``hook.<action>``); events with ``rescan: true``
(the hook failed open: it did not finish) also become queued push scans of their ref updates,
for the repository registered with that path or name. Progress is a byte offset per file in
``.ingest-state.json``, advanced only after the database commit; an flock keeps two workers
from ingesting the same lines.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import redis
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from pushguard import audit
from pushguard.config import Config
from pushguard.store.db import Database
from pushguard.store.models import Repository, Scan
from pushguard.workers.queue import enqueue_scan, scan_job_id

log = logging.getLogger(__name__)

STATE_FILE = ".ingest-state.json"
LOCK_FILE = ".ingest.lock"


@contextlib.contextmanager
def _locked(spool_dir: Path) -> Iterator[None]:
    fd = os.open(spool_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _load_state(spool_dir: Path) -> dict[str, int]:
    try:
        data = json.loads((spool_dir / STATE_FILE).read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
    return {str(k): int(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _save_state(spool_dir: Path, state: dict[str, int]) -> None:
    tmp = spool_dir / (STATE_FILE + ".tmp")
    tmp.write_text(json.dumps(state, sort_keys=True))
    os.replace(tmp, spool_dir / STATE_FILE)


def _find_repository(session: Session, event: dict[str, Any]) -> Repository | None:
    path = str(event.get("repo_path") or "")
    name = str(event.get("repo") or "")
    candidates = [c for c in (path, f"file://{path}") if path]
    return session.scalars(
        select(Repository)
        .where(or_(Repository.clone_url.in_(candidates), Repository.name == name))
        .order_by(Repository.platform != "local", Repository.id)
    ).first()


def _ingest_event(session: Session, event: dict[str, Any]) -> list[int]:
    """Record one event; returns the ids of the scans it queued."""
    action = str(event.get("action", "unknown"))
    details = {k: v for k, v in event.items() if k not in ("v",)}
    audit.append(
        session,
        actor=f"hook:{event.get('pusher', 'unknown')}",
        action=f"hook.{action}",
        subject=f"repo:{event.get('repo', '')}",
        details=details,
    )
    if not event.get("rescan"):
        return []
    repo = _find_repository(session, event)
    if repo is None:
        log.warning(
            "spool: %s needs a rescan but is not registered; run "
            "`pushguard repos add local NAME %s`",
            event.get("repo"),
            event.get("repo_path"),
        )
        return []
    scans = []
    for update in event.get("refs") or []:
        new = str(update.get("new", ""))
        if not new or set(new) == {"0"}:
            continue
        scan = Scan(
            repository_id=repo.id,
            kind="push",
            ref=str(update.get("ref", "")),
            before=str(update.get("old", "")),
            after=new,
        )
        session.add(scan)
        session.flush()
        scans.append(scan.id)
    return scans


def ingest_spool(config: Config, db: Database, connection: redis.Redis | None) -> int:
    """Ingest every new complete line; returns how many events were recorded."""
    spool_dir = config.spool_dir
    if not spool_dir.is_dir():
        return 0
    count = 0
    with _locked(spool_dir):
        state = _load_state(spool_dir)
        for path in sorted(spool_dir.glob("hook-*.jsonl")):
            offset = state.get(path.name, 0)
            with open(path, "rb") as fh:
                fh.seek(offset)
                data = fh.read()
            complete = data[: data.rfind(b"\n") + 1]
            if not complete:
                continue
            queued: list[int] = []
            with db.session() as s:
                for line in complete.splitlines():
                    if not line.strip():
                        continue
                    try:
                        event = json.loads(line)
                    except json.JSONDecodeError:
                        log.warning("spool: %s: skipping a line that is not JSON", path.name)
                        continue
                    if isinstance(event, dict):
                        queued += _ingest_event(s, event)
                        count += 1
            state[path.name] = offset + len(complete)
            _save_state(spool_dir, state)
            for scan_id in queued:
                _enqueue(db, connection, config, scan_id)
    return count


def _enqueue(db: Database, connection: redis.Redis | None, config: Config, scan_id: int) -> None:
    # a scan left without job id is picked up by the outbox drainer
    if connection is None:
        return
    try:
        enqueue_scan(connection, config.service, scan_id)
    except redis.exceptions.RedisError:
        return
    with db.session() as s:
        scan = s.get(Scan, scan_id)
        if scan is not None:
            scan.job_id = scan_job_id(scan_id)
