"""An application's JWT signing secret blocks under the names and sections it is kept in;
typed passphrases, placeholders and references to the environment do not."""

from __future__ import annotations

import base64
import random

import pytest

from pushguard.scan.secrets import fingerprint
from pushguard.scan.types import Finding
from tests.helpers import tokens as t
from tests.scan.test_catalogue import KEY, scan

RULE = "jwt-signing-secret"


def drawn(seed: str) -> str:
    """What `openssl rand -base64 32` prints."""
    return base64.b64encode(random.Random(seed).randbytes(32)).decode()


def blocking(found: list[Finding]) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in found if f.blocking]


@pytest.mark.parametrize(
    ("path", "text", "line"),
    [
        (".env", "NODE_ENV=production\nJWT_SECRET={secret}\n", 2),
        ("src/main/resources/application.properties", "jwt.secret={secret}\n", 1),
        ("src/Config/Secrets.cs", 'public const string JwtSigningKey = "{secret}";\n', 1),
        ("Web.config", '<add key="JwtSecret" value="{secret}" />\n', 1),
        ("README.md", 'export JWT_SECRET_KEY="{secret}"\n', 1),
        # a section named jwt, its secret or key below the header
        ("src/Api/appsettings.json",
         '{{\n  "Jwt": {{\n    "Issuer": "api.acme.test",\n    "Key": "{secret}"\n  }}\n}}\n', 4),
        ("charts/api/values.yaml", "jwt:\n  enabled: true\n  secret: {secret}\nreplicas: 2\n", 3),
        ("config/app.toml", '[server]\nport = 8080\n\n[jwt]\nsecret = "{secret}"\n', 5),
        ("config/services.php", "return [\n    'jwt' => [\n        'secret' => '{secret}',\n"
         "    ],\n];\n", 3),
        # the key a JWT library's call is given
        ("src/auth.js", 'const t = jwt.sign({{ sub: u.id }}, "{secret}", {{ expiresIn: "1h" }});\n',
         1),
        ("app/auth.py", 'claims = jwt.decode(token, "{secret}", algorithms=["HS256"])\n', 1),
        ("src/main/java/Auth.java", 'Algorithm algorithm = Algorithm.HMAC256("{secret}");\n', 1),
        ("auth/token.go", 'signed, err := token.SignedString([]byte("{secret}"))\n', 1),
    ],
)  # fmt: skip
def test_a_drawn_signing_secret_blocks_where_it_is_kept(path: str, text: str, line: int) -> None:
    secret = drawn(path)
    found = scan(text.format(secret=secret), path)
    assert blocking(found) == [(RULE, line)]
    [finding] = [f for f in found if f.blocking]
    assert finding.fingerprint == fingerprint(KEY, secret) and secret not in finding.redacted


def test_a_hex_secret_blocks_from_32_characters() -> None:
    secret = t.hex_secret(64, random.Random(4))
    assert blocking(scan(f"JWT_SECRET={secret}\n", ".env")) == [(RULE, 1)]


@pytest.mark.parametrize(
    "text",
    [
        "JWT_SECRET=your-256-bit-secret\n",  # jwt.io's placeholder
        "JWT_SECRET=my-super-secret-jwt-key-2024\n",  # typed words
        "JWT_SECRET=${JWT_SECRET}\n",
        "JWT_SECRET=changeme\n",
        "jwt:\n  secret: {{ .Values.jwtSecret }}\n",
        "JWT_PUBLIC_KEY_PATH=/etc/keys/jwt.pub\n",
        # a member named secret outside any jwt section
        "oauth:\n  secret: {secret}\n",
        # a library's call given the key from the environment, or a word
        "const t = jwt.sign(payload, process.env.JWT_SECRET);\n",
        'const t = jwt.sign(payload, "secret");\n',
    ],
)
def test_typed_placeholder_and_unrelated_values_do_not_block_as_jwt_secrets(text: str) -> None:
    found = scan(text.replace("{secret}", drawn(text)), "config/app.yaml")
    assert RULE not in {f.rule for f in found if f.blocking}
