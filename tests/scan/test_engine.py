"""The engine over blocks of added lines, with the real detector set."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random

import pytest

from pushguard.config import AllowEntry, ScanConfig
from pushguard.scan.allowlist import Baseline, ServerAllowlist
from pushguard.scan.engine import BudgetExceeded, Engine, ScanResult
from pushguard.scan.filters import false_positive_reason
from pushguard.scan.plugins import all_detectors
from pushguard.scan.report import to_json, to_sarif, to_text
from pushguard.scan.secrets import fingerprint, redact
from pushguard.scan.types import AddedBlock, Finding, Skipped
from tests.helpers import tokens

KEY = b"k" * 32
COMMIT = "c0ffee" * 6 + "abcd"


def engine(policy: ScanConfig | None = None, **kwargs: object) -> Engine:
    return Engine(
        all_detectors(),
        key=KEY,
        policy=policy or ScanConfig(),
        false_positive=false_positive_reason,
        **kwargs,  # type: ignore[arg-type]
    )


def scan(text: str, *, path: str = "app/settings.py", start: int = 1, **kwargs: object
         ) -> list[Finding]:
    return engine(**kwargs).scan_block(AddedBlock(COMMIT, path, start, text))


def test_clean_code_yields_nothing() -> None:
    text = "\n".join(f"def handler_{i}(request):\n    return render(request, 'x.html')"
                     for i in range(200))
    assert scan(text) == []


def test_line_numbers_count_from_block_start() -> None:
    token = tokens.huggingface_token()
    lines = ["import os", "", "x = 1", f'HF_TOKEN = "{token}"', "y = 2", f"other = '{token}'"]
    found = scan("\n".join(lines), start=40)
    assert [(f.line, f.rule, f.blocking) for f in found] == [
        (43, found[0].rule, True), (45, found[0].rule, True)
    ]
    assert "hugging" in found[0].rule


def test_finding_never_carries_the_raw_secret() -> None:
    token = tokens.github_token("ghp")
    (found,) = scan(f'token = "{token}"')
    serialized = json.dumps(found.to_json())
    assert token not in serialized
    assert token[4:-2] not in serialized
    assert found.redacted == redact(token)
    assert found.fingerprint == fingerprint(KEY, token)


def test_one_secret_flagged_by_several_detectors_is_reported_once_as_blocking() -> None:
    token = tokens.github_token("ghp")
    found = scan(f'api_key = "{token}"  # github')
    assert len(found) == 1
    assert found[0].blocking


def test_invalid_checksum_blocks_at_medium_confidence() -> None:
    token = tokens.github_token("ghp", valid=False)
    (found,) = scan(f'token = "{token}"')
    assert (found.blocking, found.confidence, found.reason) == (True, "medium", "")


def test_generic_detector_warns_unless_policy_blocks() -> None:
    secret = tokens.password(24)
    line = f'db_password = "{secret}"'
    warned = scan(line)
    assert warned and not any(f.blocking for f in warned)
    blocked = scan(line, policy=ScanConfig(generic_blocking=True))
    assert blocked and all(f.blocking for f in blocked)
    assert not any(f.reason for f in blocked)  # no "it does not block" on what blocks


@pytest.mark.parametrize(
    "text",
    [
        'aws_access_key_id = "AKIA' 'IOSFODNN7EXAMPLE"',  # AWS's documentation example
        'aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',
        'token = os.environ["HF_TOKEN"]',
        'password = "${DB_PASSWORD}"',
        'api_key = "<your-api-key>"',
        'token = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
    ],
)
def test_known_examples_and_placeholders_never_block(text: str) -> None:
    assert not [f for f in scan(text) if f.blocking]


def test_inline_pragma_same_line_and_next_line() -> None:
    token = tokens.huggingface_token()
    assert scan(f'HF = "{token}"  # pragma: allowlist secret') == []
    assert scan(f"# pragma: allowlist nextline secret\nHF = \"{token}\"") == []
    # the pragma covers only the next line
    assert len(scan(f"# pragma: allowlist nextline secret\nx = 1\nHF = \"{token}\"")) == 1


def test_nextline_pragma_on_an_unchanged_line_is_read_through_the_context() -> None:
    token = tokens.huggingface_token()
    calls: list[tuple[str, str, int]] = []

    def context(commit: str, path: str, line: int) -> str | None:
        calls.append((commit, path, line))
        return "# pragma: allowlist nextline secret"

    assert scan(f'HF = "{token}"', start=10, context=context) == []
    assert calls == [(COMMIT, "app/settings.py", 9)]


def test_pragmas_can_be_disabled_by_policy() -> None:
    token = tokens.huggingface_token()
    found = scan(f'HF = "{token}"  # pragma: allowlist secret',
                 policy=ScanConfig(inline_pragmas=False))
    assert len(found) == 1 and found[0].blocking


def test_server_allowlist_matches_fingerprint_rule_path_and_expiry() -> None:
    token = tokens.huggingface_token()
    digest = fingerprint(KEY, token)
    text = f'HF = "{token}"'
    rule = scan(text)[0].rule
    today = dt.date(2026, 6, 1)

    def allow(**entry: object) -> list[Finding]:
        allowlist = ServerAllowlist([AllowEntry(fingerprint=digest, reason="fixture",
                                                **entry)], today=today)  # type: ignore[arg-type]
        return scan(text, allowlist=allowlist)

    assert allow() == []
    assert allow(rule=rule, path="app/*") == []
    assert len(allow(path="tests/*")) == 1
    assert len(allow(rule="slack-token")) == 1
    assert len(allow(expires=dt.date(2026, 5, 31))) == 1
    assert allow(expires=today) == []


def test_baseline_allows_listed_secret_for_its_file_only() -> None:
    token = tokens.huggingface_token()
    sha1 = hashlib.sha1(token.encode(), usedforsecurity=False).hexdigest()
    baseline = Baseline({"app/settings.py": {sha1}})
    assert scan(f'HF = "{token}"', baseline=baseline) == []
    assert len(scan(f'HF = "{token}"', path="other.py", baseline=baseline)) == 1


def test_disabled_rules_are_not_reported() -> None:
    token = tokens.huggingface_token()
    rule = scan(f'HF = "{token}"')[0].rule
    assert scan(f'HF = "{token}"', policy=ScanConfig(disabled_rules=(rule,))) == []


def test_private_keys_are_fingerprinted_by_their_material() -> None:
    first = scan(tokens.private_key_block("RSA"))
    second = scan(tokens.private_key_block("RSA"))
    assert first and second and first[0].blocking
    assert first[0].fingerprint != second[0].fingerprint


@pytest.mark.parametrize(
    "path", ["vendor/dkim/docs/rfc6376.txt", "spec/RFC8410.html", "docs/draft-ietf-lamps-x.txt"]
)
def test_a_key_printed_in_a_standard_s_text_warns(path: str) -> None:
    """RFCs carry example keys (DKIM's, Ed25519's), and implementations vendor the RFC:
    such a key warns there, and the same key blocks anywhere else."""
    key = tokens.private_key_block("RSA", random.Random(path))
    [warning] = scan(key, path=path)
    assert (warning.rule, warning.blocking) == ("private-key", False)
    assert "standard" in warning.reason
    [finding] = scan(key, path="keys/dkim.key")
    assert finding.blocking and finding.fingerprint == warning.fingerprint


def test_deadline_raises_with_partial_result() -> None:
    token = tokens.huggingface_token()
    blocks = [AddedBlock(COMMIT, f"f{i}.py", 1, f'HF = "{token}"') for i in range(3)]
    with pytest.raises(BudgetExceeded) as caught:
        engine().scan(iter(blocks), deadline=0.0)
    assert len(caught.value.partial.findings) == 1


def result_with_findings() -> ScanResult:
    token = tokens.huggingface_token()
    items: list[AddedBlock | Skipped] = [
        AddedBlock(COMMIT, "a.py", 3, f'HF = "{token}"'),
        AddedBlock(COMMIT, "b.py", 7, f'db_password = "{tokens.password(24)}"'),
        Skipped(COMMIT, "big.bin", "binary"),
    ]
    return engine().scan(items)


def test_reports_hold_every_field_and_no_secret() -> None:
    result = result_with_findings()
    data = json.loads(to_json(result))
    assert {"commit", "path", "line", "rule", "blocking", "fingerprint", "redacted"} <= set(
        data["findings"][0]
    )
    assert data["stats"]["blocking"] == 1
    assert data["stats"]["skipped"] == [
        {"commit": COMMIT, "path": "big.bin", "reason": "binary", "oid": ""}
    ]
    assert data["stats"]["partial"] is False and data["stats"]["missing"] == []
    text = to_text(result)
    assert "a.py:3" in text and "not blocking" in text and "big.bin: binary" in text


def test_sarif_shape_for_code_scanning() -> None:
    sarif = json.loads(to_sarif(result_with_findings()))
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    levels = {r["level"] for r in run["results"]}
    assert levels == {"error", "warning"}
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["region"]["startLine"] >= 1
        assert not location["artifactLocation"]["uri"].startswith("/")
        assert result["partialFingerprints"]


def putty_key(body: str) -> str:
    return "\n".join([
        "PuTTY-User-Key-File-" + "3: ssh-ed25519",  # split: the repo scans itself in CI
        "Encryption: none", "Comment: deploy",
        "Public-Lines: 1", tokens.base64_secret(68), "Private-Lines: 1", body,
        "Private-MAC: " + tokens.hex_secret(64),
    ])


def test_putty_keys_are_fingerprinted_by_their_material() -> None:
    first = scan(putty_key(tokens.base64_secret(44)))
    second = scan(putty_key(tokens.base64_secret(44)))
    assert first and second and first[0].blocking and first[0].rule == "private-key"
    assert first[0].fingerprint != second[0].fingerprint


def test_a_putty_key_as_puttygen_saves_it_blocks() -> None:
    """A real key's public blob starts with runs of "A" (its length fields' zero bytes):
    the key is judged by its lines, as a PEM body is, not taken for a filler placeholder.
    Also written as string literals in a test, one literal a line."""
    key = tokens.putty_key_file(random.Random("putty"))
    literals = "KEY = (\n" + "\n".join(f"    '{line}\\n'" for line in key.split("\n")) + "\n)"
    for text, path, line in ((key, "deploy/ci.ppk", 1), (literals, "tests/test_keys.py", 2)):
        [finding] = [f for f in scan(text, path=path) if f.blocking]
        assert (finding.rule, finding.line) == ("private-key", line), path


def test_deadline_also_stops_long_stretches_without_candidates() -> None:
    interesting = engine().interesting_until(0.0)
    with pytest.raises(Exception) as caught:
        interesting(b"nothing to see here\n")
    with pytest.raises(BudgetExceeded):
        engine().scan(_raising(caught.value))


def _raising(exc: BaseException):  # type: ignore[no-untyped-def]
    raise exc
    yield  # a generator, like added_blocks, whose chunk check hit the deadline
