"""The command table: each command's name and the click command that implements it."""

from __future__ import annotations

# command name -> "module:attribute" of a click command; add one line per command.
COMMANDS: dict[str, str] = {
    "scan": "pushguard.cli.scan:scan",
    "config": "pushguard.cli.config_cmd:config",
    "install-hook": "pushguard.hooks.install:install_hook_command",
    "hook-daemon": "pushguard.hooks.daemon:hook_daemon_command",
    "keys": "pushguard.cli.keys:keys",
    "audit": "pushguard.cli.audit_cmd:audit",
    "tokens": "pushguard.cli.tokens:tokens",
    "credentials": "pushguard.cli.credentials:credentials",
    "serve": "pushguard.cli.serve:serve",
    "web": "pushguard.cli.web:web",
    "worker": "pushguard.cli.worker:worker",
    "repos": "pushguard.cli.repos:repos",
    "rescan": "pushguard.cli.rescan:rescan",
    "findings": "pushguard.cli.findings:findings",
    "jobs": "pushguard.cli.jobs:jobs",
    "rules": "pushguard.cli.rules_cmd:rules",
}
