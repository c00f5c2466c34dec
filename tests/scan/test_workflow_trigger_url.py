"""Request-trigger URLs of Logic Apps and Power Automate flows (a Teams channel's Workflows
webhook): the ``sig`` parameter makes the URL a credential, and it is what is reported. URLs
are drawn at run time."""

from __future__ import annotations

import random

import pytest

from pushguard.scan.secrets import fingerprint
from tests.helpers import tokens as t
from tests.scan.test_catalogue import KEY, scan

RULE = "workflow-trigger-url"

PLACES = {
    "dotenv": ("app/.env", "TEAMS_WEBHOOK_URL={url}\n", 1),
    "json": ("config/alerts.json", '{{\n  "webhook": "{url}"\n}}\n', 2),
    "yaml": ("deploy/values.yaml", "alerts:\n  teams:\n    url: '{url}'\n", 3),
    "html-escaped": ("docs/alerts.html", '<a href="{html}">post</a>\n', 1),
}


@pytest.mark.parametrize("sig_first", [False, True], ids=["sig-last", "sig-first"])
@pytest.mark.parametrize("power_automate", [False, True], ids=["logic-apps", "power-automate"])
@pytest.mark.parametrize("place", PLACES)
def test_a_trigger_url_with_its_signature_blocks(
    place: str, power_automate: bool, sig_first: bool
) -> None:
    url, sig = t.workflow_trigger_url(
        random.Random(f"{place}/{power_automate}/{sig_first}"),
        power_automate=power_automate,
        sig_first=sig_first,
    )
    path, template, line = PLACES[place]
    [finding] = scan(template.format(url=url, html=url.replace("&", "&amp;")), path)
    assert (finding.rule, finding.blocking, finding.provider, finding.line) == (
        RULE, True, "azure", line
    )  # fmt: skip
    assert finding.fingerprint == fingerprint(KEY, sig)
    assert sig not in finding.redacted


def test_without_a_real_signature_the_url_is_no_credential() -> None:
    url, sig = t.workflow_trigger_url(random.Random("unsigned"), power_automate=True)
    tenant_only = url.partition("&sig=")[0]  # a flow only the tenant's users may call
    docs = url.replace(sig, "<Signature>")
    filler = url.replace(sig, "A" * 43)
    for text in (tenant_only, docs, filler):
        assert [f for f in scan(f"FLOW_URL={text}\n") if f.blocking] == []
