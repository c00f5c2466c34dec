"""Push payloads in each platform's recorded shape, and the headers that sign them.

Shapes follow the platforms' documented/recorded push events (field names in protocols.md);
commit ids are whatever the test passes (real ones from a test repository, or generated).
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

from pushguard.webhook import signatures

NULL = "0" * 40


def _commits(ids: list[str], limit: int) -> list[dict[str, Any]]:
    return [
        {
            "id": oid,
            "message": f"commit {i}",
            "timestamp": "2026-11-29T12:00:00Z",
            "author": {"name": "Test Author", "email": "author@example.com"},
            "added": [],
            "modified": ["README.md"],
            "removed": [],
        }
        for i, oid in enumerate(ids[-limit:])
    ]


def github_push(
    name: str, ref: str, before: str, after: str, commits: list[str] | None = None, **extra: Any
) -> dict[str, Any]:
    owner = name.split("/")[0]
    return {
        "ref": ref,
        "before": before,
        "after": after,
        "created": before == NULL,
        "deleted": after == NULL,
        "forced": extra.pop("forced", False),
        "base_ref": None,
        "compare": f"https://github.com/{name}/compare/{before[:12]}...{after[:12]}",
        "commits": _commits(commits or [], 2048),
        "head_commit": None,
        "repository": {
            "id": 123456,
            "name": name.split("/")[-1],
            "full_name": name,
            "private": True,
            "owner": {"login": owner, "id": 1},
            "clone_url": f"https://github.com/{name}.git",
            "ssh_url": f"git@github.com:{name}.git",
            "default_branch": "main",
        },
        "pusher": {"name": "octocat", "email": "octocat@example.com"},
        "sender": {"login": "octocat", "id": 1},
        **extra,
    }


def gitlab_push(
    name: str,
    ref: str,
    before: str,
    after: str,
    commits: list[str] | None = None,
    kind: str = "push",
) -> dict[str, Any]:
    ids = commits or []
    return {
        "object_kind": kind,
        "event_name": kind,
        "before": before,
        "after": after,
        "ref": ref,
        "ref_protected": True,
        "checkout_sha": after if after != NULL else None,
        "user_id": 4,
        "user_name": "John Smith",
        "user_username": "jsmith",
        "user_email": "",
        "project_id": 15,
        "project": {
            "id": 15,
            "name": name.split("/")[-1],
            "path_with_namespace": name,
            "default_branch": "main",
            "git_http_url": f"https://gitlab.example.com/{name}.git",
            "git_ssh_url": f"git@gitlab.example.com:{name}.git",
            "visibility_level": 0,
        },
        "commits": _commits(ids, 20),  # GitLab sends the newest 20 only
        "total_commits_count": len(ids),
        "repository": {"name": name.split("/")[-1], "url": f"git@gitlab.example.com:{name}.git"},
    }


def gitea_push(
    name: str, ref: str, before: str, after: str, commits: list[str] | None = None
) -> dict[str, Any]:
    return {
        "ref": ref,
        "before": before,
        "after": after,
        "compare_url": f"https://gitea.example.com/{name}/compare/{before}...{after}",
        "commits": _commits(commits or [], 5),  # FEED_MAX_COMMIT_NUM
        "total_commits": len(commits or []),
        "head_commit": None,
        "repository": {
            "id": 1,
            "owner": {"id": 1, "login": name.split("/")[0], "username": name.split("/")[0]},
            "name": name.split("/")[-1],
            "full_name": name,
            "private": True,
            "clone_url": f"https://gitea.example.com/{name}.git",
        },
        "pusher": {"id": 1, "login": "gitea-user", "username": "gitea-user"},
        "sender": {"id": 1, "login": "gitea-user", "username": "gitea-user"},
    }


def body_of(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload).encode()


def github_headers(
    secret: str, body: bytes, event: str = "push", delivery: str | None = None
) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": "GitHub-Hookshot/abc123",
        "X-GitHub-Event": event,
        "X-GitHub-Delivery": delivery or str(uuid.uuid4()),
        "X-GitHub-Hook-ID": "42",
        "X-Hub-Signature-256": signatures.github_signature(secret.encode(), body),
    }


def gitlab_headers(
    secret: str,
    body: bytes,
    event: str = "Push Hook",
    delivery: str | None = None,
    *,
    signed: bool = False,
    timestamp: int | None = None,
) -> dict[str, str]:
    key = delivery or str(uuid.uuid4())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "GitLab/17.6.0",
        "X-Gitlab-Event": event,
        "X-Gitlab-Instance": "https://gitlab.example.com",
        "X-Gitlab-Event-UUID": str(uuid.uuid4()),
        "Idempotency-Key": key,
    }
    if signed:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        headers.update(
            {
                "webhook-id": key,
                "webhook-timestamp": ts,
                "webhook-signature": signatures.standard_webhooks_signature(
                    secret.encode(), key, ts, body
                ),
            }
        )
    else:
        headers["X-Gitlab-Token"] = secret
    return headers


def gitea_headers(
    secret: str,
    body: bytes,
    event: str = "push",
    delivery: str | None = None,
    *,
    forgejo: bool = False,
) -> dict[str, str]:
    family = "Forgejo" if forgejo else "Gitea"
    return {
        "Content-Type": "application/json",
        f"X-{family}-Event": event,
        f"X-{family}-Event-Type": event,
        f"X-{family}-Delivery": delivery or str(uuid.uuid4()),
        f"X-{family}-Signature": signatures.hmac_sha256(secret.encode(), body).hex(),
    }
