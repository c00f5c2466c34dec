"""Passwords in the settings files detect-secrets' keyword plugin knows no type for: it
reads file types by extension, and a value that is not quoted only counts in the types it
knows as config files. Dotenv files, Dockerfiles, shell scripts, XML settings (.NET's
``web.config``) and PHP ``define()`` hold most of the passwords a repository leaks. Each is
a keyword shape, so it warns (issue 8's policy). What blocks instead: a generated value under
a product's own setting, ``DB_PASSWORD`` or ``SMTP_PASSWORD`` (``test_setting_password``),
and any password in a file or setting that exists to hold one, ``.pypirc``, Maven's
``settings.xml`` or Redis' ``requirepass`` (``test_tool_config_credential``)."""

from __future__ import annotations

import random

import pytest

from pushguard.scan.secrets import fingerprint
from tests.helpers import tokens as t
from tests.scan.test_engine import KEY, scan

PW = t.password(20, random.Random(97)).replace("!", "x").replace("*", "y").replace("~", "z")

PLACED = [
    (".env", f"ADMIN_PASSWORD={PW}"),
    ("deploy/.env.production", f"API_SECRET={PW}"),
    ("services/mail.env", f"RELAY_PASSWORD={PW}"),
    ("Dockerfile", f"ENV APP_PASSWORD={PW}"),
    ("scripts/deploy.sh", f"export APP_PASSWORD={PW}"),
    ("pom.xml", f"      <password>{PW}</password>"),
    ("Web.config", f'    <add key="DbPassword" value="{PW}" />'),
    ("wp-config.php", f"define( 'BACKUP_PASSWORD', '{PW}' );"),
    ("sentinel.conf", f"masterauth {PW}"),
]


@pytest.mark.parametrize(("path", "line"), PLACED, ids=[p[0] for p in PLACED])
def test_a_password_in_a_settings_file_warns(path: str, line: str) -> None:
    found = scan(line + "\n", path=path)
    assert [(f.rule, f.blocking, f.fingerprint) for f in found] == [
        ("secret-keyword", False, fingerprint(KEY, PW))
    ]


NOT_PASSWORDS = [
    ("scripts/deploy.sh", "DB_PASSWORD=$1"),
    ("scripts/deploy.sh", 'DB_PASSWORD="${DB_PASSWORD:-}"'),
    ("scripts/deploy.sh", "PASSWORD=$(cat /run/secrets/db)"),
    ("scripts/deploy.sh", "read -s -p 'Password: ' PASSWORD"),
    (".env", "DB_PASSWORD="),
    (".env", "DB_PASSWORD=changeme"),
    ("Dockerfile", "ENV DB_PASSWORD_FILE=/run/secrets/db"),
    (".m2/settings.xml", "<password>${env.NEXUS_PASSWORD}</password>"),
    # Maven's encrypted form ({...}, settings-security.xml holds its master key)
    (".m2/settings.xml", "<password>{" + PW + "=}</password>"),
    # not a markup file: an element in a page is text, not a setting
    ("docs/index.html", f"<password>{PW}</password>"),
    # not a PHP file
    ("notes.txt", f"define('BACKUP_PASSWORD', '{PW}')"),
    # redis.conf's own commented default, and a template
    ("redis.conf", "# requirepass foobared"),
    ("redis.conf", 'requirepass "${REDIS_PASSWORD}"'),
]


@pytest.mark.parametrize(("path", "line"), NOT_PASSWORDS)
def test_what_is_no_password_there_is_not_reported(path: str, line: str) -> None:
    assert scan(line + "\n", path=path) == []
