"""`pushguard install-hook`: layouts, idempotence, chaining an existing hook, errors."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from pushguard.errors import ExitCode
from pushguard.hooks.hook_files import CHAIN_MARKER
from pushguard.hooks.paths import HookPaths, hook_script
from tests.helpers import tokens
from tests.helpers.gitrepo import GitRepo
from tests.hooks.conftest import (
    BASE_CONFIG,
    PLATFORM_HOOK_DIRS,
    MakeServer,
    Server,
    run_pushguard,
)

# An existing site hook: logs what it is told and refuses the "frozen" branch.
ORIGINAL_HOOK = """\
#!/bin/sh
input=$(cat)
printf '%s\\n' "$input" >> original.log
case "$input" in
*" refs/heads/frozen"*) echo "site policy: refs/heads/frozen is frozen" >&2; exit 3 ;;
esac
"""


def snapshot(root: Path) -> dict[str, tuple[int, str, int]]:
    """Every file under ``root``: mode, content (or link target), mtime."""
    out = {}
    for path in sorted(root.rglob("*")):
        st = path.lstat()
        if path.is_symlink():
            body = "-> " + os.readlink(path)
        elif path.is_file():
            body = path.read_text(errors="replace")
        else:
            continue
        out[str(path.relative_to(root))] = (st.st_mode, body, st.st_mtime_ns)
    return out


def install_cli(*args: str, env: dict[str, str]) -> tuple[int, str]:
    proc = run_pushguard("install-hook", *args, env=env)
    return proc.returncode, proc.stdout + proc.stderr


@pytest.fixture
def bare(make_repo: Callable[..., GitRepo]) -> GitRepo:
    return make_repo("site.git", bare=True)


def test_bare_install_is_idempotent(bare: GitRepo, git_env: dict[str, str]) -> None:
    code, out = install_cli(str(bare.path), env=git_env)
    assert code == 0, out
    hook = bare.path / "hooks" / "pre-receive"
    assert os.access(hook, os.X_OK)
    assert bare.git("config", "receive.advertisePushOptions") == "true"
    before = snapshot(bare.path)
    code, out = install_cli(str(bare.path), env=git_env)
    assert code == 0 and "already installed, unchanged" in out
    assert snapshot(bare.path) == before


def test_installed_hook_has_absolute_paths_baked_in(bare: GitRepo, tmp_path: Path) -> None:
    config = tmp_path / "it's.toml"
    config.write_text(BASE_CONFIG)
    script = hook_script(HookPaths.detect(config, tmp_path / "s.sock"))
    paths = HookPaths.detect(config, tmp_path / "s.sock")
    assert f"pg_bin={paths.pushguard}\n" in script
    assert f"pg_client={paths.client}\n" in script and paths.client.startswith("/")
    assert f"pg_socket={tmp_path}/s.sock\n" in script
    assert "pg_config='" in script and "it'\"'\"'s.toml" in script  # shell-quoted
    assert Path(paths.client).is_file() and os.path.isabs(paths.python)


def test_existing_hook_is_chained_and_still_rejects(server: Server) -> None:
    # replace the fixture's direct install by: a site hook first, then pushguard's installer
    hooks = server.remote.path / "hooks"
    (hooks / "pre-receive").write_text(ORIGINAL_HOOK)
    (hooks / "pre-receive").chmod(0o755)
    code, out = install_cli(str(server.remote.path), env={**os.environ, **server.env})
    assert code == 0, out
    assert "moved the existing hook" in out
    assert CHAIN_MARKER in (hooks / "pre-receive").read_text()
    assert (hooks / "pre-receive.d" / "00-original").read_text() == ORIGINAL_HOOK

    clean = server.work.commit({"a.txt": "a\n"})
    assert server.push("main").accepted
    log = server.remote.path / "original.log"
    assert log.read_text() == f"{'0' * 40} {clean} refs/heads/main\n"  # same stdin as ours

    server.work.branch("frozen")
    result = server.push("frozen")  # the site hook still rejects on its own
    assert not result.accepted and "site policy: refs/heads/frozen is frozen" in result.remote

    server.work.commit({"s.py": f"T = '{tokens.github_token()}'\n"})
    result = server.push("main")  # and pushguard still rejects secrets
    assert not result.accepted and "s.py:1  github-token" in result.remote

    before = snapshot(server.remote.path / "hooks")
    code, out = install_cli(str(server.remote.path), env={**os.environ, **server.env})
    assert code == 0 and "unchanged" in out
    assert snapshot(server.remote.path / "hooks") == before


@pytest.mark.parametrize("layout", ["gitlab", "gitea"])
def test_platform_layouts(make_server: MakeServer, layout: str) -> None:
    server = make_server(layout=layout)
    hook = server.remote.path / PLATFORM_HOOK_DIRS[layout] / "pushguard"
    assert os.access(hook, os.X_OK) and "PUSHGUARD-HOOK" in hook.read_text()
    runner = (server.remote.path / "hooks" / "pre-receive").read_text()
    server.work.commit({"a.txt": "a\n"})
    assert server.push("main").accepted
    server.work.commit({"s.py": f"T = '{tokens.github_token()}'\n"})
    result = server.push("main")
    assert not result.accepted and "s.py:1  github-token" in result.remote
    env = {**os.environ, **server.env}
    sock = str(server.config_path.parent / "no.sock")  # as the fixture installed it
    code, out = install_cli("--layout", layout, "--socket", sock, str(server.remote.path), env=env)
    assert code == 0 and "already installed, unchanged" in out
    assert (server.remote.path / "hooks" / "pre-receive").read_text() == runner  # not ours


def test_gitea_layout_warns_without_gitea_wrapper(bare: GitRepo, git_env: dict[str, str]) -> None:
    code, out = install_cli("--layout", "gitea", str(bare.path), env=git_env)
    assert code == 0 and "is this a Gitea repository?" in out


def test_never_overwrites_a_foreign_file(bare: GitRepo, git_env: dict[str, str]) -> None:
    target = bare.path / "custom_hooks" / "pre-receive.d" / "pushguard"
    target.parent.mkdir(parents=True)
    target.write_text("#!/bin/sh\necho mine\n")
    code, out = install_cli("--layout", "gitlab", str(bare.path), env=git_env)
    assert code == ExitCode.CONFIG
    assert "is not pushguard's; refusing to overwrite it" in out
    assert target.read_text() == "#!/bin/sh\necho mine\n"


def test_not_a_git_repository(tmp_path: Path, git_env: dict[str, str], bare: GitRepo) -> None:
    (tmp_path / "plain").mkdir()
    code, out = install_cli(str(tmp_path / "plain"), str(bare.path), env=git_env)
    assert code == ExitCode.USAGE
    assert "plain: not a git repository" in out
    assert (bare.path / "hooks" / "pre-receive").exists()  # the others are still done


def test_a_broken_config_is_refused_before_baking_it(
    bare: GitRepo, tmp_path: Path, git_env: dict[str, str]
) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("[hook]\non_timeout = 'maybe'\n")
    code, out = install_cli("--config", str(config), str(bare.path), env=git_env)
    assert code == ExitCode.CONFIG and "on_timeout" in out
    assert not (bare.path / "hooks" / "pre-receive").exists()


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (
            "gitlab",
            ["custom_hooks_dir", "pre-receive.d/pushguard", "PUSHGUARD-HOOK", "GL-HOOK-ERR"],
        ),
        ("ghes", ["ghe-hook-env-create", "5 SECONDS SHARED", "pushguard pre-receive"]),
    ],
)
def test_print_global(git_env: dict[str, str], kind: str, expected: list[str]) -> None:
    code, out = install_cli("--print-global", kind, env=git_env)
    assert code == 0
    for text in expected:
        assert text in out


def test_print_global_gitolite_gives_the_steps_with_this_installation(tmp_path: Path) -> None:
    config = tmp_path / "pg.toml"
    config.write_text("")
    env = {**os.environ, "PUSHGUARD_HOME": str(tmp_path / "home")}
    code, out = install_cli("--print-global", "gitolite", "--config", str(config), env=env)
    assert code == 0
    assert "gitolite setup --hooks-only" in out and "receive.advertisePushOptions" in out
    assert "PUSHGUARD-HOOK" in out and str(config) in out
    assert "option hook.pre-receive = pushguard" in out
