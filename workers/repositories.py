"""Register, list and remove repositories (the CLI's `repos` and the tests use these)."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from pushguard.crypto.provider import MasterKeyProvider
from pushguard.errors import UsageError
from pushguard.store.models import PLATFORMS, Repository
from pushguard.store.sealed import delete_secret
from pushguard.workers.credentials import (
    generate_webhook_secret,
    seal_clone_credential,
    seal_webhook_secret,
)
from pushguard.workers.mirror import check_clone_url


class Registered(NamedTuple):
    id: int
    secret: str | None  # the webhook secret when it was generated here (show it once)


def add_repository(
    session: Session,
    keys: MasterKeyProvider,
    platform: str,
    name: str,
    clone_url: str,
    *,
    webhook_secret: str | None = None,
    clone_credential: str | None = None,
) -> Registered:
    if platform not in PLATFORMS:
        raise UsageError(f"unknown platform {platform!r}: one of {', '.join(PLATFORMS)}")
    check_clone_url(clone_url)
    existing = find_repository(session, platform, name)
    if existing is not None:
        raise UsageError(f"{platform} repository {name!r} is already registered")
    generated = None
    if webhook_secret is None:
        webhook_secret = generated = generate_webhook_secret()
    repo = Repository(
        platform=platform,
        name=name,
        clone_url=clone_url,
        webhook_secret_id=seal_webhook_secret(session, keys, webhook_secret),
        clone_credential_id=(
            seal_clone_credential(session, keys, clone_credential) if clone_credential else None
        ),
    )
    session.add(repo)
    session.flush()
    return Registered(repo.id, generated)


def find_repository(session: Session, platform: str | None, name: str) -> Repository | None:
    """By ``platform`` + name, or by name (or numeric id) alone when that is unambiguous."""
    stmt = select(Repository).where(Repository.name == name)
    if platform:
        stmt = stmt.where(Repository.platform == platform)
    rows = session.scalars(stmt).all()
    if not rows and name.isdigit():
        repo = session.get(Repository, int(name))
        return repo if repo is not None and platform in (None, repo.platform) else None
    if len(rows) > 1:
        raise UsageError(f"{name!r} is registered on several platforms: name one with --platform")
    return rows[0] if rows else None


def list_repositories(session: Session) -> list[Repository]:
    return list(session.scalars(select(Repository).order_by(Repository.platform, Repository.name)))


def remove_repository(session: Session, repo: Repository) -> None:
    secret_ids = [repo.webhook_secret_id, repo.clone_credential_id]
    session.delete(repo)
    session.flush()
    for secret_id in secret_ids:
        if secret_id:
            delete_secret(session, secret_id)
