"""Passwords under the settings products document for them (container images' variables,
Spring Boot, Ansible, Android signing): a generated value blocks, what people type there
(samples, a name and a number) only warns."""

from __future__ import annotations

import random

import pytest

from pushguard.scan.secrets import fingerprint
from tests.helpers import tokens as t
from tests.scan.test_engine import KEY, scan

RULE = "setting-password"
PW = t.high_entropy(20, t.ALNUM, random.Random(71))

PLACED = [
    ("compose-mapping", "docker-compose.yml",
     f"services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: {PW}\n", 4, "postgres"),
    ("compose-list", "compose.yaml", f"    environment:\n      - MYSQL_ROOT_PASSWORD={PW}\n", 2,
     "mysql"),
    ("compose-json", "docker-compose.json", f'{{"MONGO_INITDB_ROOT_PASSWORD": "{PW}"}}\n', 1,
     "mongodb"),
    ("dotenv", ".env", f"DB_CONNECTION=mysql\nDB_PASSWORD={PW}\n", 2, "database"),
    ("dockerfile", "Dockerfile", f"FROM postgres:16\nENV POSTGRES_PASSWORD={PW}\n", 2,
     "postgres"),
    ("docker-run", "run.sh", f"docker run -e RABBITMQ_DEFAULT_PASS={PW} rabbitmq:3\n", 1,
     "rabbitmq"),
    ("bitnami", "compose.yaml", f"    image: bitnami/postgresql:16\n    environment:\n"
     f"      - POSTGRESQL_PASSWORD={PW}\n", 3, "postgres"),
    # the clients' own variables: libpq's, in a deploy script
    ("libpq-variable", "deploy/backup.sh", f"export PGPASSWORD={PW}\n", 1, "postgres"),
    ("smtp-pass", ".env", f"SMTP_HOST=smtp.acme.io\nSMTP_PASS={PW}\n", 2, "smtp"),
    ("spring", "src/main/resources/application.properties",
     f"spring.datasource.password={PW}\n", 1, "spring"),
    ("spring-yaml-flat", "src/main/resources/application.yml",
     f"spring.datasource.password: {PW}\n", 1, "spring"),
    ("spring-yaml-nested", "src/main/resources/application.yml",
     f"spring:\n  application:\n    name: shop\n  datasource:\n    url: jdbc:postgresql://db/shop\n"
     f"    username: shop\n    # from the vault\n    password: {PW}\n  jpa:\n    show-sql: true\n",
     8, "spring"),
    ("spring-yaml-dotted-group", "application.yaml",
     f"spring.data.redis:\n  host: cache\n  password: '{PW}'\n", 3, "spring"),
    ("rails-database-yml", "config/database.yml",
     f"default: &default\n  adapter: postgresql\n  pool: 5\n\nproduction:\n  <<: *default\n"
     f"  database: shop_production\n  password: {PW}\n", 8, "rails"),
    ("django-databases", "shop/settings.py",
     "DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.postgresql',\n"
     f"        'NAME': 'shop',\n        'USER': 'shop',\n        'PASSWORD': '{PW}',\n"
     "    }\n}\n", 6, "django"),
    ("django-email", "shop/settings.py", f'EMAIL_HOST_PASSWORD = "{PW}"\n', 1, "smtp"),
    ("dotenv-smtp", ".env.production", f"SMTP_HOST=smtp.example.com\nSMTP_PASSWORD={PW}\n", 2,
     "smtp"),
    ("wp-config", "wp-config.php",
     f"<?php\ndefine( 'DB_NAME', 'shop' );\ndefine( 'DB_PASSWORD', '{PW}' );\n", 3, "database"),
    ("environ-default", "shop/db.py", f'PASSWORD = os.environ.get("DB_PASSWORD", "{PW}")\n', 1,
     "database"),
    ("ansible", "inventory/group_vars/all.yml", f"ansible_become_password: {PW}\n", 1, "ansible"),
    # an environment variable's name as a lowercase YAML or TOML key
    ("yaml-lowercase", "config/app.yml", f"mail:\n  smtp_password: \"{PW}\"\n", 2, "smtp"),
    ("toml-lowercase", "config.toml", f"[database]\ndb_password = \"{PW}\"\n", 2, "database"),
    ("gradle", "app/build.gradle", f'        release {{\n            storePassword "{PW}"\n', 2,
     "android"),
    ("keystore", "keystore.properties", f"storeFile=upload.jks\nkeyPassword={PW}\n", 2,
     "android"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "text", "line", "provider"), [p[1:] for p in PLACED], ids=[p[0] for p in PLACED]
)
def test_a_generated_password_under_a_documented_setting_blocks(
    path: str, text: str, line: int, provider: str
) -> None:
    found = [f for f in scan(text, path=path) if f.blocking]
    assert [(f.rule, f.line, f.provider, f.fingerprint) for f in found] == [
        (RULE, line, provider, fingerprint(KEY, PW))
    ]


TYPED = [
    ("sample-word", "      MYSQL_ROOT_PASSWORD: harborview"),
    ("word-and-number", "      - MYSQL_PASSWORD=compose@123"),
    ("short-sample", "      - MYSQL_ROOT_PASSWORD=db-x7k2q"),
    ("name-and-year", "      MYSQL_ROOT_PASSWORD: Marisol1987"),
    ("default", "      - POSTGRES_PASSWORD=postgres"),
    ("wp-config-sample", "define( 'DB_PASSWORD', 'password_here' );"),
]


@pytest.mark.parametrize("line", [c[1] for c in TYPED], ids=[c[0] for c in TYPED])
def test_what_people_type_there_only_warns(line: str) -> None:
    found = scan(line + "\n", path="docker-compose.yml")
    assert [f.rule for f in found if f.blocking] == []


NOT_PASSWORDS = [
    ("secret-file", "      - POSTGRES_PASSWORD_FILE=/run/secrets/db-password"),
    ("variable", "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}"),
    ("default-of-variable", "spring.datasource.password=${DB_PASSWORD:}"),
    ("code", "DB_PASSWORD = os.environ['DB_PASSWORD']"),
    ("php-getenv", "define('DB_PASSWORD', getenv('WORDPRESS_DB_PASSWORD'));"),
    ("csv-header", f"DB_PASSWORD,{PW}"),
    ("longer-name", f"TF_VAR_DB_PASSWORD_HASH={PW}"),
]


@pytest.mark.parametrize("line", [c[1] for c in NOT_PASSWORDS], ids=[c[0] for c in NOT_PASSWORDS])
def test_what_is_no_password_there_does_not_block(line: str) -> None:
    assert [f.rule for f in scan(line + "\n", path="deploy/app.env") if f.blocking] == []


def test_a_lowercase_name_counts_as_a_config_key_only() -> None:
    """In code ``db_password = "..."`` is any variable's name (the keyword detector warns);
    as a YAML or TOML key it names the setting."""
    assert [f.rule for f in scan(f'db_password = "{PW}"\n', path="app/db.py") if f.blocking] == []
    assert [f.rule for f in scan(f'db_password = "{PW}"\n', path="app.toml") if f.blocking] == [
        RULE
    ]


def test_a_providers_token_given_as_the_password_keeps_its_own_rule() -> None:
    token = t.github_token("ghp")
    found = scan(f"      REDIS_PASSWORD: {token}\n", path="docker-compose.yml")
    assert [f.rule for f in found if f.blocking] == ["github-token"]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        # nested, but not under one of Spring Boot's groups: a keyword, it warns
        ("config/app.yml", f"app:\n  smtp:\n    password: {PW}\n"),
        ("application.yml", f"spring:\n  custom:\n    password: {PW}\n"),
        # an environment's section that is no database's
        ("config/app.yml", f"production:\n  smtp_host: mail\n  password: {PW}\n"),
        # a dict's "PASSWORD" with no Django database above it
        (
            "app/clients.py",
            f'CLIENT = {{\n    "URL": "https://x.io",\n    "PASSWORD": "{PW}",\n}}\n',
        ),
        # nested under spring.datasource, in a file that is not YAML
        ("notes/setup.md", f"spring:\n  datasource:\n    password: {PW}\n"),
    ],
)
def test_a_nested_password_blocks_only_under_spring_or_a_rails_database(
    path: str, text: str
) -> None:
    assert [f.rule for f in scan(text, path=path) if f.blocking] == []
