"""Real git repositories for tests: a `GitRepo` helper plus pytest fixtures.

Commits are built with plumbing (a private index file, `commit-tree`, `update-ref`), so the
helper works the same in bare and non-bare repositories, never touches a working tree, and
can make any shape of history: root commits, explicit parents, merges (clean or "evil").
Identity, dates and configuration are fixed so object ids are reproducible.

Fixtures (registered via ``pytest_plugins`` in tests/conftest.py):

- ``git_env``: isolated environment (HOME, GIT_CONFIG_GLOBAL, GIT_CONFIG_NOSYSTEM, identity);
  also applied to ``os.environ`` for the test so in-process code calling git sees it.
- ``make_repo(name="repo", *, bare=False, object_format="sha1") -> GitRepo``
- ``git_repo``: a non-bare SHA-1 repository with branch ``main`` (no commits yet).
- ``bare_remote``: factory ``bare_remote(name="remote.git", *, object_format="sha1")``.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

import pytest

EPOCH = 1_700_000_000  # first commit date; each commit is one minute later
IDENTITY = {
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.com",
    "GIT_COMMITTER_NAME": "Test Committer",
    "GIT_COMMITTER_EMAIL": "committer@example.com",
}
GLOBAL_CONFIG = """\
[init]
\tdefaultBranch = main
[advice]
\tdetachedHead = false
[protocol "file"]
\tallow = always
[gc]
\tauto = 0
[core]
\tautocrlf = false
"""


class Entry(NamedTuple):
    """A tree entry with an explicit mode: ``"100755"`` executable, ``"120000"`` symlink,
    ``"160000"`` gitlink (``content`` is then the commit id)."""

    content: bytes | str
    mode: str = "100644"


FileValue = bytes | str | Entry | None
Files = Mapping[str, FileValue]


def _clean_base_env() -> dict[str, str]:
    # Drop every GIT_* variable of the caller (e.g. when tests run inside a hook).
    return {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}


def make_git_env(home: Path) -> dict[str, str]:
    home.mkdir(parents=True, exist_ok=True)
    config = home / ".gitconfig"
    config.write_text(GLOBAL_CONFIG)
    env = _clean_base_env()
    env.update(IDENTITY)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=str(config),
        GIT_TERMINAL_PROMPT="0",
        LC_ALL="C",
        TZ="UTC",
    )
    return env


class GitRepo:
    """One repository on disk plus helpers that build history in it."""

    def __init__(
        self, path: Path, env: Mapping[str, str], clock: Iterator[int] | None = None
    ) -> None:
        self.path = path
        self.env = dict(env)
        self._clock = clock if clock is not None else itertools.count()
        self._null_oid: str | None = None

    # -- construction -----------------------------------------------------------------
    @classmethod
    def init(
        cls,
        path: Path,
        env: Mapping[str, str],
        *,
        bare: bool = False,
        object_format: str = "sha1",
        clock: Iterator[int] | None = None,
    ) -> GitRepo:
        args = ["git", "init", "-q", "--initial-branch=main", f"--object-format={object_format}"]
        if bare:
            args.append("--bare")
        subprocess.run([*args, str(path)], env=dict(env), check=True)
        return cls(path, env, clock)

    @property
    def git_dir(self) -> Path:
        out = self.git("rev-parse", "--absolute-git-dir")
        return Path(out)

    @property
    def bare(self) -> bool:
        return self.git("rev-parse", "--is-bare-repository") == "true"

    # -- running git ------------------------------------------------------------------
    def run(
        self,
        *args: str,
        input: bytes | None = None,
        check: bool = True,
        env: Mapping[str, str] | None = None,
    ) -> subprocess.CompletedProcess[bytes]:
        """Run git in this repository; return the completed process (stdout/stderr bytes)."""
        full_env = {**self.env, **(env or {})}
        proc = subprocess.run(
            ["git", *args], cwd=self.path, env=full_env, input=input, capture_output=True
        )
        if check and proc.returncode != 0:
            raise AssertionError(
                f"git {' '.join(args)} failed ({proc.returncode}):\n"
                + proc.stderr.decode(errors="replace")
            )
        return proc

    def git(self, *args: str, input: bytes | None = None) -> str:
        """Run git, return stdout decoded and stripped of the trailing newline."""
        return self.run(*args, input=input).stdout.decode(errors="replace").rstrip("\n")

    def rev_parse(self, rev: str) -> str:
        return self.git("rev-parse", "--verify", "--end-of-options", rev)

    def tip(self, branch: str = "main") -> str | None:
        proc = self.run("rev-parse", "--verify", "-q", f"refs/heads/{branch}", check=False)
        return proc.stdout.decode().strip() or None

    def head(self) -> str | None:
        """The commit HEAD points to, None on an unborn branch."""
        proc = self.run("rev-parse", "--verify", "-q", "HEAD^{commit}", check=False)
        return proc.stdout.decode().strip() or None

    def object_format(self) -> str:
        return self.git("rev-parse", "--show-object-format")

    # -- history building -------------------------------------------------------------
    def _next_date(self) -> str:
        return f"{EPOCH + 60 * next(self._clock)} +0000"

    def write_tree(self, files: Files, base: str | None = None) -> str:
        """Tree id of ``base`` (a tree-ish) with ``files`` applied (None deletes a path)."""
        index = self.git_dir / f"pushguard-test-index-{os.getpid()}"
        ienv = {"GIT_INDEX_FILE": str(index)}
        try:
            if base is None:
                self.run("read-tree", "--empty", env=ienv)
            else:
                self.run("read-tree", f"{base}^{{tree}}", env=ienv)
            entries = {
                path: value if isinstance(value, Entry) else Entry(value)
                for path, value in files.items()
                if value is not None
            }
            oids = self._write_blobs(
                {p: e.content for p, e in entries.items() if e.mode != "160000"}
            )
            lines = []
            for path, value in files.items():
                if value is None:
                    lines.append(f"0 {self.null_oid}\t{path}")
                    continue
                entry = entries[path]
                oid = oids.get(path) or str(entry.content)
                lines.append(f"{entry.mode} {oid}\t{path}")
            if lines:
                # -z: paths with newlines, tabs and quotes are passed verbatim
                payload = b"".join(line.encode() + b"\0" for line in lines)
                self.run("update-index", "-z", "--index-info", input=payload, env=ienv)
            return self.run("write-tree", env=ienv).stdout.decode().strip()
        finally:
            index.unlink(missing_ok=True)

    def _write_blobs(self, contents: Mapping[str, bytes | str]) -> dict[str, str]:
        """Blob ids of ``contents`` (path -> data), written with one git process."""
        if not contents:
            return {}
        with tempfile.TemporaryDirectory(dir=self.git_dir) as tmp:
            names = []
            for n, data in enumerate(contents.values()):
                name = os.path.join(tmp, str(n))
                with open(name, "wb") as fh:
                    fh.write(data.encode() if isinstance(data, str) else data)
                names.append(name)
            out = self.git(
                "hash-object", "-w", "--no-filters", "--stdin-paths",
                input="".join(f"{name}\n" for name in names).encode(),
            )  # fmt: skip
        return dict(zip(contents, out.split("\n"), strict=True))

    @property
    def null_oid(self) -> str:
        if self._null_oid is None:
            self._null_oid = "0" * (64 if self.object_format() == "sha256" else 40)
        return self._null_oid

    def commit(
        self,
        files: Files,
        message: str = "commit",
        *,
        parents: Sequence[str] | None = None,
        branch: str | None = "main",
        tree: str | None = None,
    ) -> str:
        """Create a commit and return its id.

        ``files`` maps paths to new content (str is UTF-8 encoded; ``Entry`` sets a mode;
        None deletes). The tree starts from the first parent's tree (or ``tree`` if given).
        ``parents`` defaults to the current tip of ``branch`` (of HEAD when ``branch`` is
        None; none yet: a root commit); pass ``parents=[]`` for an explicit root commit.
        ``branch`` is moved to the new commit; with ``branch=None`` no ref changes (the
        commit exists but is unreachable, like pushed objects a pre-receive hook sees).
        """
        if parents is None:
            tip = self.tip(branch) if branch else self.head()
            parents = [tip] if tip else []
        base = tree if tree is not None else (parents[0] if parents else None)
        tree_id = self.write_tree(files, base)
        args = ["commit-tree", tree_id, "-m", message]
        for parent in parents:
            args += ["-p", parent]
        date = self._next_date()
        oid = (
            self.run(*args, env={"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date})
            .stdout.decode()
            .strip()
        )
        if branch:
            self.run("update-ref", f"refs/heads/{branch}", oid)
        return oid

    def merge(
        self,
        theirs: str,
        *,
        into: str = "main",
        message: str = "merge",
        files: Files | None = None,
    ) -> str:
        """Merge commit of branch ``into`` with ``theirs`` (any commit-ish), via
        ``git merge-tree --write-tree``; ``files`` are applied on top (an "evil merge").
        Conflicts raise AssertionError: build such merges with ``commit(..., parents=[a, b])``."""
        ours = self.rev_parse(f"refs/heads/{into}")
        other = self.rev_parse(theirs)
        merged = self.git("merge-tree", "--write-tree", ours, other).splitlines()[0]
        return self.commit(files or {}, message, parents=[ours, other], branch=into, tree=merged)

    def branch(self, name: str, target: str = "main") -> str:
        oid = self.rev_parse(target)
        self.run("update-ref", f"refs/heads/{name}", oid)
        return oid

    def delete_branch(self, name: str) -> None:
        self.run("update-ref", "-d", f"refs/heads/{name}")

    def tag(self, name: str, target: str = "main", message: str | None = None) -> str:
        """Lightweight tag, or annotated when ``message`` is given; returns the tag ref's
        value (the tag object id for an annotated tag)."""
        oid = self.rev_parse(target)
        if message is None:
            self.run("update-ref", f"refs/tags/{name}", oid)
        else:
            date = self._next_date()
            self.run(
                "tag",
                "-a",
                "-m",
                message,
                name,
                oid,
                env={"GIT_COMMITTER_DATE": date},
            )
        return self.rev_parse(f"refs/tags/{name}")

    def checkout(self, branch: str = "main") -> None:
        """Make the working tree match ``branch`` (non-bare repositories only)."""
        self.run("checkout", "-q", "-f", branch)

    # -- remotes ----------------------------------------------------------------------
    def add_remote(self, name: str, remote: GitRepo | Path | str) -> None:
        url = remote.path if isinstance(remote, GitRepo) else remote
        self.run("remote", "add", name, str(url))

    def push(
        self,
        remote: str,
        *refspecs: str,
        options: Sequence[str] = (),
        force: bool = False,
        check: bool = False,
        env: Mapping[str, str] | None = None,
    ) -> subprocess.CompletedProcess[bytes]:
        """``git push --porcelain``; returns the process (check=False by default: push tests
        look at ``returncode``, the per-ref status lines in ``stdout`` such as
        ``[remote rejected] (pre-receive hook declined)``, and the ``remote:`` lines the
        hook printed, in ``stderr``)."""
        args = ["push", "--porcelain"]
        if force:
            args.append("--force")
        for option in options:
            args += ["-o", option]
        return self.run(*args, remote, *refspecs, check=check, env=env)


@pytest.fixture
def git_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    env = make_git_env(tmp_path / "home")
    for key in list(os.environ):
        if key.startswith("GIT_"):
            monkeypatch.delenv(key)
    for key, value in env.items():
        if os.environ.get(key) != value:
            monkeypatch.setenv(key, value)
    return env


MakeRepo = Callable[..., GitRepo]


@pytest.fixture
def make_repo(tmp_path: Path, git_env: dict[str, str]) -> MakeRepo:
    clock = itertools.count()
    names = itertools.count()

    def factory(
        name: str | None = None, *, bare: bool = False, object_format: str = "sha1"
    ) -> GitRepo:
        if name is None:
            name = f"repo{next(names)}" + (".git" if bare else "")
        return GitRepo.init(
            tmp_path / name, git_env, bare=bare, object_format=object_format, clock=clock
        )

    return factory


@pytest.fixture
def git_repo(make_repo: MakeRepo) -> GitRepo:
    return make_repo("work")


@pytest.fixture
def bare_remote(make_repo: MakeRepo) -> MakeRepo:
    def factory(name: str = "remote.git", *, object_format: str = "sha1") -> GitRepo:
        return make_repo(name, bare=True, object_format=object_format)

    return factory
