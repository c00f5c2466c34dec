"""GitLab tokens other than PATs (docs.gitlab.com "Token prefixes"): deploy ``gldt-``, runner
``glrt-``, pipeline trigger ``glptt-``, CI job ``glcbt-``, feed ``glft-``, incoming mail
``glimt-``, Kubernetes agent ``glagent-``, OAuth app secret ``gloas-``, SCIM ``glsoat-``,
feature-flag client ``glffct-``, runner registration ``GR1348941``. Routable variants carry
the same CRC32 as routable PATs."""

from __future__ import annotations

from pushguard.scan.checksum import valid_gitlab_routable
from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import DASH_AFTER, WORD_BEFORE, RegexDetector
from pushguard.scan.plugins.gitlab import ROUTABLE_TAIL

_START = WORD_BEFORE
_W = r"[A-Za-z0-9_-]"


class GitLabToken(RegexDetector):
    rule = "gitlab-token"
    prefilter = r"gl(?:dt|rtr?|ptt|cbt|ft|imt|agent|oas|soat|ffct)-|gr1348941"
    patterns = (
        lazy(_START + r"gl(?:dt|rtr?|ptt|cbt|ft|imt|agent|oas|soat|ffct)-" + ROUTABLE_TAIL),
        lazy(
            _START
            + r"(?:gl(?:dt|rt|ft|soat|ffct)-"
            + _W
            + r"{20}|glimt-"
            + _W
            + r"{25}|glagent-"
            + _W
            + r"{50}|gloas-"
            + _W
            + r"{64}|glptt-[0-9a-f]{40}|glcbt-[0-9A-Za-z]{1,5}_"
            + _W
            + r"{20}|GR1348941"
            + _W
            + r"{20})"
            + DASH_AFTER
        ),
    )

    def checksum_ok(self, secret: str) -> bool:
        return "." not in secret or valid_gitlab_routable(secret)
