"""Plaintext secrets in Jenkins credential XML block; Jenkins' own ciphertext and
placeholders do not."""

from __future__ import annotations

import base64
import json
import os
import random
from pathlib import Path

import pytest

from pushguard.scan.secrets import fingerprint
from pushguard.scan.types import Finding
from tests.helpers import tokens as t
from tests.helpers.cli import run_pushguard
from tests.helpers.gitrepo import GitRepo
from tests.scan.test_catalogue import KEY, scan

STRING = "org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl"
USER = "com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl"


def credentials_xml(*entries: str) -> str:
    """A controller's credentials.xml, as Jenkins writes it, holding ``entries``."""
    return (
        "<?xml version='1.1' encoding='UTF-8'?>\n"
        '<com.cloudbees.plugins.credentials.SystemCredentialsProvider plugin="credentials@1337">\n'
        '  <domainCredentialsMap class="hudson.util.CopyOnWriteMap$Hash">\n'
        "    <entry>\n"
        "      <com.cloudbees.plugins.credentials.domains.Domain>\n"
        "        <specifications/>\n"
        "      </com.cloudbees.plugins.credentials.domains.Domain>\n"
        "      <java.util.concurrent.CopyOnWriteArrayList>\n"
        + "".join(entries)
        + "      </java.util.concurrent.CopyOnWriteArrayList>\n"
        "    </entry>\n"
        "  </domainCredentialsMap>\n"
        "</com.cloudbees.plugins.credentials.SystemCredentialsProvider>\n"
    )


def string_credential(ident: str, secret: str, description: str = "") -> str:
    return (
        f"        <{STRING}>\n"
        "          <scope>GLOBAL</scope>\n"
        f"          <id>{ident}</id>\n"
        f"          <description>{description}</description>\n"
        f"          <secret>{secret}</secret>\n"
        f"        </{STRING}>\n"
    )


def user_credential(ident: str, password: str) -> str:
    return (
        f"        <{USER}>\n"
        "          <scope>GLOBAL</scope>\n"
        f"          <id>{ident}</id>\n"
        "          <description></description>\n"
        "          <username>deployer</username>\n"
        f"          <password>{password}</password>\n"
        f"        </{USER}>\n"
    )


def ciphertext(rng: random.Random) -> str:
    """A secret as Jenkins stores it: encrypted with the controller's key, base64 in braces."""
    return "{" + base64.b64encode(rng.randbytes(64)).decode() + "}"


def blocking(found: list[Finding]) -> list[tuple[str, str, int]]:
    return [(f.rule, f.provider, f.line) for f in found if f.blocking]


def test_a_plaintext_secret_blocks_as_the_service_its_id_names() -> None:
    key = t.high_entropy(32, t.ALNUM, random.Random(1))
    text = credentials_xml(string_credential("shodan-api-key", key, "recon jobs"))
    found = scan(text, "jenkins_home/credentials.xml")
    assert blocking(found) == [("jenkins-credential", "shodan", 13)]
    [finding] = [f for f in found if f.blocking]
    assert finding.fingerprint == fingerprint(KEY, key) and key not in finding.redacted


def test_a_plaintext_password_blocks_without_a_service() -> None:
    password = t.password(20, random.Random(2))
    text = credentials_xml(user_credential("deploy-user", password))
    assert blocking(scan(text, "credentials.xml")) == [("jenkins-credential", "", 14)]


def test_a_provider_token_in_a_credential_is_reported_under_the_provider_s_rule() -> None:
    token = t.github_token(rng=random.Random(3))
    text = credentials_xml(string_credential("ci-bot", token))
    assert [(rule, line) for rule, _, line in blocking(scan(text, "credentials.xml"))] == [
        ("github-token", 13)
    ]


@pytest.mark.parametrize(
    "value",
    [
        "{ciphertext}",  # what Jenkins itself writes
        "${DEPLOY_TOKEN}",  # filled in by configuration as code
        "{{ vault_jenkins_token }}",  # an Ansible template's
        "{your-api-token}",
        "changeme",
    ],
)
def test_ciphertext_and_placeholders_do_not_block(value: str) -> None:
    value = value.replace("{ciphertext}", ciphertext(random.Random(4)))
    text = credentials_xml(string_credential("slack-token", value), user_credential("db", value))
    assert blocking(scan(text, "credentials.xml")) == []


def test_a_password_element_outside_a_credential_is_not_this_rule_s() -> None:
    password = t.password(20, random.Random(5))
    text = (
        "<settings>\n  <servers>\n    <server>\n      <id>nexus</id>\n"
        f"      <password>{password}</password>\n    </server>\n  </servers>\n</settings>\n"
    )
    assert "jenkins-credential" not in {f.rule for f in scan(text, "config/settings.xml")}


def test_a_history_scan_reports_the_plaintext_secret_where_it_was_committed(
    tmp_path: Path, git_repo: GitRepo
) -> None:
    password = t.password(20, random.Random(6))
    git_repo.commit({"README.md": "# ci\n"})
    first = git_repo.commit({"jenkins/credentials.xml": credentials_xml(
        user_credential("registry", password)
    )})  # fmt: skip
    env = {**os.environ, "PUSHGUARD_HOME": str(tmp_path / "home"), "PUSHGUARD_CONFIG": ""}
    done = run_pushguard("scan", str(git_repo.path), "--format", "json", cwd=tmp_path, env=env)
    assert done.returncode == 1, done.stderr
    [finding] = json.loads(done.stdout)["findings"]
    assert (finding["rule"], finding["line"]) == ("jenkins-credential", 14)
    assert finding["commit"] == first
    assert password not in done.stdout
