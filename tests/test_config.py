from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from pushguard import config
from pushguard.errors import ConfigError, ExitCode


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pushguard.toml"
    path.write_text(text)
    return path


def test_defaults_when_default_file_is_missing(tmp_path: Path) -> None:
    loaded = config.load(env={"PUSHGUARD_HOME": str(tmp_path)})
    assert loaded.hook.on_timeout == "fail-closed"
    assert loaded.scan.generic_blocking is False
    assert loaded.database_url == f"sqlite:///{tmp_path / 'pushguard.db'}"
    assert loaded.spool_dir == tmp_path / "spool"


def test_file_and_environment_override(tmp_path: Path) -> None:
    path = write(tmp_path, """
home = "/srv/pg"
[hook]
budget_seconds = 2
bypass_users = ["alice"]
[[allowlist]]
fingerprint = "ABCDEF0123456789"
reason = "test fixture"
path = "tests/*"
expires = 2030-01-01
[repos."team/app"]
generic_blocking = true
""")
    loaded = config.load(path, env={
        "PUSHGUARD_HOOK_ON_TIMEOUT": "fail-open",
        "PUSHGUARD_HOOK_BYPASS_USERS": "bob, carol",
        "PUSHGUARD_REDIS_URL": "redis://127.0.0.1:6390/0",
    })
    assert loaded.home == Path("/srv/pg")
    assert loaded.hook.budget_seconds == 2.0
    assert loaded.hook.on_timeout == "fail-open"
    assert loaded.hook.bypass_users == ("bob", "carol")
    assert loaded.service.redis_url == "redis://127.0.0.1:6390/0"
    assert loaded.allowlist[0].expires == dt.date(2030, 1, 1)
    assert loaded.scan_for("team/app").generic_blocking is True
    assert loaded.scan_for("other/app").generic_blocking is False


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[hook]\nbudget_secs = 3\n", "[hook]: unknown key(s) budget_secs"),
        ("[hook]\nbudget_seconds = 'soon'\n", "budget_seconds: expected a number"),
        ("[hook]\non_timeout = 'maybe'\n", "on_timeout: expected one of"),
        ("[scan]\ninline_pragmas = 'perhaps'\n", "inline_pragmas: expected true or false"),
        ("[[allowlist]]\nreason = 'x'\n", "missing required key(s) fingerprint"),
        ("[[allowlist]]\nfingerprint='a'\nreason='x'\nexpires='soon'\n", "expected a date"),
        ("colour = 'blue'\n", "unknown key(s) colour"),
        ("[hook\n", "not valid TOML"),
    ],
)
def test_bad_keys_get_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("(", r"\(")
                       .replace(")", r"\)")):
        config.load(write(tmp_path, text), env={})


def test_bad_environment_value_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="max_blob_bytes: expected a number"):
        config.load(env={"PUSHGUARD_SCAN_MAX_BLOB_BYTES": "lots", "PUSHGUARD_HOME": str(tmp_path)})


def test_explicit_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        config.load(env={"PUSHGUARD_CONFIG": str(tmp_path / "nope.toml")})


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pushguard", *args],
                          capture_output=True, text=True, check=False)


def test_config_check_exit_codes(tmp_path: Path) -> None:
    good = run_cli("config", "check", str(write(tmp_path, "[hook]\nbudget_seconds = 3\n")))
    assert good.returncode == ExitCode.OK, good.stderr
    assert "OK" in good.stdout
    bad = run_cli("config", "check", str(write(tmp_path, "[hook]\nbudget = 3\n")))
    assert bad.returncode == ExitCode.CONFIG
    assert "unknown key(s) budget" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_config_check_reports_every_problem_one_line_each(tmp_path: Path) -> None:
    path = write(tmp_path, """
[hook]
budget = 3
on_timeout = "sometimes"

[scan]
max_blob_bytes = "big"

[[allowlist]]
fingerprint = "a5c9b3ac25c21d53"
reason = "16 digits, as scan printed them: a prefix, accepted"

[[allowlist]]
fingerprint = "a5c9b3ac"
reason = "too short to mean anything"

[[allowlist]]
fingerprint = "not-hex-at-all"
reason = "x"

[[allowlist]]
fingerprint = "a5c9b3ac25c21d53bab7874d439a934e8af1f057800186281dc05b189229a110"
""")
    proc = run_cli("config", "check", str(path))
    assert proc.returncode == ExitCode.CONFIG
    lines = proc.stderr.strip().splitlines()
    expected = [
        "[scan] max_blob_bytes",
        "[hook]: unknown key(s) budget",
        "[hook] on_timeout",
        "[[allowlist]] #2 fingerprint 'a5c9b3ac' is too short",
        "[[allowlist]] #3 fingerprint 'not-hex-at-all' is not hexadecimal",
        "[[allowlist]] #4: missing required key(s) reason",
    ]
    assert len(lines) == len(expected), proc.stderr
    for line, fragment in zip(lines, expected, strict=True):
        assert fragment in line and line.startswith(str(path))
    # elsewhere one line names the first problem and counts the rest
    with pytest.raises(ConfigError, match=r"max_blob_bytes.* \(and 5 more: `pushguard config"):
        config.load(path, env={})


def test_an_allowlist_prefix_of_16_digits_suppresses_the_finding() -> None:
    from pushguard.scan.allowlist import ServerAllowlist

    full = "a5c9b3ac25c21d53bab7874d439a934e8af1f057800186281dc05b189229a110"
    for given in (full, full[:16], full.upper()):
        entries = [config.AllowEntry(fingerprint=given, reason="r")]
        assert ServerAllowlist(entries).allows(full, "any-rule", "a.py"), given
    other = "a5c9b3ac25c21d54" + full[16:]
    assert not ServerAllowlist([config.AllowEntry(full[:16], "r")]).allows(other, "x", "a.py")
