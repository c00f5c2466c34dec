"""Renderings of a scan result: text for people, JSON for scripts, SARIF for code scanning."""

from __future__ import annotations

import json
from typing import Any

from pushguard import __version__
from pushguard.scan.engine import ScanResult
from pushguard.scan.types import Finding

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://github.com/pushguard/pushguard"


def stats_json(result: ScanResult) -> dict[str, Any]:
    stats = result.stats
    return {
        "commits": getattr(stats, "commits", 0),
        "files": getattr(stats, "files", 0),
        "lines": getattr(stats, "lines", 0),
        "findings": len(result.findings),
        "blocking": len(result.blocking),
        "warnings": len(result.warnings),
        "skipped": [s._asdict() for s in result.skipped],
        "missing": [s._asdict() for s in result.missing],
        "partial": bool(result.missing),
        "shallow": result.shallow,
        "lost_commits": list(result.lost_commits),
        "seconds": round(result.seconds, 3),
        "catalogue": result.catalogue,
    }


def partial_warnings(result: ScanResult) -> list[str]:
    """Why the scan does not cover everything it was asked to (empty when it does)."""
    lines = []
    if result.missing:
        lines.append(
            f"warning: partial scan: {len(result.missing)} object(s) could not be read "
            "(missing from this repository: a partial, shallow or damaged clone); "
            "everything else was scanned"
        )
    if result.shallow:
        lines.append("warning: shallow clone: history before the clone's cut was not scanned")
    if result.lost_commits:
        lines.append(
            f"warning: history cut: {len(result.lost_commits)} commit(s) lost from this "
            "repository (a damaged clone); history reached only through them was not scanned"
        )
    return lines


def to_json(result: ScanResult) -> str:
    return json.dumps(
        {"findings": [f.to_json() for f in result.findings], "stats": stats_json(result)},
        indent=2,
    )


def finding_line(finding: Finding) -> str:
    about = f" ({finding.provider}, {finding.confidence})" if finding.provider else ""
    return (
        f"{finding.commit[:10]}  {finding.path}:{finding.line}  {finding.rule}{about}  "
        f"{finding.redacted}  fingerprint {finding.fingerprint[:16]}"
    )


def to_text(result: ScanResult) -> str:
    out: list[str] = []
    if result.blocking:
        out.append(f"{len(result.blocking)} secret(s) found:")
        out.extend(f"  {finding_line(f)}" for f in result.blocking)
    if result.warnings:
        out.append(f"{len(result.warnings)} warning(s) (not blocking):")
        out.extend(f"  {finding_line(f)}  ({f.reason})" for f in result.warnings)
    for skipped in result.skipped:
        oid = f" (object {skipped.oid})" if skipped.oid else ""
        where = skipped.path or "(the whole commit)"
        out.append(f"skipped {skipped.commit[:10]} {where}: {skipped.reason}{oid}")
    stats = stats_json(result)
    if result.catalogue and not result.catalogue.startswith("catalogue tier on"):
        out.append(result.catalogue)  # said once: a tier that does not run is never silent
    out.append(
        f"scanned {stats['commits']} commit(s), {stats['files']} file(s) in "
        f"{stats['seconds']:.2f}s: {stats['blocking']} blocking, {stats['warnings']} warning(s)"
    )
    out.extend(partial_warnings(result))
    return "\n".join(out)


def to_sarif(result: ScanResult) -> str:
    """SARIF 2.1.0 as GitHub code scanning accepts it (one run, rules listed once)."""
    rule_ids = sorted({f.rule for f in result.findings})
    index = {rule: i for i, rule in enumerate(rule_ids)}
    rules = [
        {
            "id": rule,
            "name": "".join(part.title() for part in rule.split("-")),
            "shortDescription": {"text": f"Secret detected: {rule}"},
            "help": {
                "text": "Rotate the credential, then remove it from history, or mark a false "
                "positive with `pragma: allowlist secret`."
            },
            "properties": {"tags": ["security", "secret"]},
        }
        for rule in rule_ids
    ]
    results = [
        {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": "error" if f.blocking else "warning",
            "message": {
                "text": f"{f.rule}: {f.redacted} added in commit {f.commit[:12]}"
                + (f" ({f.reason})" if f.reason else "")
            },
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.path, "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": f.line},
                    }
                }
            ],
            "partialFingerprints": {"pushguard/v1": f.fingerprint},
            "properties": {
                "commit": f.commit,
                "blocking": f.blocking,
                "provider": f.provider,
                "confidence": f.confidence,
            },
        }
        for f in result.findings
    ]
    sarif = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "pushguard",
                        "version": __version__,
                        "informationUri": INFO_URI,
                        "rules": rules,
                    }
                },
                "results": results,
                "invocations": [_invocation(result)],
            }
        ],
    }
    return json.dumps(sarif, indent=2)


def _invocation(result: ScanResult) -> dict[str, Any]:
    """The run's invocation: each unreadable object as a warning notification."""
    notes: list[dict[str, Any]] = [
        {
            "level": "warning",
            "message": {
                "text": f"object {s.oid} could not be read: "
                + (f"{s.path} in commit {s.commit}" if s.path else f"commit or tag {s.commit}")
                + " was not scanned"
            },
            "descriptor": {"id": "pushguard/missing-object"},
        }
        for s in result.missing
    ]
    notes += [
        {"level": "warning", "message": {"text": line}, "descriptor": {"id": "pushguard/partial"}}
        for line in partial_warnings(result)
    ]
    return {"executionSuccessful": True, "toolExecutionNotifications": notes}


FORMATS = {"text": to_text, "json": to_json, "sarif": to_sarif}
