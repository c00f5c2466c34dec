"""added_blocks on real repositories: which lines each commit adds, where, and what is skipped."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pytest

from pushguard.errors import GitError, UsageError
from pushguard.git import DiffStats, Git, added_blocks
from pushguard.git.messages import MESSAGE_PATH
from pushguard.git.patch import FileNames
from pushguard.git.tags import TAG_MESSAGE_PATH, TAGGED_BLOB_PATH
from pushguard.scan.types import AddedBlock, Skipped
from tests.helpers.gitrepo import Entry, GitRepo, MakeRepo

Item = AddedBlock | Skipped


def scan(
    repo: GitRepo,
    revs: Sequence[str] = ("--all",),
    *,
    stdin_revs: Sequence[str] = (),
    max_blob_bytes: int = 1 << 20,
    stats: DiffStats | None = None,
    messages: bool = False,
    jobs: int = 1,
) -> list[Item]:
    """The items ``added_blocks`` yields (without the commit messages unless ``messages``)."""
    git = Git(repo.git_dir, repo.env, isolated=True)
    items = added_blocks(
        git, revs, stdin_revs=stdin_revs, max_blob_bytes=max_blob_bytes, stats=stats, jobs=jobs
    )
    return [i for i in items if messages or not i.path.startswith("/")]


def of(items: list[Item], commit: str) -> set[tuple[str, int, str] | Skipped]:
    """What one commit's files contributed, order-free: (path, start, text) or the Skipped
    record (its message: ``message_of``)."""
    return {
        (i.path, i.start, i.text) if isinstance(i, AddedBlock) else i
        for i in items
        if i.commit == commit and i.path != MESSAGE_PATH
    }


def message_of(items: list[Item], commit: str) -> list[tuple[int, str]]:
    return [(i.start, i.text) for i in items if i.commit == commit and i.path == MESSAGE_PATH]


def test_root_commit_is_diffed_against_the_empty_tree(git_repo: GitRepo) -> None:
    root = git_repo.commit({"a.txt": "one\ntwo\n", "dir/b.txt": "x\n", "empty": ""})
    assert of(scan(git_repo), root) == {("a.txt", 1, "one\ntwo"), ("dir/b.txt", 1, "x")}


def test_hunks_have_exact_line_numbers(git_repo: GitRepo) -> None:
    old = "".join(f"line {n}\n" for n in range(1, 21))
    git_repo.commit({"f.txt": old})
    new = old.replace("line 3\n", "line 3\nadded A\nadded B\n")
    new = new.replace("line 10\n", "changed 10\n").replace("line 20\n", "")
    new = new.replace("line 15\n", "")
    new += "tail 1\ntail 2"  # no newline at end of file
    c2 = git_repo.commit({"f.txt": new})
    assert of(scan(git_repo), c2) == {
        ("f.txt", 4, "added A\nadded B"),
        ("f.txt", 12, "changed 10"),
        ("f.txt", 21, "tail 1\ntail 2"),
    }
    lines = new.split("\n")
    assert [lines[3], lines[4], lines[11], lines[20]] == [
        "added A",
        "added B",
        "changed 10",
        "tail 1",
    ]


def test_several_commits_and_ranges(git_repo: GitRepo) -> None:
    c1 = git_repo.commit({"f": "a\n"})
    c2 = git_repo.commit({"f": "a\nb\n"})
    c3 = git_repo.commit({"g": "c\n"})
    stats = DiffStats()
    items = scan(git_repo, stats=stats)
    assert [i.commit for i in items] == [c3, c2, c1]  # newest first
    assert (stats.commits, stats.files, stats.lines, stats.bytes) == (3, 3, 3, 3)
    assert {i.commit for i in scan(git_repo, ["main~2..main"])} == {c2, c3}
    assert {i.commit for i in scan(git_repo, [c3, "--not", c1])} == {c2, c3}


def test_merges_report_only_lines_new_to_every_parent(git_repo: GitRepo) -> None:
    base = git_repo.commit({"f": "1\n2\n3\n4\n5\n"})
    git_repo.branch("topic")
    side = git_repo.commit({"f": "1\n2\n3\n4\nside\n", "s": "s\n"}, branch="topic")
    ours = git_repo.commit({"f": "ours\n2\n3\n4\n5\n"})
    clean = git_repo.merge("topic")
    items = scan(git_repo)
    assert of(items, clean) == set()
    assert of(items, side) == {("f", 5, "side"), ("s", 1, "s")}
    assert of(items, ours) == {("f", 1, "ours")}

    # an "evil merge": the merge commit itself adds lines no parent had
    git_repo.branch("topic2", base)
    side2 = git_repo.commit({"g": "from side\n"}, branch="topic2")
    evil = git_repo.merge(side2, files={"f": "ours\n2\nevil\n3\n4\nside\n", "new": "brand new\n"})
    assert of(scan(git_repo), evil) == {("f", 3, "evil"), ("new", 1, "brand new")}


def test_evil_merge_with_odd_paths(git_repo: GitRepo) -> None:
    base = git_repo.commit({"a b": "1\n2\n", "bin": b"\0"})
    git_repo.branch("topic", base)
    git_repo.commit({"a b": "1\n2\nside\n"}, branch="topic")
    git_repo.commit({"x": "x\n"})
    evil = git_repo.merge(
        "topic",
        files={"a b": "1\n2\nside\nevil\n", 't\tab "c"': "new\n", "bin": b"\0\1", "ü b/c": "u\n"},
    )
    assert of(scan(git_repo), evil) == {
        ("a b", 4, "evil"),
        ('t\tab "c"', 1, "new"),
        ("ü b/c", 1, "u"),
        Skipped(evil, "bin", "binary"),
    }


def test_sections_of_named_files_are_kept_whatever_a_prefilter_finds(git_repo: GitRepo) -> None:
    """``interesting`` offsets from ``FileNames.first_added_lines``: every section of a file
    whose name one of the globs matches is parsed, whatever its path looks like in git's
    header (a directory, a blank, quoted non-ASCII, a merge's combined diff), and no other:
    not a file whose name only ends so, nor one that a line of content names."""
    base = git_repo.commit({"dir/.netrc": "a\n", "my dir/creds file.xml": "b\n", "x.txt": "c\n"})
    git_repo.branch("topic", base)
    git_repo.commit({"é/cfg.xml": "d\n", ".netrc.bak": "e\n", "x.netrc": "f\n",
                     "notes.txt": "see dir/.netrc\n"}, branch="topic")  # fmt: skip
    git_repo.commit({"dir/.netrc": "a\ng\n"})
    git_repo.merge("topic", files={"é/cfg.xml": "d\nevil\n"})
    names = FileNames([".netrc", "*.xml"])
    git = Git(git_repo.git_dir, git_repo.env, isolated=True)
    items = added_blocks(git, ["--all"], max_blob_bytes=1 << 20,
                         interesting=names.first_added_lines)  # fmt: skip
    kept = {(i.path, i.text) for i in items if isinstance(i, AddedBlock) and i.path[0] != "/"}
    assert kept == {("dir/.netrc", "a"), ("my dir/creds file.xml", "b"), ("é/cfg.xml", "d"),
                    ("dir/.netrc", "g"), ("é/cfg.xml", "evil")}  # fmt: skip


def test_conflict_resolution_reports_only_the_resolution(git_repo: GitRepo) -> None:
    base = git_repo.commit({"f": "a\nb\nc\n"})
    left = git_repo.commit({"f": "a\nLEFT\nc\n"})
    right = git_repo.commit({"f": "a\nRIGHT\nc\n"}, parents=[base], branch="other")
    merge = git_repo.commit(
        {"f": "a\nLEFT\nRESOLVED\nRIGHT\nc\n"}, parents=[left, right], message="merge"
    )
    assert of(scan(git_repo), merge) == {("f", 3, "RESOLVED")}


def test_binary_and_oversize_are_skipped(git_repo: GitRepo) -> None:
    c1 = git_repo.commit({"img.png": b"\x89PNG\0\1\2", "big.txt": "x" * 99 + "\n", "ok": "k\n"})
    items = scan(git_repo, max_blob_bytes=50)
    assert of(items, c1) == {
        Skipped(c1, "img.png", "binary"),
        Skipped(c1, "big.txt", "oversize"),
        ("ok", 1, "k"),
    }
    # exactly at the limit is still scanned
    assert ("big.txt", 1, "x" * 99) in of(scan(git_repo, max_blob_bytes=100), c1)


def test_files_crossing_the_size_limit(git_repo: GitRepo) -> None:
    c1 = git_repo.commit({"f": "small\n"})
    c2 = git_repo.commit({"f": "small\n" + "grown\n" * 20})  # grows above the limit
    c3 = git_repo.commit({"f": "small\nagain\n"})  # shrinks below it: fully scanned
    c4 = git_repo.commit({"f": "small\nagain\nmore\n"})
    items = scan(git_repo, max_blob_bytes=60)
    assert of(items, c1) == {("f", 1, "small")}
    assert of(items, c2) == {Skipped(c2, "f", "oversize")}
    assert of(items, c3) == {("f", 1, "small\nagain")}
    assert of(items, c4) == {("f", 3, "more")}


def test_binary_turned_text_is_scanned(git_repo: GitRepo) -> None:
    git_repo.commit({"f": b"\0binary"})
    c2 = git_repo.commit({"f": "now text\n"})
    c3 = git_repo.commit({"f": None})
    items = scan(git_repo)
    assert of(items, c2) == {("f", 1, "now text")}
    assert of(items, c3) == set()


def test_non_utf8_and_line_endings(git_repo: GitRepo) -> None:
    c1 = git_repo.commit({"f": b"caf\xe9 \xff\nwin\r\nold\rmac\n"})
    assert of(scan(git_repo), c1) == {("f", 1, "caf\ufffd \ufffd\nwin\r\nold\rmac")}


ODD_PATHS = [
    "with space.txt",
    "trailing space ",
    "tab\there",
    "new\nline",
    'quo"te',
    "back\\slash",
    "ünïcødé/文件.txt",
    "x b/y",  # looks like the " b/" separator of a diff header
    "a/b c/d e",
    "\x01control",
    "-dash",
    '"quoted"',
]


def test_odd_paths_are_reported_verbatim(git_repo: GitRepo) -> None:
    c1 = git_repo.commit({path: f"{n}\n" for n, path in enumerate(ODD_PATHS)})
    c2 = git_repo.commit({path: f"{n}\nmore\n" for n, path in enumerate(ODD_PATHS)})
    items = scan(git_repo)
    assert of(items, c1) == {(path, 1, str(n)) for n, path in enumerate(ODD_PATHS)}
    assert of(items, c2) == {(path, 2, "more") for path in ODD_PATHS}


def test_odd_path_binary_and_rename(git_repo: GitRepo) -> None:
    c1 = git_repo.commit({"bin ary\n": b"\0", "a b": "text\n"})
    c2 = git_repo.commit({"a b": None, "c\td": "text\n"})
    items = scan(git_repo)
    assert of(items, c1) == {Skipped(c1, "bin ary\n", "binary"), ("a b", 1, "text")}
    assert of(items, c2) == set()


def test_renames_deletes_and_modes(git_repo: GitRepo) -> None:
    content = "".join(f"{n}\n" for n in range(30))
    git_repo.commit({"old.txt": content, "gone.txt": "bye\n", "run.sh": "echo\n"})
    rename = git_repo.commit({"old.txt": None, "moved/new.txt": content})
    delete = git_repo.commit({"gone.txt": None})
    chmod = git_repo.commit({"run.sh": Entry("echo\n", "100755")})
    chmod_edit = git_repo.commit({"run.sh": Entry("echo\nexit\n", "100644")})
    # a rename with edits is a delete plus an add: its lines are reported again
    edited = git_repo.commit({"moved/new.txt": None, "again.txt": content + "x\n"})
    items = scan(git_repo)
    assert of(items, rename) == set()
    assert of(items, delete) == set()
    assert of(items, chmod) == set()
    assert of(items, chmod_edit) == {("run.sh", 2, "exit")}
    assert of(items, edited) == {("again.txt", 1, content + "x")}


def test_submodules_and_symlinks(git_repo: GitRepo, make_repo: MakeRepo) -> None:
    sub = make_repo("sub").commit({"s": "s\n"})
    c1 = git_repo.commit({"mod": Entry(sub, "160000"), "link": Entry("target/path", "120000")})
    items = scan(git_repo)
    assert of(items, c1) == {("link", 1, "target/path")}  # a symlink's target is its content


@pytest.mark.parametrize("object_format", ["sha1", "sha256"])
def test_object_formats(make_repo: MakeRepo, object_format: str) -> None:
    repo = make_repo(object_format=object_format)
    c1 = repo.commit({"f": "a\n", "bin": b"\0"})
    c2 = repo.commit({"f": "a\nb\n", "bin": None})
    items = scan(repo)
    assert len(c1) == (64 if object_format == "sha256" else 40)
    assert of(items, c1) == {("f", 1, "a"), Skipped(c1, "bin", "binary")}
    assert of(items, c2) == {("f", 2, "b")}
    assert Git(repo.git_dir, repo.env).object_format() == object_format


def test_push_query_sees_only_new_commits(git_repo: GitRepo) -> None:
    c1 = git_repo.commit({"f": "old\n"})
    # objects that exist but that no ref reaches yet, as in a pre-receive hook
    new1 = git_repo.commit({"f": "old\nnew1\n"}, branch=None)
    new2 = git_repo.commit({"g": "new2\n"}, parents=[new1], branch=None)
    other = git_repo.commit({"h": "root\n"}, parents=[], branch=None)
    items = scan(git_repo, ["--not", "--all"], stdin_revs=[new2, other, c1])
    assert {i.commit for i in items} == {new1, new2, other}
    assert of(items, new1) == {("f", 2, "new1")}
    assert scan(git_repo, ["--not", "--all"], stdin_revs=[c1]) == []  # nothing new
    assert scan(git_repo, ["--not", "--all"]) == []  # a delete-only push: not HEAD


def test_empty_repository(git_repo: GitRepo) -> None:
    assert scan(git_repo) == []
    new = git_repo.commit({"f": "first\n"}, branch=None)
    assert of(scan(git_repo, ["--not", "--all"], stdin_revs=[new]), new) == {("f", 1, "first")}


@pytest.mark.parametrize(
    ("revs", "stdin_revs"),
    [(["--output=/tmp/x"], []), (["-p"], []), (["main", "--no-walk"], []), ([], ["-p"]),
     ([], ["a\nb"]), ([], [""]), ([""], [])],
)  # fmt: skip
def test_option_like_revisions_are_refused(
    git_repo: GitRepo, revs: list[str], stdin_revs: list[str]
) -> None:
    git_repo.commit({"f": "a\n"})
    with pytest.raises(UsageError):
        scan(git_repo, revs, stdin_revs=stdin_revs)


def test_branch_named_like_an_option(git_repo: GitRepo) -> None:
    git_repo.commit({"f": "a\n"})
    c2 = git_repo.commit({"f": "a\nb\n"}, branch=None)
    git_repo.run("update-ref", "refs/heads/--output=x", c2)
    assert of(scan(git_repo, ["refs/heads/--output=x", "--not", "main"]), c2) == {("f", 2, "b")}


def test_unknown_revision_is_a_git_error(git_repo: GitRepo) -> None:
    git_repo.commit({"f": "a\n"})
    with pytest.raises(GitError, match="git log failed"):
        scan(git_repo, ["no-such-branch"])
    with pytest.raises(GitError):
        scan(git_repo, [], stdin_revs=["no-such-branch"])


def _children() -> set[int]:
    me = str(os.getpid())
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == me:
            found.add(int(stat.parent.name))
    return found


def test_closing_early_kills_git(git_repo: GitRepo) -> None:
    big = "".join(f"line {n}\n" for n in range(20000))
    for n in range(8):
        git_repo.commit({f"f{n}": big})
    before = _children()
    git = Git(git_repo.git_dir, git_repo.env, isolated=True)
    gen = added_blocks(git, ["--all"], max_blob_bytes=1 << 22)
    first = next(gen)
    assert isinstance(first, AddedBlock)
    assert _children() - before  # git is running, blocked on its full pipe
    gen.close()
    assert _children() - before == set()  # killed and reaped: not even a zombie left


def test_exception_in_consumer_kills_git(git_repo: GitRepo) -> None:
    for n in range(4):
        git_repo.commit({f"f{n}": "x\n" * 50000})
    before = _children()

    def consume() -> None:
        for _ in added_blocks(
            Git(git_repo.git_dir, git_repo.env), ["--all"], max_blob_bytes=1 << 22
        ):
            raise RuntimeError("consumer failed")

    with pytest.raises(RuntimeError):
        consume()
    assert _children() - before == set()


@pytest.mark.parametrize("jobs", [1, 2])
def test_commit_messages_are_scanned_as_blocks(
    git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    from pushguard.git import split

    monkeypatch.setattr(split, "MIN_SPLIT_COMMITS", 2)  # jobs=2 splits even this history
    first = git_repo.commit({"f": "a\n"}, "add f\n\nwith a body line\nand another")
    merged = git_repo.commit({"g": "b\n"}, "subject only")
    items = scan(git_repo, messages=True, jobs=jobs)
    assert message_of(items, first) == [(1, "add f\n\nwith a body line\nand another")]
    assert message_of(items, merged) == [(1, "subject only")]
    assert of(items, first) == {("f", 1, "a")}


def test_messages_in_other_encodings_are_reencoded(git_repo: GitRepo) -> None:
    git_repo.git("config", "i18n.commitEncoding", "ISO-8859-1")
    tree = git_repo.write_tree({"f": "x\n"}, None)
    commit = git_repo.run(
        "commit-tree", tree, input="caf\xe9 r\xe9sum\xe9\n".encode("latin-1")
    ).stdout.decode().strip()
    git_repo.git("update-ref", "refs/heads/main", commit)
    assert message_of(scan(git_repo, messages=True), commit) == [(1, "café résumé")]


def test_only_messages_with_a_prefilter_hit_are_decoded(git_repo: GitRepo) -> None:
    plain = git_repo.commit({"f": "a\n"}, "nothing here")
    flagged = git_repo.commit({"f": "a\nb\n"}, "fix\n\nuses MARKER now")
    git = Git(git_repo.git_dir, git_repo.env, isolated=True)

    def interesting(data: bytes) -> list[int]:
        found = data.find(b"MARKER")
        return [] if found < 0 else [found]

    items = list(added_blocks(git, ["--all"], max_blob_bytes=1 << 20, interesting=interesting))
    assert message_of(items, flagged) == [(1, "fix\n\nuses MARKER now")]
    assert message_of(items, plain) == []


def test_tags_add_their_message_and_what_they_point_at_directly(git_repo: GitRepo) -> None:
    git_repo.commit({"f": "a\n"})
    annotated = git_repo.tag("v1", message="release v1\n\nnotes line")
    tag_of_tag = git_repo.tag("v1-signed", "v1", message="re-tagged")
    blob = git_repo.run("hash-object", "-w", "--stdin", input=b"blob line 1\nblob line 2\n")
    blob_oid = blob.stdout.decode().strip()
    tagged_blob = git_repo.tag("key", blob_oid, message="a blob")
    tree = git_repo.write_tree({"dir/k.txt": "in tree\n", "top": "top\n"}, None)
    git_repo.git("update-ref", "refs/tags/tree", tree)

    items = scan(git_repo, ["--not", "--all"], stdin_revs=[tag_of_tag, tagged_blob, tree],
                 messages=True)  # fmt: skip
    got = {(i.commit, i.path, i.start, i.text) for i in items if isinstance(i, AddedBlock)}
    assert got == {
        (tag_of_tag, TAG_MESSAGE_PATH, 1, "re-tagged"),
        (annotated, TAG_MESSAGE_PATH, 1, "release v1\n\nnotes line"),
        (tagged_blob, TAG_MESSAGE_PATH, 1, "a blob"),
        (blob_oid, TAGGED_BLOB_PATH, 1, "blob line 1\nblob line 2"),
        (tree, "dir/k.txt", 1, "in tree"),
        (tree, "top", 1, "top"),
    }
    # a whole-history scan covers every tag; a push of new commits looks nothing up
    history = {(i.commit, i.path) for i in scan(git_repo, messages=True)}
    assert {(annotated, TAG_MESSAGE_PATH), (tree, "top")} <= history
    new = git_repo.commit({"f": "a\nb\n"}, branch=None)
    assert {i.path for i in scan(git_repo, ["--not", "--all"], stdin_revs=[new], messages=True)} \
        == {"f", MESSAGE_PATH}


def test_exclusions_and_ranges_are_not_looked_up_as_tags(git_repo: GitRepo) -> None:
    base = git_repo.commit({"f": "a\n"})
    tip = git_repo.commit({"f": "a\nb\n"})
    tag = git_repo.tag("v2", message="tagged")
    assert {i.path for i in scan(git_repo, [tag], stdin_revs=[f"^{base}"], messages=True)} == {
        "f", MESSAGE_PATH, TAG_MESSAGE_PATH
    }
    assert {i.commit for i in scan(git_repo, [f"{base}..{tip}"], messages=True)} == {tip}


def test_deletions_add_nothing_and_the_next_file_still_parses(git_repo: GitRepo) -> None:
    # git prints a deletion as a bare header (it is not even asked to read the old blob):
    # the sections around it must still parse
    git_repo.commit({
        "a/big.txt": "".join(f"line {n}\n" for n in range(5000)),
        "a/blob.bin": b"\0\1\2" * 100,
        "z.txt": "old\n",
    })  # fmt: skip
    gone = git_repo.commit(
        {"a/big.txt": None, "a/blob.bin": None, "b.txt": "new\n", "z.txt": "old\nnewer\n"}
    )
    items = scan(git_repo, [f"{gone}~1..{gone}"])
    assert of(items, gone) == {("b.txt", 1, "new"), ("z.txt", 2, "newer")}
