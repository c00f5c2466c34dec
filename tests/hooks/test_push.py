"""End to end: real pushes over file:// into a bare repository with the hook installed."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable

import pytest

from pushguard.scan.secrets import fingerprint, load_or_create_key
from tests.helpers import tokens
from tests.hooks.conftest import MakeServer, PushResult, Server


def secret_file(token: str, before: str = "x = 1\n") -> str:
    return f"{before}TOKEN = '{token}'\n"


def assert_rejected_for(result: PushResult, commit: str, where: str, rule: str) -> None:
    assert not result.accepted, result.output
    assert "pre-receive hook declined" in result.output
    line = next(ln for ln in result.remote.splitlines() if where in ln)
    assert commit[:10] in line and rule in line


def test_clean_push_is_accepted(server: Server) -> None:
    oid = server.work.commit({"README.md": "hello\n"})
    result = server.push("main")
    assert result.accepted, result.output
    assert server.remote_tip("refs/heads/main") == oid
    assert "pushguard" not in result.remote
    assert server.events() == []


def test_secret_is_rejected_with_the_fix_and_never_the_raw_value(server: Server) -> None:
    token = tokens.github_token()
    oid = server.work.commit({"config/settings.py": secret_file(token)})
    result = server.push("main")
    assert_rejected_for(result, oid, "config/settings.py:2", "github-token")
    assert server.remote_tip("refs/heads/main") is None
    [event] = server.events()
    [finding] = event["findings"]
    assert finding["redacted"] in result.remote and finding["fingerprint"] in result.remote
    text = result.remote
    # rotate first, then rewrite history, then the false-positive routes
    assert text.index("Rotate") < text.index("git commit --amend") < text.index("pragma:")
    assert "git rebase -i" in text and "[[allowlist]]" in text
    assert token not in result.output
    assert event["action"] == "blocked" and event["accepted"] is False
    assert event["refs"] == [{"old": "0" * 40, "new": oid, "ref": "refs/heads/main"}]
    assert token not in (server.home / "spool").joinpath(_only_file(server)).read_text()


def _only_file(server: Server) -> str:
    [path] = (server.home / "spool").glob("hook-*.jsonl")
    return path.name


def test_many_kinds_of_secret_are_all_reported_and_none_printed(server: Server) -> None:
    planted = [
        tokens.github_token(),
        tokens.huggingface_token(),
        tokens.npm_token(),
        tokens.slack_token(),
        tokens.openai_key(),
    ]
    files = {f"f{i}.env": f"KEY{i}={t}\n" for i, t in enumerate(planted)}
    server.work.commit(files)
    result = server.push("main")
    assert not result.accepted
    for i, token in enumerate(planted):
        assert f"f{i}.env:1" in result.remote
        assert token not in result.output
    spool_text = "".join(p.read_text() for p in (server.home / "spool").iterdir())
    assert not any(token in spool_text for token in planted)


def test_a_key_known_by_its_service_s_name_is_rejected_and_names_it(server: Server) -> None:
    """A key with no format of its own (named-provider-key): the section header names the
    service, the push is declined with the rule and the line, and the key is never printed."""
    key = tokens.high_entropy(40, tokens.ALNUM)
    text = f"[abuseipdb]\n# from the dashboard\napi_key = {key}\n"
    oid = server.work.commit({"conf/app.ini": text})
    result = server.push("main")
    assert_rejected_for(result, oid, "conf/app.ini:3", "named-provider-key (abuseipdb)")
    assert key not in result.output


def test_a_value_nested_past_the_json_parser_is_scanned_around_not_an_error(
    server: Server,
) -> None:
    """A JWT whose claims nest deeper than Python's JSON parser recurses, committed beside a
    real token: the push is rejected for the token, not failed by the hook's error policy."""
    header = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').decode().rstrip("=")
    claims = base64.urlsafe_b64encode(('{"a":' + "[" * 3000).encode()).decode().rstrip("=")
    token = tokens.github_token()
    text = f'AUTH = "{header}.{claims}.c2lnbmF0dXJl"\n' + secret_file(token, before="")
    oid = server.work.commit({"app/client.py": text})
    result = server.push("main")
    assert_rejected_for(result, oid, "app/client.py:2", "github-token")
    assert "Traceback" not in result.output and "RecursionError" not in result.output
    [event] = server.events()
    assert event["action"] == "blocked"


def test_a_committed_rails_master_key_file_is_rejected(server: Server) -> None:
    """The key file holds nothing but the key, as Rails writes it (no newline at the end):
    its path is what says what it is."""
    key = tokens.hex_secret(32)
    oid = server.work.commit({"config/master.key": key, "config/app.rb": "run!\n"})
    result = server.push("main")
    assert_rejected_for(result, oid, "config/master.key:1", "rails-master-key")
    assert key not in result.output


def test_a_secret_s_value_changed_far_below_its_kind_line_is_rejected(server: Server) -> None:
    """The push's diff shows only the changed entry: its file's unchanged ``kind: Secret``
    line, far above, is what makes it a Secret's value. Nothing else of the file is
    reported."""
    head = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\n  labels:\n    tier: web\n"
    manifest = head + '    team: core\ntype: Opaque\nstringData:\n  user: web\n  api: "{}"\n'
    server.work.commit({"deploy/secret.yaml": manifest.format("${API_KEY}")})
    server.seed("main")
    token = tokens.hex_secret()
    oid = server.work.commit({"deploy/secret.yaml": manifest.format(token)})
    result = server.push("main")
    assert_rejected_for(result, oid, "deploy/secret.yaml:11", "kubernetes-secret")
    assert "secret.yaml:10" not in result.remote and token not in result.output


def _netrc(password: str) -> str:
    return f"machine ci.example.net\n  login deploy\n  password {password}\n"


def _jenkins_credentials(password: str) -> str:
    impl = "com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl"
    return "\n".join(
        [
            "<java.util.concurrent.CopyOnWriteArrayList>",
            f"  <{impl}>",
            "    <scope>GLOBAL</scope>",
            "    <id>deploy</id>",
            "    <description>the staging cluster's deploy account</description>",
            "    <username>deployer</username>",
            "    <usernameSecret>false</usernameSecret>",
            f"    <password>{password}</password>",
            f"  </{impl}>",
            "</java.util.concurrent.CopyOnWriteArrayList>",
            "",
        ]
    )


def _postman_collection(password: str) -> str:
    slots = [("username", "svc-orders"), ("note", "rotated monthly"), ("realm", "orders")]
    basic = [{"key": key, "value": value, "type": "string"} for key, value in slots]
    basic.append({"key": "password", "value": password, "type": "string"})
    collection = {"info": {"name": "orders"}, "auth": {"type": "basic", "basic": basic}}
    return json.dumps(collection, indent=2) + "\n"


@pytest.mark.parametrize(
    ("path", "make", "rule"),
    [
        (".netrc", _netrc, "connection-string-password"),
        ("jenkins/credentials.xml", _jenkins_credentials, "jenkins-credential"),
        ("api/orders.postman_collection.json", _postman_collection, "postman-auth"),
    ],
)
def test_a_password_changed_alone_below_its_unchanged_anchor_is_rejected(
    server: Server, path: str, make: Callable[[str], str], rule: str
) -> None:
    """A rotated password whose line says nothing of itself (``  password …``, a JSON
    ``"value"``): the unchanged line above that makes it one (netrc's ``machine``, the
    credential's element, the auth array) lies outside the push's diff. Only the changed
    line is reported."""
    server.work.commit({path: make("${DEPLOY_PASSWORD}")})
    server.seed("main")
    password = tokens.password()
    oid = server.work.commit({path: make(password)})
    changed = 1 + make(password).split("\n").index(
        next(ln for ln in make(password).split("\n") if password in ln)
    )
    result = server.push("main")
    assert_rejected_for(result, oid, f"{path}:{changed}", rule)
    assert sum(path in line for line in result.remote.splitlines()) == 1
    assert password not in result.output


def test_every_ref_of_a_push_is_scanned(server: Server) -> None:
    server.work.commit({"a.txt": "a\n"})
    server.work.branch("second")
    bad = server.work.commit({"b.py": secret_file(tokens.github_token())}, branch="second")
    server.work.commit({"c.txt": "c\n"})  # main moves on, clean
    result = server.push("main", "second")
    assert_rejected_for(result, bad, "b.py:2", "github-token")
    # a non-zero pre-receive rejects every ref of the push, the clean one too
    assert server.remote_tip("refs/heads/main") is None
    assert server.remote_tip("refs/heads/second") is None


def test_new_branch(server: Server) -> None:
    server.work.commit({"a.txt": "a\n"})
    server.seed("main")
    server.work.branch("same")  # a new ref on a commit the server has: nothing to scan
    assert server.push("same").accepted
    server.work.branch("feature")
    bad = server.work.commit({"k.py": secret_file(tokens.huggingface_token())}, branch="feature")
    result = server.push("feature")
    assert_rejected_for(result, bad, "k.py:2", "huggingface-token")
    assert "<base> for a new ref" in result.remote


def test_orphan_root_commit(server: Server) -> None:
    server.work.commit({"a.txt": "a\n"})
    server.seed("main")
    root = server.work.commit(
        {"only.txt": secret_file(tokens.github_token(), before="")}, parents=[], branch="orphan"
    )
    assert_rejected_for(server.push("orphan"), root, "only.txt:1", "github-token")


def test_force_push(server: Server) -> None:
    first = server.work.commit({"a.txt": "a\n"})
    second = server.work.commit({"b.txt": "b\n"})
    server.seed("main")
    rewritten = server.work.commit({"c.py": secret_file(tokens.npm_token())}, parents=[first])
    result = server.push("main", force=True)
    assert_rejected_for(result, rewritten, "c.py:2", "npm-token")
    assert f"refs/heads/main: {second[:10]}" in result.remote  # the rebase base it suggests
    assert server.remote_tip("refs/heads/main") == second
    clean = server.work.commit({"c.txt": "clean\n"}, parents=[first])
    assert server.push("main", force=True).accepted
    assert server.remote_tip("refs/heads/main") == clean


def test_merges_report_only_lines_new_to_every_parent(server: Server) -> None:
    base = server.work.commit({"a.txt": "a\n"})
    server.seed("main")
    server.work.commit({"side.txt": "side\n"}, parents=[base], branch="side")
    server.work.commit({"main.txt": "main\n"})
    server.work.merge("side")
    assert server.push("main").accepted
    server.work.commit({"side2.txt": "more\n"}, branch="side")
    evil = server.work.merge("side", files={"evil.cfg": secret_file(tokens.slack_token())})
    assert_rejected_for(server.push("main"), evil, "evil.cfg:2", "slack-token")


@pytest.mark.parametrize("annotated", [False, True], ids=["lightweight", "annotated"])
def test_tags(server: Server, annotated: bool) -> None:
    clean = server.work.commit({"a.txt": "a\n"})
    server.seed("main")
    server.work.tag("clean", clean, message="release" if annotated else None)
    assert server.push("refs/tags/clean").accepted
    bad = server.work.commit({"t.py": secret_file(tokens.github_token())}, branch=None)
    server.work.tag("v1", bad, message="v1" if annotated else None)
    assert_rejected_for(server.push("refs/tags/v1"), bad, "t.py:2", "github-token")


def test_delete_only_push_is_accepted_without_scanning(server: Server) -> None:
    server.work.commit({"a.txt": "a\n"})
    server.work.branch("gone")
    server.seed("main", "gone")
    # a budget no scan could meet: accepted anyway, because nothing is scanned
    server.configure("on_timeout = 'fail-closed'\n", base="[hook]\nbudget_seconds = 0.000001\n")
    result = server.push(":gone")
    assert result.accepted, result.output
    assert result.remote == ""
    assert server.remote_tip("refs/heads/gone") is None


def test_binary_and_oversize_files_are_skipped_and_reported(server: Server) -> None:
    server.configure("[scan]\nmax_blob_bytes = 2000\n")
    token = tokens.github_token()
    server.work.commit(
        {
            "blob.bin": b"\x00\x01\x02" * 100,  # no text in it at all
            "big.txt": "filler line\n" * 200 + secret_file(token),
            "ok.txt": "fine\n",
        }
    )
    result = server.push("main")
    assert result.accepted, result.output
    assert "2 file(s) not scanned" in result.remote
    assert "blob.bin: binary" in result.remote and "big.txt: oversize" in result.remote
    assert token not in result.output


def test_non_utf8_content(server: Server) -> None:
    token = tokens.github_token()
    oid = server.work.commit(
        {"latin1.txt": b"caf\xe9 cr\xe8me\n" + secret_file(token, "").encode()}
    )
    result = server.push("main")
    assert_rejected_for(result, oid, "latin1.txt:2", "github-token")
    assert token not in result.output


def test_sha256_repository(make_server: MakeServer) -> None:
    server = make_server(object_format="sha256")
    clean = server.work.commit({"a.txt": "a\n"})
    assert len(clean) == 64
    assert server.push("main").accepted
    bad = server.work.commit({"s.py": secret_file(tokens.github_token())})
    assert_rejected_for(server.push("main"), bad, "s.py:2", "github-token")


def test_inline_pragma_and_policy_disabling_it(server: Server) -> None:
    token = tokens.github_token()
    line = f"TOKEN = '{token}'  # pragma: allowlist secret\n"
    server.work.commit({"p.py": line})
    assert server.push("main").accepted
    server.configure("[scan]\ninline_pragmas = false\n")
    bad = server.work.commit({"q.py": line})
    result = server.push("main")
    assert_rejected_for(result, bad, "q.py:1", "github-token")
    assert "pragma: allowlist secret` comments are disabled" in result.remote


def _fingerprint(server: Server, token: str) -> str:
    # the key the hook will use (created here first, in the test's pushguard home)
    return fingerprint(load_or_create_key(server.home / "fingerprint.key"), token)


def test_server_allowlist_entry_by_fingerprint(server: Server) -> None:
    token = tokens.github_token()
    server.work.commit({"fixture.py": secret_file(token)})
    rejected = server.push("main")
    assert not rejected.accepted
    [event] = server.events()
    shown = event["findings"][0]["fingerprint"]
    assert shown in rejected.remote
    server.configure(f'[[allowlist]]\nfingerprint = "{shown}"\nreason = "test fixture"\n')
    assert server.push("main").accepted


@pytest.mark.parametrize(
    ("entry", "path", "accepted"),
    [
        ('path = "tests/*"', "tests/test_x.py", True),
        ('path = "tests/*"', "src/x.py", False),
        ('rule = "npm-token"', "src/x.py", False),
        ('expires = "2000-01-01"', "src/x.py", False),
        ('expires = "2999-01-01"', "src/x.py", True),
    ],
)
def test_allowlist_path_rule_and_expiry(
    server: Server, entry: str, path: str, accepted: bool
) -> None:
    token = tokens.github_token()
    server.configure(
        f'[[allowlist]]\nfingerprint = "{_fingerprint(server, token)}"\nreason = "x"\n{entry}\n'
    )
    server.work.commit({path: secret_file(token)})
    assert server.push("main").accepted is accepted


def _baseline(path: str, token: str) -> str:
    digest = hashlib.sha1(token.encode(), usedforsecurity=False).hexdigest()
    entry = {
        "type": "GitHub Token",
        "filename": path,
        "hashed_secret": digest,
        "is_verified": False,
        "line_number": 2,
    }
    return json.dumps({"version": "1.5.0", "results": {path: [entry]}}, indent=2) + "\n"


def test_baseline_already_on_the_target_branch_allowlists(server: Server) -> None:
    server.configure("[scan]\nimport_baseline = true\n")
    token = tokens.github_token()
    server.work.commit({".secrets.baseline": _baseline("app.py", token)})
    server.seed("main")
    server.work.commit({"app.py": secret_file(token)})
    assert server.push("main").accepted


def test_baseline_pushed_along_with_the_secret_does_not(server: Server) -> None:
    server.configure("[scan]\nimport_baseline = true\n")
    server.work.commit({"README.md": "hi\n"})
    server.seed("main")
    token = tokens.github_token()
    bad = server.work.commit(
        {".secrets.baseline": _baseline("app.py", token), "app.py": secret_file(token)}
    )
    assert_rejected_for(server.push("main"), bad, "app.py:2", "github-token")


BYPASS_CONFIG = '[hook]\nbudget_seconds = 60\nbypass_users = ["alice"]\n'


@pytest.mark.parametrize(
    ("user", "option", "accepted", "says"),
    [
        ("alice", "pushguard.bypass=test data, rotated", True, "BYPASS by alice"),
        ("bob", "pushguard.bypass=trust me", False, "bob may not bypass"),
        ("alice", "pushguard.bypass", False, "say why the push is safe"),
        ("alice", "pushguard.bypass=", False, "say why the push is safe"),
    ],
)
def test_bypass(server: Server, user: str, option: str, accepted: bool, says: str) -> None:
    server.configure(base=BYPASS_CONFIG)
    token = tokens.github_token()
    server.work.commit({"b.py": secret_file(token)})
    result = server.push("main", options=[option], env={"GITEA_PUSHER_NAME": user})
    assert result.accepted is accepted, result.output
    assert says in result.remote
    assert token not in result.output
    [event] = server.events()
    assert event["pusher"] == user
    if accepted:
        assert event["action"] == "bypassed"
        assert event["reason"] == "bypass: test data, rotated"
    else:
        assert event["action"] == "blocked"
        assert "b.py:2" in result.remote  # the findings are still listed


def test_bypass_on_a_clean_push_is_ignored(server: Server) -> None:
    server.configure(base=BYPASS_CONFIG)
    server.work.commit({"a.txt": "a\n"})
    result = server.push("main", options=["pushguard.bypass=x"], env={"GITEA_PUSHER_NAME": "bob"})
    assert result.accepted and result.remote == ""


@pytest.mark.parametrize("policy", ["fail-closed", "fail-open"])
def test_budget_exceeded(server: Server, policy: str) -> None:
    server.configure(base=f"[hook]\nbudget_seconds = 0.000001\non_timeout = '{policy}'\n")
    oid = server.work.commit({"a.txt": "a\n", "b.txt": "b\n"})
    result = server.push("main")
    assert "did not finish within 1e-06 s" in result.remote
    [event] = server.events()
    assert event["refs"] == [{"old": "0" * 40, "new": oid, "ref": "refs/heads/main"}]
    assert event["repo_path"] == str(server.remote.path)
    if policy == "fail-closed":
        assert not result.accepted
        assert "Push fewer commits at a time" in result.remote
        assert (event["action"], event["reason"]) == ("blocked", "timeout")
    else:
        assert result.accepted
        assert "will be rescanned" in result.remote
        assert (event["action"], event["rescan"]) == ("fail-open", True)


def test_gitlab_environment(server: Server) -> None:
    server.configure('[repos."group/project"]\ninline_pragmas = false\n')
    token = tokens.github_token()
    server.work.commit({"g.py": f"T = '{token}'  # pragma: allowlist secret\n"})
    gitlab = {
        "GL_ID": "user-7",
        "GL_USERNAME": "alice",
        "GL_PROTOCOL": "ssh",
        "GL_PROJECT_PATH": "group/project",
    }
    result = server.push("main", env=gitlab)
    assert not result.accepted  # the per-repository policy applies: pragmas are off there
    lines = result.remote.splitlines()
    assert lines and all(line.startswith("GL-HOOK-ERR:") for line in lines)
    [event] = server.events()
    assert (event["repo"], event["pusher"]) == ("group/project", "alice")
    # the same push under another project name keeps the server-wide policy
    assert server.push("main", env={**gitlab, "GL_PROJECT_PATH": "other/project"}).accepted


def test_broken_config_rejects_with_one_line(server: Server) -> None:
    server.work.commit({"a.txt": "a\n"})
    server.config_path.write_text("[hook\nbudget_seconds = 1\n")
    result = server.push("main")
    assert not result.accepted
    [line] = result.remote.splitlines()
    assert "configuration is broken" in line and "not valid TOML" in line


@pytest.mark.parametrize("policy", ["fail-closed", "fail-open"])
def test_internal_error_follows_on_error(server: Server, policy: str) -> None:
    key_dir = server.home / "key-is-a-directory"
    key_dir.mkdir(parents=True)
    server.configure(f"on_error = '{policy}'\n[scan]\nfingerprint_key_file = '{key_dir}'\n")
    server.work.commit({"a.txt": "a\n"})
    result = server.push("main")
    assert result.accepted is (policy == "fail-open")
    [line] = result.remote.splitlines()
    assert line.startswith("pushguard: internal error") and "Traceback" not in result.output
    [event] = server.events()
    assert event["action"] == "error" and event["accepted"] is (policy == "fail-open")


def test_unwritable_spool_never_fails_a_push(server: Server) -> None:
    blocker = server.home / "file"
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("not a directory")
    server.configure(f"spool_dir = '{blocker / 'spool'}'\n")
    server.work.commit({"b.py": secret_file(tokens.github_token())})
    result = server.push("main")
    assert not result.accepted and "b.py:2" in result.remote
    assert result.remote.count("audit spool not writable") == 1


def test_warnings_are_printed_and_audited_but_do_not_block(server: Server) -> None:
    value = tokens.password()
    server.work.commit({"settings.py": f'db_password = "{value}"\n'})
    result = server.push("main")
    assert result.accepted, result.output
    assert "NOT blocking" in result.remote and "settings.py:1" in result.remote
    assert value not in result.output
    [event] = server.events()
    assert (event["action"], event["accepted"]) == ("accepted-with-warnings", True)


def test_secret_in_a_commit_message_is_rejected(server: Server) -> None:
    token = tokens.huggingface_token()
    server.work.commit({"README.md": "hello\n"})
    oid = server.work.commit(
        {"README.md": "hello\nworld\n"}, f"Deploy fix\n\nused HF_TOKEN={token} to test it"
    )
    result = server.push("main")
    assert_rejected_for(result, oid, "commit message, line 3", "huggingface")
    assert "`reword`" in result.remote and token not in result.output
    assert server.remote_tip("refs/heads/main") is None
    [event] = server.events()
    assert [(f["path"], f["line"]) for f in event["findings"]] == [("/COMMIT_MSG", 3)]


@pytest.mark.parametrize("where", ["tag message", "tagged blob"])
def test_secret_a_tag_adds_is_rejected(server: Server, where: str) -> None:
    server.work.commit({"a.txt": "a\n"})
    server.seed("main")
    token = tokens.github_token()
    if where == "tag message":
        oid = server.work.tag("v1", message=f"release\n\nGH_TOKEN={token}")
        expected = ("tag message, line 3", "/TAG_MSG")
    else:
        blob = server.work.run("hash-object", "-w", "--stdin", input=secret_file(token).encode())
        oid = blob.stdout.decode().strip()
        server.work.tag("v1", oid)
        expected = ("object a tag points at, line 2", "/TAGGED_BLOB")
    result = server.push("refs/tags/v1")
    assert_rejected_for(result, oid, expected[0], "github")
    assert "git tag -d" in result.remote and token not in result.output
    [event] = server.events()
    assert [f["path"] for f in event["findings"]] == [expected[1]]


@pytest.mark.parametrize("policy", ["fail-closed", "fail-open"])
def test_unreadable_object_in_the_push_follows_on_error(server: Server, policy: str) -> None:
    """The server lost a blob the pushed diff needs: the hook cannot vouch for the push."""
    server.configure(f"on_error = '{policy}'\n")
    first = server.work.commit({"a.txt": "a\n"})
    assert server.push("main").accepted
    lost = server.remote.git("rev-parse", f"{first}:a.txt")
    (server.remote.git_dir / "objects" / lost[:2] / lost[2:]).unlink()
    server.work.commit({"a.txt": "a\nb\n"})
    result = server.push("main")
    assert result.accepted is (policy == "fail-open")
    [line] = result.remote.splitlines()
    assert line.startswith("pushguard: internal error (cannot read object")
    assert "a.txt" in line and lost[:10] in line
    [event] = server.events()  # the first push was clean: no event
    assert event["action"] == "error" and event["accepted"] is (policy == "fail-open")
