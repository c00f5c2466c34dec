"""`pushguard scan --staged [FILE...]` and `pushguard scan FILE...`: before the commit.

The pre-commit hook (``.pre-commit-hooks.yaml``) runs ``pushguard scan --staged`` with the
staged files as arguments: the lines the index adds, through the engine, rules and
allowlists of ``pushguard scan``. Without ``--staged`` the named files are read whole from
the working tree (e.g. ``pre-commit run --all-files`` with the ``pushguard-files`` hook).
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from pushguard.config import Config
from pushguard.errors import ExitCode, UsageError

if TYPE_CHECKING:
    from pushguard.scan.engine import ScanResult

REPO_CONFIG = ".pushguard.toml"
"""A repository's own config, used by `pushguard scan` when there is no server config."""


def toplevel(start: Path) -> Path | None:
    proc = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"],
        cwd=start,
        capture_output=True,
        check=False,
    )
    return Path(proc.stdout.decode().strip()) if proc.returncode == 0 else None


def scan_staged(config: Config, files: Sequence[Path], cwd: Path) -> ScanResult:
    from pushguard.git import DiffStats, Git
    from pushguard.git.staged import index_line, staged_blocks
    from pushguard.scan.engine import build_engine

    top = toplevel(cwd)
    if top is None:
        raise UsageError(f"{cwd}: --staged needs a git working tree")
    git = Git.discover(cwd)
    # pathspecs relative to the top of the working tree, as `git diff` in .git reads them
    paths = [str((cwd / f).resolve().relative_to(top.resolve())) for f in files]
    stats = DiffStats()
    engine = build_engine(
        config, None, git=git, large=False, context=lambda _c, p, n: index_line(git, p, n)
    )
    max_blob_bytes = config.scan_for(None).max_blob_bytes
    items = staged_blocks(git, paths, max_blob_bytes=max_blob_bytes, stats=stats)
    try:
        return engine.scan(items, stats=stats)
    finally:
        items.close()


def scan_files(config: Config, files: Sequence[Path], cwd: Path) -> ScanResult:
    from pushguard.git import DiffStats
    from pushguard.git.staged import file_blocks
    from pushguard.scan.engine import build_engine

    for file in files:
        if not file.is_file():
            raise UsageError(f"{file}: not a file (name one repository directory, or files)")
    root = toplevel(cwd) or cwd
    stats = DiffStats()
    engine = build_engine(config, None, large=False)
    max_blob_bytes = config.scan_for(None).max_blob_bytes
    items = file_blocks(files, root, max_blob_bytes=max_blob_bytes, stats=stats)
    return engine.scan(items, stats=stats)


def fix_message(result: ScanResult, *, staged: bool, inline_pragmas: bool) -> list[str]:
    """What to do, in the hook's order: rotate, remove, or mark a false positive."""
    if not result.blocking:
        return []
    count = len(result.blocking)
    # files named on the command line are not a commit: nothing was stopped, only found
    found = (
        f"pushguard: {count} secret(s) in the staged changes; nothing was committed."
        if staged
        else f"pushguard: {count} secret(s) in these files."
    )
    out = [
        "",
        found,
        "What to do:",
        "  1. If the credential was ever real and shared (pushed, pasted, sent), rotate it.",
        "  2. Remove it from the file (read it from the environment or a secrets manager),",
        "     then `git add` the file and commit again.",
        "  3. A false positive?",
    ]
    if inline_pragmas:
        out.append("     add a comment containing `pragma: allowlist secret` on that line, or")
    out.append(f"     add an [[allowlist]] entry with its fingerprint to {REPO_CONFIG}")
    out.append("     (the server keeps its own: ask a pushguard admin there).")
    out.append("  The server's pre-receive hook runs the same check: `git commit --no-verify`")
    out.append("  only moves the rejection to the push.")
    return out


def report(
    result: ScanResult, fmt: str, output: TextIO, *, staged: bool, inline_pragmas: bool
) -> int:
    from pushguard.scan.report import FORMATS

    text = FORMATS[fmt](result)
    if fmt == "text":
        text = "\n".join([text, *fix_message(result, staged=staged, inline_pragmas=inline_pragmas)])
    output.write(text + "\n")
    return ExitCode.FOUND if result.blocking else ExitCode.OK


def check_files_mode(paths: Sequence[Path]) -> None:
    dirs = [p for p in paths if p.is_dir()]
    if dirs:
        raise UsageError(
            f"{dirs[0]}: a directory among files; name one repository directory, or files"
        )
