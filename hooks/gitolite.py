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

from pushguard.hooks.paths import InstallError

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
