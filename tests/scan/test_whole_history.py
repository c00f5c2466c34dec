"""A whole history read blob by blob (``pushguard scan`` of all refs) finds what the commits'
diffs add, reports each secret once where it first appeared, and keeps the generic warnings
out of third-party code without letting a provider's token through."""

from __future__ import annotations

import json
import os
import random
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from pushguard import config as config_mod
from pushguard.git import Git
from pushguard.git.repo import covers_whole_history
from pushguard.scan import whole_history
from pushguard.scan.engine import ScanResult, scan_git
from pushguard.scan.whole_history import scan_whole_history
from tests.helpers import images, tokens
from tests.helpers.catalogue import needs_catalogue, share_cache
from tests.helpers.gitrepo import GitRepo


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One PUSHGUARD_HOME for the module, on the suite's compiled caches."""
    return share_cache(tmp_path_factory.mktemp("home") / "pg")


def _config(home: Path, scan: str = "") -> config_mod.Config:
    path = home.parent / f"pushguard-{abs(hash(scan))}.toml"
    path.write_text(f"[scan]\n{scan}\n")
    # the suite's shared catalogue cache comes with the environment (tests/conftest.py)
    return config_mod.load(path, {**os.environ, "PUSHGUARD_HOME": str(home)})


def _whole(repo: GitRepo, config: config_mod.Config, jobs: int = 1) -> ScanResult:
    return scan_whole_history(Git(repo.git_dir, repo.env, isolated=True), config, None,
                              ["--all"], jobs)  # fmt: skip


def _diffs(repo: GitRepo, config: config_mod.Config) -> ScanResult:
    return scan_git(Git(repo.git_dir, repo.env, isolated=True), config, None, ["--all"])


def _keyword(rng: random.Random) -> str:
    return f'password = "{tokens.password(rng=rng)}"\n'


def _seen(result: ScanResult) -> set[tuple[str, str, bool]]:
    return {(f.fingerprint, f.rule, f.blocking) for f in result.findings}


@pytest.mark.parametrize(
    ("revs", "whole"),
    [
        (["--all"], True),
        (["main", "feature"], True),
        (["main..feature"], False),
        (["feature", "^main"], False),
        (["feature", "--not", "--all"], False),
        (["main...feature"], False),
    ],
)
def test_only_selections_with_nothing_excluded_are_read_blob_by_blob(
    revs: list[str], whole: bool
) -> None:
    assert covers_whole_history(revs) is whole


def test_a_secret_kept_while_its_file_changes_is_reported_once_where_it_came_in(
    git_repo: GitRepo, home: Path
) -> None:
    token = tokens.huggingface_token()
    git_repo.commit({"app.py": "import os\n"}, "start")
    leak = git_repo.commit({"app.py": f'import os\nHF = "{token}"\n'}, "leak")
    for n in range(3):  # lines added above it: its line number moves, the secret does not
        body = "".join(f"x{i} = {i}\n" for i in range(n + 1))
        git_repo.commit({"app.py": f'import os\n{body}HF = "{token}"\n'}, f"edit {n}")
    result = _whole(git_repo, _config(home))
    assert [(f.commit, f.path, f.line, f.rule) for f in result.findings] == [
        (leak, "app.py", 2, "huggingface-token")
    ]
    assert token not in repr(result)
    assert result.stats is not None and result.stats.commits == 5


def test_the_same_findings_as_the_commits_diffs(git_repo: GitRepo, home: Path) -> None:
    """Across branches, a merge that brings its own content, a rename, a deleted file, a
    binary file and a commit message, reading blobs and reading diffs agree."""
    rng = random.Random(9)
    hf, npm, gh = tokens.huggingface_token(rng), tokens.npm_token(rng=rng), tokens.github_token()
    aws_id, aws_secret = tokens.aws_access_key_id(rng), tokens.aws_secret_key(rng)
    git_repo.commit({"README.md": "hello\n"}, "start")
    git_repo.branch("feature")
    npmrc = f"//registry.npmjs.org/:_authToken={npm}\n"
    git_repo.commit({"deploy/.npmrc": npmrc}, "npm", branch="feature")
    creds = f"[default]\naws_access_key_id = {aws_id}\naws_secret_access_key = {aws_secret}\n"
    git_repo.commit({"deploy/creds.ini": creds}, "aws", branch="feature")
    git_repo.commit({"blob.bin": b"\x00\x01PNG\x00" + f"token={gh}\n".encode()}, "binary")
    merge = git_repo.merge("feature", message=f"merge feature {hf}",
                           files={"merged.py": f'HF = "{hf}"\n'})  # fmt: skip
    git_repo.commit({"moved/creds.ini": creds, "deploy/creds.ini": None}, "rename")
    git_repo.commit({"moved/creds.ini": None}, "drop")
    config = _config(home)
    whole, diffs = _whole(git_repo, config), _diffs(git_repo, config)
    assert _seen(whole) == _seen(diffs)
    assert {f.commit for f in whole.findings if f.path == "merged.py"} == {merge}
    rules = {f.rule for f in whole.findings if f.blocking}
    assert {"huggingface-token", "npm-token", "aws-access-key", "aws-secret-key"} <= rules
    assert {"/COMMIT_MSG", "blob.bin"} <= {f.path for f in whole.findings}
    # the renamed file is the same blob: reported under the path it came in with
    assert "moved/creds.ini" not in {f.path for f in whole.findings}


def test_jobs_agree(git_repo: GitRepo, home: Path) -> None:
    rng = random.Random(3)
    for n in range(40):
        files = {f"src/m{n}.py": f"VALUE = {n}\n" + "pass\n" * n}
        if n % 13 == 5:
            files[f"conf/{n}.env"] = f"HF_TOKEN={tokens.huggingface_token(rng)}\n"
        git_repo.commit(files, f"commit {n}")
    config = _config(home)
    one, two = _whole(git_repo, config, jobs=1), _whole(git_repo, config, jobs=2)
    assert one.findings == two.findings and len(one.findings) == 3
    assert one.skipped == two.skipped
    assert one.stats == two.stats


def test_generic_warnings_skip_vendored_code_but_tokens_there_still_block(
    git_repo: GitRepo, home: Path
) -> None:
    token = tokens.github_token()
    rng = random.Random(4)
    git_repo.commit(
        {
            "venv/lib/python3.12/site-packages/lib/conf.py": _keyword(rng),
            "web/node_modules/pkg/index.js": f'const t = "{token}";\n{_keyword(rng)}',
            "app/settings.py": _keyword(rng),
        },
        "vendored",
    )
    result = _whole(git_repo, _config(home))
    found = sorted((f.path, f.rule, f.blocking) for f in result.findings)
    assert found == [
        ("app/settings.py", "secret-keyword", False),
        ("web/node_modules/pkg/index.js", "github-token", True),
    ]
    # where generic findings block, nothing is skipped
    blocking = _whole(git_repo, _config(home, "generic_blocking = true"))
    assert len([f for f in blocking.findings if f.rule == "secret-keyword"]) == 3
    # and the list is the operator's
    none = _whole(git_repo, _config(home, "vendored_paths = []"))
    assert len([f for f in none.findings if f.rule == "secret-keyword"]) == 3


def test_minified_lines_get_no_generic_warnings_but_tokens_in_them_block(
    git_repo: GitRepo, home: Path
) -> None:
    token = tokens.huggingface_token()
    filler = ";".join(f'var k{i}="{tokens.base64_secret()}"' for i in range(400))
    git_repo.commit({"static/app.js": f'{filler};var hf="{token}";\n'}, "bundle")
    result = _whole(git_repo, _config(home))
    assert [(f.rule, f.blocking) for f in result.findings] == [("huggingface-token", True)]


@needs_catalogue
def test_every_tier_finds_its_tokens_anywhere_on_a_long_line(git_repo: GitRepo, home: Path) -> None:
    """A source map or bundle line of hundreds of KB: each detector reads it around where its
    prefilter matched, the catalogue too, and finds what a read of the whole line finds."""
    rng = random.Random(61)
    groq = tokens.CATALOGUE_PROVIDERS["groq"][0](rng)
    shodan = tokens.high_entropy(32, tokens.HEX, rng)
    pem = tokens.private_key_block("RSA", rng, lines=40).replace("\n", "\\n")
    filler = ";".join(f'var k{i}=mod{i}.apiKeyHeader("X-Key-{i}")' for i in range(8000))
    third = len(filler) // 3
    line = (
        filler[:third] + f';var g="{groq}";' + filler[third : 2 * third]
        + f';cfg.shodan_api_key="{shodan}";' + filler[2 * third :] + f';var k="{pem}";'
    )  # fmt: skip
    git_repo.commit({"static/app.bundle.js": line + "\n"}, "bundle")
    result = _whole(git_repo, _config(home))
    found = {(f.provider or f.rule) for f in result.findings if f.blocking}
    assert found == {"groq", "shodan", "private-key"}, result.findings


def test_tokens_inside_a_binary_blob_are_found_on_their_lines(
    git_repo: GitRepo, home: Path
) -> None:
    """A binary blob is read around where a prefilter matched: tokens deep inside it are
    found, on the line a diff of it would give, and so is a private key's material below
    its header."""
    rng = random.Random(7)
    noise = [bytes(rng.randrange(256) for _ in range(400)) for _ in range(300)]
    token = tokens.github_token(rng=rng)
    key = tokens.private_key_block("RSA", rng, lines=30).encode()
    blob = b"\x00\x01" + b"".join(noise[:150]) + b"\x00" + token.encode() + b"\x00"
    blob += b"".join(noise[150:])
    blob += b"\n" + key + b"\n" + noise[0]
    git_repo.commit({"assets/firmware.bin": blob}, "firmware")
    result = _whole(git_repo, _config(home))
    lines = {f.rule: f.line for f in result.findings if f.blocking}
    assert lines == {
        "github-token": blob[: blob.index(token.encode())].count(b"\n") + 1,
        "private-key": blob[: blob.index(b"-----BEGIN")].count(b"\n") + 1,
    }
    assert _seen(result) == _seen(_diffs(git_repo, _config(home)))


def test_a_utf16_file_is_read_as_text_in_every_version(git_repo: GitRepo, home: Path) -> None:
    """A UTF-16 file (git's "binary"), edited: the token its second version adds is found on
    its line, the same as the commits' diffs give."""
    lines = [f"SETTING_{n}=value {n}\r\n" for n in range(40)]
    git_repo.commit({"deploy/settings.env": "".join(lines).encode("utf-16")}, "settings")
    token = tokens.github_token(rng=random.Random(16))
    lines.insert(30, f"GITHUB_TOKEN={token}\r\n")
    git_repo.commit({"deploy/settings.env": "".join(lines).encode("utf-16")}, "token")
    result = _whole(git_repo, _config(home))
    assert [(f.rule, f.line) for f in result.findings if f.blocking] == [("github-token", 31)]
    assert _seen(result) == _seen(_diffs(git_repo, _config(home)))


def test_an_image_s_metadata_is_read_and_its_pixels_are_not(git_repo: GitRepo, home: Path) -> None:
    """A PNG's text chunk and what follows its end are read, by a history scan and by a
    diff (the hook) alike and on the same lines; its compressed pixels, where a token cannot
    appear as written, are passed over (``image_data``)."""
    rng = random.Random(17)
    in_text, after_end = tokens.github_token(rng=rng), tokens.npm_token(rng=rng)
    rows = bytes(rng.randrange(256) for _ in range(20_000))
    blob = (
        images.png(
            images.chunk(b"IDAT", zlib.compress(rows)),
            images.chunk(b"tEXt", b"Comment\x00\n" + in_text.encode()),
        )
        + b"\n"
        + after_end.encode()
        + b"\n"
    )
    git_repo.commit({"web/logo.png": blob}, "logo")
    result = _whole(git_repo, _config(home))
    lines = {f.rule: f.line for f in result.findings if f.blocking}
    assert lines == {
        "github-token": blob[: blob.index(in_text.encode())].count(b"\n") + 1,
        "npm-token": blob[: blob.index(after_end.encode())].count(b"\n") + 1,
    }
    assert _seen(result) == _seen(_diffs(git_repo, _config(home)))


def test_oversize_and_missing_blobs_are_reported_with_their_commit(
    git_repo: GitRepo, home: Path
) -> None:
    git_repo.commit({"a.txt": "a\n"}, "start")
    big = git_repo.commit({"big.txt": "x = 1\n" * 400}, "big")
    lost_commit = git_repo.commit({"lost.txt": "gone\n"}, "lost")
    git_repo.commit({"after.py": f'T = "{tokens.github_token()}"\n'}, "after")
    lost = git_repo.git("rev-parse", f"{lost_commit}:lost.txt")
    (git_repo.git_dir / "objects" / lost[:2] / lost[2:]).unlink()  # a damaged repository
    result = _whole(git_repo, _config(home, "max_blob_bytes = 1000"))
    assert [(s.commit, s.path, s.reason) for s in result.skipped] == [
        (lost_commit, "lost.txt", "missing"),
        (big, "big.txt", "oversize"),
    ]
    assert [m.oid for m in result.missing] == [lost]
    assert [f.path for f in result.blocking] == ["after.py"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_version_after_a_corrupt_one_is_scanned_whole(
    git_repo: GitRepo, home: Path, jobs: int
) -> None:
    """git stops mid-object on a corrupt blob: the next version of its file, read against
    it, is scanned whole instead, and the scan goes on."""
    rng = random.Random(4)
    token = tokens.github_token(rng=rng)
    broken = git_repo.commit({"app.py": f'A = 1\nT = "{token}"\n'}, "first")
    after = git_repo.commit({"app.py": f'A = 2\nT = "{token}"\n'}, "second")
    blob = git_repo.git("rev-parse", f"{broken}:app.py")
    loose = git_repo.git_dir / "objects" / blob[:2] / blob[2:]
    loose.chmod(0o644)
    loose.write_bytes(zlib.compress(b"blob 4000\0A = 1\n"))  # shorter than its header says
    result = _whole(git_repo, _config(home), jobs=jobs)
    assert [(s.commit, s.reason) for s in result.skipped] == [(broken, "missing")]
    assert [(f.commit, f.line) for f in result.blocking] == [(after, 2)]


def test_a_copied_file_is_reported_at_each_path_a_renamed_one_where_it_came_in(
    git_repo: GitRepo, home: Path
) -> None:
    """As its diffs would be: a copy adds the secret at a new path, a rename adds nothing."""
    content = f'HF = "{tokens.huggingface_token()}"\n'
    first = git_repo.commit({"svc/a/settings.py": content}, "a")
    copied = git_repo.commit({"svc/b/settings.py": content}, "copy to b")
    git_repo.commit({"svc/c/settings.py": content, "svc/a/settings.py": None}, "rename a to c")
    result = _whole(git_repo, _config(home))
    assert sorted((f.path, f.commit) for f in result.findings) == [
        ("svc/a/settings.py", first),
        ("svc/b/settings.py", copied),
    ]
    assert _seen(result) == _seen(_diffs(git_repo, _config(home)))


def test_every_line_of_the_version_that_brought_a_secret_in_is_reported(
    git_repo: GitRepo, home: Path
) -> None:
    token = tokens.github_token()
    leak = git_repo.commit({"ci.sh": f"export A={token}\nexport B={token}\n"}, "twice")
    git_repo.commit({"ci.sh": f"set -e\nexport A={token}\nexport B={token}\n"}, "kept")
    result = _whole(git_repo, _config(home))
    assert [(f.commit, f.line) for f in result.findings] == [(leak, 1), (leak, 2)]


def test_a_secret_added_to_a_file_that_already_had_one_is_reported_with_its_version(
    git_repo: GitRepo, home: Path
) -> None:
    first, second = tokens.github_token(), tokens.github_token()
    one = git_repo.commit({"deploy.sh": f"export A={first}\n"}, "first")
    two = git_repo.commit({"deploy.sh": f"export A={first}\nexport B={second}\n"}, "second")
    git_repo.commit({"deploy.sh": f"# tokens\nexport A={first}\nexport B={second}\n"}, "doc")
    result = _whole(git_repo, _config(home))
    assert [(f.commit, f.line) for f in result.findings] == [(two, 2), (one, 1)]


def test_a_line_another_branch_had_in_other_surroundings_is_judged_again(
    git_repo: GitRepo, home: Path
) -> None:
    """A line is passed over only with the lines around it: what it yields depends on them
    (a provider named nearby, a private key's lines below its header), and the version that
    had it may be on another branch."""
    rng = random.Random(11)
    secret_line = f'secret_access_key = "{tokens.aws_secret_key(rng)}"'
    key = tokens.private_key_block("RSA")
    header, body = key.split("\n", 1)
    git_repo.commit({"README.md": "start\n"}, "start")
    git_repo.branch("draft")
    git_repo.commit({"conf.ini": f"[default]\n{secret_line}\n",
                     "id_rsa": f"{header}\n...\n-----END RSA PRIVATE KEY-----\n"},
                    "placeholders", branch="draft")  # fmt: skip
    real = git_repo.commit(
        {"conf.ini": f"[default]\naws_access_key_id = {tokens.aws_access_key_id(rng)}\n"
                     f"{secret_line}\n",
         "id_rsa": f"{header}\n{body}\n"},
        "real ones",
    )  # fmt: skip
    result = _whole(git_repo, _config(home))
    found = {(f.path, f.rule, f.commit) for f in result.findings if f.blocking}
    assert ("conf.ini", "aws-secret-key", real) in found
    assert ("id_rsa", "private-key", real) in found
    assert _seen(result) == _seen(_diffs(git_repo, _config(home)))


def test_a_long_file_edited_again_and_again_agrees_with_its_diffs(
    git_repo: GitRepo, home: Path
) -> None:
    """Each version of a file is scanned where it differs from the one before, and the
    lines around that: random edits of a long file holding secrets (some next to an AWS
    key id, some only shaped like one) find what the diffs find, where they find it."""
    rng = random.Random(21)
    secrets = [
        lambda: f'HF = "{tokens.huggingface_token(rng)}"',
        lambda: f"export GH={tokens.github_token()}",
        lambda: f'secret_access_key = "{tokens.aws_secret_key(rng)}"',  # AWS named or not
        lambda: f"aws_access_key_id = {tokens.aws_access_key_id(rng)}",
        lambda: f'password = "{tokens.password(rng=rng)}"',
    ]
    lines = [f"value_{n} = compute({n})" for n in range(400)]
    for number in range(40):
        for _ in range(rng.randrange(1, 4)):
            at = rng.randrange(len(lines) + 1)
            kind = rng.random()
            if kind < 0.3:
                lines.insert(at, rng.choice(secrets)())
            elif kind < 0.6:
                del lines[at : at + rng.randrange(1, 8)]
            else:
                lines[at:at] = [f"step_{number}_{i}()" for i in range(rng.randrange(1, 5))]
        git_repo.commit({"settings.py": "\n".join(lines) + "\n"}, f"edit {number}")
    config = _config(home)
    whole, diffs = _whole(git_repo, config), _diffs(git_repo, config)
    assert _seen(whole) == _seen(diffs)
    assert len([f for f in whole.findings if f.blocking]) > 10
    # each at the version and line that brought it in, as its diff has it
    where = {(f.fingerprint, f.commit, f.line) for f in diffs.findings}
    assert {(f.fingerprint, f.commit, f.line) for f in whole.findings} <= where


@pytest.mark.parametrize("width", [0, 900])
def test_a_long_file_edited_in_places_far_apart_agrees_with_its_diffs(
    git_repo: GitRepo, home: Path, width: int
) -> None:
    """A version edited far apart (a list grown at both ends) is scanned around each edit,
    not across everything between them: secrets added at either edit, between them, or on
    both sides of one are found where the diffs find them. With long lines, the lines
    around edits a few lines apart overlap, and are read together."""
    rng = random.Random(8)
    lines = [f"item_{n} = lookup('{n:05d}'{', 0' * (width // 3)})" for n in range(800)]
    for number in range(30):
        first = rng.randrange(len(lines) - 40)
        # one far away, one a few lines below (with long lines, their neighbours overlap)
        places = {rng.randrange(len(lines)), first, first + rng.randrange(12, 40)}
        for at in sorted(places, reverse=True):
            if rng.random() < 0.7:
                lines.insert(at, f"export GH_{number}={tokens.github_token()}")
            else:
                lines[at : at + rng.randrange(0, 3)] = [f"step_{number}()"]
        git_repo.commit({"registry.py": "\n".join(lines) + "\n"}, f"edit {number}")
    config = _config(home)
    whole, diffs = _whole(git_repo, config), _diffs(git_repo, config)
    assert len([f for f in whole.findings if f.blocking]) > 10
    assert {(f.fingerprint, f.commit, f.line) for f in whole.findings} == {
        (f.fingerprint, f.commit, f.line) for f in diffs.findings
    }


def test_a_private_key_changed_far_below_its_header_is_found_again(
    git_repo: GitRepo, home: Path
) -> None:
    """Its header is read with the new material, however far below the change is."""
    rng = random.Random(5)
    key = tokens.private_key_block("RSA", rng, lines=40).split("\n")
    prose = [f"line {n} of the notes" for n in range(100)]
    first = git_repo.commit({"notes.txt": "\n".join([*prose, *key, *prose]) + "\n"}, "key")
    key[35] = tokens.rand(64, tokens.BASE64, rng)  # 35 lines below the header
    second = git_repo.commit({"notes.txt": "\n".join([*prose, *key, *prose]) + "\n"}, "rekey")
    result = _whole(git_repo, _config(home))
    found = {(f.commit, f.line, f.rule) for f in result.findings}
    assert found == {(first, 101, "private-key"), (second, 101, "private-key")}
    assert len({f.fingerprint for f in result.findings}) == 2


def _secret_manifest(entries: dict[str, str]) -> str:
    head = ["apiVersion: v1", "kind: Secret", "metadata:", "  name: app", "  labels:",
            "    tier: web", "    team: core", "type: Opaque", "stringData:"]  # fmt: skip
    return "\n".join([*head, *(f'  {key}: "{value}"' for key, value in entries.items())]) + "\n"


def test_a_secret_s_entry_changed_far_below_its_kind_line_is_found(
    git_repo: GitRepo, home: Path
) -> None:
    """Its unchanged ``kind: Secret`` line, more than the context above the change, still
    makes the new value a Secret's: it blocks as the first value did."""
    rng = random.Random(8)
    entries = {"user": "web", "api": tokens.rand(40, tokens.HEX, rng)}
    first = git_repo.commit({"deploy/secret.yaml": _secret_manifest(entries)}, "secret")
    entries["api"] = tokens.rand(40, tokens.HEX, rng)
    second = git_repo.commit({"deploy/secret.yaml": _secret_manifest(entries)}, "rotate")
    result = _whole(git_repo, _config(home))
    found = {(f.commit, f.line, f.rule, f.blocking) for f in result.findings}
    assert found == {(c, 11, "kubernetes-secret", True) for c in (first, second)}


def _postman(password: str) -> str:
    """An exported collection whose basic auth's password lies far below its array."""
    slots = [{"key": f"note{n}", "value": "kept as it is", "type": "string"} for n in range(4)]
    slots.append({"key": "password", "value": password, "type": "string"})
    return json.dumps({"info": {"name": "orders"}, "auth": {"basic": slots}}, indent=2) + "\n"


@pytest.mark.parametrize(
    ("path", "make", "rule"),
    [
        ("deploy/secret.yaml", lambda value: _secret_manifest(
            {**{f"{chr(97 + n)}_host": f"db{n}.internal" for n in range(12)}, "api": value}
        ), "kubernetes-secret"),
        ("api/orders.postman_collection.json", _postman, "postman-auth"),
    ],
)  # fmt: skip
def test_each_version_of_a_value_far_below_its_unchanged_anchor_is_found(
    git_repo: GitRepo, home: Path, path: str, make: Callable[[str], str], rule: str
) -> None:
    """A later version read against the one before: its changed value lies further below
    the line that makes it a secret (``kind: Secret``, the auth array) than the lines read
    around a change, and is judged within the whole file, as a push's diff is."""
    rng = random.Random(12)
    commits, line = [], 0
    for _ in range(2):
        value = tokens.rand(32, tokens.BASE62, rng)
        text = make(value)
        line = 1 + next(n for n, row in enumerate(text.split("\n")) if value in row)
        commits.append(git_repo.commit({path: text}, "rotate"))
    result = _whole(git_repo, _config(home))
    found = {(f.commit, f.line, f.rule, f.blocking) for f in result.findings}
    assert found == {(commit, line, rule, True) for commit in commits}


def test_a_push_s_diff_judges_secret_entries_within_their_whole_file(
    git_repo: GitRepo, home: Path
) -> None:
    """Two entries changed far apart (two hunks of one file, read once), neither near the
    kind line: both block; the entry left as it was is not reported."""
    rng = random.Random(10)
    entries = {"api": tokens.rand(40, tokens.HEX, rng), "user": "web"}
    entries.update({f"note{n}": "kept as it is" for n in range(8)})
    entries["token"] = tokens.rand(32, tokens.BASE62, rng)
    git_repo.commit({"deploy/secret.yaml": _secret_manifest(entries)}, "secret")
    entries["api"], entries["token"] = (tokens.rand(n, tokens.HEX, rng) for n in (40, 32))
    rotated = git_repo.commit({"deploy/secret.yaml": _secret_manifest(entries)}, "rotate")
    result = scan_git(Git(git_repo.git_dir, git_repo.env, isolated=True), _config(home), None,
                      [f"{rotated}^..{rotated}"])  # fmt: skip
    found = {(f.commit, f.line, f.rule, f.blocking) for f in result.findings}
    assert found == {(rotated, n, "kubernetes-secret", True) for n in (10, 20)}


def test_what_a_version_is_read_against_does_not_depend_on_the_workers(
    git_repo: GitRepo, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file's versions spread over many chunks and both workers (chunks of 2 blobs here):
    what each is read against does not depend on which worker scanned what before, so one
    job and two find the same, and every rotated value."""
    monkeypatch.setattr(whole_history, "CHUNK_BLOBS", 2)
    monkeypatch.setattr(whole_history, "WINDOW_CHUNKS", (1, 2))
    rng = random.Random(9)
    entries = {"user": "web", "api": ""}
    for n in range(8):
        entries["api"] = tokens.rand(40, tokens.HEX, rng)
        files = {"deploy/secret.yaml": _secret_manifest(entries), f"src/m{n}.py": f"N = {n}\n"}
        git_repo.commit(files, f"rotate {n}")
    config = _config(home)
    one, two = _whole(git_repo, config, jobs=1), _whole(git_repo, config, jobs=2)
    assert one.findings == two.findings
    assert len({f.fingerprint for f in one.findings if f.rule == "kubernetes-secret"}) == 8


def test_commit_ranks_match_whole_ids_only() -> None:
    """Findings are ordered by their commit's place in the listing, kept as binary ids: an
    id whose bytes happen to run across two listed ids is not one of them."""
    from pushguard.scan.whole_history import _Commits

    listed = [os.urandom(20) for _ in range(3)]
    across = listed[0][10:] + listed[1][:10]  # in the bytes, but not a listed commit
    commits = _Commits(bytearray(b"".join(listed)), len(listed), [])
    asked = [listed[2].hex(), listed[0].hex(), across.hex(), os.urandom(20).hex()]
    assert commits.ranks(asked) == {listed[2].hex(): 2, listed[0].hex(): 0}
    assert commits.ranks(["", "not an id"]) == {}
    sha256 = [os.urandom(32) for _ in range(2)]
    assert _Commits(bytearray(b"".join(sha256)), 2, []).ranks([sha256[1].hex()]) == {
        sha256[1].hex(): 1
    }
