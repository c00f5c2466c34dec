"""One path for every platform: read bounded -> verify -> parse -> dedupe -> outbox -> enqueue.

Two URLs reach it. The per-repository URL ``/webhooks/<platform>/<owner>/<name>`` names the
repository, so its secret is found without looking at the body and the JSON is parsed only
after the signature verified (issue #3, protocols.md "Webhooks"); the payload must then name
the same repository, or a delivery signed for one repository could be replayed at another's
URL when both share a secret. The plain ``/webhooks/<platform>`` URL is the compatibility
form for existing registrations: it must parse the body to learn the repository's name
before it can pick the secret.

Order of checks: a request without any credential header is refused before its body is
looked at; the body is read with a hard size limit; the HMAC is computed over the raw bytes
(Gitea/Forgejo: the decoded ``payload`` field of a form-encoded delivery). After verification
the delivery is written to the outbox (the ``deliveries`` table, unique on the platform's
delivery id and on ``(repository, ref, before, after)``) and answered 202; enqueueing is best
effort, the drainer (``pushguard.workers.outbox``) picks up what Redis did not take.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from typing import Any, NamedTuple, Protocol

import redis
from flask import Flask, Request, Response, current_app, jsonify, request
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from werkzeug.datastructures import Headers

from pushguard.store.db import Database
from pushguard.store.models import Delivery, Repository, utcnow
from pushguard.webhook.secrets import SecretCache
from pushguard.workers import metrics
from pushguard.workers.queue import enqueue_delivery, push_job_id

log = logging.getLogger(__name__)

READ_CHUNK = 64 * 1024
# Built once: statement construction is a large part of a delivery's cost.
INSERT_DELIVERY = insert(Delivery).returning(Delivery.id)
OID = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")


class Push(NamedTuple):
    ref: str
    before: str
    after: str
    pusher: str | None


class BadPayload(ValueError):
    """The payload is not the shape the platform documents (answered 400; ``extra`` is
    added to the JSON error)."""

    def __init__(self, message: str, **extra: object) -> None:
        super().__init__(message)
        self.extra = extra


class Platform(Protocol):
    name: str
    # Gitea/Forgejo sign the decoded ``payload`` field of a form-encoded delivery; GitHub
    # signs the raw body whatever its content type.
    signs_form_payload: bool

    def has_credentials(self, headers: Headers) -> bool: ...

    def authenticate(self, secret: bytes, body: bytes, headers: Headers) -> bool: ...

    def event(self, headers: Headers) -> str | None: ...

    def kind(self, event: str) -> str:
        """``push``, ``ping`` or ``other``."""
        ...

    def delivery_key(self, headers: Headers) -> str | None: ...

    def repository_name(self, payload: Mapping[str, Any]) -> str: ...

    def push(self, payload: Mapping[str, Any]) -> Push: ...


# -- helpers for platform modules ---------------------------------------------------------
def field(payload: Mapping[str, Any], *path: str) -> Any:
    value: Any = payload
    for key in path:
        if not isinstance(value, Mapping) or key not in value:
            raise BadPayload(f"missing field {'.'.join(path)}")
        value = value[key]
    return value


def text_field(payload: Mapping[str, Any], *path: str) -> str:
    value = field(payload, *path)
    if not isinstance(value, str) or not value:
        raise BadPayload(f"field {'.'.join(path)} must be a non-empty string")
    if not encodable(value):
        raise BadPayload(f"field {'.'.join(path)} is not valid Unicode")
    return value


def encodable(value: str) -> bool:
    """Whether ``value`` is storable text: JSON's ``\\ud800`` escapes decode to lone
    surrogates, which no database driver can encode."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def oid_field(payload: Mapping[str, Any], key: str) -> str:
    value = text_field(payload, key).lower()
    if not OID.fullmatch(value):
        raise BadPayload(f"field {key} is not a commit id")
    return value


def optional_text(payload: Mapping[str, Any], *path: str) -> str | None:
    try:
        value = field(payload, *path)
    except BadPayload:
        return None
    return value if isinstance(value, str) and value and encodable(value) else None


# -- the request path -------------------------------------------------------------------
def error(status: int, message: str, **extra: object) -> Response:
    response = jsonify({"error": message, **extra})
    response.status_code = status
    return response


class TooLarge(Exception):
    pass


class BrokenBody(Exception):
    """The client sent a body that cannot be read: a malformed chunked encoding, or fewer
    bytes than it announced before hanging up."""


def read_body(req: Request, limit: int) -> bytes:
    """The raw body, refusing more than ``limit`` bytes without buffering them."""
    declared = req.content_length
    if declared is not None and declared > limit:
        raise TooLarge
    stream = req.stream
    chunks: list[bytes] = []
    size = 0
    while True:
        try:
            chunk = stream.read(min(READ_CHUNK, limit + 1 - size))
        except Exception as exc:
            # only the client makes a body unreadable (gunicorn's parse errors, werkzeug's
            # ClientDisconnected, a reset socket): a 400 and one log line, no traceback
            raise BrokenBody(f"{type(exc).__name__}: {exc}") from None
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise TooLarge
    return b"".join(chunks)


def form_payload(body: bytes, headers: Headers) -> bytes:
    """The JSON bytes: form-encoded deliveries carry them in the ``payload`` field."""
    if not headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
        return body
    from urllib.parse import parse_qs

    form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    if "payload" not in form:
        raise BadPayload("form body without a payload field")
    return form["payload"][0].encode()


def parse_json(json_bytes: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(json_bytes)
    except RecursionError:
        raise BadPayload("body is not JSON: nested too deeply") from None
    except ValueError as exc:  # JSONDecodeError, bad UTF-8, integers over 4,300 digits
        raise BadPayload(f"body is not JSON: {str(exc).splitlines()[0]}") from None
    if not isinstance(payload, dict):
        raise BadPayload("body is not a JSON object")
    return payload


def _secrets(app: Flask) -> SecretCache:
    cache: SecretCache = app.extensions.setdefault("pushguard.secret_cache", SecretCache())
    return cache


def receive(platform: Platform, url_name: str | None = None) -> Response:
    """Answer one delivery. ``url_name``: the repository named by a per-repository URL;
    None on the plain URL, where the name is read from the body before verification."""
    app = current_app
    conn: redis.Redis | None = app.extensions["pushguard.redis"]
    try:
        response = _receive(app, platform, conn, url_name)
    except BadPayload as exc:
        response = _outcome(error(400, str(exc), **exc.extra), "malformed")
    outcome = getattr(response, "pushguard_outcome", None)
    if outcome is not None:  # None: counted together with the enqueue
        metrics.record_delivery(conn, platform.name, outcome)
    return response


def _outcome(response: Response, outcome: str) -> Response:
    response.pushguard_outcome = outcome  # type: ignore[attr-defined]
    return response


def _receive(
    app: Flask, platform: Platform, conn: redis.Redis | None, url_name: str | None
) -> Response:
    headers = request.headers
    if not platform.has_credentials(headers):
        return _outcome(error(401, "missing signature or token"), "unauthorized")
    try:
        body = read_body(request, app.config["PUSHGUARD"].service.max_body_bytes)
    except TooLarge:
        return _outcome(error(413, "payload too large"), "too_large")
    except BrokenBody as exc:
        log.info("unreadable %s delivery body: %s", platform.name, exc)
        return _outcome(error(400, "malformed or incomplete body"), "malformed")
    event = platform.event(headers)
    if not event:
        return _outcome(error(400, "missing event header"), "malformed")
    # Gitea/Forgejo sign a form's decoded payload field: the one decoding done unverified
    signed = form_payload(body, headers) if platform.signs_form_payload else body
    payload: dict[str, Any] | None = None
    if url_name is None:  # compatibility URL: the name comes from the unverified body
        payload, name = _named_payload(platform, body, signed, headers)
    else:
        name = url_name
    db: Database = app.extensions["pushguard.db"]
    repo_id = _verify(app, db, platform, name, signed)
    if isinstance(repo_id, Response):
        return repo_id
    if payload is None:  # per-repository URL: parsed only now that the signature holds
        payload, named = _named_payload(platform, body, signed, headers)
        if named != name:
            raise BadPayload(
                f"this delivery is for repository {named!r}, not {name!r} named by the URL; "
                "point that repository's webhook at its own URL",
                repository=named,
            )
    kind = platform.kind(event)
    if kind == "ping":
        return _outcome(jsonify({"status": "pong"}), "ping")
    if kind != "push":
        return _outcome(_accepted({"status": "ignored", "event": event}), "ignored")
    push = platform.push(payload)
    if set(push.after) == {"0"}:
        return _outcome(_accepted({"status": "ignored", "reason": "ref deleted"}), "ignored")
    key = platform.delivery_key(headers) or f"{push.ref}:{push.before}:{push.after}"
    return _store_and_enqueue(app, platform, conn, db, repo_id, key, push)


def _named_payload(
    platform: Platform, body: bytes, signed: bytes, headers: Headers
) -> tuple[dict[str, Any], str]:
    """The payload and the repository it names. GitHub signs a form-encoded body as sent, so
    only here is its ``payload`` field decoded; Gitea/Forgejo's signed bytes are the JSON."""
    payload = parse_json(signed if platform.signs_form_payload else form_payload(body, headers))
    return payload, platform.repository_name(payload)


def _verify(
    app: Flask, db: Database, platform: Platform, name: str, signed: bytes
) -> int | Response:
    """The id of repository ``name`` if the delivery's signature verifies with its secret;
    otherwise the refusal to answer."""
    try:
        for fresh in (False, True):
            found = _secrets(app).lookup(
                db, app.extensions["pushguard.keys"], platform.name, name, fresh=fresh
            )
            if found is None:
                return _unknown(app, platform, name, signed)
            if platform.authenticate(found[1], signed, request.headers):
                return found[0]
    except SQLAlchemyError:
        log.exception("database unavailable while receiving a %s delivery", platform.name)
        return _outcome(error(503, "database unavailable, retry later"), "unavailable")
    return _outcome(error(401, "bad signature"), "unauthorized")


UNKNOWN_KEY = b"pushguard: no repository of that name"
"""Checked against for an unregistered name: the answer takes the time a wrong signature does."""


def _unknown(app: Flask, platform: Platform, name: str, signed: bytes) -> Response:
    """An unregistered repository looks like a registered one with a wrong signature (401),
    unless the operator opted in to revealing it (``reveal_unknown_repositories``)."""
    if app.config["PUSHGUARD"].service.reveal_unknown_repositories:
        return _outcome(error(404, f"unknown repository {name!r}"), "unknown_repository")
    platform.authenticate(UNKNOWN_KEY, signed, request.headers)
    return _outcome(error(401, "bad signature"), "unknown_repository")


def _removed(db: Database, repo_id: int) -> bool:
    """Whether repository ``repo_id`` is gone (its deliveries then break the foreign key)."""
    with db.engine.connect() as sql:
        return sql.execute(select(Repository.id).where(Repository.id == repo_id)).first() is None


def _accepted(body: dict[str, object]) -> Response:
    response = jsonify(body)
    response.status_code = 202
    return response


def _store_and_enqueue(
    app: Flask,
    platform: Platform,
    conn: redis.Redis | None,
    db: Database,
    repo_id: int,
    key: str,
    push: Push,
) -> Response:
    values = {
        "platform": platform.name,
        "delivery_key": key[:255],
        "repository_id": repo_id,
        "ref": push.ref[:1024],
        "before": push.before,
        "after": push.after,
        "pusher": (push.pusher or "")[:255] or None,
        "status": "pending",
        "received_at": utcnow(),
    }
    try:
        # Core, not the ORM unit of work: this insert is the whole cost of a delivery
        with db.engine.begin() as sql:
            delivery_id = sql.execute(INSERT_DELIVERY, values).scalar_one()
    except IntegrityError:
        try:
            removed = _removed(db, repo_id)
        except SQLAlchemyError:
            removed = False
        if removed:  # while its secret was still cached (``SecretCache``): forget it now
            _secrets(app).forget(repo_id)
            return _outcome(error(404, "unknown repository"), "unknown_repository")
        return _outcome(jsonify({"status": "duplicate"}), "duplicate")
    except SQLAlchemyError:
        log.exception("database unavailable while storing a %s delivery", platform.name)
        return _outcome(error(503, "database unavailable, retry later"), "unavailable")
    body: dict[str, object] = {"status": "queued", "delivery": delivery_id}
    if conn is not None:
        try:
            # one round trip: the job (RQ's format, created only if absent) and the counter
            enqueue_delivery(
                conn,
                app.config["PUSHGUARD"].service,
                delivery_id,
                count_as=f"{platform.name}|queued",
            )
        except redis.exceptions.RedisError:
            log.warning("Redis unavailable: delivery %s stays in the outbox", delivery_id)
            body["status"] = "stored"
        else:
            # the row stays "pending" until its job (or the drainer) confirms it: one write
            # per delivery, so two web workers rarely queue on SQLite's write lock
            body["job"] = push_job_id(delivery_id)
            return _accepted(body)
    return _outcome(_accepted(body), "stored")
