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

# Platform variables naming the authenticated pusher, most specific first (protocols.md).
PUSHER_VARS = ("GL_USERNAME", "GITEA_PUSHER_NAME", "GITHUB_USER_LOGIN")


def pusher(env: Mapping[str, str], uid: int | None = None) -> str:
    """The authenticated user as the platform names them, else the OS account running git.

    The OS fallback comes from the uid, not ``$USER``: on a plain SSH server that is the
    account the pusher logged in as, and an environment variable would be theirs to choose.
    """
    for var in PUSHER_VARS:
        name = env.get(var, "").strip()
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
    if env.get("GL_PROJECT_PATH"):
        return env["GL_PROJECT_PATH"]
    owner, name = env.get("GITEA_REPO_USER_NAME"), env.get("GITEA_REPO_NAME")
    if owner and name:
        return f"{owner}/{name}"
    if env.get("GITHUB_REPO_NAME"):
        return env["GITHUB_REPO_NAME"]
    return str(git_dir)


def is_gitlab(env: Mapping[str, str]) -> bool:
    """Under Gitaly, lines prefixed ``GL-HOOK-ERR:`` are also shown in GitLab's web UI."""
    return bool(env.get("GL_ID") or env.get("GL_PROTOCOL"))


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
