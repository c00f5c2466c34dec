"""Doppler API tokens, each type with its own prefix (docs.doppler.com, "Auth Token
Formats"): ``dp.ct.`` CLI, ``dp.pt.`` personal, ``dp.st.`` service (with the config's
name before the body since service tokens are bound to one config: ``dp.st.prd.``),
``dp.sa.`` service account, ``dp.said.`` service account identity, ``dp.scim.`` and
``dp.audit.``; then 40 to 44 letters and digits.

A personal or CLI token reads and writes every secret its owner can; a service token every
secret of its config. The catalogue knows the forms without a config name only.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector


class DopplerToken(RegexDetector):
    rule = "doppler-token"
    prefilter = r"dp\.(?:ct|pt|st|sa|said|scim|audit)\."
    patterns = (
        lazy(
            WORD_BEFORE
            + r"dp\.(?:ct|pt|sa|said|scim|audit|st(?:\.[a-z0-9_-]{2,35})?)\.[A-Za-z0-9]{40,44}"
            + WORD_AFTER
        ),
    )
