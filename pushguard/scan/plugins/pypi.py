"""PyPI and TestPyPI API tokens: ``pypi-`` + a base64url macaroon whose first bytes name the
index (``AgEIcHlwaS5vcmc`` is ``pypi.org``, ``AgENdGVzdC5weXBpLm9yZw`` ``test.pypi.org``).

detect-secrets wants 70+ characters after that head; a macaroon with a short identifier and
no caveats is shorter, so we accept 50 (issue 8: PyPI tokens at their shortest valid length).
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import DASH_AFTER, DASH_BEFORE, RegexDetector


class PypiToken(RegexDetector):
    rule = "pypi-token"
    prefilter = r"pypi-ag"
    patterns = (
        lazy(
            DASH_BEFORE
            + r"pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,}"
            + DASH_AFTER
        ),
    )
