"""HashiCorp Vault tokens in the format of Vault 1.10 and later: ``hvs.`` (service tokens)
or ``hvb.`` (batch tokens) and a base64url body of 90 characters or more (HCP Vault's run
longer). A token reads and writes every secret its policies allow, often a whole
application's database passwords and cloud keys; apps keep it as ``VAULT_TOKEN``.

The prefix and the length are Vault's alone, so a token blocks wherever it is written. The
older ``s.`` and 24 characters is too short to be anybody's without Vault named: the
catalogue's rule and ``named-provider-key`` judge those.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ANY_VALUE, DASH_AFTER, DASH_BEFORE, RegexDetector


class VaultToken(RegexDetector):
    rule = "vault-token"
    prefilter = r"hv[sb]\.[a-z0-9_-]{90}"
    patterns = (lazy(DASH_BEFORE + r"hv[sb]\.[A-Za-z0-9_-]{90,400}" + DASH_AFTER),)
    mixed_body = "hvs."  # the body after "hvs." or "hvb." (the same length)
    # the s. tokens of older servers stay named-provider-key's to judge under Vault's name
    value_shape = ANY_VALUE
