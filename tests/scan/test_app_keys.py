"""Keys an application or a tunnel holds itself, in the files their tools write: a
WireGuard peer's private key, a Laravel application key, a Rails master key, a Django
secret key, a Rails or Phoenix secret_key_base. None has a provider to call: they block, and
the owner rotates them."""

from __future__ import annotations

import base64
import random
import string

import pytest

from pushguard.scan.secrets import fingerprint
from tests.helpers import tokens as t
from tests.scan.test_engine import KEY, scan

RNG = random.Random(131)


def _b64(size: int) -> str:
    return base64.b64encode(RNG.randbytes(size)).decode()


WG = _b64(32)
APP_KEY = "base64:" + _b64(32)
APP_KEY_128 = "base64:" + _b64(16)
MASTER = t.hex_secret(32, RNG)
# WordPress' salt generator: 64 of letters, digits and punctuation (with "<", ">" and "[")
WP_SALT = "w<Q7" + t.rand(56, t.ALNUM + "!@#$%^&*-_ []~+=,.;:?|", RNG) + "]x>9"
RAILS_BASE = t.hex_secret(128, RNG)  # bin/rails secret
PHOENIX_BASE = t.rand(64, t.BASE64, RNG)  # mix phx.gen.secret
# what django-admin startproject draws: 50 from lowercase, digits and these symbols
DJANGO = t.rand(50, string.ascii_lowercase + string.digits + "!@#$%^&*(-_=+)", RNG)
while not (set(DJANGO) & set("!@#$%^&*(-_=+)") and set(DJANGO) & set(string.digits)):
    DJANGO = t.rand(50, string.ascii_lowercase + string.digits + "!@#$%^&*(-_=+)", RNG)

DJANGO_PERCENT = DJANGO[:10] + "%evl086j%" + DJANGO[19:]
DJANGO_DOLLAR = "$hc2wa$" + DJANGO[7:]  # "$" first, as one draw in a hundred has it

PLACED = [
    ("wireguard-private-key", "wireguard", WG, "wg0.conf",
     f"[Interface]\nAddress = 10.8.0.1/24\nPrivateKey = {WG}\nListenPort = 51820\n"),
    ("wireguard-private-key", "wireguard", WG, "group_vars/vpn.yml",
     f"wireguard_private_key: \"{WG}\"\n"),
    ("laravel-app-key", "laravel", APP_KEY, ".env", f"APP_NAME=Shop\nAPP_KEY={APP_KEY}\n"),
    ("laravel-app-key", "laravel", APP_KEY_128, ".env.testing", f"APP_KEY={APP_KEY_128}\n"),
    ("laravel-app-key", "laravel", APP_KEY, "config/app.php",
     f"    'key' => env('APP_KEY', '{APP_KEY}'),\n"),
    ("laravel-app-key", "laravel", APP_KEY, "docker-compose.yml",
     f"    environment:\n      APP_KEY: {APP_KEY}\n"),
    ("laravel-app-key", "laravel", APP_KEY, "charts/api/values.yaml",
     f"laravel:\n  appKey: {APP_KEY}\n"),
    # a key setting of the app's own section: its format is Laravel's
    ("laravel-app-key", "laravel", APP_KEY, "config/production.yml",
     f"integrations:\n  app:\n    key: {APP_KEY}\n"),
    ("laravel-app-key", "laravel", APP_KEY, "config/production.json",
     f'{{\n  "app": {{\n    "key": "{APP_KEY}"\n  }}\n}}\n'),
    ("laravel-app-key", "laravel", APP_KEY, "config/app.ini", f"[app]\nkey = {APP_KEY}\n"),
    ("rails-master-key", "rails", MASTER, "config/master.key", MASTER),
    ("rails-master-key", "rails", MASTER, "config/credentials/production.key", MASTER + "\n"),
    ("rails-master-key", "rails", MASTER, ".kamal/secrets", f"RAILS_MASTER_KEY={MASTER}\n"),
    ("rails-master-key", "rails", MASTER, ".github/workflows/deploy.yml",
     f"    env:\n      RAILS_MASTER_KEY: {MASTER}\n"),
    ("django-secret-key", "django", DJANGO, "mysite/settings.py",
     f"from pathlib import Path\n\nSECRET_KEY = '{DJANGO}'\n\nDEBUG = False\n"),
    ("django-secret-key", "django", DJANGO, "shop/settings/base.py",
     f'SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "{DJANGO}")\n'),
    ("django-secret-key", "django", DJANGO, ".env.production", f"DJANGO_SECRET_KEY={DJANGO}\n"),
    # a setting in any case, quoted or not
    ("django-secret-key", "django", DJANGO, ".github/workflows/deploy.yml",
     f"    env:\n      DJANGO_SECRET_KEY: {DJANGO}\n"),
    ("django-secret-key", "django", DJANGO, "group_vars/production/vars.yml",
     f"django_secret_key: {DJANGO}\n"),
    ("django-secret-key", "django", DJANGO, "charts/api/values.yaml",
     f"django:\n  secretKey: '{DJANGO}'\n"),
    ("django-secret-key", "django", DJANGO, "config/app.ini",
     f"[django]\nsecret_key = {DJANGO}\n"),
    # "%" twice around a lowercase run, as a draw from Django's alphabet often has: no
    # cmd.exe variable inside a key
    ("django-secret-key", "django", DJANGO_PERCENT, "config/production.json",
     f'{{\n  "django": {{\n    "secretKey": "{DJANGO_PERCENT}"\n  }}\n}}\n'),
    # a Pydantic settings field, docs' "is", a notebook cell's escaped quotes
    ("django-secret-key", "django", DJANGO, "app/core/settings.py",
     f'class Settings(BaseSettings):\n    django_secret_key: str = "{DJANGO}"\n'),
    ("django-secret-key", "django", DJANGO, "docs/operations.md",
     f"- DJANGO_SECRET_KEY is {DJANGO} (set it in the deploy environment).\n"),
    ("django-secret-key", "django", DJANGO, "notebooks/setup.ipynb",
     f'{{"source": [\n    "os.environ[\\"DJANGO_SECRET_KEY\\"] = \\"{DJANGO}\\""\n]}}\n'),
    # "$" and letters first, glued to more symbols: no shell variable
    ("django-secret-key", "django", DJANGO_DOLLAR, "config/production.yml",
     f'integrations:\n  django:\n    secret_key: "{DJANGO_DOLLAR}"\n'),
    ("wordpress-salt", "wordpress", WP_SALT, "wp-config.php",
     f"<?php\ndefine( 'DB_NAME', 'shop' );\ndefine( 'SECURE_AUTH_SALT', '{WP_SALT}' );\n"),
    ("secret-key-base", "rails", RAILS_BASE, ".env",
     f"RAILS_ENV=production\nSECRET_KEY_BASE={RAILS_BASE}\n"),
    ("secret-key-base", "rails", RAILS_BASE, "config/environments/production.rb",
     f'  config.secret_key_base = "{RAILS_BASE}"\n'),
    ("secret-key-base", "rails", RAILS_BASE, "docker-compose.yml",
     f"    environment:\n      SECRET_KEY_BASE: {RAILS_BASE}\n"),
    ("secret-key-base", "rails", RAILS_BASE, "charts/api/values.yaml",
     f"rails:\n  secretKeyBase: {RAILS_BASE}\n"),
    ("secret-key-base", "phoenix", PHOENIX_BASE, "config/prod.secret.exs",
     f'config :shop, ShopWeb.Endpoint,\n  secret_key_base: "{PHOENIX_BASE}"\n'),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "provider", "secret", "path", "text"),
    PLACED,
    ids=[f"{p[0]}:{p[3]}" for p in PLACED],
)
def test_an_application_key_blocks_with_its_provider(
    rule: str, provider: str, secret: str, path: str, text: str
) -> None:
    found = [f for f in scan(text, path=path) if f.blocking]
    assert [(f.rule, f.provider, f.fingerprint) for f in found] == [
        (rule, provider, fingerprint(KEY, secret))
    ]


NOT_KEYS = [
    ("wg0.conf", f"[Peer]\nPublicKey = {WG}\nAllowedIPs = 10.8.0.2/32\n"),
    ("wg0.conf", "[Interface]\nPrivateKey = <client private key>\n"),
    # 43 characters whose last holds more than 4 bits: not 32 bytes
    ("wg0.conf", f"PrivateKey = {WG[:42]}B=\n"),
    ("vpn/keys.go", "\tPrivateKey = wgtypes.GeneratePrivateKey()\n"),
    (".env.example", "APP_KEY=\n"),
    ("config/app.php", "    'key' => env('APP_KEY'),\n"),
    # 30 bytes: not a key Laravel's ciphers take
    (".env", f"APP_KEY=base64:{_b64(30)}\n"),
    # 16 bytes under a bare key: Laravel's AES-128 keys count only as APP_KEY
    ("config/cache.yml", f"cache:\n  key: {APP_KEY_128}\n"),
    ("docs/setup.md", f"{MASTER}\n"),  # a line of hex alone, outside the key files
    ("config/master.key.example", MASTER),
    (".github/workflows/deploy.yml", "      RAILS_MASTER_KEY: ${{ secrets.RAILS_MASTER_KEY }}\n"),
    (".kamal/secrets", "RAILS_MASTER_KEY=$(cat config/master.key)\n"),
    ("config/master.key", "0" * 32),
    ("mysite/settings.py", "SECRET_KEY = get_random_secret_key()\n"),
    ("config/secrets.yml", '  secret_key_base: <%= ENV["SECRET_KEY_BASE"] %>\n'),
    ("wp-config.php", "define( 'AUTH_KEY',         'put your unique phrase here' );\n"),
    # typed, not drawn: too few distinct characters
    ("wp-config.php", f"define( 'NONCE_KEY', '{('my-site-2019!' * 5)[:64]}' );\n"),
    (".env", f"SECRET_KEY_BASE={'0' * 128}\n"),
    ("mysite/settings.py", f"SECRET_KEY = '{'x' * 50}'\n"),
    # 49 characters: not a key Django drew
    ("mysite/settings.py", f"SECRET_KEY = '{DJANGO[:49]}'\n"),
    # unquoted, a key cut from a longer run of its alphabet is not one Django drew
    ("group_vars/all.yml", f"django_secret_key: {DJANGO}x\n"),
]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("config/secrets.yml", f"development:\n  secret_key_base: {RAILS_BASE}\n"),
        ("config/secrets.yml", f"test:\n  # generated\n\n  secret_key_base: {RAILS_BASE}\n"),
        # a changed line alone (a diff's): its section is not in sight
        ("config/secrets.yml", f"  secret_key_base: {RAILS_BASE}\n"),
        (
            "config/dev.exs",
            f'config :shop, ShopWeb.Endpoint,\n  secret_key_base: "{PHOENIX_BASE}"\n',
        ),
    ],
)
def test_a_secret_key_base_where_frameworks_write_development_keys_warns(
    path: str, text: str
) -> None:
    [found] = [f for f in scan(text, path=path) if f.rule == "secret-key-base"]
    assert not found.blocking and "development" in found.reason


SECRETS_YML = """\
# Be sure to restart your server when you modify this file.
development:
  secret_key_base: {dev}

test:
  secret_key_base: {test}

{section}
  # keys used here should come from the environment
  secret_key_base: {key}
"""


@pytest.mark.parametrize("section", ["production:", "staging:", "shared:", "default: &default"])
def test_a_key_under_production_in_secrets_yml_blocks(section: str) -> None:
    """Rails writes development and test keys into secrets.yml to be committed; a key
    written under production (or shared by every environment) is the live one."""
    dev, test = t.hex_secret(128, RNG), t.hex_secret(128, RNG)
    text = SECRETS_YML.format(dev=dev, test=test, section=section, key=RAILS_BASE)
    found = {f.fingerprint: f for f in scan(text, path="config/secrets.yml")}
    assert found[fingerprint(KEY, RAILS_BASE)].blocking
    assert found[fingerprint(KEY, RAILS_BASE)].provider == "rails"
    assert not found[fingerprint(KEY, dev)].blocking
    assert not found[fingerprint(KEY, test)].blocking


def test_a_third_party_app_s_test_settings_warn() -> None:
    path = "venv/lib/python3.12/site-packages/acme_auth/tests/settings.py"
    [found] = scan(f"SECRET_KEY = '{DJANGO}'\n", path=path)
    assert (found.rule, found.blocking) == ("django-secret-key", False)
    assert "third-party code" in found.reason


def test_a_key_startproject_marks_insecure_warns() -> None:
    # Django 3.2+ writes "django-insecure-" before the key it generates: a development key
    [found] = scan(f"SECRET_KEY = 'django-insecure-{DJANGO}'\n", path="mysite/settings.py")
    assert (found.rule, found.blocking, found.provider) == ("django-secret-key", False, "django")
    assert "development" in found.reason
    assert found.fingerprint == fingerprint(KEY, "django-insecure-" + DJANGO)


@pytest.mark.parametrize(("path", "text"), NOT_KEYS)
def test_what_is_no_key_does_not_block(path: str, text: str) -> None:
    assert [f.rule for f in scan(text, path=path) if f.blocking] == []
