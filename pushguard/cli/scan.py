"""`pushguard scan`: the engine over any repository's history, for developers and CI."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from pushguard import config as config_mod
from pushguard.cli.options import config_option
from pushguard.errors import ExitCode, GitError, UsageError

if TYPE_CHECKING:
    from pushguard.git import Git
    from pushguard.scan.engine import ScanResult

PARALLEL_MIN_COMMITS = 512
"""Histories with fewer commits are scanned by one process: the pool would cost more."""

LARGE_MIN_COMMITS = 64
"""Ranges with fewer commits are scanned as a push is: the catalogue loads only when a line
hits one of its anchors, and the Hyperscan prefilter is only used if already compiled."""


@click.command("scan")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path), metavar="[PATH]")
@click.option(
    "--staged",
    is_flag=True,
    help="Scan what the index adds (before a commit; the pre-commit hook). "
    "PATHs are then files limiting it.",
)
@click.option(
    "--range",
    "ranges",
    multiple=True,
    metavar="REV_RANGE",
    help="Revision range to scan (repeatable), e.g. main..feature. Default: all refs.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif"]),
    default="text",
    show_default=True,
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Processes scanning a large history (default: every core).",
)
@config_option
@click.option(
    "--output",
    "-o",
    type=click.File("w"),
    default="-",
    help="Write the report here instead of stdout.",
)
def scan(
    paths: tuple[Path, ...],
    staged: bool,
    ranges: tuple[str, ...],
    fmt: str,
    jobs: int | None,
    config_file: str | None,
    output: TextIO,
) -> int:
    """Scan the history of the git repository at PATH (default: the current directory),
    the staged changes (--staged), or the files named.

    Exit status: 0 no blocking secrets, 1 blocking secrets found, 2 usage, 3 configuration.
    """
    from pushguard.git import Git

    for rev in ranges:
        if not rev or rev.startswith("-"):
            raise UsageError(f"--range {rev!r}: a revision range cannot start with '-'")
    files_mode = staged or any(not p.is_dir() for p in paths)
    if files_mode:
        return _before_commit(paths, staged, ranges, fmt, config_file, output)
    if len(paths) > 1:
        raise UsageError("name one repository directory, or files")
    path = paths[0] if paths else Path(".")
    config = _load(config_file, path)
    try:
        git = Git.discover(path)
    except GitError as exc:
        raise UsageError(str(exc)) from None
    for rev in ranges:  # a typo is the user's to fix (exit 2), not an internal error
        if not git.resolves(rev):
            raise UsageError(f"--range {rev!r}: unknown revision or range in {git.git_dir}")
    revs = list(ranges) or ["--all"]
    from pushguard.git.repo import covers_whole_history

    if covers_whole_history(revs):
        # a whole history needs the catalogue: its native load (0.35 s, off the GIL) starts
        # now, while the scan's own modules import and git lists the history
        from pushguard.scan.engine import start_catalogue

        start_catalogue(config)
    from pushguard.scan.lost_commits import scan_around_lost_commits

    result = scan_around_lost_commits(
        lambda walker, selected: _scan_history(walker, config, selected, jobs or _cores()),
        git,
        revs,
    )
    return _report(result, fmt, output)


def _scan_history(
    git: Git, config: config_mod.Config, revs: Sequence[str], jobs: int
) -> ScanResult:
    from pushguard.git.diff import start_patches
    from pushguard.git.repo import covers_whole_history

    if covers_whole_history(revs):  # the usual case: read each blob once, not each diff
        from pushguard.git.blobs import Unlistable
        from pushguard.scan.whole_history import scan_whole_history

        try:
            return scan_whole_history(git, config, None, revs, jobs)
        except Unlistable:
            pass  # a lost tree: the diff-based scan below recovers from those
    total = None
    if jobs > 1:
        # a large history goes to a pool of processes; anything smaller is not worth it
        total = git.offline().count_commits(revs)
        if total >= PARALLEL_MIN_COMMITS:
            from pushguard.scan.parallel import scan_parallel

            return scan_parallel(git, config, None, revs, total, jobs)
    # Split the history over two git processes when there are cores for them, and start git
    # before importing the detectors, so that its work overlaps Python's start-up.
    max_blob_bytes = config.scan_for(None).max_blob_bytes
    patches = start_patches(git, revs, max_blob_bytes=max_blob_bytes, jobs=min(jobs, 2))
    try:
        from pushguard.scan.engine import scan_git

        # a few commits (a range in CI) load the catalogue only if a line needs it
        large = total is None or total >= LARGE_MIN_COMMITS
        return scan_git(git, config, None, revs, started=patches, large=large)
    finally:
        patches.close()


def _report(result: ScanResult, fmt: str, output: TextIO) -> int:
    from pushguard.scan.report import FORMATS, partial_warnings

    output.write(FORMATS[fmt](result) + "\n")
    output.flush()
    if fmt != "text":  # a report for a tool: tell the person running it too
        for line in partial_warnings(result):
            click.echo(f"pushguard: {line}", err=True)
    return ExitCode.FOUND if result.blocking else ExitCode.OK


def _cores() -> int:
    """Every core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _load(config_file: str | None, start: Path) -> config_mod.Config:
    """The server's config when there is one (``--config``, ``$PUSHGUARD_CONFIG``, the
    default file); else the repository's own ``.pushguard.toml``, else defaults."""
    from pushguard.cli.scan_files import REPO_CONFIG, toplevel

    server = os.environ.get("PUSHGUARD_CONFIG") or config_mod.DEFAULT_CONFIG_PATH.exists()
    if config_file or server:
        return config_mod.load(config_file)
    top = toplevel(start)
    own = top / REPO_CONFIG if top is not None else None
    return config_mod.load(own if own is not None and own.is_file() else None)


def _before_commit(
    paths: tuple[Path, ...],
    staged: bool,
    ranges: tuple[str, ...],
    fmt: str,
    config_file: str | None,
    output: TextIO,
) -> int:
    from pushguard.cli.scan_files import check_files_mode, report, scan_files, scan_staged

    if ranges:
        raise UsageError("--range scans commits; it does not go with --staged or files")
    check_files_mode(paths)
    cwd = Path.cwd()
    config = _load(config_file, cwd)
    result = scan_staged(config, paths, cwd) if staged else scan_files(config, paths, cwd)
    inline = config.scan_for(None).inline_pragmas
    return report(result, fmt, output, staged=staged, inline_pragmas=inline)
