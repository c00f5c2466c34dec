"""PKCS#12 bundles stored base64-encoded: one with a private key blocks wherever a settings
file or a template holds it, password-protected or not; a trust store (certificates alone)
and a truncated copy are not keys. Bundles are made at run time (``tokens.pkcs12_base64``)."""

from __future__ import annotations

import pytest

from pushguard.scan.secrets import fingerprint
from tests.helpers import tokens as t
from tests.scan.test_catalogue import KEY, scan

PLACES = {
    "appsettings.json": '{{\n  "Certificate": {{\n    "Base64": "{pfx}"\n  }}\n}}\n',
    "infra/azuredeploy.parameters.json": '{{"certificateData": {{"value": "{pfx}"}}}}\n',
    "deploy/values.yaml": "tls:\n  pfx: {pfx}\n",
}


@pytest.mark.parametrize("password", [b"changeit", None], ids=["protected", "no-password"])
@pytest.mark.parametrize("path", PLACES)
def test_a_bundle_with_its_private_key_blocks(path: str, password: bytes | None) -> None:
    pfx = t.pkcs12_base64(password=password)
    [finding] = [f for f in scan(PLACES[path].format(pfx=pfx), path) if f.blocking]
    assert (finding.rule, finding.provider) == ("private-key-pkcs12", "")
    assert finding.fingerprint == fingerprint(KEY, pfx)
    assert pfx not in finding.redacted


def test_a_trust_store_and_a_truncated_bundle_are_not_keys() -> None:
    store = t.pkcs12_base64(with_key=False)
    cut = t.pkcs12_base64()[:600]
    text = f'{{"trustStore": "{store}",\n "partOf": "{cut}"}}\n'
    assert [f for f in scan(text, "appsettings.json") if f.rule == "private-key-pkcs12"] == []
