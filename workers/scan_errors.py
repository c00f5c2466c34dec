"""Why a scan failed, and whether trying again can help.

A bad revision, a repository that does not exist and refused credentials stay so however
often a job is retried: those fail at once with the reason on the scan (``permanent``).
Network trouble is retried with backoff (``transient``); anything else is a bug
(``internal``), retried too in case it was the environment.
"""

from __future__ import annotations

from typing import Final, Literal

from pushguard.errors import GitError, UsageError

Kind = Literal["permanent", "transient", "internal"]

PERMANENT_GIT: Final = (
    "does not appear to be a git repository",  # a local path or file:// URL that is not one
    "not found",  # "repository 'https://…' not found" (GitHub, GitLab: 404)
    "authentication failed",
    "could not read username",  # credentials needed and prompts are off
    "could not read password",
    "permission denied",  # ssh: publickey refused
    "access denied",
    "unknown revision",
    "bad revision",
    "invalid refspec",
)
"""Lowercase fragments of git's ``fatal:`` line for errors a retry cannot fix (git's own
wording, as in ``transport.c``, ``connect.c`` and ``http.c``)."""


class ScanAborted(Exception):
    """The scan cannot run (e.g. the pushed commit is gone); retrying will not help."""


def classify(exc: BaseException) -> Kind:
    if isinstance(exc, ScanAborted | UsageError):  # e.g. a clone URL we refuse to use
        return "permanent"
    if isinstance(exc, GitError):
        text = str(exc).lower()
        return "permanent" if any(frag in text for frag in PERMANENT_GIT) else "transient"
    return "internal"
