"""Per-repository bare mirror under HOME/mirrors: clone once, then ``git fetch``.

Credentials never go into a URL (URLs end up in logs, ``.git/config`` and error messages):
they reach git as an ``http.<url>.extraHeader`` through ``GIT_CONFIG_COUNT``/``KEY``/``VALUE``
environment variables of the one git process that needs them. Fetches of one repository are
serialized by a Redis lock, so concurrent jobs never race on the same ref files.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

import redis

from pushguard.errors import GitError, UsageError
from pushguard.git.repo import Git

LOCK_TIMEOUT = 900
"""Seconds a fetch lock lives if its holder dies without releasing it."""

LOCK_WAIT = 1200
"""Seconds a job waits for another job's fetch of the same repository."""

FETCH_REFSPECS = ("+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*")
"""What pushes touch; a platform's refs/pull/* and the like would only cost time."""


class Credential(NamedTuple):
    """HTTP Basic credentials for cloning a private repository."""

    username: str
    password: str

    @classmethod
    def parse(cls, text: str) -> Credential:
        """``user:token`` (a bare token gets GitHub's ``x-access-token`` user)."""
        user, sep, token = text.partition(":")
        return cls(user, token) if sep else cls("x-access-token", text)


def check_clone_url(url: str) -> str:
    """Reject URLs that carry credentials or could be taken for an option."""
    if not url or url.startswith("-"):
        raise UsageError(f"clone URL must not be empty or start with '-': {url!r}")
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and (parts.username or parts.password):
        raise UsageError("clone URL must not contain credentials: use --clone-token-env instead")
    return url


LS_REMOTE_TIMEOUT = 30.0
"""Seconds ``repos add`` waits for a clone URL to answer (an unroutable host never does)."""


def check_reachable(url: str, credential: Credential | None = None) -> None:
    """``git ls-remote URL``: the URL names a repository we may read, or a ``UsageError``
    quoting git's reason (no such repository, authentication refused, unknown host)."""
    env = {**git_env(), **credential_env(url, credential)}
    try:
        proc = subprocess.run(
            ["git", "ls-remote", "--heads", "--", check_clone_url(url)],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=LS_REMOTE_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise UsageError(f"{url} did not answer within {LS_REMOTE_TIMEOUT:.0f} s") from None
    except OSError as exc:
        raise GitError(f"cannot run git: {exc}") from None
    if proc.returncode != 0:
        lines = proc.stderr.decode(errors="replace").strip().splitlines()
        reasons = [line for line in lines if line.startswith(("fatal: ", "error: "))]
        detail = (reasons or lines or ["git ls-remote failed"])[0]
        raise UsageError(f"cannot read {url}: {detail}")


def git_env(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The caller's environment minus its GIT_* variables (a hook's GIT_DIR must not leak)."""
    env = {k: v for k, v in (base or os.environ).items() if not k.startswith("GIT_")}
    env.update(GIT_TERMINAL_PROMPT="0", GIT_ASKPASS="", SSH_ASKPASS="", LC_ALL="C")
    return env


def credential_env(url: str, credential: Credential | None) -> dict[str, str]:
    if credential is None:
        return {}
    token = base64.b64encode(f"{credential.username}:{credential.password}".encode()).decode()
    return {
        "GIT_CONFIG_COUNT": "2",
        # scoped to the clone URL: a redirect to another host does not get the header
        "GIT_CONFIG_KEY_0": f"http.{url}.extraHeader",
        "GIT_CONFIG_VALUE_0": f"Authorization: Basic {token}",
        # no credential helper may prompt, store or leak the secret
        "GIT_CONFIG_KEY_1": "credential.helper",
        "GIT_CONFIG_VALUE_1": "",
    }


def mirror_path(home: Path, repository_id: int) -> Path:
    return home / "mirrors" / f"{repository_id}.git"


def retire_mirror(home: Path, repository_id: int) -> bool:
    """Delete a removed repository's mirror (its objects hold whatever secrets were pushed).
    Renamed first, atomically: a worker never sees half of it, and no later repository can
    find it under its id. True when there was one."""
    path = mirror_path(home, repository_id)
    if not path.exists():
        return False
    doomed = path.with_name(f".removed-{repository_id}-{uuid.uuid4().hex}")
    path.rename(doomed)
    shutil.rmtree(doomed)
    return True


class Mirror:
    def __init__(self, path: Path, url: str, credential: Credential | None = None) -> None:
        self.path = path
        self.url = check_clone_url(url)
        self.credential = credential

    @classmethod
    def for_repository(
        cls, home: Path, repository_id: int, url: str, credential: Credential | None = None
    ) -> Mirror:
        return cls(mirror_path(home, repository_id), url, credential)

    def git(self, *, remote: bool = False) -> Git:
        git = Git(self.path, git_env(), isolated=True)
        if remote:
            # after construction: isolation drops GIT_CONFIG_* as repository-local variables
            git.env.update(credential_env(self.url, self.credential))
        return git

    def run(self, *args: str, input: bytes | None = None, remote: bool = False) -> bytes:
        return self.git(remote=remote).run(args, input=input)

    def exists(self) -> bool:
        return (self.path / "HEAD").exists()

    def _init(self) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        self.run("init", "-q", "--bare")
        self.run("config", "gc.auto", "0")  # a scan may be reading while another job fetches

    def refs(self) -> dict[str, str]:
        if not self.exists():
            return {}
        out = self.run("for-each-ref", "--format=%(objectname) %(refname)")
        pairs = (line.split(" ", 1) for line in out.decode().splitlines() if line)
        return {ref: oid for oid, ref in pairs}

    def sync(self) -> None:
        """Create the mirror if needed and fetch every branch and tag (pruning deleted ones)."""
        if not self.exists():
            self._init()
        # the URL is passed each time, never stored: a changed clone URL takes effect at once
        self.run(
            "fetch",
            "--quiet",
            "--prune",
            "--no-write-fetch-head",
            "--",
            self.url,
            *FETCH_REFSPECS,
            remote=True,
        )

    def fetch_commit(self, oid: str) -> bool:
        """Fetch one commit by id (a push the branch no longer points to); False if gone."""
        try:
            self.run("fetch", "--quiet", "--no-write-fetch-head", "--", self.url, oid, remote=True)
        except GitError:
            return False
        return self.has_commit(oid)

    def has_commit(self, oid: str) -> bool:
        try:
            self.run("cat-file", "-e", "--end-of-options", f"{oid}^{{commit}}")
        except GitError:
            return False
        return True


def fetch_lock(connection: redis.Redis, repository_id: int) -> redis.lock.Lock:
    return connection.lock(
        f"pushguard:lock:mirror:{repository_id}", timeout=LOCK_TIMEOUT, blocking_timeout=LOCK_WAIT
    )
