"""Users' own rules (issue 8, item 4): `[scan] rules` globs of gitleaks/betterleaks TOML and
Kingfisher YAML, validated by `pushguard config check`, listed by `pushguard rules list`,
tried on a sample by `pushguard rules test`, and applied by every scan."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import tokens as t
from tests.helpers.catalogue import CACHE, needs_catalogue
from tests.helpers.gitrepo import GitRepo

pytestmark = needs_catalogue

TOML_RULES = """
[[rules]]
id = "acme-service-token"
description = "Acme service token"
regex = '''\\b(acme_[a-z0-9]{24})\\b'''
keywords = ["acme_"]
"""
YAML_RULES = """
rules:
  - name: Widget API key
    id: widget.api_key
    pattern: '\\b(wgt_[A-Z0-9]{20})\\b'
    confidence: medium
"""


def acme_token(rng: random.Random) -> str:
    return "acme_" + t.rand(24, t.LOWER_ALNUM, rng)


def widget_key(rng: random.Random) -> str:
    return "wgt_" + t.rand(20, t.UPPER_ALNUM, rng)


@pytest.fixture(scope="module")
def own_rules_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The TOML and YAML rules, for the tests that only read them: with the same files (the
    catalogue's cache key is their paths and mtimes) the catalogue with users' rules is
    compiled once for the module, not once per test (seconds each)."""
    rules = {"acme.toml": TOML_RULES, "widget.yml": YAML_RULES}
    return setup(tmp_path_factory.mktemp("own-rules"), rules)


def setup(tmp_path: Path, rules: dict[str, str]) -> Path:
    (tmp_path / "rules").mkdir()
    for name, text in rules.items():
        (tmp_path / "rules" / name).write_text(text)
    config = tmp_path / "pushguard.toml"
    config.write_text(
        f'home = "{tmp_path / "home"}"\n[scan]\nrules = ["rules/*.toml", "rules/*.yml"]\n'
        f'catalogue_cache = "{CACHE}"\n'
    )
    return config


def pushguard(*args: str, stdin: str | None = None, cwd: Path | None = None) -> (
    subprocess.CompletedProcess[str]
):
    env = {k: v for k, v in os.environ.items() if k != "PUSHGUARD_CONFIG"}
    return subprocess.run(
        [sys.executable, "-m", "pushguard", *args], input=stdin, cwd=cwd, env=env,
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_config_check_names_each_bad_rule_on_its_own_line(tmp_path: Path) -> None:
    bad_toml = TOML_RULES + (
        "\n[[rules]]\nid = \"broken\"\nregex = '''acme_[a-z0-9{24'''\n"
        "\n[[rules]]\ndescription = \"no id\"\nregex = \"x\"\n"
    )
    bad_yaml = "rules:\n  - id: nameless\n    pattern: 'x{3}'\n"
    config = setup(tmp_path, {"acme.toml": bad_toml, "widget.yml": bad_yaml})
    done = pushguard("config", "check", str(config))
    assert done.returncode == 3, done.stdout
    lines = done.stderr.strip().splitlines()
    assert any("acme.toml: rule 'broken': regex does not compile" in line for line in lines)
    assert any("acme.toml: rule #3: missing id" in line for line in lines)
    assert any("widget.yml: rule 'nameless': missing name" in line for line in lines)
    assert "3 problem(s)" in lines[-1]
    (tmp_path / "rules" / "acme.toml").write_text(TOML_RULES)
    (tmp_path / "rules" / "widget.yml").write_text(YAML_RULES)
    fixed = pushguard("config", "check", str(config))
    assert fixed.returncode == 0, fixed.stderr
    assert "own rule files: 2" in fixed.stdout
    assert "catalogue tier on" in fixed.stdout


def test_a_scan_with_a_rule_file_that_does_not_load_is_a_configuration_error(
    tmp_path: Path, git_repo: GitRepo
) -> None:
    """Not an internal error: exit 3, one line naming the file and where to look."""
    config = setup(tmp_path, {"team.toml": "[[rules]]\nid = \"team\"\nregex = '''x{3'''\n"})
    git_repo.commit({"app.py": "x = 1\n"})
    done = pushguard("scan", str(git_repo.path), "--config", str(config))
    assert done.returncode == 3, done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("pushguard: error: the rule catalogue did not load")
    assert "team.toml" in line and "pushguard config check" in line


def test_config_check_reports_a_glob_that_matches_nothing(tmp_path: Path) -> None:
    config = setup(tmp_path, {"acme.toml": TOML_RULES})
    done = pushguard("config", "check", str(config))
    assert done.returncode == 3
    assert "rules 'rules/*.yml': matches no file" in done.stderr


def test_rules_list_shows_the_catalogue_and_own_rules_by_provider(own_rules_config: Path) -> None:
    config = own_rules_config
    done = pushguard("rules", "list", "--config", str(config), "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = {row["rule"]: row for row in json.loads(done.stdout)["rules"]}
    assert rows["custom.acme-service-token"]["tier"] == "custom"
    assert rows["widget.api_key"]["provider"] == "widget"
    assert rows["betterleaks.groq-api-key"]["blocking"] is True
    assert rows["github-token"]["tier"] == "pushguard"
    assert (rows["github-token"]["verify"], rows["github-token"]["revoke"]) == (True, True)
    assert len(rows) > 400
    # one detector's several rules are each a row, a rule two detectors report is one
    registry = rows["azure-container-registry-key"]
    assert (registry["tier"], registry["provider"], registry["blocking"]) == (
        "pushguard", "azure", True
    )  # fmt: skip
    pushguard_rows = [r for r in json.loads(done.stdout)["rules"] if r["tier"] == "pushguard"]
    assert [r["rule"] for r in pushguard_rows].count("azure-storage-key") == 1
    groq = pushguard("rules", "list", "--config", str(config), "--provider", "groq")
    assert [line.split()[1] for line in groq.stdout.splitlines()[:-1]] == [
        "betterleaks.groq-api-key"
    ]


def test_rules_test_shows_what_each_rule_finds_redacted(
    own_rules_config: Path, tmp_path: Path
) -> None:
    config = own_rules_config
    rng = random.Random(4)
    acme, widget = acme_token(rng), widget_key(rng)
    sample = tmp_path / "sample.env"
    sample.write_text(f"# staging\nACME={acme}\nWIDGET_KEY=\"{widget}\"\n")
    done = pushguard("rules", "test", str(sample), "--config", str(config))
    assert done.returncode == 1, done.stderr
    assert f"{sample}:2  custom.acme-service-token [acme, medium]" in done.stdout
    assert f"{sample}:3  widget.api_key [widget, medium]" in done.stdout
    assert acme not in done.stdout and widget not in done.stdout
    clean = pushguard("rules", "test", "-", "--config", str(config), stdin="x = 1\n")
    assert clean.returncode == 0 and "0 finding(s)" in clean.stdout


def only_finding(config: Path, git_repo: GitRepo, files: dict[str, str]) -> dict[str, object]:
    """Commit ``files``, scan the repository: the one finding, which blocks the scan."""
    git_repo.commit(files)
    done = pushguard("scan", str(git_repo.path), "--config", str(config), "--format", "json")
    assert done.returncode == 1, done.stderr
    [finding] = json.loads(done.stdout)["findings"]
    return dict(finding)


def test_a_scan_applies_users_rules(own_rules_config: Path, git_repo: GitRepo) -> None:
    token = acme_token(random.Random(5))
    finding = only_finding(
        own_rules_config, git_repo, {"deploy.sh": f"export ACME_TOKEN={token}\n"}
    )
    assert (finding["rule"], finding["provider"], finding["blocking"]) == (
        "custom.acme-service-token", "acme", True)  # fmt: skip


def test_a_users_rule_is_not_held_to_a_services_documented_format(
    tmp_path: Path, git_repo: GitRepo
) -> None:
    """W&B documents 40-hex keys, and a catalogue match of another shape only warns; a rule
    a user wrote for their own W&B token format blocks what it matches."""
    rule = TOML_RULES.replace("acme-service-token", "wandb-api-token").replace("acme_", "wbt_")
    config = setup(tmp_path, {"team.toml": rule})
    token = "wbt_" + t.rand(24, t.LOWER_ALNUM, random.Random(6))
    finding = only_finding(config, git_repo, {"ci.env": f"TEAM_TOKEN={token}\n"})
    assert (finding["rule"], finding["provider"], finding["blocking"]) == (
        "custom.wandb-api-token", "wandb", True)  # fmt: skip


@pytest.mark.parametrize("sample", ["missing.txt"])
def test_rules_test_on_an_unreadable_sample_is_a_usage_error(tmp_path: Path, sample: str) -> None:
    done = pushguard("rules", "test", str(tmp_path / sample))
    assert done.returncode == 2 and "cannot read" in done.stderr
