"""Who is pushing, which repository, what push options: read from the hook's environment.

Every function takes the environment as a mapping (never ``os.environ`` directly) because the
warm daemon runs the hook logic for environments that a client sent over its socket.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

BYPASS_OPTION = "pushguard.bypass"
"""``git push -o pushguard.bypass="reason"``: accept a push with findings (allowed users only)."""

MAX_PUSH_OPTIONS = 1000
"""Upper bound on ``GIT_PUSH_OPTION_COUNT`` we iterate: a corrupt count must not stall the hook."""


class Platform(enum.Enum):
    """Which git server set the hook's environment: only its variables are trusted."""

    GITOLITE = "gitolite"
    GITLAB = "gitlab"
    GITEA = "gitea"
    GITHUB = "github"
    PLAIN = "plain"


# gitolite-shell sets these itself on every access (GL_BINDIR before anything else, GL_ADMIN_BASE
# from its rc), overwriting whatever an SSH client sent; Gitaly passes hooks an allowlist that
# never contains them. So their presence means gitolite, and a GitLab-looking variable next to
# them is something a client smuggled in (e.g. through sshd's AcceptEnv).
GITOLITE_MARKERS = ("GL_BINDIR", "GL_ADMIN_BASE")
GITLAB_MARKERS = ("GL_ID", "GL_PROTOCOL", "GL_REPOSITORY", "GL_USERNAME", "GL_PROJECT_PATH")
GITEA_MARKERS = ("GITEA_PUSHER_NAME", "GITEA_REPO_NAME", "GITEA_REPO_USER_NAME")
GITHUB_MARKERS = ("GITHUB_USER_LOGIN", "GITHUB_REPO_NAME")

# The variable naming the authenticated pusher, per platform (protocols.md; gitolite-shell).
PUSHER_VAR = {
    Platform.GITOLITE: "GL_USER",
    Platform.GITLAB: "GL_USERNAME",
    Platform.GITEA: "GITEA_PUSHER_NAME",
    Platform.GITHUB: "GITHUB_USER_LOGIN",
}


def platform(env: Mapping[str, str]) -> Platform:
    """The server that ran the hook, most trustworthy evidence first; one platform only."""
    if all(env.get(var) for var in GITOLITE_MARKERS):
        return Platform.GITOLITE
    for kind, markers in (
        (Platform.GITLAB, GITLAB_MARKERS),
        (Platform.GITEA, GITEA_MARKERS),
        (Platform.GITHUB, GITHUB_MARKERS),
    ):
        if any(env.get(var) for var in markers):
            return kind
    return Platform.PLAIN


def pusher(env: Mapping[str, str], uid: int | None = None) -> str:
    """The authenticated user as the platform names them, else the OS account running git.

    Only the detected platform's variable counts (``GL_USER`` under gitolite, never GitLab's
    ``GL_USERNAME``, and the reverse). The OS fallback comes from the uid, not ``$USER``: on a
    plain SSH server that is the account the pusher logged in as, and an environment variable
    would be theirs to choose.
    """
    var = PUSHER_VAR.get(platform(env))
    name = env.get(var, "").strip() if var else ""
    if name:
        return name
    uid = os.getuid() if uid is None else uid
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return f"uid:{uid}"


def repo_name(env: Mapping[str, str], git_dir: Path) -> str:
    """The name per-repository policy (``[repos."name"]``) and audit events use."""
    kind = platform(env)
    name = ""
    if kind is Platform.GITOLITE:
        name = env.get("GL_REPO", "")  # gitolite's repo name, e.g. "team/app" (no ".git")
    elif kind is Platform.GITLAB:
        name = env.get("GL_PROJECT_PATH", "")
    elif kind is Platform.GITEA:
        owner, repo = env.get("GITEA_REPO_USER_NAME"), env.get("GITEA_REPO_NAME")
        name = f"{owner}/{repo}" if owner and repo else ""
    elif kind is Platform.GITHUB:
        name = env.get("GITHUB_REPO_NAME", "")
    return name or str(git_dir)


def is_gitlab(env: Mapping[str, str]) -> bool:
    """Under Gitaly, lines prefixed ``GL-HOOK-ERR:`` are also shown in GitLab's web UI."""
    return platform(env) is Platform.GITLAB and bool(env.get("GL_ID") or env.get("GL_PROTOCOL"))


def push_options(env: Mapping[str, str]) -> tuple[str, ...]:
    """``GIT_PUSH_OPTION_0..N-1``; a missing, zero or malformed count means none.

    Gitaly omits ``GIT_PUSH_OPTION_COUNT`` when there are no options (protocols.md ⚠), so
    absent and ``0`` are the same thing.
    """
    try:
        count = int(env.get("GIT_PUSH_OPTION_COUNT", "0"))
    except ValueError:
        return ()
    count = max(0, min(count, MAX_PUSH_OPTIONS))
    options = (env.get(f"GIT_PUSH_OPTION_{i}") for i in range(count))
    return tuple(option for option in options if option is not None)


class BypassState(enum.Enum):
    NONE = "none"  # no bypass requested
    ALLOWED = "allowed"
    NOT_ALLOWED = "not-allowed"  # the pusher is not in [hook] bypass_users
    NO_REASON = "no-reason"  # requested without saying why


class Bypass(NamedTuple):
    state: BypassState
    reason: str = ""


def requested_bypass(options: Sequence[str]) -> str | None:
    """The reason given with ``pushguard.bypass`` (``""`` without one), None if not requested.

    With several bypass options the last one counts, as with repeated command-line flags.
    Quotes that survived the client's shell (``-o 'pushguard.bypass="why"'``) are dropped.
    """
    reason: str | None = None
    for option in options:
        key, sep, value = option.partition("=")
        if key.strip() != BYPASS_OPTION:
            continue
        value = value.strip() if sep else ""
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1].strip()
        reason = value
    return reason


def decide_bypass(options: Sequence[str], user: str, bypass_users: Sequence[str]) -> Bypass:
    reason = requested_bypass(options)
    if reason is None:
        return Bypass(BypassState.NONE)
    if user not in bypass_users:
        return Bypass(BypassState.NOT_ALLOWED, reason)
    if not reason:
        return Bypass(BypassState.NO_REASON)
    return Bypass(BypassState.ALLOWED, reason)
