"""What the pusher reads: the verdict text of the hook (git shows it as ``remote:`` lines).

Each function returns lines; :func:`render` joins them and, when rejecting under GitLab,
prefixes every line with ``GL-HOOK-ERR:`` so the web UI shows it too. Nothing here ever sees
a raw secret: findings carry only a redacted preview and a keyed fingerprint.
"""

from __future__ import annotations

from collections.abc import Sequence

from pushguard.git.messages import MESSAGE_PATH
from pushguard.git.refs import RefUpdate
from pushguard.git.tags import TAG_MESSAGE_PATH, TAGGED_BLOB_PATH
from pushguard.scan.types import Finding, Skipped

GITLAB_PREFIX = "GL-HOOK-ERR: "
MAX_LISTED = 20
"""Findings/skipped files listed one per line; the rest are counted (keeps keepalives sane)."""

BYPASS_EXAMPLE = 'git push -o pushguard.bypass="why this is safe"'


def render(lines: Sequence[str], *, gitlab: bool = False, rejecting: bool = False) -> str:
    if not lines:
        return ""
    prefix = GITLAB_PREFIX if gitlab and rejecting else ""
    return "".join(f"{prefix}{line}\n" for line in lines)


def short(oid: str) -> str:
    return oid[:10]


def clean(text: str) -> str:
    """Pushed names (paths, refs, reasons) with control characters made visible: a path with
    a newline or a terminal escape must not forge or garble the lines around it."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


# paths that name no file (pushguard.git.messages, pushguard.git.tags)
_NOT_FILES = {
    MESSAGE_PATH: "commit message",
    TAG_MESSAGE_PATH: "tag message",
    TAGGED_BLOB_PATH: "object a tag points at",
}


def where(finding: Finding) -> str:
    if finding.path in _NOT_FILES:
        return f"{_NOT_FILES[finding.path]}, line {finding.line}"
    return f"{clean(finding.path)}:{finding.line}"


def finding_lines(findings: Sequence[Finding], *, with_reason: bool = False) -> list[str]:
    out: list[str] = []
    for f in findings[:MAX_LISTED]:
        reason = f"  ({f.reason})" if with_reason and f.reason else ""
        # the service, where the rule's id does not say it (a key known by its service's name)
        rule = f"{f.rule} ({f.provider})" if f.provider and f.provider not in f.rule else f.rule
        out.append(f"  {short(f.commit)}  {where(f)}  {rule}  {f.redacted}{reason}")
        out.append(f"      fingerprint {f.fingerprint}")
    if len(findings) > MAX_LISTED:
        out.append(f"  ... and {len(findings) - MAX_LISTED} more")
    return out


def rejected(
    blocking: Sequence[Finding], updates: Sequence[RefUpdate], *, inline_pragmas: bool
) -> list[str]:
    out = [f"pushguard: push rejected: {len(blocking)} secret(s) in the pushed commits", ""]
    out += finding_lines(blocking)
    paths = {f.path for f in blocking}
    out += [
        "",
        *fix_steps(
            updates,
            inline_pragmas=inline_pragmas,
            in_message=MESSAGE_PATH in paths,
            in_tag=bool(paths & {TAG_MESSAGE_PATH, TAGGED_BLOB_PATH}),
        ),
    ]
    return out


def fix_steps(
    updates: Sequence[RefUpdate],
    *,
    inline_pragmas: bool,
    in_message: bool = False,
    in_tag: bool = False,
) -> list[str]:
    out = [
        "What to do:",
        "  1. Rotate each credential above FIRST (revoke it, issue a new one): it is already",
        "     exposed to whoever can read this push, even though the push was rejected.",
        "  2. Remove it from the commits, then push again:",
        "       in the last commit:  edit the file, `git add` it, `git commit --amend`",
        "       in older commits:    `git rebase -i <base>`, mark those commits `edit`,",
        "                            fix each one, `git commit --amend`, `git rebase --continue`",
    ]
    if in_message:
        out.append(
            "       in a commit message: `git commit --amend` (last commit), or mark the "
            "commit `reword` in `git rebase -i <base>`"
        )
    if in_tag:
        out.append("       in a tag: delete it (`git tag -d NAME`) and create it again without")
        out.append("                 the secret (`git tag -a NAME COMMIT`)")
    existing = [u for u in updates if not u.created and not u.deleted]
    for update in existing[:5]:
        out.append(
            f"     <base> for {clean(update.ref)}: {short(update.old)} (its value on the server)"
        )
    if any(u.created for u in updates):
        out.append("     <base> for a new ref: the commit it started from (e.g. origin/main),")
        out.append("       or `git rebase -i --root` when the history is all new")
    out.append("  3. A false positive?")
    if inline_pragmas:
        out.append("     add a comment containing `pragma: allowlist secret` on that line, or")
    else:
        out.append("     (inline `pragma: allowlist secret` comments are disabled on this server)")
    out.append("     ask a pushguard admin for an [[allowlist]] entry with the fingerprint above.")
    return out


def warnings(findings: Sequence[Finding]) -> list[str]:
    if not findings:
        return []
    head = f"pushguard: {len(findings)} possible secret(s), NOT blocking (please review):"
    return [head, *finding_lines(findings, with_reason=True)]


def skipped(items: Sequence[Skipped]) -> list[str]:
    if not items:
        return []
    out = [f"pushguard: {len(items)} file(s) not scanned:"]
    out += [f"  {short(s.commit)}  {clean(s.path)}: {s.reason}" for s in items[:MAX_LISTED]]
    if len(items) > MAX_LISTED:
        out.append(f"  ... and {len(items) - MAX_LISTED} more")
    return out


def timeout_rejected(budget: float) -> list[str]:
    return [
        f"pushguard: push rejected: the secret scan did not finish within {budget:g} s.",
        "  Push fewer commits at a time (e.g. `git push <remote> <older-commit>:<branch>` first,",
        "  then the rest), or ask a pushguard admin to raise [hook] budget_seconds.",
    ]


def _recorded(where: str) -> str:
    """What the pusher is told about the audit record: only what really happened."""
    if where == "spool":
        return "This is recorded in the audit log."
    if where == "syslog":
        return (
            "The audit spool could not be written: it is only in the system log; tell your admin."
        )
    return "It could NOT be recorded anywhere (audit spool and system log failed): tell your admin."


def timeout_accepted(budget: float, where: str = "spool") -> list[str]:
    head = f"pushguard: notice: the secret scan did not finish within {budget:g} s; the push is"
    if where == "spool":
        return [
            head,
            "  accepted under the server's fail-open policy and will be rescanned by the server.",
        ]
    return [
        head,
        "  accepted under the server's fail-open policy, but the rescan could not be queued",
        f"  (audit spool not writable). {_recorded(where)}",
    ]


def bypassed(user: str, reason: str, count: int, where: str = "spool") -> list[str]:
    return [
        f"pushguard: BYPASS by {clean(user)}: {count} secret(s) accepted",
        f"  (reason: {clean(reason)}). {_recorded(where)}",
        "  Rotate the credentials anyway: they are exposed to whoever can read the repository.",
    ]


def bypassed_unscanned(user: str, reason: str, budget: float, where: str = "spool") -> list[str]:
    head = [
        f"pushguard: BYPASS by {clean(user)}: the scan did not finish within {budget:g} s and",
        f"  the push is accepted unscanned (reason: {clean(reason)}).",
    ]
    if where == "spool":
        return [*head, "  It is in the audit log and the server will rescan the push."]
    return [*head, f"  No rescan could be queued. {_recorded(where)}"]


def bypass_not_allowed(user: str) -> list[str]:
    return [
        f"pushguard: bypass refused: {clean(user)} may not bypass the secret check "
        "(a pushguard admin can add you to [hook] bypass_users)."
    ]


def bypass_without_reason() -> list[str]:
    return [f"pushguard: bypass refused: say why the push is safe: {BYPASS_EXAMPLE}"]


def internal_error(what: str, *, accepted: bool) -> list[str]:
    outcome = "accepted (on_error = fail-open)" if accepted else "rejected (on_error = fail-closed)"
    return [f"pushguard: internal error ({what}); push {outcome}; please tell your admin."]


def config_error(message: str) -> list[str]:
    return [f"pushguard: push rejected: the server's pushguard configuration is broken: {message}"]
