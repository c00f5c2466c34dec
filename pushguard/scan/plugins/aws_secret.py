"""AWS secret access keys next to their name, quoted or not (``.aws/credentials``, ``.env``,
``"SecretAccessKey": ...`` in CLI/STS output, Terraform's ``secret_key``, SDK arguments), or
passed after their key id to an SDK's static credentials.
detect-secrets' AWS plugin only sees quoted values on a line that says ``aws``, so the INI,
dotenv and Terraform forms would slip through.

A secret access key is 40 characters of base64 (``[A-Za-z0-9/+]``) drawn at random, so it
has both upper- and lowercase letters; a 40-character hex digest named ``secret_key`` does not.
"""

from __future__ import annotations

from collections.abc import Iterator

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ASSIGNED, RegexDetector
from pushguard.scan.types import Match

# a bare "secret" as well: Terraform's state of an aws_iam_access_key ("id" then "secret")
_NAME = (
    r"(?i:(?:aws[_.-]?)?secret[_.-]?(?:access[_.-]?)?key|aws[_.-]?secret"
    r"|(?<![A-Za-z0-9_])secret)"
)
_VALUE = r"(?<![A-Za-z0-9/+])(?P<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"
_ID_STARTS = ("akia", "asia", "abia", "acca", "a3t[a-z0-9]")
_KEY_ID = r"(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}"
# A key id and its secret as a call's two string arguments, the SDKs' static credentials:
# new BasicAWSCredentials("AKIA…", "…"), credentials.NewStaticCredentials("AKIA…", "…", "")
_PAIRED = _KEY_ID + r"(?P<q>[\"'`])[ \t]*,[ \t]*(?P=q)(?P<secret>[A-Za-z0-9/+]{40})(?P=q)"
# AWS named near the value: the word, its key ids, its services' hosts (issue 8: a 40-char
# base64 string alone is not an AWS secret key, and a wrong label calls the wrong provider)
_AWS_CONTEXT = lazy(
    r"(?i:(?:(?<![a-z])|(?<=\\[nrt]))aws|amazon|boto|\bsts\b|\biam\b)"
    r"|" + _KEY_ID
)
_LOWER = lazy(r"[a-z]")
_UPPER = lazy(r"[A-Z]")


class AwsSecretKey(RegexDetector):
    rule = "aws-secret-key"
    # every branch opens with a literal (a key id's prefix) for the combined prefilter
    prefilter = "|".join(
        [r"secret[_.-]?(?:access[_.-]?)?key|aws[_.-]?secret"]
        + [r"secret[\"']?[ \t]*[:=][ \t]*[\"']?[a-z0-9/+]{40}"]
        + [rf"{start}[a-z2-7]{{16}}[\"'`][ \t]*," for start in _ID_STARTS]
    )
    patterns = (lazy(_NAME + ASSIGNED + _VALUE), lazy(_PAIRED))
    starts = ("aws", "secret", "a3t", "akia", "asia", "abia", "acca")
    context = _AWS_CONTEXT

    def find(self, line: str, path: str) -> Iterator[Match]:
        for match in super().find(line, path):
            if _LOWER.search(match.secret) and _UPPER.search(match.secret):
                yield match
