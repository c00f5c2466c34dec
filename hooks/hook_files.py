"""Writing hook files beside ones that are not pushguard's: read, move aside, write ours.

Shared by ``install`` (a repository's hooks) and ``gitolite`` (gitolite's hook directories):
a file that is not pushguard's (no marker) is never overwritten, only moved aside whole.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from pushguard.hooks.paths import InstallError

HOOK_MARKER = "PUSHGUARD-HOOK"
CHAIN_MARKER = "PUSHGUARD-CHAIN"


def read_hook(path: Path) -> str | None:
    if not path.exists() and not path.is_symlink():
        return None
    try:
        return path.read_text(errors="replace")
    except (FileNotFoundError, IsADirectoryError):
        return ""  # a dangling symlink or a directory: foreign, keep it


def free_name(path: Path) -> Path:
    candidate, n = path, 1
    while candidate.exists() or candidate.is_symlink():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


def move_hook(src: Path, dst: Path) -> None:
    """Move a hook one directory down, keeping a relative symlink pointing where it did."""
    if src.is_symlink() and not os.path.isabs(os.readlink(src)):
        target = os.path.normpath(os.path.join(src.parent, os.readlink(src)))
        os.symlink(target, dst)
        src.unlink()
    else:
        os.rename(src, dst)


def write_ours(path: Path, content: str, marker: str = HOOK_MARKER) -> list[str]:
    """Write an executable file unless it already has ``content``; never replace a foreign
    file (one without ``marker``)."""
    existing = read_hook(path)
    if existing == content and os.access(path, os.X_OK):
        return []
    if existing is not None and marker not in existing:
        raise InstallError(f"{path} exists and is not pushguard's; refusing to overwrite it")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(content)
        os.chmod(tmp, 0o755)  # noqa: S103 - git (and Gitaly) run hooks as the git user
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return [f"{'updated' if existing is not None else 'wrote'} {path}"]


def enable_push_options_in(config_file: Path) -> list[str]:
    config = str(config_file)
    key = "receive.advertisePushOptions"
    current = subprocess.run(
        ["git", "config", "--file", config, "--get", key], capture_output=True, check=False
    )
    if current.stdout.strip() == b"true":
        return []
    proc = subprocess.run(
        ["git", "config", "--file", config, key, "true"], capture_output=True, check=False
    )
    if proc.returncode != 0:
        detail = proc.stderr.decode(errors="replace").strip()
        raise InstallError(f"{config}: cannot set {key}: {detail}")
    return [f"set {key}=true in {config}"]
