"""A real gitolite behind a real sshd on a loopback port, for pushes over ``ssh://``.

Debian's ``gitolite3`` and ``openssh-server`` are installed if missing (apt-get, as root);
the whole thing is skipped with the reason when that or anything else it needs is not
possible. Set up once per session (:func:`start`): the hosting user is the user running the
tests with a temporary HOME (a new system user could not run this virtualenv's Python when
it lives under a private home); ``gitolite setup`` there with an admin key plus users
``alice`` and ``bob`` (keys in ``keydir/``, the conf written server-side and compiled),
pushguard installed with ``install-hook --layout gitolite`` as the hosting user, and sshd on
a free loopback port with its own host key, accepting only the keys in that HOME (gitolite's
``command=`` lines; root only for forced commands), handing gitolite its HOME through
``GITOLITE_HTTP_HOME`` (which gitolite-shell copies into ``HOME``). sshd passes
``GL_USERNAME`` from clients (``AcceptEnv``) so tests can try to smuggle a GitLab identity in.
:meth:`Gitolite.stop` stops sshd and removes the directories.
"""

from __future__ import annotations

import dataclasses
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

from tests.helpers.catalogue import share_cache

SSHD = "/usr/sbin/sshd"
PACKAGES = ("gitolite3", "openssh-server", "openssh-client")
USERS = ("alice", "bob")
REPOS = ("app", "team/legacy")
CONF = """\
repo gitolite-admin
    RW+ = admin

repo {repos}
    RW+ = alice bob
"""
LEGACY_HOOK = """\
#!/bin/sh
# a site's own pre-receive, already in gitolite's hooks/common before pushguard came
while read old new ref; do
	if [ "$ref" = refs/heads/frozen ]; then
		echo "site policy: $ref is frozen" >&2
		exit 1
	fi
done
exit 0
"""


class Unavailable(Exception):
    """Why the suite cannot run here (the skip reason)."""


def _run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload, no-any-return]


def ensure_packages() -> None:
    if shutil.which("gitolite") and os.access(SSHD, os.X_OK) and shutil.which("ssh"):
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise Unavailable("gitolite3/openssh-server are not installed and apt-get needs root")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *PACKAGES]
    proc = _run(install, env=env, timeout=600)
    if proc.returncode != 0:  # an empty or stale package index: refresh once
        _run(["apt-get", "update", "-q"], env=env, timeout=600)
        proc = _run(install, env=env, timeout=600)
    if proc.returncode != 0:
        last = (proc.stderr or proc.stdout).strip().splitlines()
        detail = last[-1] if last else f"exit {proc.returncode}"
        raise Unavailable(f"apt-get install {' '.join(PACKAGES)} failed: {detail}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclasses.dataclass
class Gitolite:
    home: Path
    client_dir: Path
    port: int = 0
    sshd: subprocess.Popen[bytes] | None = None
    install_output: str = ""

    @property
    def user(self) -> str:
        return pwd.getpwuid(os.getuid()).pw_name

    @property
    def pushguard_home(self) -> Path:
        return self.home / "pushguard"

    @property
    def config(self) -> Path:
        return self.home / "pg.toml"

    @property
    def socket(self) -> Path:
        return self.pushguard_home / "scan.sock"

    def url(self, repo: str) -> str:
        return f"ssh://{self.user}@127.0.0.1:{self.port}/{repo}"

    def ssh_command(self, who: str, *, send_env: Mapping[str, str] | None = None) -> str:
        parts = [
            "ssh", "-F", "/dev/null", "-i", str(self.client_dir / who),
            "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR",
            "-o", f"UserKnownHostsFile={self.client_dir / 'known_hosts'}",
            "-o", "StrictHostKeyChecking=yes",
        ]  # fmt: skip
        for key, value in (send_env or {}).items():
            parts += ["-o", f"SetEnv={key}={value}"]
        return " ".join(parts)

    def as_hosting_user(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a command as the hosting user would (its HOME, a plain PATH)."""
        env = {"HOME": str(self.home), "PATH": "/usr/local/bin:/usr/bin:/bin", "LC_ALL": "C"}
        proc = _run(list(args), env=env, cwd=self.home)
        if proc.returncode != 0:
            raise Unavailable(f"{' '.join(args)} failed: {proc.stderr or proc.stdout}")
        return proc

    def install(self, pushguard: str, *repos: str) -> str:
        """``install-hook --layout gitolite`` as the hosting user; its output."""
        args = ("install-hook", "--layout", "gitolite", "--config", str(self.config), *repos)
        return self.as_hosting_user(pushguard, *args).stdout

    def stop(self) -> None:
        if self.sshd is not None and self.sshd.poll() is None:
            self.sshd.terminate()
            try:
                self.sshd.wait(10)
            except subprocess.TimeoutExpired:
                self.sshd.kill()
                self.sshd.wait()
        shutil.rmtree(self.home, ignore_errors=True)
        shutil.rmtree(self.client_dir, ignore_errors=True)


def start(
    pushguard: str,
    *,
    repos: tuple[str, ...] = REPOS,
    site_hook: bool = True,
    repo_specific: tuple[str, ...] = (),
) -> Gitolite:
    """Everything above; raises Unavailable with the reason when it cannot be done.

    ``site_hook``: put a site's own pre-receive in hooks/common, and one in team/legacy's
    hooks/, before pushguard comes (both must keep working). ``repo_specific``: instead of
    every repository, only these, through gitolite's repo-specific hooks (LOCAL_CODE set and
    the feature enabled in the rc, the ``option hook.pre-receive`` line added to the conf).
    """
    ensure_packages()
    server = Gitolite(
        home=Path(tempfile.mkdtemp(prefix="pg-gitolite-")),
        client_dir=Path(tempfile.mkdtemp(prefix="pg-gitolite-client-")),
    )
    try:
        _setup(server, pushguard, repos, site_hook, repo_specific)
        _start_sshd(server)
    except BaseException:
        server.stop()
        raise
    return server


def _setup(
    server: Gitolite,
    pushguard: str,
    repos: tuple[str, ...],
    site_hook: bool,
    repo_specific: tuple[str, ...],
) -> None:
    for who in ("admin", *USERS):
        keygen = _run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", who,
                       "-f", str(server.client_dir / who)])  # fmt: skip
        if keygen.returncode != 0:
            raise Unavailable(f"ssh-keygen failed: {keygen.stderr}")
    admin_pub = server.home / "admin.pub"
    shutil.copy(server.client_dir / "admin.pub", admin_pub)
    server.as_hosting_user("gitolite", "setup", "-pk", str(admin_pub))
    gl = server.home / ".gitolite"
    for who in USERS:
        shutil.copy(server.client_dir / f"{who}.pub", gl / "keydir" / f"{who}.pub")
    (gl / "conf" / "gitolite.conf").write_text(CONF.format(repos=" ".join(repos)))
    if site_hook:
        legacy = gl / "hooks" / "common" / "pre-receive"
        legacy.write_text(LEGACY_HOOK)
        legacy.chmod(0o755)
    # compile the conf (creates the repositories) and write authorized_keys (ssh-authkeys)
    server.as_hosting_user("gitolite", "setup")
    if site_hook and "team/legacy" in repos:
        # a repository's own pre-receive, which gitolite's next setup would replace
        own = server.home / "repositories" / "team" / "legacy.git" / "hooks" / "pre-receive"
        own.unlink()  # gitolite's link to the common hook: not to be written through
        own.write_text(LEGACY_HOOK.replace("frozen", "legacy-frozen"))
        own.chmod(0o755)
    # install-hook compiles the scanner's caches into this home: the suite's shared ones
    share_cache(server.pushguard_home)
    server.config.write_text(
        f'home = "{server.pushguard_home}"\n'
        "[hook]\nbudget_seconds = 60\n"  # generous: the machine is shared
        'bypass_users = ["alice"]\n'
        # per-repository policy by gitolite's name for the repository (GL_REPO)
        '[repos."team/legacy"]\ndisabled_rules = ["pushguard-api-token"]\n'
    )
    if not repo_specific:
        server.install_output = server.install(pushguard)
        return
    rc = server.home / ".gitolite.rc"
    rc.write_text(
        rc.read_text()
        .replace('# LOCAL_CODE                =>  "$rc{GL_ADMIN_BASE}/local",',
                 'LOCAL_CODE                =>  "$rc{GL_ADMIN_BASE}/local",')
        .replace("# 'repo-specific-hooks',", "'repo-specific-hooks',")
    )  # fmt: skip
    (gl / "local" / "hooks" / "repo-specific").mkdir(parents=True)
    server.install_output = server.install(pushguard, *repo_specific)
    conf = gl / "conf" / "gitolite.conf"
    option = f"\nrepo {' '.join(repo_specific)}\n    option hook.pre-receive = pushguard\n"
    conf.write_text(conf.read_text() + option)
    server.as_hosting_user("gitolite", "setup")  # compile; POST_COMPILE links the hooks


def _start_sshd(server: Gitolite) -> None:
    d = server.client_dir
    host_key = d / "host_ed25519"
    _run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(host_key)])
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # its privilege-separation dir
    server.port = _free_port()
    (d / "sshd_config").write_text(
        f"Port {server.port}\nListenAddress 127.0.0.1\nHostKey {host_key}\n"
        f"PidFile {d / 'sshd.pid'}\n"
        f"AuthorizedKeysFile {server.home / '.ssh' / 'authorized_keys'}\n"
        "PubkeyAuthentication yes\nPasswordAuthentication no\n"
        "KbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n"
        f"AllowUsers {server.user}\nPermitRootLogin forced-commands-only\n"
        f"SetEnv GITOLITE_HTTP_HOME={server.home}\nAcceptEnv GL_USERNAME\n"
        "LogLevel ERROR\n"
    )
    pub = (d / "host_ed25519.pub").read_text().split()
    (d / "known_hosts").write_text(f"[127.0.0.1]:{server.port} {pub[0]} {pub[1]}\n")
    with open(d / "sshd.log", "wb") as log:
        server.sshd = subprocess.Popen(
            [SSHD, "-D", "-e", "-f", str(d / "sshd_config")], stdout=subprocess.DEVNULL, stderr=log
        )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if server.sshd.poll() is not None:
            raise Unavailable(f"sshd exited: {(d / 'sshd.log').read_text()}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", server.port)) == 0:
                return
        time.sleep(0.05)
    raise Unavailable("sshd did not listen within 20 s")
