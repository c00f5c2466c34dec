"""pushguard under a real gitolite, pushed to over real SSH (tests/helpers/gitolite.py)."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from pushguard.hooks import spool
from pushguard.hooks.paths import HookPaths
from tests.helpers import gitolite, tokens
from tests.helpers.daemons import alive, daemon_pid
from tests.helpers.gitrepo import GitRepo, MakeRepo
from tests.hooks.conftest import PushResult


def serve(**options: Any) -> Iterator[gitolite.Gitolite]:
    try:
        server = gitolite.start(HookPaths.detect(None, None).pushguard, **options)
    except gitolite.Unavailable as exc:
        pytest.skip(f"no real gitolite over SSH here: {exc}")
    try:
        yield server
    finally:
        pid = daemon_pid(server.socket)  # the warm scanner the first push started
        if pid is not None and alive(pid):
            os.kill(pid, signal.SIGTERM)
        server.stop()


@pytest.fixture(scope="session")
def gl() -> Iterator[gitolite.Gitolite]:
    yield from serve()


@pytest.fixture(scope="session")
def gl_chosen() -> Iterator[gitolite.Gitolite]:
    """pushguard on "app" only, through gitolite's repo-specific hooks."""
    yield from serve(repos=("app", "other"), site_hook=False, repo_specific=("app",))


def push(
    gl: gitolite.Gitolite,
    work: GitRepo,
    who: str,
    repo: str,
    *refspecs: str,
    options: tuple[str, ...] = (),
    send_env: Mapping[str, str] | None = None,
) -> PushResult:
    env = {"GIT_SSH_COMMAND": gl.ssh_command(who, send_env=send_env)}
    proc = work.push(gl.url(repo), *refspecs, options=options, env=env)
    return PushResult(
        proc.returncode, proc.stdout.decode(errors="replace"), proc.stderr.decode(errors="replace")
    )


def events_for(gl: gitolite.Gitolite, ref: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in sorted((gl.pushguard_home / "spool").glob("hook-*.jsonl")):
        out += [e for e in spool.read_events(path) if any(r["ref"] == ref for r in e["refs"])]
    return out


def remote_tip(gl: gitolite.Gitolite, repo: str, ref: str) -> str | None:
    path = gl.home / "repositories" / f"{repo}.git" / ref
    return path.read_text().strip() if path.exists() else None


@pytest.fixture
def work(make_repo: MakeRepo) -> GitRepo:
    return make_repo("work")


def test_installed_the_gitolite_way_and_idempotent(gl: gitolite.Gitolite) -> None:
    assert "gitolite setup --hooks-only" in gl.install_output
    hooks = gl.home / "repositories" / "app.git" / "hooks"
    common = gl.home / ".gitolite" / "hooks" / "common"
    # gitolite's own update hook is untouched; pre-receive is the common runner
    assert os.readlink(hooks / "update") == str(common / "update")
    assert os.readlink(hooks / "pre-receive") == str(common / "pre-receive")
    assert "PUSHGUARD-CHAIN" in (common / "pre-receive").read_text()
    again = gl.as_hosting_user(
        HookPaths.detect(None, None).pushguard,
        "install-hook", "--layout", "gitolite", "--config", str(gl.config),
    )  # fmt: skip
    assert again.stdout.strip() == "gitolite: already installed, unchanged"


def test_a_secret_is_rejected_with_remote_lines_and_audited_as_the_gitolite_user(
    gl: gitolite.Gitolite, work: GitRepo
) -> None:
    token = tokens.github_token()
    oid = work.commit({"deploy/settings.py": f"x = 1\nTOKEN = '{token}'\n"})
    result = push(gl, work, "alice", "app", "main:refs/heads/secret-1")
    assert not result.accepted
    assert "pre-receive hook declined" in result.output
    assert "remote: pushguard: push rejected: 1 secret(s)" in result.stderr
    assert f"{oid[:10]}  deploy/settings.py:2  github-token" in result.remote
    assert token not in result.output
    assert remote_tip(gl, "app", "refs/heads/secret-1") is None
    [event] = events_for(gl, "refs/heads/secret-1")
    assert event["action"] == "blocked" and event["pusher"] == "alice"
    assert event["repo"] == "app"  # GL_REPO, not the path on disk


def test_a_clean_push_is_accepted_through_the_warm_scanner_of_the_hosting_user(
    gl: gitolite.Gitolite, work: GitRepo
) -> None:
    oid = work.commit({"README.md": "hello\n"})
    result = push(gl, work, "bob", "app", "main:refs/heads/clean-1")
    assert result.accepted, result.output
    assert remote_tip(gl, "app", "refs/heads/clean-1") == oid
    assert "pushguard" not in result.remote
    pid = daemon_pid(gl.socket)  # started by a push, with no admin step
    assert pid is not None
    assert Path(f"/proc/{pid}").stat().st_uid == gl.socket.stat().st_uid == os.getuid()


def test_bypass_by_an_allowed_user_is_accepted_and_audited_with_the_gitolite_name(
    gl: gitolite.Gitolite, work: GitRepo
) -> None:
    work.commit({"fixture.py": f"T = '{tokens.github_token()}'\n"})
    reason = "recorded fixture, token revoked"
    result = push(gl, work, "alice", "app", "main:refs/heads/bypass-alice",
                  options=(f"pushguard.bypass={reason}",))  # fmt: skip
    assert result.accepted, result.output
    assert "pushguard: BYPASS by alice: 1 secret(s) accepted" in result.remote
    [event] = events_for(gl, "refs/heads/bypass-alice")
    assert event["action"] == "bypassed" and event["accepted"] is True
    assert event["pusher"] == "alice" and event["repo"] == "app"
    assert event["reason"] == f"bypass: {reason}"


def test_the_same_bypass_by_another_user_is_refused_even_with_a_gitlab_name_sent(
    gl: gitolite.Gitolite, work: GitRepo
) -> None:
    work.commit({"fixture.py": f"T = '{tokens.github_token()}'\n"})
    for ref, send_env in (("bypass-bob", None), ("bypass-bob-as-gl", {"GL_USERNAME": "alice"})):
        # sshd passes GL_USERNAME (AcceptEnv): GitLab's name must not count under gitolite
        result = push(gl, work, "bob", "app", f"main:refs/heads/{ref}",
                      options=("pushguard.bypass=trust me",), send_env=send_env)  # fmt: skip
        assert not result.accepted, result.output
        assert "bypass refused: bob may not bypass" in result.remote
        [event] = events_for(gl, f"refs/heads/{ref}")
        assert event["action"] == "blocked" and event["pusher"] == "bob"


def test_per_repository_policy_uses_the_gitolite_repository_name(
    gl: gitolite.Gitolite, work: GitRepo
) -> None:
    # [repos."team/legacy"] disables pushguard-api-token (a rule only pushguard has, so no catalogue
    # rule reports the same token in its place); "app" does not
    work.commit({"old.py": f"T = '{tokens.pgt_token()}'\n"})
    assert push(gl, work, "alice", "team/legacy", "main:refs/heads/policy-1").accepted
    assert not push(gl, work, "alice", "app", "main:refs/heads/policy-1").accepted


def test_the_existing_pre_receive_still_runs(gl: gitolite.Gitolite, work: GitRepo) -> None:
    work.commit({"a.txt": "a\n"})
    result = push(gl, work, "alice", "app", "main:refs/heads/frozen")
    assert not result.accepted
    assert "site policy: refs/heads/frozen is frozen" in result.remote


def test_a_branch_deletion_is_accepted(gl: gitolite.Gitolite, work: GitRepo) -> None:
    work.commit({"a.txt": "to delete\n"})
    assert push(gl, work, "alice", "app", "main:refs/heads/doomed").accepted
    assert remote_tip(gl, "app", "refs/heads/doomed") is not None
    result = push(gl, work, "alice", "app", ":refs/heads/doomed")
    assert result.accepted, result.output
    assert remote_tip(gl, "app", "refs/heads/doomed") is None
    assert events_for(gl, "refs/heads/doomed") == []


def test_a_repository_s_own_pre_receive_still_runs(gl: gitolite.Gitolite, work: GitRepo) -> None:
    hooks = gl.home / "repositories" / "team" / "legacy.git" / "hooks"
    assert (hooks / "pushguard-kept-pre-receive").is_file()  # moved aside, not replaced
    work.commit({"a.txt": "a\n"})
    result = push(gl, work, "alice", "team/legacy", "main:refs/heads/legacy-frozen")
    assert not result.accepted
    assert "site policy: refs/heads/legacy-frozen is legacy-frozen" in result.remote


def test_naming_repositories_needs_gitolite_s_repo_specific_hooks(gl: gitolite.Gitolite) -> None:
    exe = HookPaths.detect(None, None).pushguard
    env = {"HOME": str(gl.home), "PATH": "/usr/bin:/bin"}
    args = [exe, "install-hook", "--layout", "gitolite", "--config", str(gl.config), "app"]
    proc = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 3
    assert "repo-specific hooks are off" in proc.stderr and "LOCAL_CODE" in proc.stderr


def test_repo_specific_hooks_cover_the_chosen_repositories_only(
    gl_chosen: gitolite.Gitolite, work: GitRepo
) -> None:
    assert "option hook.pre-receive = pushguard" in gl_chosen.install_output
    work.commit({"s.py": f"T = '{tokens.github_token()}'\n"})
    result = push(gl_chosen, work, "alice", "app", "main:refs/heads/chosen")
    assert not result.accepted  # gitolite's multi-hook driver ran pushguard and kept its "no"
    assert "s.py:1  github-token" in result.remote
    assert push(gl_chosen, work, "alice", "other", "main:refs/heads/chosen").accepted
