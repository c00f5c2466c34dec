from __future__ import annotations

import os
import pwd
import string
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pushguard.hooks.policy import (
    BypassState,
    Platform,
    decide_bypass,
    is_gitlab,
    platform,
    push_options,
    pusher,
    repo_name,
    requested_bypass,
)

# push options travel as pkt-lines: git refuses NUL and newlines in them
option_text = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\0\n"), max_size=40)


def env_for(options: list[str], *, count: str | None = None) -> dict[str, str]:
    env = {f"GIT_PUSH_OPTION_{i}": opt for i, opt in enumerate(options)}
    env["GIT_PUSH_OPTION_COUNT"] = str(len(options)) if count is None else count
    return env


@given(st.lists(option_text, max_size=8))
def test_push_options_round_trip(options: list[str]) -> None:
    assert push_options(env_for(options)) == tuple(options)


@given(st.lists(option_text, min_size=1, max_size=5))
def test_absent_zero_or_garbage_count_means_no_options(options: list[str]) -> None:
    env = env_for(options)
    del env["GIT_PUSH_OPTION_COUNT"]  # Gitaly omits the count when it is zero
    assert push_options(env) == ()
    for count in ("0", "", "x", "-3"):
        assert push_options(env_for(options, count=count)) == ()


def test_count_larger_than_the_options_present_skips_the_missing() -> None:
    assert push_options(env_for(["a"], count="3")) == ("a",)


reason_text = st.text(alphabet=string.ascii_letters + string.digits + " ,.:-", max_size=30)


@given(st.lists(option_text, max_size=4), reason_text)
def test_the_last_bypass_option_gives_the_reason(before: list[str], reason: str) -> None:
    options = [*before, "pushguard.bypass=first", f"pushguard.bypass={reason}"]
    assert requested_bypass(options) == reason.strip()


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([], None),
        (["ci.skip", "pushguard.bypassed=x"], None),
        (["pushguard.bypass"], ""),
        (["pushguard.bypass=  "], ""),
        (['pushguard.bypass="rotated already"'], "rotated already"),
        (["pushguard.bypass='x'"], "x"),
        (["pushguard.bypass=a=b"], "a=b"),
    ],
)
def test_requested_bypass(options: list[str], expected: str | None) -> None:
    assert requested_bypass(options) == expected


@pytest.mark.parametrize(
    ("options", "user", "state"),
    [
        ([], "alice", BypassState.NONE),
        (["pushguard.bypass=why"], "alice", BypassState.ALLOWED),
        (["pushguard.bypass=why"], "mallory", BypassState.NOT_ALLOWED),
        (["pushguard.bypass"], "alice", BypassState.NO_REASON),
        (["pushguard.bypass"], "mallory", BypassState.NOT_ALLOWED),
        (["pushguard.bypass=why"], "Alice", BypassState.NOT_ALLOWED),  # exact names only
    ],
)
def test_decide_bypass(options: list[str], user: str, state: BypassState) -> None:
    assert decide_bypass(options, user, ("alice",)).state is state


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"GL_USERNAME": "gl", "GITEA_PUSHER_NAME": "gt", "GITHUB_USER_LOGIN": "gh"}, "gl"),
        ({"GITEA_PUSHER_NAME": "gt", "GITHUB_USER_LOGIN": "gh"}, "gt"),
        ({"GITHUB_USER_LOGIN": "gh", "USER": "spoofed"}, "gh"),
    ],
)
def test_pusher_from_platform_variables(env: dict[str, str], expected: str) -> None:
    assert pusher(env) == expected


def test_pusher_falls_back_to_the_os_account_not_user_variables() -> None:
    me = pwd.getpwuid(os.getuid()).pw_name
    assert pusher({"USER": "someone-else", "GL_USERNAME": " "}) == me
    assert pusher({}, uid=2**31 - 5) == f"uid:{2**31 - 5}"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"GL_PROJECT_PATH": "group/sub/project"}, "group/sub/project"),
        ({"GITEA_REPO_USER_NAME": "org", "GITEA_REPO_NAME": "repo"}, "org/repo"),
        ({"GITEA_REPO_NAME": "repo"}, "/srv/git/repo.git"),
        ({"GITHUB_REPO_NAME": "octo/cat"}, "octo/cat"),
        ({}, "/srv/git/repo.git"),
    ],
)
def test_repo_name(env: dict[str, str], expected: str) -> None:
    assert repo_name(env, Path("/srv/git/repo.git")) == expected


def test_is_gitlab() -> None:
    assert is_gitlab({"GL_ID": "key-1"}) and is_gitlab({"GL_PROTOCOL": "web"})
    assert not is_gitlab({"GITEA_REPO_NAME": "x"})


GITOLITE_ENV = {
    "GL_BINDIR": "/usr/share/gitolite3",
    "GL_ADMIN_BASE": "/var/lib/gitolite3/.gitolite",
    "GL_USER": "alice",
    "GL_REPO": "team/app",
}


def test_gitolite_names_the_pusher_and_repository() -> None:
    assert platform(GITOLITE_ENV) is Platform.GITOLITE
    assert pusher(GITOLITE_ENV) == "alice"
    assert repo_name(GITOLITE_ENV, Path("/srv/r.git")) == "team/app"


def test_under_gitolite_gitlab_variables_a_client_sent_are_ignored() -> None:
    # e.g. through sshd's AcceptEnv: GitLab's names must not make mallory "admin"
    env = {
        **GITOLITE_ENV,
        "GL_USER": "mallory",
        "GL_USERNAME": "admin",
        "GL_PROJECT_PATH": "other/project",
        "GL_ID": "user-1",
        "GITEA_PUSHER_NAME": "admin",
        "GITHUB_USER_LOGIN": "admin",
    }
    assert pusher(env) == "mallory"
    assert repo_name(env, Path("/srv/r.git")) == "team/app"
    assert not is_gitlab(env)
    assert decide_bypass(["pushguard.bypass=why"], pusher(env), ("admin",)).state is (
        BypassState.NOT_ALLOWED
    )


def test_under_gitlab_gitolite_names_are_ignored() -> None:
    env = {"GL_ID": "user-7", "GL_USERNAME": "bob", "GL_PROJECT_PATH": "g/p", "GL_USER": "admin",
           "GL_REPO": "elsewhere"}  # fmt: skip
    assert platform(env) is Platform.GITLAB
    assert pusher(env) == "bob" and repo_name(env, Path("/x.git")) == "g/p"


def test_gitolite_without_a_user_falls_back_to_the_os_account() -> None:
    # gitolite's own server-side pushes (no GL_USER): never another platform's variable
    env = {**GITOLITE_ENV, "GL_USER": "", "GL_USERNAME": "admin"}
    assert pusher(env) == pwd.getpwuid(os.getuid()).pw_name
