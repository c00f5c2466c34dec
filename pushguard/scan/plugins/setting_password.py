"""Passwords under the settings products document for them: the official container images'
variables (``POSTGRES_PASSWORD``, ``MYSQL_ROOT_PASSWORD``, ``RABBITMQ_DEFAULT_PASS``, ...),
Spring Boot's properties (``spring.datasource.password``, ..., flat or nested in
``application.yml``: ``provider_nearby`` reads the groups above), Ansible's connection
variables (``ansible_become_password``, ...), Android's and Gradle's signing and publishing
properties (``storePassword``, ``signing.password``, ...) and the database settings of
Laravel's and WordPress' ``.env`` (``DB_PASSWORD``, which ``wp-config.php`` defines), of
Rails' ``database.yml`` and of Django's ``DATABASES`` (and its ``EMAIL_HOST_PASSWORD``).
Compose files, ``.env`` files, Dockerfiles, inventories, settings modules and
``gradle.properties`` hold them.

The name says whose credential the value is (the finding's provider: ``postgres``,
``spring``, ``ansible``), as a connection string's driver does (``connection_string``),
where a keyword alone (``password = ...``) only warns. What people type there does not
block: the samples of tutorials and compose files (``whalehello``, ``docker@123``,
``db-57xsl``) and passwords made of a name and a number. The value must look drawn by a
generator (``openssl rand``, a password manager): 14 characters or more, letters and digits,
varied; and is judged as a URL's password is (``passwords.is_credential``).
The others still warn, through the keyword detector.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from pushguard.scan.encoded import decoded_text
from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import digits_and_letters, matches_at, shannon_entropy
from pushguard.scan.plugins.passwords import is_credential
from pushguard.scan.types import Match

_OWNERS = (
    # official container images
    ("postgres", "POSTGRES_PASSWORD"), ("mysql", "MYSQL_ROOT_PASSWORD", "MYSQL_PASSWORD"),
    ("mariadb", "MARIADB_ROOT_PASSWORD", "MARIADB_PASSWORD"),
    ("mongodb", "MONGO_INITDB_ROOT_PASSWORD"), ("rabbitmq", "RABBITMQ_DEFAULT_PASS"),
    ("mssql", "MSSQL_SA_PASSWORD", "SA_PASSWORD"), ("elasticsearch", "ELASTIC_PASSWORD"),
    ("minio", "MINIO_ROOT_PASSWORD"), ("grafana", "GF_SECURITY_ADMIN_PASSWORD"),
    ("keycloak", "KEYCLOAK_ADMIN_PASSWORD", "KC_BOOTSTRAP_ADMIN_PASSWORD", "KC_DB_PASSWORD"),
    ("wordpress", "WORDPRESS_DB_PASSWORD"), ("nextcloud", "NEXTCLOUD_ADMIN_PASSWORD"),
    ("influxdb", "DOCKER_INFLUXDB_INIT_PASSWORD"), ("pgadmin", "PGADMIN_DEFAULT_PASSWORD"),
    ("couchdb", "COUCHDB_PASSWORD"), ("clickhouse", "CLICKHOUSE_PASSWORD"),
    ("arangodb", "ARANGO_ROOT_PASSWORD"), ("redis", "REDIS_PASSWORD", "REDISCLI_AUTH"),
    ("oracle", "ORACLE_PASSWORD", "APP_USER_PASSWORD"), ("gitlab", "GITLAB_ROOT_PASSWORD"),
    ("sonarqube", "SONAR_JDBC_PASSWORD", "SONARQUBE_JDBC_PASSWORD"),
    ("harbor", "HARBOR_ADMIN_PASSWORD"),
    # Bitnami's images of the same servers
    ("postgres", "POSTGRESQL_PASSWORD", "POSTGRESQL_POSTGRES_PASSWORD"),
    ("mongodb", "MONGODB_ROOT_PASSWORD", "MONGODB_PASSWORD"), ("rabbitmq", "RABBITMQ_PASSWORD"),
    # the client tools' own variables: libpq's, the mysql client's
    ("postgres", "PGPASSWORD"), ("mysql", "MYSQL_PWD"),
    # Laravel's and WordPress' .env; Django's mail
    ("database", "DB_PASSWORD", "DATABASE_PASSWORD"),
    ("smtp", "MAIL_PASSWORD", "EMAIL_HOST_PASSWORD", "SMTP_PASSWORD", "EMAIL_PASSWORD",
     "SMTP_PASS", "MAIL_PASS", "EMAIL_PASS"),
    # Ansible
    ("ansible", "ansible_password", "ansible_ssh_pass", "ansible_become_password",
     "ansible_become_pass", "ansible_sudo_pass"),
    # Android signing (keystore.properties, build.gradle), Gradle publishing
    ("android", "storePassword", "keyPassword"), ("gradle", "signing.password"),
    ("sonatype", "ossrhPassword", "sonatypePassword", "mavenCentralPassword"),
)  # fmt: skip
_DOCUMENTED = {name: owner for owner, *names in _OWNERS for name in names}
_LOWERCASED = {name.lower(): owner for name, owner in _DOCUMENTED.items() if name.isupper()}
"""An environment variable's name as a YAML or TOML key (``db_password:``): there only, where
a key names a setting; in code ``db_password = ...`` is any variable, the keyword's to judge."""
_CONFIG_FILES = (".yml", ".yaml", ".toml")
PROVIDERS = {**_DOCUMENTED, **_LOWERCASED}
"""Setting name -> whose credential it holds (what the finding names as its provider)."""
SPRING = (
    "datasource", "r2dbc", "mail", "rabbitmq", "redis", "data.redis", "data.mongodb", "flyway",
    "liquibase", "security.user", "ldap", "elasticsearch", "cassandra", "neo4j.authentication",
)  # fmt: skip
"""Spring Boot's groups whose ``password`` property is their service's credential."""
NAMES = (*PROVIDERS, *(f"spring.{group}.password" for group in SPRING))

# The name (whole: not a suffix of a longer one, not followed by more of one: _FILE), then
# "=" or ":" (.env, compose, properties, YAML) or Gradle's blank before a quoted value, or,
# quoted, a call's comma before a quoted one (PHP's define('DB_PASSWORD', '...') in
# wp-config.php, a default in os.environ.get("DB_PASSWORD", "...")).
_VALUE = r"(?P<q>[\"']?)(?P<secret>[^\s\"'`,;]{14,200})(?P=q)"
_SETTING = lazy(
    r"(?<![A-Za-z0-9_.-])(?P<name>"
    + "|".join(name.replace(".", r"\.") for name in NAMES)
    + r")(?![A-Za-z0-9_.-])"
    r"(?:[\"']?(?:[ \t]*[=:][ \t]*|[ \t]+(?=[\"']))|[\"'][ \t]*,[ \t]*(?=[\"']))"
    + _VALUE
    + r"(?![^\s,;)}\]])"
)
# Spring Boot's application.yml nests the groups: "spring:", "  datasource:", "    password:"
_NESTED = lazy(r"(?P<indent>[ \t]+)password[ \t]*:[ \t]*" + _VALUE + r"[ \t]*(?:#.*)?")
_YAML_KEY = lazy(r"(?P<indent>[ \t]*)(?P<key>[A-Za-z0-9_.-]+)[ \t]*:[ \t]*(?:#.*)?")
# a key with its value on the line, beside a nested password (Rails' "adapter: postgresql",
# "<<: *default")
_SIBLING = lazy(r"(?P<indent>[ \t]*)(?P<key>[A-Za-z0-9_.-]+|<<)[ \t]*:[ \t]*\S.*")
# Django's DATABASES = {"default": {"ENGINE": "django.db.backends....", "PASSWORD": ...}}
_DJANGO = lazy(
    r"[ \t]*(?P<k>['\"])PASSWORD(?P=k)[ \t]*:[ \t]*" + _VALUE + r"[ \t]*,?[ \t]*(?:#.*)?"
)
DJANGO_REACH = 12
"""Lines above a ``'PASSWORD'`` item searched for its database's ``ENGINE``."""
RAILS_ENVIRONMENTS = frozenset({"production", "staging", "development", "test", "default"})
PARENT_REACH = 40
"""Lines above a nested ``password:`` searched for its groups (a datasource's other
settings and comments between)."""
MIN_ENTROPY = 3.0
"""Bits per character below which a value is a pattern, not a draw: a random draw of 14
letters and digits has about 3.6, and falls below 3.0 about once in 800 draws."""


class SettingPassword:
    rule = "setting-password"
    blocking = True
    # a provider's token given as the password is reported under its own rule
    catch_all = "password under a product's documented setting"
    prefilter = "|".join(
        [
            *sorted({name.lower() for name in PROVIDERS if "." not in name}),
            r"spring\.[a-z0-9.]*password",
            r"signing\.password",
            # a nested YAML property, a Django DATABASES item (``provider_nearby``)
            r"password[ \t]*:[ \t]*[^\s]",
            r"'password'[ \t]*:",
            r'"password"[ \t]*:',
        ]
    )

    def find(self, line: str, path: str) -> Iterator[Match]:
        for match in matches_at(_SETTING, NAMES, line, caseless=False):
            name = match.group("name")
            if name in _LOWERCASED and not path.endswith(_CONFIG_FILES):
                continue
            if generated(match.group("secret"), line, path):
                provider = "spring" if name.startswith("spring.") else PROVIDERS[name]
                yield Match(match.group("secret"), provider=provider, confidence="medium")
        # whose a nested password is, what is above it says (the engine asks
        # ``provider_nearby``)
        if path.endswith((".yml", ".yaml")):
            nested = _NESTED.fullmatch(line)
        elif path.endswith(".py"):
            nested = _DJANGO.fullmatch(line)
        else:
            return
        if nested is not None and generated(nested.group("secret"), line, path):
            yield Match(nested.group("secret"), confidence="medium")

    def provider_nearby(self, lines: Sequence[str], index: int, secret: str = "") -> str:
        """For a nested ``password:``: "spring" when the keys it is nested under are one of
        Spring Boot's ``SPRING`` groups (``spring:`` > ``datasource:``); "rails" when it is
        an environment's database in Rails' ``database.yml`` (``production:``, its
        ``adapter:`` or ``<<: *default`` beside it). For a ``'PASSWORD': ...`` item:
        "django" when a Django database ``ENGINE`` is named just above. Else ""."""
        nested = _NESTED.fullmatch(lines[index])
        if nested is not None:
            return _yaml_owner(lines, index, len(nested.group("indent").expandtabs()))
        if _DJANGO.fullmatch(lines[index]) and any(
            "django.db.backends" in line for line in lines[max(0, index - DJANGO_REACH) : index]
        ):
            return "django"
        return ""


def _yaml_owner(lines: Sequence[str], index: int, own: int) -> str:
    """ "spring" or "rails" for the ``password:`` on line ``index``, indented ``own``."""
    indent = own
    keys: list[str] = []  # the keys it is nested under, outermost first
    siblings: set[str] = set()  # the keys beside it, above it
    for number in range(index - 1, max(index - 1 - PARENT_REACH, -1), -1):
        key = _YAML_KEY.fullmatch(lines[number])
        found = key or _SIBLING.fullmatch(lines[number])
        if found is None:
            continue
        depth = len(found.group("indent").expandtabs())
        if depth == own and not keys:
            siblings.add(found.group("key"))
        elif depth < indent and key is not None:
            keys[:0] = key.group("key").split(".")
            indent = depth
            if depth == 0:
                break
    if indent != 0:
        return ""
    if keys[:1] == ["spring"] and ".".join(keys[1:]) in SPRING:
        return "spring"
    if len(keys) == 1 and keys[0] in RAILS_ENVIRONMENTS and siblings & {"adapter", "<<"}:
        return "rails"
    return ""


ENCODED_MIN = 16
"""Characters of the shortest base64 value read for the text it encodes (12 bytes)."""


def generated(value: str, line: str, path: str) -> bool:
    """Whether ``value`` looks drawn by a generator and is judged a credential as a URL's
    password is: 14 characters or more (the patterns'), letters and digits, varied. A
    value stored base64-encoded (a Secret's ``data:``, Helm's ``b64enc``) is judged by the
    text it encodes: "test-password" encoded looks drawn, and is not."""
    value = decoded_text(value, ENCODED_MIN) or value
    return (
        digits_and_letters(value)
        and shannon_entropy(value) >= MIN_ENTROPY
        and is_credential(value, "", line, path)
    )
