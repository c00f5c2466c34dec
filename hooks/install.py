"""``pushguard install-hook``: put the pre-receive hook into repositories, idempotently.

Layouts (protocols.md, "Platforms"):

- ``bare``: plain git. ``hooks/pre-receive`` is the hook. An existing hook that is not ours
  is kept: it moves to ``hooks/pre-receive.d/00-original`` and ``hooks/pre-receive`` becomes
  a chain runner (every executable in ``pre-receive.d/`` with the same stdin, the first
  non-zero exit rejects, like Gitea's wrapper); ours goes to ``pre-receive.d/pushguard``.
  Also sets ``receive.advertisePushOptions=true`` so ``-o pushguard.bypass=...`` works.
- ``gitlab``: ``custom_hooks/pre-receive.d/pushguard`` (Gitaly runs it after its own checks).
- ``gitea``: ``hooks/pre-receive.d/pushguard`` (Gitea's wrapper runs it).
- ``gitolite``: gitolite's ``hooks/common`` for every repository, or its repo-specific hooks
  for the REPO names given (``pushguard.hooks.gitolite``); run as the hosting user.

Running it twice changes nothing; it never overwrites a file that is not pushguard's.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from pushguard.config import load
from pushguard.errors import ConfigError, ExitCode, FatalError, UsageError
from pushguard.hooks.hook_files import (
    CHAIN_MARKER,
    HOOK_MARKER,
    enable_push_options_in,
    free_name,
    move_hook,
    read_hook,
    write_ours,
)
from pushguard.hooks.paths import HookPaths, InstallError, hook_script

LAYOUTS = ("bare", "gitlab", "gitea", "gitolite")

CHAIN_SCRIPT = f"""\
#!/bin/sh
# pre-receive chain written by pushguard install-hook ({CHAIN_MARKER}).
# Runs every executable in pre-receive.d/ (glob order) with the same stdin, like Gitea's
# wrapper; the push is rejected with the first non-zero exit status.
data=$(cat; echo x)
data=${{data%x}}
status=0
for hook in "${{0%/*}}"/pre-receive.d/*; do
	[ -f "$hook" ] && [ -x "$hook" ] || continue
	printf '%s' "$data" | "$hook"
	rc=$?
	[ "$status" -ne 0 ] || status=$rc
done
exit "$status"
"""


def git_dir_of(repo: Path) -> Path:
    """``repo`` itself if it is a bare repository, else its ``.git``; UsageError otherwise.

    Checked by layout, not by running git: git refuses repositories owned by another user
    (``safe.directory``), which is the usual case for an admin installing hooks.
    """
    for candidate in (repo, repo / ".git"):
        if (
            (candidate / "HEAD").is_file()
            and (candidate / "objects").is_dir()
            and (candidate / "refs").is_dir()
        ):
            return candidate.absolute()
    if not repo.exists():
        raise UsageError(f"{repo}: no such directory")
    raise UsageError(f"{repo}: not a git repository (no HEAD, objects/ and refs/)")


def install(repo: Path, layout: str, paths: HookPaths) -> list[str]:
    """Install into one repository; returns what was done, one line per change."""
    git_dir = git_dir_of(repo)
    script = hook_script(paths)
    try:
        if layout == "gitlab":
            return write_ours(git_dir / "custom_hooks" / "pre-receive.d" / "pushguard", script)
        if layout == "gitea":
            return write_ours(git_dir / "hooks" / "pre-receive.d" / "pushguard", script)
        return _install_bare(git_dir, script)
    except PermissionError as exc:
        raise InstallError(
            f"{exc.filename}: permission denied (run as the repository's owner, "
            "e.g. `sudo -u git pushguard install-hook ...`)"
        ) from None
    except OSError as exc:
        raise InstallError(f"{exc.filename or git_dir}: {exc.strerror}") from None


def layout_warning(repo: Path, layout: str) -> str | None:
    """A hint when the repository does not look like ``layout`` expects."""
    wrapper = git_dir_of(repo) / "hooks" / "pre-receive"
    if layout == "gitea" and "pre-receive.d" not in (read_hook(wrapper) or ""):
        return f"{wrapper} does not run pre-receive.d/: is this a Gitea repository?"
    return None


def _install_bare(git_dir: Path, script: str) -> list[str]:
    hooks_dir = git_dir / "hooks"
    if hooks_dir.is_symlink():
        raise InstallError(
            f"{hooks_dir} is a symlink to {os.readlink(hooks_dir)}, shared with other "
            "repositories; install there deliberately or use --layout gitlab/gitea"
        )
    hook = hooks_dir / "pre-receive"
    done = _enable_push_options(git_dir)
    existing = read_hook(hook)
    if existing is None or HOOK_MARKER in existing:
        return done + write_ours(hook, script)
    chained_dir = hooks_dir / "pre-receive.d"
    if CHAIN_MARKER not in existing:
        chained_dir.mkdir(parents=True, exist_ok=True)
        kept = free_name(chained_dir / "00-original")
        move_hook(hook, kept)
        done.append(f"moved the existing hook to {kept}")
    done += write_ours(chained_dir / "pushguard", script)
    done += write_ours(hook, CHAIN_SCRIPT, marker=CHAIN_MARKER)
    return done


def _enable_push_options(git_dir: Path) -> list[str]:
    # --file: no repository discovery, so no safe.directory refusal for another owner's repo
    return enable_push_options_in(git_dir / "config")


@click.command("install-hook")
@click.argument("repos", nargs=-1, type=click.Path(file_okay=False, path_type=Path))
@click.option("--layout", type=click.Choice(LAYOUTS), default="bare", show_default=True)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config file the hook will read (baked into the hook).",
)
@click.option(
    "--socket",
    "socket_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The hook-daemon's socket (default: from the config).",
)
@click.option(
    "--print-global",
    type=click.Choice(["gitlab", "ghes", "gitolite"]),
    help="Print the steps for a server-wide hook instead of installing.",
)
def install_hook_command(
    repos: tuple[Path, ...],
    layout: str,
    config_file: Path | None,
    socket_path: Path | None,
    print_global: str | None,
) -> int:
    """Install the pre-receive hook into REPO... (idempotent, keeps existing hooks)."""
    config = load(config_file)  # a hook baked with a broken config would reject every push
    idle = config.hook.daemon_idle_seconds if config.hook.daemon_autostart else None
    paths = HookPaths.detect(config_file, socket_path or config.daemon_socket, idle)
    if print_global:
        from pushguard.hooks.global_steps import steps

        click.echo(steps(print_global, paths, hook_script(paths)))
        return ExitCode.OK
    if not repos and layout != "gitolite":
        raise UsageError("name at least one repository (or use --print-global gitlab|ghes)")
    from pushguard.scan.engine import warm_prefilter_cache

    # compiled once here, so hooks only load the fast prefilter (compiling costs ~0.2 s)
    warm_prefilter_cache(config)
    if layout == "gitolite":
        # REPO here: gitolite repository names (repo-specific hooks); none: every repository
        from pushguard.hooks import gitolite

        done, snippet = gitolite.install([str(r) for r in repos], paths)
        click.echo("gitolite: " + ("; ".join(done) if done else "already installed, unchanged"))
        if snippet:
            click.echo(snippet)
        return ExitCode.OK
    status = ExitCode.OK
    for repo in repos:
        try:
            done = install(repo, layout, paths)
        except (FatalError, ConfigError) as exc:
            click.echo(f"pushguard: error: {exc}", err=True)
            status = status or exc.exit_code
            continue
        click.echo(f"{repo}: " + ("; ".join(done) if done else "already installed, unchanged"))
        warning = layout_warning(repo, layout)
        if warning:
            click.echo(f"pushguard: warning: {warning}", err=True)
    return status
