"""GitLab tokens other than PATs (docs.gitlab.com "Token prefixes"): deploy ``gldt-``, runner
``glrt-``, pipeline trigger ``glptt-``, CI job ``glcbt-``, feed ``glft-``, incoming mail
``glimt-``, Kubernetes agent ``glagent-``, OAuth app secret ``gloas-``, SCIM ``glsoat-``,
feature-flag client ``glffct-``, runner registration ``GR1348941``. Routable variants carry
the same CRC32 as routable PATs. Body lengths follow GitLab's own secret-detection rules
(gitlab-org/security-products/secret-detection/secret-detection-rules), which also allow any
``[0-9A-Za-z_-]`` in trigger tokens, not only the hex GitLab issued first."""

from __future__ import annotations

from pushguard.scan.checksum import valid_gitlab_routable
from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import DASH_AFTER, WORD_BEFORE, RegexDetector
from pushguard.scan.plugins.gitlab import ROUTABLE_TAIL

_START = WORD_BEFORE
_W = r"[A-Za-z0-9_-]"
# prefix -> length of the random body
_LENGTHS = {
    "gldt-": 20, "glrt-": 20, "glft-": 20, "glsoat-": 20, "glffct-": 20,
    "glimt-": 25, "glagent-": 50, "gloas-": 64, "glptt-": 40, "GR1348941": 20,
}  # fmt: skip
_FIXED = "|".join(f"{prefix}{_W}{{{n}}}" for prefix, n in _LENGTHS.items())
# CI job tokens carry the job's partition id: glcbt-<1-5 hex>_<20>
_JOB = rf"glcbt-[0-9A-Za-z]{{1,5}}_{_W}{{20}}"


class GitLabToken(RegexDetector):
    rule = "gitlab-token"
    prefilter = r"gl(?:dt|rtr?|ptt|cbt|ft|imt|agent|oas|soat|ffct)-|gr1348941"
    patterns = (
        lazy(_START + r"gl(?:dt|rtr?|ptt|cbt|ft|imt|agent|oas|soat|ffct)-" + ROUTABLE_TAIL),
        lazy(f"{_START}(?:{_FIXED}|{_JOB}){DASH_AFTER}"),
    )

    def checksum_ok(self, secret: str) -> bool:
        return "." not in secret or valid_gitlab_routable(secret)
