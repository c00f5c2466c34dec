"""The pre-receive hook: decide one push (scan, budget, bypass, allowlists) and explain it.

``run_hook`` is the whole decision and is shared by the in-process entry (``main``, run by
``pushguard pre-receive``) and the warm daemon (``pushguard.hooks.daemon``), so both paths
behave the same. It never raises and never prints: it returns the exit code and the text for stderr.
Every failure is a configured decision (``[hook] on_timeout`` / ``on_error``), never a
silent accept and never a traceback.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import time
import traceback
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pushguard.config import Config, load
from pushguard.errors import ConfigError, ExitCode, FatalError, UsageError
from pushguard.git import Git, RefUpdate, parse_ref_updates, push_revisions
from pushguard.hooks import messages, policy
from pushguard.scan.types import Finding, Skipped

if TYPE_CHECKING:
    from pushguard.hooks.spool import Action, Stored
    from pushguard.scan.engine import ScanResult

# The git variables a scan needs from the hook's environment; everything else GIT_* is
# dropped so the daemon and the in-process path run git identically (protocols.md).
KEPT_GIT_VARS = (
    "GIT_OBJECT_DIRECTORY",
    "GIT_QUARANTINE_PATH",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_CONFIG_NOSYSTEM",
    "GIT_CONFIG_GLOBAL",
    "GIT_CONFIG_SYSTEM",
)


@dataclasses.dataclass(frozen=True)
class Push:
    """One push as the hook sees it."""

    updates: tuple[RefUpdate, ...]
    git_dir: Path
    git_env: Mapping[str, str]
    cwd: str  # the hook's working directory: relative git paths are relative to it
    repo: str
    pusher: str
    options: tuple[str, ...]
    gitlab: bool

    def record(
        self,
        action: Action,
        *,
        accepted: bool,
        findings: Sequence[Finding] = (),
        reason: str = "",
        rescan: bool = False,
    ) -> dict[str, object]:
        from pushguard.hooks import spool  # only pushes with something to record pay for it

        return spool.event(
            action,
            accepted=accepted,
            repo=self.repo,
            repo_path=self.git_dir,
            pusher=self.pusher,
            updates=self.updates,
            findings=findings,
            reason=reason,
            rescan=rescan,
        )


def identify(env: Mapping[str, str], cwd: str, uid: int | None) -> Push:
    """Who pushes where, before stdin is parsed (so a bad stdin is still audited)."""
    git_dir = Path(os.path.normpath(os.path.join(cwd, env.get("GIT_DIR") or ".")))
    return Push(
        updates=(),
        git_dir=git_dir,
        git_env=git_env(env),
        cwd=cwd,
        repo=policy.repo_name(env, git_dir),
        pusher=policy.pusher(env, uid),
        options=policy.push_options(env),
        gitlab=policy.is_gitlab(env),
    )


def git_env(env: Mapping[str, str]) -> dict[str, str]:
    """This process's environment minus git's, plus the hook's quarantine variables.

    Relative paths among them stay relative: ``Git(..., cwd=)`` pins them to the hook's cwd.
    """
    out = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    out.update((name, env[name]) for name in KEPT_GIT_VARS if name in env)
    return out


def run_hook(
    stdin_text: str,
    env: Mapping[str, str],
    cwd: str,
    config: Config,
    *,
    uid: int | None = None,
) -> tuple[int, str]:
    """Decide one push: ``(exit code, text for the pusher)``. Never raises."""
    deadline = time.monotonic() + config.hook.budget_seconds
    push: Push | None = None
    try:
        push = identify(env, cwd, uid)
        push = dataclasses.replace(push, updates=tuple(parse_ref_updates(stdin_text)))
        if all(u.deleted for u in push.updates):
            return ExitCode.OK, ""  # deletions (and an empty stdin) add no content
        return _scan_and_decide(push, config, deadline)
    except Exception as exc:  # the boundary: a configured decision, never a traceback
        return _internal_error(exc, push, env, config)


def _scan_and_decide(push: Push, config: Config, deadline: float) -> tuple[int, str]:
    from pushguard.git.diff import start_patches

    git = Git(push.git_dir, push.git_env, cwd=push.cwd)
    revs, stdin_revs = push_revisions(push.updates)
    # git first: it diffs while the engine and its detectors are imported (here, not at the
    # top: a delete-only push never pays for them)
    patches = start_patches(
        git, revs, stdin_revs=stdin_revs, max_blob_bytes=config.scan_for(push.repo).max_blob_bytes
    )
    try:
        from pushguard.scan.engine import BudgetExceeded, scan_git

        baseline_revs: list[str] = []
        if config.scan_for(push.repo).import_baseline:
            baseline_revs = _baseline_revs(git, push.updates)
        try:
            result = scan_git(
                git,
                config,
                push.repo,
                revs,
                stdin_revs=stdin_revs,
                baseline_revs=baseline_revs,
                deadline=deadline,
                started=patches,
                # most pushes hit none of the catalogue's anchors: loading it anyway cost a
                # one-commit push ~25 ms of CPU, its imports holding the GIL meanwhile
                preload=False,
            )
        except BudgetExceeded as exc:
            if exc.partial.blocking:  # secrets already found: the rest cannot make it acceptable
                return _decide(push, config, exc.partial, complete=False)
            return _timed_out(push, config, exc.partial)
    finally:
        patches.close()
    if result.missing and not result.blocking:
        # the hook cannot vouch for what it could not read: [hook] on_error decides
        raise UnreadableObjects(result.missing)
    return _decide(push, config, result, complete=True)


class UnreadableObjects(FatalError):
    """Objects of the push that git could not read (a damaged or incomplete push)."""

    def __init__(self, missing: Sequence[Skipped]) -> None:
        first = missing[0]
        where = f"{messages.clean(first.path)} in commit {messages.short(first.commit)}"
        more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
        super().__init__(
            f"cannot read object {messages.short(first.oid)} ({where}){more}: not scanned"
        )


def _baseline_revs(git: Git, updates: Sequence[RefUpdate]) -> list[str]:
    """Commits the server already had whose ``.secrets.baseline`` is trusted: each updated
    ref's current value, and the default branch for new refs. Never a pushed commit."""
    revs = [u.old for u in updates if not u.created and not u.deleted]
    if any(u.created for u in updates):
        tip = git.default_branch_tip()
        if tip:
            revs.append(tip)
    return list(dict.fromkeys(revs))


def _decide(push: Push, config: Config, result: ScanResult, *, complete: bool) -> tuple[int, str]:
    blocking = result.blocking
    notes = messages.warnings(result.warnings) + messages.skipped(result.skipped)
    if not blocking:
        if result.warnings:
            record = push.record("accepted-with-warnings", accepted=True, findings=result.warnings)
            notes += _spool(config, record).notice
        return ExitCode.OK, messages.render(notes)
    bypass = policy.decide_bypass(push.options, push.pusher, config.hook.bypass_users)
    if bypass.state is policy.BypassState.ALLOWED:
        stored = _spool(
            config,
            push.record(
                "bypassed",
                accepted=True,
                findings=result.findings,
                reason=f"bypass: {bypass.reason}",
                rescan=not complete,
            ),
        )
        lines = messages.bypassed(push.pusher, bypass.reason, len(blocking), stored.where)
        lines += notes + stored.notice
        return ExitCode.OK, messages.render(lines)
    lines = []
    if bypass.state is policy.BypassState.NOT_ALLOWED:
        lines += messages.bypass_not_allowed(push.pusher)
    elif bypass.state is policy.BypassState.NO_REASON:
        lines += messages.bypass_without_reason()
    lines += messages.rejected(
        blocking, push.updates, inline_pragmas=config.scan_for(push.repo).inline_pragmas
    )
    if not complete:
        lines.append("  (the scan stopped at its time budget: there may be more after these)")
    lines += notes
    lines += _spool(
        config,
        push.record(
            "blocked",
            accepted=False,
            findings=result.findings,
            reason="secrets",
            rescan=not complete,
        ),
    ).notice
    return ExitCode.FOUND, messages.render(lines, gitlab=push.gitlab, rejecting=True)


def _timed_out(push: Push, config: Config, partial: ScanResult) -> tuple[int, str]:
    budget = config.hook.budget_seconds
    findings = partial.findings
    bypass = policy.decide_bypass(push.options, push.pusher, config.hook.bypass_users)
    if bypass.state is policy.BypassState.ALLOWED:
        # an allowed bypass covers an unfinished scan too (e.g. importing a huge history)
        stored = _spool(
            config,
            push.record(
                "bypassed",
                accepted=True,
                findings=findings,
                reason=f"bypass: {bypass.reason}",
                rescan=True,
            ),
        )
        lines = messages.bypassed_unscanned(push.pusher, bypass.reason, budget, stored.where)
        return ExitCode.OK, messages.render(lines + stored.notice)
    if config.hook.on_timeout == "fail-open":
        stored = _spool(
            config,
            push.record(
                "fail-open", accepted=True, findings=findings, reason="timeout", rescan=True
            ),
        )
        lines = messages.timeout_accepted(budget, stored.where)
        lines += messages.warnings(partial.warnings) + stored.notice
        return ExitCode.OK, messages.render(lines)
    lines = messages.timeout_rejected(budget)
    lines += _spool(
        config,
        push.record("blocked", accepted=False, findings=findings, reason="timeout", rescan=False),
    ).notice
    return ExitCode.FOUND, messages.render(lines, gitlab=push.gitlab, rejecting=True)


def _internal_error(
    exc: Exception, push: Push | None, env: Mapping[str, str], config: Config
) -> tuple[int, str]:
    # A FatalError's text is ours (one actionable line); anything else may quote data, and
    # data may be a secret: only the exception's type and where it happened leave here.
    what = str(exc) if isinstance(exc, FatalError) else type(exc).__name__
    accepted = config.hook.on_error == "fail-open"
    lines = messages.internal_error(what, accepted=accepted)
    if push is not None:
        lines += _spool(
            config,
            push.record(
                "error", accepted=accepted, reason=f"{what} at {_where(exc)}", rescan=accepted
            ),
        ).notice
    code = ExitCode.OK if accepted else ExitCode.INTERNAL
    return code, messages.render(lines, gitlab=policy.is_gitlab(env), rejecting=not accepted)


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return "?"
    last = frames[-1]
    return f"{Path(last.filename).name}:{last.lineno} in {last.name}"


def _spool(config: Config, record: dict[str, object]) -> Stored:
    from pushguard.hooks import spool

    return spool.store(config.spool_dir, config.hook.syslog_address, record)


def config_failure(exc: ConfigError, env: Mapping[str, str]) -> tuple[int, str]:
    """A policy that cannot be read cannot be trusted: reject (fail closed), one line."""
    lines = messages.config_error(str(exc))
    return ExitCode.CONFIG, messages.render(lines, gitlab=policy.is_gitlab(env), rejecting=True)


USAGE = "usage: pushguard pre-receive [--config FILE]  (ref updates on stdin)"
HELP = f"""{USAGE}

The git pre-receive hook (githooks(5)): reads "<old> <new> <ref>" lines on stdin, scans
what the push adds, prints the verdict on stderr and exits 0 (accept) or 1 (reject).
Installed by `pushguard install-hook`; --config (else $PUSHGUARD_CONFIG) names the config.
"""


class HelpRequested(Exception):
    pass


def parse_args(argv: Sequence[str]) -> str | None:
    """``[--config FILE]``: kept to hand parsing, this runs on every push."""
    args = list(argv)
    if not args:
        return None
    if args[0] in ("-h", "--help"):
        raise HelpRequested
    if len(args) == 2 and args[0] == "--config":
        return args[1]
    if len(args) == 1 and args[0].startswith("--config="):
        return args[0].partition("=")[2]
    raise UsageError(USAGE)


def main(argv: list[str]) -> int:
    """``pushguard pre-receive``: the in-process hook."""
    env = dict(os.environ)
    try:
        try:
            config_file = parse_args(argv)
        except HelpRequested:  # someone at a terminal, not git: no verdict, no stdin
            sys.stdout.write(HELP)
            return int(ExitCode.OK)
        if config_file:
            env["PUSHGUARD_CONFIG"] = config_file
        stdin_text = sys.stdin.buffer.read().decode("utf-8", "surrogateescape")
        try:
            config = load(env=env)
        except ConfigError as exc:
            code, output = config_failure(exc, env)
        else:
            code, output = run_hook(stdin_text, env, os.getcwd(), config)
    except UsageError as exc:
        code, output = ExitCode.USAGE, f"pushguard: push rejected: {exc}\n"
    except Exception as exc:  # last resort: still one line, still a rejection
        code, output = ExitCode.INTERNAL, f"pushguard: internal error ({type(exc).__name__})\n"
    write_output(output)
    return int(code)


def write_output(output: str) -> None:
    if output:
        sys.stderr.flush()
        sys.stderr.buffer.write(output.encode("utf-8", "backslashreplace"))
        sys.stderr.flush()
