"""Git plumbing: ref updates, running git safely, streaming the lines commits add."""

from pushguard.git.commands import log_command
from pushguard.git.diff import added_blocks
from pushguard.git.patch import DiffStats
from pushguard.git.refs import RefUpdate, is_null_oid, parse_ref_updates, push_revisions
from pushguard.git.repo import Git, check_revisions

__all__ = [
    "DiffStats",
    "Git",
    "RefUpdate",
    "added_blocks",
    "check_revisions",
    "is_null_oid",
    "log_command",
    "parse_ref_updates",
    "push_revisions",
]
