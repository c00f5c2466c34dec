"""Exit codes and the expected-failure exceptions every entry point maps to them."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """The documented process exit codes (design.md, "CLI contract")."""

    OK = 0  # clean scan / push accepted
    FOUND = 1  # blocking secrets found / push rejected
    USAGE = 2  # bad command line
    CONFIG = 3  # bad or unreadable configuration
    INTERNAL = 128  # anything unexpected


class FatalError(Exception):
    """An expected failure: the message is one actionable line for the user."""

    exit_code: ExitCode = ExitCode.INTERNAL


class UsageError(FatalError):
    exit_code = ExitCode.USAGE


class ConfigError(FatalError):
    exit_code = ExitCode.CONFIG


class GitError(FatalError):
    """git failed or the repository is not what we expected."""

    exit_code = ExitCode.INTERNAL
