"""``install-hook --layout gitolite``: the hook the way gitolite (v3) expects it.

gitolite owns every repository's ``hooks/``: ``gitolite setup`` symlinks each file of
``$LOCAL_CODE/hooks/common`` and then of ``$GL_ADMIN_BASE/hooks/common`` (where its own
``update`` hook lives, rewritten on every setup) into every repository, replacing what was
there (``Gitolite::Conf::Store::hook_1``). Two ways in, both kept idempotent:

- **every repository** (no REPO argument): ``<hooks/common>/pre-receive`` is a runner
  (``PUSHGUARD-CHAIN``) of ``<hooks/common>/.pushguard.d/*`` (a dot name: gitolite's ``*``
  glob never propagates it), where pushguard's hook lives as ``pushguard``. A pre-receive
  already in ``hooks/common`` that is not ours moves there as ``00-original``. A repository's
  own ``hooks/pre-receive`` (a regular file, which gitolite's setup would replace) moves to
  ``hooks/pushguard-kept-pre-receive`` and the runner runs it too. gitolite's ``update`` hook
  is a different file and is left alone. Then ``gitolite setup --hooks-only`` propagates.
- **chosen repositories** (REPO names): gitolite's repo-specific hooks feature;
  ``$LOCAL_CODE/hooks/repo-specific/pushguard``, enabled per repository in gitolite.conf with
  ``option hook.pre-receive = pushguard`` (gitolite then chains it with other such hooks).

Both set ``receive.advertisePushOptions`` in the hosting user's ``~/.gitconfig`` so that
``git push -o pushguard.bypass=...`` reaches the hook in every repository.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import NamedTuple

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

CHAIN_DIR = ".pushguard.d"
KEPT_HOOK = "pushguard-kept-pre-receive"
REPO_SPECIFIC_NAME = "pushguard"


class Gitolite(NamedTuple):
    """Where this gitolite keeps things (from ``gitolite query-rc -a``)."""

    admin_base: Path
    repo_base: Path
    local_code: Path | None
    repo_specific_enabled: bool

    @property
    def common_dir(self) -> Path:
        # LOCAL_CODE is gitolite v3's place for site hooks; without it, GL_ADMIN_BASE's
        # hooks/common is still propagated (only update and post-update are rewritten there)
        return (self.local_code or self.admin_base) / "hooks" / "common"


def install(repo_names: list[str], paths: HookPaths) -> tuple[list[str], str]:
    """``--layout gitolite``: (what was done, a gitolite.conf snippet to add or "")."""
    where = locate()
    script = hook_script(paths)
    try:
        # the hosting user's global config: receive-pack in every repository reads it
        done = enable_push_options_in(Path.home() / ".gitconfig")
        if repo_names:
            if where.local_code is None or not where.repo_specific_enabled:
                raise InstallError(
                    "gitolite's repo-specific hooks are off: in ~/.gitolite.rc set "
                    "LOCAL_CODE => \"$rc{GL_ADMIN_BASE}/local\" and add 'repo-specific-hooks' "
                    "to ENABLE (or omit the REPO names to cover every repository)"
                )
            target = where.local_code / "hooks" / "repo-specific" / REPO_SPECIFIC_NAME
            return done + write_ours(target, script), conf_snippet(repo_names)
        return done + _install_common(where, script), ""
    except PermissionError as exc:
        raise InstallError(
            f"{exc.filename}: permission denied (run as the gitolite hosting user)"
        ) from None
    except OSError as exc:
        raise InstallError(f"{exc.filename or 'gitolite'}: {exc.strerror}") from None


def _install_common(where: Gitolite, script: str) -> list[str]:
    """Every repository: the runner in hooks/common, pushguard and kept hooks in its chain."""
    common = where.common_dir
    chain_dir = common / CHAIN_DIR
    hook = common / "pre-receive"
    existing = read_hook(hook)
    changed = []
    if existing is not None and CHAIN_MARKER not in existing:
        if HOOK_MARKER in existing:
            hook.unlink()  # our hook itself from an older install: the runner replaces it
        else:
            chain_dir.mkdir(parents=True, exist_ok=True)
            kept = free_name(chain_dir / "00-original")
            move_hook(hook, kept)
            changed.append(f"moved the existing common hook to {kept}")
    if where.local_code is not None:
        # gitolite links ~/.gitolite/hooks/common after LOCAL_CODE's, so a pre-receive
        # there would shadow ours: it joins the chain instead
        shadow = where.admin_base / "hooks" / "common" / "pre-receive"
        text = read_hook(shadow)
        if text is not None and (HOOK_MARKER in text or CHAIN_MARKER in text):
            shadow.unlink()
            changed.append(f"removed {shadow} (an older pushguard install)")
        elif text is not None:
            chain_dir.mkdir(parents=True, exist_ok=True)
            kept = free_name(chain_dir / "00-original")
            move_hook(shadow, kept)
            changed.append(f"moved {shadow} to {kept}")
    changed += write_ours(chain_dir / "pushguard", script)
    changed += keep_repository_hooks(where.repo_base, (HOOK_MARKER, CHAIN_MARKER))
    runner = chain_script(chain_dir, CHAIN_MARKER)
    changed += write_ours(hook, runner, marker=CHAIN_MARKER)
    if changed:
        changed += propagate()
    return changed


def locate(env: dict[str, str] | None = None) -> Gitolite:
    """Ask gitolite itself (run as its hosting user, whose HOME holds ``.gitolite.rc``)."""
    exe = shutil.which("gitolite")
    if exe is None:
        raise InstallError(
            "`gitolite` is not on PATH: run install-hook as the gitolite hosting user "
            "(e.g. `sudo -u git -i pushguard install-hook --layout gitolite ...`)"
        )
    rc = _query(exe, ["-a"], env)
    values = dict(line.partition("=")[::2] for line in rc.splitlines() if "=" in line)
    if not values.get("GL_ADMIN_BASE") or not values.get("GL_REPO_BASE"):
        raise InstallError("gitolite query-rc did not name GL_ADMIN_BASE and GL_REPO_BASE")
    enable = _query(exe, ["ENABLE"], env).split()
    local = values.get("LOCAL_CODE", "").strip()
    return Gitolite(
        admin_base=Path(values["GL_ADMIN_BASE"]),
        repo_base=Path(values["GL_REPO_BASE"]),
        local_code=Path(local) if local else None,
        repo_specific_enabled="repo-specific-hooks" in enable,
    )


def _query(exe: str, args: list[str], env: dict[str, str] | None) -> str:
    proc = subprocess.run(
        [exe, "query-rc", *args], capture_output=True, text=True, check=False, env=env
    )
    if proc.returncode not in (0, 1):  # 1: an empty value (e.g. nothing ENABLEd)
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        raise InstallError(f"gitolite query-rc failed: {detail[-1] if detail else proc.returncode}")
    return proc.stdout


def chain_script(chain_dir: Path, marker: str) -> str:
    """``hooks/common/pre-receive``: runs pushguard (and a kept hook) with the same stdin."""
    quoted = shlex.quote(str(chain_dir))
    return f"""\
#!/bin/sh
# pre-receive for every gitolite repository, written by pushguard install-hook ({marker}).
# Runs each executable in {chain_dir}/ (glob order), then the repository's
# own hooks/{KEPT_HOOK} if any, each with the same stdin; the push is rejected
# with the first non-zero exit status. gitolite runs hooks in the repository's directory.
data=$(cat; echo x)
data=${{data%x}}
status=0
for hook in {quoted}/* hooks/{KEPT_HOOK}; do
	[ -f "$hook" ] && [ -x "$hook" ] || continue
	printf '%s' "$data" | "$hook"
	rc=$?
	[ "$status" -ne 0 ] || status=$rc
done
exit "$status"
"""


def keep_repository_hooks(repo_base: Path, markers: tuple[str, ...]) -> list[str]:
    """Move each repository's own pre-receive (a regular file gitolite would replace) aside."""
    done: list[str] = []
    for hooks_dir in sorted(repo_base.glob("**/*.git/hooks")):
        hook = hooks_dir / "pre-receive"
        if hook.is_symlink() or not hook.is_file():
            continue  # gitolite's own symlinks (common or repo-specific driver), or none
        text = hook.read_text(errors="replace")
        if any(marker in text for marker in markers):
            continue  # pushguard's own (an earlier bare install): the common hook replaces it
        kept = hooks_dir / KEPT_HOOK
        if kept.exists():
            raise InstallError(f"{hook} and {kept} both exist; merge them by hand first")
        os.rename(hook, kept)
        done.append(f"moved {hook} to {kept} (the common runner runs it)")
    return done


def propagate(env: dict[str, str] | None = None) -> list[str]:
    """``gitolite setup --hooks-only``: symlink hooks/common into every repository."""
    proc = subprocess.run(
        ["gitolite", "setup", "--hooks-only"], capture_output=True, text=True, env=env, check=False
    )
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip()
        raise InstallError(f"gitolite setup --hooks-only failed: {detail}")
    return ["ran `gitolite setup --hooks-only` (hooks/common linked into every repository)"]


def conf_snippet(repos: list[str]) -> str:
    return (
        f"repo {' '.join(repos)}\n    option hook.pre-receive = {REPO_SPECIFIC_NAME}\n"
        "  (add to gitolite.conf in the gitolite-admin repository and push it; keep any other\n"
        "   hooks on that line too, space-separated: gitolite runs each in turn)"
    )
