"""``install-hook --print-global``: the steps for server-wide hooks we cannot install ourselves."""

from __future__ import annotations

from pushguard.hooks.paths import HookPaths

GITLAB_DIR = "/var/opt/gitlab/gitaly/custom_hooks"
"""Gitaly's ``hooks.custom_hooks_dir`` on Linux-package installations."""


def steps(kind: str, paths: HookPaths, script: str) -> str:
    if kind == "gitolite":
        return gitolite_steps(paths, script)
    return gitlab_steps(paths, script) if kind == "gitlab" else ghes_steps()


def gitolite_steps(paths: HookPaths, script: str) -> str:
    config = paths.config or "/etc/pushguard/pushguard.toml"
    return f"""\
# gitolite (v3): pushguard as the pre-receive hook of every repository. Run as the gitolite
# hosting user (Debian: gitolite3), whose HOME holds .gitolite.rc. The short way, which does
# everything below and keeps an existing pre-receive running:
#   sudo -u gitolite3 -i {paths.pushguard} install-hook --layout gitolite --config {config}

# 1. Write the hook into gitolite's common hooks (LOCAL_CODE/hooks/common when the rc sets
#    LOCAL_CODE, else ~/.gitolite/hooks/common; gitolite's own `update` hook there stays):
mkdir -p ~/.gitolite/hooks/common
cat > ~/.gitolite/hooks/common/pre-receive <<'PUSHGUARD_HOOK'
{script.rstrip()}
PUSHGUARD_HOOK
chmod 0755 ~/.gitolite/hooks/common/pre-receive
#    (If a pre-receive is already there, do not overwrite it: let install-hook chain both.)

# 2. Link it into every repository (gitolite does this for new repositories by itself):
gitolite setup --hooks-only

# 3. Let pushers pass `-o pushguard.bypass="reason"` (receive-pack of every repository):
git config --global receive.advertisePushOptions true

# 4. Check that the hosting user reads the config and writes the pushguard home:
{paths.pushguard} config check {config}

# Only some repositories instead: gitolite's repo-specific hooks. In ~/.gitolite.rc set
#   LOCAL_CODE => "$rc{{GL_ADMIN_BASE}}/local",  and uncomment 'repo-specific-hooks' in ENABLE,
# then `{paths.pushguard} install-hook --layout gitolite --config {config} REPO...`
# writes LOCAL_CODE/hooks/repo-specific/pushguard and prints the gitolite.conf lines:
#   repo REPO...
#       option hook.pre-receive = pushguard

# The pusher is gitolite's GL_USER (the key's name in keydir/) and the repository GL_REPO:
# use those names in [hook] bypass_users and [repos."name"]. The hook starts its warm scanner
# (`pushguard hook-daemon`) by itself, as the hosting user, on the first push.
"""


def gitlab_steps(paths: HookPaths, script: str) -> str:
    config = paths.config or "/etc/pushguard/pushguard.toml"
    return f"""\
# GitLab (self-managed): pushguard as a global server hook for every repository.
# Run these on EVERY Gitaly node (or the GitLab host), with pushguard installed at the
# paths below ({paths.pushguard}).

# 1. Make sure Gitaly has a global hooks directory. Linux package: /etc/gitlab/gitlab.rb
#      gitaly['configuration'] = {{ hooks: {{ custom_hooks_dir: '{GITLAB_DIR}' }} }}
#    then `sudo gitlab-ctl reconfigure`. Self-compiled: gitaly's config.toml,
#      [hooks]
#      custom_hooks_dir = "/home/git/custom_hooks"
#    (use that directory instead of {GITLAB_DIR} below).

# 2. Write the hook (Gitaly runs <custom_hooks_dir>/pre-receive.d/* in order, same stdin,
#    after GitLab's own checks; the first non-zero exit rejects the push):
sudo -u git mkdir -p {GITLAB_DIR}/pre-receive.d
sudo -u git tee {GITLAB_DIR}/pre-receive.d/pushguard >/dev/null <<'PUSHGUARD_HOOK'
{script.rstrip()}
PUSHGUARD_HOOK
sudo chmod 0755 {GITLAB_DIR}/pre-receive.d/pushguard

# 3. The git user must read the config and write the pushguard home (spool, key):
sudo -u git {paths.pushguard} config check {config}

# 4. Optional, faster pushes: the warm scanner, as the git user
#    (deploy/systemd/pushguard-hook-daemon.service), listening on {paths.socket or "<socket>"}.

# 5. Test: push a commit with a fake token to a scratch project; the rejection shows as
#    `remote: GL-HOOK-ERR: ...` lines and in the web UI for web edits.
#    Bypass for admins: `git push -o pushguard.bypass="reason"` (GitLab passes push options).
"""


def ghes_steps() -> str:
    return """\
# GitHub Enterprise Server: pushguard as a pre-receive hook.
# GHES runs pre-receive hooks in a chroot "hook environment" (a .tar.gz with /bin/sh and
# anything else the hook needs; Python is not included), with 5 SECONDS SHARED by all
# pre-receive hooks of a repository; a timeout fails the push even in testing mode.

# 1. Build the environment with Python and pushguard (on a workstation with Docker).
#    Put your pushguard.toml and the service's fingerprint key next to the Dockerfile
#    (the key makes fingerprints match the service's [[allowlist]] entries).
cat > Dockerfile.pushguard-hook <<'EOF'
FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends git \\
    && rm -rf /var/lib/apt/lists/* && pip install --no-cache-dir pushguard
COPY pushguard.toml /etc/pushguard/pushguard.toml
COPY fingerprint.key /etc/pushguard/fingerprint.key
EOF
docker build -f Dockerfile.pushguard-hook -t pushguard-hook-env .
docker create --name pushguard-hook-env pushguard-hook-env /bin/true
docker export pushguard-hook-env | gzip > pushguard-hook-env.tar.gz
docker rm pushguard-hook-env

#    In pushguard.toml for GHES:
#      [scan]
#      fingerprint_key_file = "/etc/pushguard/fingerprint.key"
#      [hook]
#      budget_seconds = 4.0     # 5 s minus Python start-up and the other hooks' time
#      on_timeout = "fail-closed"
#      spool_dir = "/tmp/pushguard-spool"   # not persistent: rely on webhook rescans

# 2. Upload it to the appliance (administrative shell, port 122):
scp -P 122 pushguard-hook-env.tar.gz admin@GHES-HOST:/home/admin/
ssh -p 122 admin@GHES-HOST -- ghe-hook-env-create pushguard /home/admin/pushguard-hook-env.tar.gz
#    (or Site admin > Settings > Hooks > Manage environments > Add environment, with a URL)

# 3. Commit the hook script to a repository (e.g. admin/pre-receive-hooks) as pushguard.sh,
#    executable (`git update-index --chmod=+x pushguard.sh`):
#!/bin/sh
PUSHGUARD_CONFIG=/etc/pushguard/pushguard.toml PUSHGUARD_HOME=/tmp/pushguard \\
    exec /usr/local/bin/pushguard pre-receive

# 4. Site admin > Settings > Hooks > Add pre-receive hook: environment "pushguard",
#    script repository and file pushguard.sh, enforcement "Enabled" (or per-repository).
#    Identity and repository come from GITHUB_USER_LOGIN and GITHUB_REPO_NAME.

# 5. Add a push webhook to the pushguard service too: it rescans what a fail-open hook let
#    through, and the hook's spool inside the chroot never reaches the service.
"""
