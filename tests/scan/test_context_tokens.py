"""Formats that say whose they are only beside their service's name: Mailgun's private API
keys (``key-`` + 32, or three hex groups) and Notion's first integration secrets (``secret_``
+ 43). Each blocks under its own rule where the service is named on its line or a few lines
around it (an SDK call, the import of the SDK, the API's host in a curl command), and does
not block where nothing names the service or the body is a name, not a draw."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from pushguard.scan.secrets import fingerprint
from tests.helpers import tokens as t
from tests.scan.test_catalogue import KEY, scan


def _mailgun_legacy(rng: random.Random) -> str:
    return t.mailgun_key(legacy=True, rng=rng)


_TWILIO_SID = "AC" + t.hex_secret(32, random.Random("account sid"))
"""A Twilio account SID (no secret itself), drawn at run time."""


def _okta_token(rng: random.Random) -> str:
    """An Okta API token: 00 and 40 characters of base64url."""
    return "00" + t.high_entropy(40, t.ALNUM + "-_", rng)


@pytest.mark.parametrize(
    ("make", "rule", "provider", "path", "text"),
    [
        (_mailgun_legacy, "mailgun-api-key", "mailgun", "src/mail.ts",
         'const mg = new Mailgun(formData).client({ username: "api", key: "{token}" });\n'),
        (t.mailgun_key, "mailgun-api-key", "mailgun", "src/mail.ts",
         'const mg = new Mailgun(formData).client({ username: "api", key: "{token}" });\n'),
        (_mailgun_legacy, "mailgun-api-key", "mailgun", "README.md",
         "```\ncurl -s --user 'api:{token}' \\\n"
         "  https://api.mailgun.net/v3/mg.example.net/messages\n```\n"),
        # the current key form after Mailgun's Basic user name, the host on the next line
        (t.mailgun_key, "mailgun-api-key", "mailgun", "scripts/smoke.sh",
         "curl -sS --user 'api:{token}' \\\n  https://api.mailgun.net/v3/domains\n"),
        # an account SID and its auth token as HTTP Basic credentials
        (lambda r: t.hex_secret(32, r), "twilio-auth-token", "twilio", "scripts/sms.sh",
         'curl -X POST "$URL" \\\n  -u "' + _TWILIO_SID + ':{token}"\n'),
        # Okta's API token scheme, its org's API on the line above
        (_okta_token, "named-provider-key", "okta", "scripts/users.sh",
         'curl -sS "https://acme.okta.com/api/v1/users?limit=25" \\\n'
         '  -H "Authorization: SSWS {token}"\n'),
        # the scheme alone is Okta's; an org's host (no "api" in it) names Okta too
        (_okta_token, "named-provider-key", "okta", "deploy/nginx/okta-proxy.conf",
         "location /upstream/ {\n    proxy_pass https://acme.okta.com/;\n"
         '    proxy_set_header Authorization "SSWS {token}";\n}\n'),
        (_okta_token, "named-provider-key", "okta", "app/directory.py",
         'HEADERS = {"Authorization": "SSWS {token}"}\n'),
        (t.notion_secret, "notion-integration-secret", "notion", "src/notion.ts",
         'import { Client } from "@notionhq/client";\n\n'
         'const notion = new Client({ auth: "{token}" });\n'),
    ],
)  # fmt: skip
def test_a_key_blocks_where_its_service_is_named_near_it(
    make: Callable[[random.Random], str], rule: str, provider: str, path: str, text: str
) -> None:
    token = make(random.Random(text))
    body = text.replace("{token}", token)  # the code's own braces stay as they are
    [finding] = [f for f in scan(body, path) if f.blocking]
    assert (finding.rule, finding.provider) == (rule, provider)
    assert finding.fingerprint == fingerprint(KEY, token)


@pytest.mark.parametrize(
    ("path", "text"),
    [
        # nothing names the service
        ("src/cache.ts", 'const entry = cache.get("{mailgun}");\n'),
        ("src/page.ts", 'const auth = "{notion}";\n'),
        # a name after the prefix, not a draw
        ("src/mail.ts", 'mailgun.lookup("key-welcomeemailtemplateforeverynewuser");\n'),
    ],
)
def test_without_its_service_s_name_or_a_drawn_body_it_does_not_block(path: str, text: str) -> None:
    rng = random.Random(text)
    body = text.format(mailgun=_mailgun_legacy(rng), notion=t.notion_secret(rng))
    assert [f for f in scan(body, path) if f.blocking] == []
