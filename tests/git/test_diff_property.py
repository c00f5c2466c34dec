"""Property test: whatever the file versions, reported lines are real and complete."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pushguard.git import Git, added_blocks
from pushguard.git.objects import printable_runs
from pushguard.git.utf16 import utf16_text
from pushguard.scan.types import AddedBlock
from tests.helpers.gitrepo import GitRepo

# Lines that look like diff syntax, non-UTF-8 bytes, CR, empty lines: parser traps.
LINES = st.sampled_from(
    [b"", b"a", b"b", b"c", b"+x", b"-y", b"++ z", b"-- w", b"@@ -1 +1 @@", b"diff --git a/f b/f",
     b"\\ No newline", b" space", b"\xff\xfe", b"caf\xc3\xa9", b"cr\r", b"\x00nul"]
)  # fmt: skip
VERSION = st.tuples(st.lists(LINES, max_size=12), st.booleans())  # lines, final newline
PATHS = st.sampled_from(["f", "dir/g h", 'tab\tq"uote', "ünï\nnl", "-x"])


def render(version: tuple[list[bytes], bool]) -> bytes:
    lines, final_newline = version
    data = b"\n".join(lines)
    return data + b"\n" if lines and final_newline else data


def as_lines(data: bytes) -> list[str]:
    """Lines as git counts them: split on LF only, a final LF ends the last line."""
    lines = [raw.decode("utf-8", "replace") for raw in data.split(b"\n")]
    return lines[:-1] if data.endswith(b"\n") or not data else lines


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.dictionaries(PATHS, st.none() | VERSION, min_size=1), min_size=1, max_size=4))
def test_added_lines_match_the_files(
    git_repo: GitRepo, history: list[dict[str, tuple[list[bytes], bool] | None]]
) -> None:
    parent: list[str] = []
    commits: list[tuple[str, dict[str, bytes]]] = []
    files: dict[str, bytes] = {}
    for change in history:
        before = dict(files)
        for path, version in change.items():
            if version is None:
                files.pop(path, None)
            else:
                files[path] = render(version)
        commit = git_repo.commit({p: files.get(p) for p in change}, parents=parent, branch=None)
        parent = [commit]
        commits.append((commit, before))
    git = Git(git_repo.git_dir, git_repo.env, isolated=True)
    items = list(added_blocks(git, [], stdin_revs=[parent[0]], max_blob_bytes=1 << 20))

    reported: dict[tuple[str, str], dict[int, str]] = {}
    for item in items:
        if isinstance(item, AddedBlock):
            for offset, text in enumerate(item.text.split("\n")):
                line = item.start + offset
                assert line not in reported.setdefault((item.commit, item.path), {})
                reported[(item.commit, item.path)][line] = text

    snapshot: dict[str, bytes] = {}
    for (commit, before), change in zip(commits, history, strict=True):
        for path, version in change.items():
            if version is None:
                snapshot.pop(path, None)
            else:
                snapshot[path] = render(version)
        binary = {p for p, data in snapshot.items() if b"\0" in data}
        for path, data in snapshot.items():
            got = reported.get((commit, path), {})
            # of a binary file, its printable runs are scanned (issue 13), whole; of a UTF-16
            # one, its text
            lines = as_lines((utf16_text(data) or printable_runs(data)) if path in binary else data)
            for line, text in got.items():  # every reported line is really there
                assert lines[line - 1] == text
            if data == before.get(path) or (path in binary and not "".join(lines).strip()):
                assert not got
                continue
            deleted = {before[p] for p in change if change[p] is None and p in before}
            if data in deleted and path not in before:
                continue  # an exact rename, binary or not: nothing new (test_diff.py)
            if path in binary:
                assert got == dict(enumerate(lines, start=1))
                continue
            old = (
                set(as_lines(before[path]))
                if path in before and b"\0" not in before[path]
                else set()
            )
            for n, text in enumerate(lines, start=1):  # every new line is reported
                if text not in old:
                    assert got.get(n) == text, (path, n, text)


@given(
    count=st.integers(min_value=0, max_value=200),
    arrivals=st.lists(st.integers(min_value=1, max_value=40), max_size=20),
    ends=st.lists(st.booleans(), max_size=400),
)
def test_split_hands_out_every_commit_once(
    count: int, arrivals: list[int], ends: list[bool]
) -> None:
    # Two processes taking blocks from either end of a list that arrives in pieces, in any
    # interleaving: together they get every commit exactly once, each end in contiguous
    # runs, and a short list goes to the front alone.
    from pushguard.git.split import FEED_BLOCK, MIN_SPLIT_COMMITS, Halves

    commits = [f"{n:040x}" for n in range(count)]
    halves = Halves()
    taken: dict[bool, list[str]] = {False: [], True: []}
    arrived = 0
    for size in arrivals:  # the front may take while the list still arrives
        halves.extend(commits[arrived : arrived + size])
        arrived = min(count, arrived + size)
        if arrived - len(taken[False]) >= FEED_BLOCK:
            taken[False].extend(halves.take(False))
    halves.extend(commits[arrived:])
    halves.finish()
    for from_back in ends:  # one block per turn, from the end the turn names
        taken[from_back].extend(halves.take(from_back))
    while block := halves.take(False):
        taken[False].extend(block)
    front, back = taken[False], taken[True]
    assert sorted(front + back) == commits
    assert front == commits[: len(front)]
    assert sorted(back) == commits[len(front) :]
    if count < MIN_SPLIT_COMMITS:
        assert back == []
