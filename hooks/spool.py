"""The hook's audit spool: local JSON lines the service ingests later.

The hook must never fail (or slow) a push because the audit store is down, so it appends
events to files in ``config.spool_dir`` and the service ingests them into its hash-chained
audit log.

Format (version 1)
------------------
One file per UTC day, ``hook-YYYY-MM-DD.jsonl``, mode 0640 (group-readable: the hook runs as
the git user, the service ingesting it usually as another user sharing a group with it; give
the directory that group and mode 2770). Nothing in it is secret beyond the keyed
fingerprints and redacted previews the service stores anyway. Each line is
one JSON object, appended with a single ``os.write`` on an ``O_APPEND`` descriptor so that
concurrent hooks never interleave. A reader must only consume complete lines (ending in
``\\n``) and remember its byte offset per file; files of past days are no longer written.

Fields of every event:

``v``          1 (format version)
``id``         random hex id, unique per event (deduplicate on it)
``time``       ISO 8601 UTC timestamp, e.g. ``2025-01-31T12:00:00.123456+00:00``
``action``     ``blocked`` | ``bypassed`` | ``fail-open`` | ``error`` | ``accepted-with-warnings``
``accepted``   whether the push went through (``error`` events may be either)
``repo``       repository name (platform name such as ``group/project``, else the path)
``repo_path``  absolute path of the repository on the git server (for rescans)
``pusher``     the authenticated user
``refs``       ``[{"old": oid, "new": oid, "ref": name}, ...]`` every ref update of the push
``findings``   ``[{"commit", "path", "line", "rule", "blocking", "fingerprint", "redacted"}]``
``reason``     why: ``timeout``, ``bypass: <pusher's reason>``, an error class, ...
``rescan``     true when the service should rescan the pushed refs (the hook did not finish)

A raw secret never appears: findings carry only the keyed fingerprint and redacted preview.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pushguard.git.refs import RefUpdate
from pushguard.scan.types import Finding

SPOOL_VERSION = 1
Action = Literal["blocked", "bypassed", "fail-open", "error", "accepted-with-warnings"]
FINDING_FIELDS = ("commit", "path", "line", "rule", "blocking", "fingerprint", "redacted")


def event(
    action: Action,
    *,
    accepted: bool,
    repo: str,
    repo_path: Path,
    pusher: str,
    updates: Sequence[RefUpdate],
    findings: Iterable[Finding] = (),
    reason: str = "",
    rescan: bool = False,
    now: dt.datetime | None = None,
) -> dict[str, object]:
    return {
        "v": SPOOL_VERSION,
        "id": os.urandom(16).hex(),  # what secrets.token_hex does, without its imports
        "time": (now or dt.datetime.now(dt.UTC)).isoformat(),
        "action": action,
        "accepted": accepted,
        "repo": repo,
        "repo_path": str(repo_path),
        "pusher": pusher,
        "refs": [{"old": u.old, "new": u.new, "ref": u.ref} for u in updates],
        "findings": [{k: getattr(f, k) for k in FINDING_FIELDS} for f in findings],
        "reason": reason,
        "rescan": rescan,
    }


def spool_file(spool_dir: Path, now: dt.datetime | None = None) -> Path:
    day = (now or dt.datetime.now(dt.UTC)).date().isoformat()
    return spool_dir / f"hook-{day}.jsonl"


def append(spool_dir: Path, record: dict[str, object]) -> str | None:
    """Append one event; return a short notice for the pusher if it could not be written."""
    # ASCII JSON: a path git could not decode (surrogate escapes) stays valid JSON text
    line = (json.dumps(record, separators=(",", ":")) + "\n").encode("ascii")
    try:
        spool_dir.mkdir(mode=0o750, parents=True, exist_ok=True)
        fd = os.open(
            spool_file(spool_dir),
            os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC,
            0o640,
        )
        try:
            written = os.write(fd, line)
        finally:
            os.close(fd)
    except OSError as exc:
        return f"pushguard: note: audit spool not writable ({exc.strerror or type(exc).__name__})"
    if written != len(line):
        return "pushguard: note: audit spool is full; the event was truncated"
    return None


Where = Literal["spool", "syslog", "nowhere"]
SYSLOG_LISTED = 20
"""Refs and fingerprints listed in a syslog fallback record (a datagram must stay small)."""


class Stored(NamedTuple):
    """Where an event went, and what the pusher is told about it."""

    where: Where
    notice: list[str]


def store(spool_dir: Path, syslog_address: str, record: dict[str, object]) -> Stored:
    """Append to the spool; if that fails, send a summary to syslog so the push is still
    known (issue 13: a bypass must not claim a record that does not exist)."""
    notice = append(spool_dir, record)
    if notice is None:
        return Stored("spool", [])
    if to_syslog(syslog_address, record):
        return Stored("syslog", [f"{notice}; the event went to the system log instead"])
    return Stored("nowhere", [f"{notice}, nor the system log: this push is recorded NOWHERE"])


def syslog_summary(record: dict[str, object]) -> str:
    """The event in one bounded JSON line: counts and fingerprints, never a preview."""
    refs = record.get("refs") or []
    findings = record.get("findings") or []
    assert isinstance(refs, list) and isinstance(findings, list)
    summary = {
        key: record.get(key)
        for key in ("v", "id", "time", "action", "accepted", "repo", "repo_path", "pusher")
    }
    summary.update(
        refs=refs[:SYSLOG_LISTED],
        refs_total=len(refs),
        fingerprints=[f["fingerprint"] for f in findings[:SYSLOG_LISTED]],
        findings_total=len(findings),
        reason=str(record.get("reason", ""))[:200],
        rescan=record.get("rescan"),
    )
    return json.dumps(summary, separators=(",", ":"), ensure_ascii=True)


def to_syslog(address: str, record: dict[str, object]) -> bool:
    """One record to the system logger at ``address``; False if it could not be sent."""
    import logging
    from logging.handlers import SysLogHandler

    class Handler(SysLogHandler):
        failed = False

        def handleError(self, record: logging.LogRecord) -> None:
            self.failed = True  # never logging's traceback on the pusher's terminal

    try:
        handler = Handler(address=address, facility=SysLogHandler.LOG_AUTH)
    except OSError:
        return False
    try:
        handler.ident = "pushguard-hook: "
        message = "spool not writable, event " + syslog_summary(record)
        handler.emit(
            logging.LogRecord("pushguard.hook", logging.WARNING, __file__, 0, message, None, None)
        )
        return not handler.failed
    finally:
        handler.close()


def read_events(path: Path) -> list[dict[str, Any]]:
    """Every complete event in one spool file (for the service's ingester and tests)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    complete, _, _ = data.rpartition(b"\n")
    return [json.loads(line) for line in complete.split(b"\n") if line.strip()]
