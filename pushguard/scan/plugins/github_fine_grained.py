"""GitHub fine-grained personal access tokens: ``github_pat_`` + 82 word characters
(observed as 22 base62, ``_``, 59 base62; gitleaks matches ``\\w{82}``)."""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector


class GitHubFineGrainedToken(RegexDetector):
    rule = "github-fine-grained-pat"
    prefilter = r"github_pat_"
    patterns = (lazy(WORD_BEFORE + r"github_pat_[A-Za-z0-9_]{82}" + WORD_AFTER),)
