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
    decide_bypass,
    is_gitlab,
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
