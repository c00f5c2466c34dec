"""Modal token secrets: ``as-`` and 22 letters and digits, the half of a Modal token that is
secret. Its other half, the token id, is ``ak-`` and 22 more. The pair runs functions,
sandboxes and GPUs at the workspace's expense, and reads its secrets and volumes. The CLI
keeps both in ``~/.modal.toml``; code reads them as ``MODAL_TOKEN_ID`` and
``MODAL_TOKEN_SECRET``.

``as-`` is short and common, so a secret counts where its token id is within a few lines
(``token_id = "ak-…"`` above it, as the CLI's file and ``modal token set`` write them), or
where Modal is named there or in the path. A lone ``as-`` value under a name that does not
say Modal is anybody's.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ANY_VALUE, DASH_AFTER, DASH_BEFORE, RegexDetector

_BODY = r"[A-Za-z0-9]{22}"


class ModalTokenSecret(RegexDetector):
    rule = "modal-token-secret"
    prefilter = r"as-[a-z0-9]{22}(?:[^a-z0-9_-]|$)"
    patterns = (lazy(DASH_BEFORE + "as-" + _BODY + DASH_AFTER),)
    # a random body of 22 letters and digits lacks a digit about once in 30
    mixed_body = "as-"
    context = lazy(
        DASH_BEFORE + "ak-" + _BODY + DASH_AFTER
        + r"|(?i:modal[_. -]?(?:token|secret|key|client)|modal\.(?:com|run|toml)|import[ \t]+modal)"
    )  # fmt: skip
    # other values under Modal's name stay named-provider-key's to judge
    value_shape = ANY_VALUE
