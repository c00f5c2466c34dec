"""PostgreSQL password files: an entry's password blocks in a ``.pgpass`` (or
``pgpass.conf``) and on a line that writes one; defaults, placeholders, comments and
look-alike lines elsewhere do not. Passwords are drawn at run time."""

from __future__ import annotations

import random

import pytest

from pushguard.scan.secrets import fingerprint
from pushguard.scan.types import Finding
from tests.helpers import tokens as t
from tests.scan.test_catalogue import KEY, scan

RULE = "pgpass-password"


def blocking(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.blocking]


@pytest.mark.parametrize(
    ("path", "template", "line"),
    [
        (".pgpass", "# production\ndb.internal:5432:app:app_user:{pw}\n", 2),
        ("home/deploy/.pgpass", "*:*:*:replicator:{pw}\n", 1),
        ("AppData/Roaming/postgresql/pgpass.conf", "localhost:5432:*:postgres:{pw}\n", 1),
        ("pgadmin/pgpassfile", "db.internal:5432:*:app:{pw}\n", 1),  # pgAdmin's PassFile
        ("Dockerfile", 'RUN echo "db:5432:app:app:{pw}" > /root/.pgpass\n', 1),
        ("scripts/setup.sh", "printf '%s\\n' 'pg.corp:6432:ledger:ops:{pw}' >> ~/.pgpass\n", 1),
    ],
)  # fmt: skip
def test_an_entry_s_password_blocks(path: str, template: str, line: int) -> None:
    pw = t.password(20, random.Random(path))
    [finding] = blocking(scan(template.format(pw=pw), path))
    assert (finding.rule, finding.line) == (RULE, line)
    assert finding.fingerprint == fingerprint(KEY, pw)
    assert pw not in finding.redacted


def test_an_escaped_colon_stays_in_the_password() -> None:
    rng = random.Random(3)
    left, right = t.rand(10, rng=rng), t.rand(10, rng=rng)
    [finding] = blocking(scan(f"db:5432:app:app:{left}\\:{right}\n", ".pgpass"))
    assert finding.fingerprint == fingerprint(KEY, f"{left}\\:{right}")


@pytest.mark.parametrize(
    ("path", "text"),
    [
        (".pgpass", "localhost:5432:app:postgres:postgres\n"),  # a local default
        (".pgpass", "db:5432:app:app:{{your_password}}\n"),  # a template
        (".pgpass", "# db:5432:app:app:{pw}\n"),  # a comment
        # the same shape where no password file is meant
        ("logs/app.log", "2024-05-01 12:30:45:INFO:worker:{pw}\n"),
        ("data/routes.csv", "edge-7:8080:eu-west:fra:{pw}\n"),
    ],
)
def test_defaults_placeholders_and_other_files_do_not_block(path: str, text: str) -> None:
    pw = t.password(20, random.Random(text))
    assert blocking(scan(text.format(pw=pw), path)) == []


def test_a_string_literal_s_escape_ends_the_entry() -> None:
    """In code, "...:postgres\\n" is the default "postgres" and a newline, not a password."""
    line = 'PGPASS_ENTRY = "localhost:5432:app:postgres:postgres\\n"\n'
    assert blocking(scan(line, "setup.py")) == []


def test_code_named_for_the_file_is_not_one() -> None:
    """A test module or a script about password files holds entries as strings: only a
    line that writes one counts there, not every entry-shaped line."""
    pw = t.password(20, random.Random("code"))
    for path in ("tests/test_pgpass.py", "scripts/write-pgpass.sh"):
        assert blocking(scan(f'ENTRY = "db:5432:app:app:{pw}"\n', path)) == []
