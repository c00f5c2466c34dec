"""Running git on one repository: environment, argument hygiene, small object queries."""

from __future__ import annotations

import contextlib
import copy
import functools
import os
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

from pushguard.errors import GitError, UsageError

# Revision-selecting options a caller may put in ``revs``; every other entry must be a
# revision that cannot be mistaken for an option (no leading "-").
PSEUDO_OPTIONS = frozenset(
    {"--all", "--not", "--branches", "--tags", "--remotes", "--alternate-refs"}
)
PSEUDO_OPTION_PREFIXES = (
    "--branches=",
    "--tags=",
    "--remotes=",
    "--glob=",
    "--exclude=",
    "--exclude-hidden=",
)


OFFLINE = "pushguard-no-lazy-fetch"
"""``GIT_ALLOW_PROTOCOL`` for a scan: the name of no transport, so none is allowed."""


@functools.cache
def local_env_vars() -> frozenset[str]:
    """Variables that tie git to one repository (``git rev-parse --local-env-vars``)."""
    try:
        proc = subprocess.run(
            ["git", "rev-parse", "--local-env-vars"],
            capture_output=True,
            check=True,
            cwd="/",
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        raise GitError(f"cannot run git: {exc}") from None
    return frozenset(proc.stdout.decode().split())


def check_revisions(revs: Sequence[str], stdin_revs: Sequence[str] = ()) -> None:
    """Reject anything git could parse as an option rather than a revision.

    ``revs`` go on the command line: each is an allowed pseudo-option (``--all``, ``--not``,
    ``--branches[=...]``, ...) or a revision/range not starting with "-" (write
    ``refs/heads/-x`` for a branch named ``-x``). ``stdin_revs`` are fed to ``--stdin``,
    one per line, where git itself refuses options.
    """
    for rev in revs:
        if rev in PSEUDO_OPTIONS or rev.startswith(PSEUDO_OPTION_PREFIXES):
            continue
        _check_revision(rev)
    for rev in stdin_revs:
        _check_revision(rev)


_EXCLUDING = ("^", "--not")


def covers_whole_history(revs: Sequence[str]) -> bool:
    """Whether ``revs`` select whole histories (``--all``, branch names): nothing is
    excluded, so the blobs they hold are exactly what their commits added, and
    ``pushguard.scan.whole_history`` may read them blob by blob."""
    return bool(revs) and not any(
        rev.startswith(_EXCLUDING) or ".." in rev or rev.startswith("--since") for rev in revs
    )


def _check_revision(rev: str) -> None:
    if not rev or rev.startswith("-") or "\n" in rev or "\0" in rev:
        raise UsageError(f"invalid revision {rev!r}: empty, option-like or multi-line")


class Git:
    """git on one repository (``git_dir`` is made absolute: a hook may get ``GIT_DIR=.``).

    ``isolated=False`` (hook use) keeps the caller's environment, including the quarantine
    variables without which pushed objects are invisible. ``isolated=True`` drops git's
    repository-local variables (and the quarantine path): use it to work on another
    repository than the one the current process may be attached to.
    """

    def __init__(
        self,
        git_dir: str | os.PathLike[str],
        env: Mapping[str, str] | None = None,
        *,
        isolated: bool = False,
        cwd: str | None = None,
    ) -> None:
        cwd = cwd or os.getcwd()  # relative paths are the caller's (the daemon never chdirs)
        self.git_dir = Path(os.path.normpath(os.path.join(cwd, git_dir)))
        base = dict(os.environ if env is None else env)
        if isolated:
            for name in (*local_env_vars(), "GIT_QUARANTINE_PATH"):
                base.pop(name, None)
        else:
            _absolutize_object_dirs(base, cwd)
        base["GIT_DIR"] = str(self.git_dir)
        self.env = base

    def offline(self) -> Git:
        """This repository with lazy fetching off: reading an object a partial clone lacks
        fails (and is reported) instead of downloading it from the promisor remote.

        ``GIT_NO_LAZY_FETCH`` does that from git 2.45 on. Older gits (2.39 here) have no
        switch: they run ``git fetch <promisor>`` for a missing object, which
        ``GIT_ALLOW_PROTOCOL`` (it overrides every ``protocol.*.allow`` setting) makes fail
        before it connects anywhere. Submodules, the other user of transports, are never
        read by a scan.
        """
        offline = copy.copy(self)
        offline.env = {**self.env, "GIT_NO_LAZY_FETCH": "1", "GIT_ALLOW_PROTOCOL": OFFLINE}
        return offline

    @classmethod
    def discover(cls, path: str | os.PathLike[str] = ".") -> Git:
        """The repository containing ``path`` (a working tree or a bare repository)."""
        env = {k: v for k, v in os.environ.items() if k not in local_env_vars()}
        try:
            proc = subprocess.run(
                ["git", "rev-parse", "--absolute-git-dir"],
                cwd=path,
                env=env,
                capture_output=True,
                check=False,
            )
        except OSError as exc:  # no such directory, or no git
            raise GitError(f"{path}: cannot open: {exc.strerror}") from None
        if proc.returncode != 0:
            detail = proc.stderr.decode(errors="replace").strip() or "git failed"
            raise GitError(f"{path}: not a git repository ({detail})")
        return cls(proc.stdout.decode().strip(), env, isolated=True)

    # -- processes --------------------------------------------------------------------
    def command(self, args: Sequence[str]) -> list[str]:
        # Replace refs can be pushed and would make git show other objects than the real ones.
        return ["git", "--no-replace-objects", *args]

    def run(self, args: Sequence[str], input: bytes | None = None) -> bytes:
        """Run git, return its stdout; GitError (with git's message) when it fails."""
        proc = self.attempt(args, input)
        if proc.returncode != 0:
            raise failure(args, proc.stderr)
        return proc.stdout

    def run_large(self, args: Sequence[str], input: bytes = b"") -> bytes:
        """``run`` for a large output (e.g. a rev-list of a whole history): through
        temporary files, read once at the end, rather than a pipe polled every few KB."""
        with (
            tempfile.TemporaryFile() as source,
            tempfile.TemporaryFile() as out,
            tempfile.TemporaryFile() as err,
        ):
            source.write(input)
            source.seek(0)
            try:
                code = subprocess.run(
                    self.command(args),
                    stdin=source,
                    stdout=out,
                    stderr=err,
                    env=self.env,
                    cwd=self.git_dir,
                    check=False,
                ).returncode
            except OSError as exc:
                raise GitError(f"cannot run git: {exc}") from None
            if code != 0:
                err.seek(0)
                raise failure(args, err.read())
            out.seek(0)
            return out.read()

    def attempt(
        self, args: Sequence[str], input: bytes | None = None
    ) -> subprocess.CompletedProcess[bytes]:
        """Run git and return how it ended, failed or not (its stderr is the caller's to
        read); GitError only when git cannot be run."""
        try:
            return subprocess.run(
                self.command(args),
                input=input,
                capture_output=True,
                env=self.env,
                cwd=self.git_dir,
                check=False,
            )
        except OSError as exc:
            raise GitError(f"cannot run git: {exc}") from None

    def popen(
        self,
        args: Sequence[str],
        *,
        stdin: bool | IO[bytes] = False,
        stderr: IO[bytes] | int = subprocess.DEVNULL,
        bufsize: int = 256 * 1024,
    ) -> subprocess.Popen[bytes]:
        """Start git with stdout piped, for streaming readers (they must reap it).
        ``stdin``: True for a pipe, or a file git reads its input from."""
        if stdin is True:
            source: IO[bytes] | int = subprocess.PIPE
        elif stdin is False:
            source = subprocess.DEVNULL
        else:
            source = stdin
        try:
            return subprocess.Popen(
                self.command(args),
                stdin=source,
                stdout=subprocess.PIPE,
                stderr=stderr,
                env=self.env,
                cwd=self.git_dir,
                bufsize=bufsize,
            )
        except OSError as exc:
            raise GitError(f"cannot run git: {exc}") from None

    # -- queries ----------------------------------------------------------------------
    def object_format(self) -> str:
        """``sha1`` or ``sha256``."""
        return self.run(["rev-parse", "--show-object-format"]).decode().strip()

    def resolves(self, rev: str) -> bool:
        """Whether ``rev``, a revision or a range such as ``a..b``, names existing commits
        (a path or an unknown name does not)."""
        check_revisions([rev])
        proc = self.attempt(["rev-parse", "--revs-only", "--end-of-options", rev])
        return proc.returncode == 0 and bool(proc.stdout.strip())

    def default_branch_tip(self) -> str | None:
        """The commit HEAD points to, or None (unborn branch, empty repository)."""
        proc = self.attempt(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])
        if proc.returncode != 0:
            return None
        return proc.stdout.decode().strip() or None

    def count_commits(self, revs: Sequence[str], stdin_revs: Sequence[str] = ()) -> int:
        """How many commits ``revs`` (see ``check_revisions``) plus ``stdin_revs`` select."""
        check_revisions(revs, stdin_revs)
        data = "".join(f"{rev}\n" for rev in stdin_revs).encode()
        out = self.run(["rev-list", "--count", *revs, "--stdin"], input=data)
        return int(out)

    def _blob_entry(self, rev: str, path: str) -> tuple[str, int] | None:
        """``(oid, size)`` of the file ``path`` in commit-ish ``rev``, None if not a file."""
        _check_revision(rev)
        out = self.run(
            [
                "--literal-pathspecs",
                "ls-tree",
                "-z",
                "-l",
                "--full-tree",
                "--end-of-options",
                rev,
                "--",
                path,
            ]
        )
        wanted = path.encode("utf-8", "surrogateescape")
        for entry in out.split(b"\0"):
            meta, _, name = entry.partition(b"\t")
            fields = meta.split()
            if name == wanted and len(fields) == 4 and fields[1] == b"blob":
                return fields[2].decode(), int(fields[3])
        return None

    def read_blob(self, rev: str, path: str, max_bytes: int | None = None) -> bytes | None:
        """Content of ``path`` as of ``rev``; None when absent, not a file, or larger than
        ``max_bytes``. GitError when ``rev`` does not exist."""
        entry = self._blob_entry(rev, path)
        if entry is None or (max_bytes is not None and entry[1] > max_bytes):
            return None
        return self.run(["cat-file", "blob", entry[0]])

    def line_at(self, commit: str, path: str, line: int) -> str | None:
        """Line ``line`` (1-based, split on "\\n" only, as in ``added_blocks``) of ``path`` as
        of ``commit``, decoded with replacement; None when absent. Streams: a line near the
        top of a huge file costs little."""
        if line < 1:
            return None
        entry = self._blob_entry(commit, path)
        if entry is None:
            return None
        proc = self.popen(["cat-file", "blob", entry[0]])
        assert proc.stdout is not None
        try:
            for number, raw in enumerate(proc.stdout, start=1):
                if number == line:
                    return raw.removesuffix(b"\n").decode("utf-8", "replace")
            return None
        finally:
            reap(proc)


def reap(proc: subprocess.Popen[bytes]) -> None:
    """Stop a streaming git we no longer read from and collect it (no zombie, no leak)."""
    if proc.poll() is None:
        proc.kill()
    for stream in (proc.stdin, proc.stdout):
        if stream is not None:
            with contextlib.suppress(OSError):  # broken pipe to a killed process
                stream.close()
    proc.wait()


def failure(args: Sequence[str], stderr: bytes) -> GitError:
    """A GitError naming the subcommand and git's reason: its ``fatal:``/``error:`` line (git
    often follows it with usage hints), else its last line."""
    lines = stderr.decode(errors="replace").strip().splitlines()
    reasons = [line for line in lines if line.startswith(("fatal: ", "error: "))]
    detail = reasons[0] if reasons else lines[-1] if lines else "no message"
    sub = next((a for a in args if not a.startswith("-")), "git")
    return GitError(f"git {sub} failed: {detail}")


def _absolutize_object_dirs(env: dict[str, str], cwd: str) -> None:
    # receive-pack may hand relative object paths (relative to the hook's cwd, GIT_DIR);
    # pin them now so that a later chdir cannot make pushed objects vanish.
    for name in ("GIT_QUARANTINE_PATH", "GIT_OBJECT_DIRECTORY"):
        value = env.get(name)
        if value and not os.path.isabs(value):
            env[name] = os.path.normpath(os.path.join(cwd, value))
    alternates = env.get("GIT_ALTERNATE_OBJECT_DIRECTORIES")
    if alternates:
        env["GIT_ALTERNATE_OBJECT_DIRECTORIES"] = os.pathsep.join(
            part
            if part.startswith('"') or os.path.isabs(part) or not part
            else os.path.normpath(os.path.join(cwd, part))
            for part in alternates.split(os.pathsep)
        )
