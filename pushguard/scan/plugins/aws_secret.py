"""AWS secret access keys next to their name, quoted or not (``.aws/credentials``, ``.env``,
``"SecretAccessKey": ...`` in CLI/STS output, Terraform's ``secret_key``, SDK arguments), or
passed after their key id to an SDK's static credentials.
detect-secrets' AWS plugin only sees quoted values on a line that says ``aws``, so the INI,
dotenv and Terraform forms would slip through.

A secret access key is 40 characters of base64 (``[A-Za-z0-9/+]``) drawn at random, so it
has both upper- and lowercase letters; a 40-character hex digest named ``secret_key`` does not.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence

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
# STS's temporary credentials say when they expire, beside the key (the CLI's JSON
# "Expiration": "…", the API's <Expiration>…</Expiration>)
_EXPIRATION = lazy(
    r"(?i:expiration)[\"']?>?[ \t]*[:=]?[ \t]*[\"']?"
    r"(?P<when>[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?"
    r"(?:Z|[+-][0-9]{2}:?[0-9]{2})?)"
)
EXPIRATION_LINES = 6
"""Lines either side of a key its credentials' ``Expiration`` may be on."""
EXPIRED = "temporary credentials (STS) whose Expiration is past: they no longer authenticate"
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

    @staticmethod
    def reconsider(lines: Sequence[str], index: int, match: Match) -> Match:
        """A key of temporary credentials whose ``Expiration`` beside it is past (an STS
        call's output in docs or a test) warns: it authenticates nothing any more."""
        for line in lines[max(0, index - EXPIRATION_LINES) : index + EXPIRATION_LINES + 1]:
            found = _EXPIRATION.search(line)
            if found is None:
                continue
            try:
                when = datetime.datetime.fromisoformat(found.group("when"))
            except ValueError:
                return match
            if when.tzinfo is None:
                when = when.replace(tzinfo=datetime.UTC)
            if when < datetime.datetime.now(datetime.UTC):
                return match._replace(blocking=False, reason=EXPIRED)
            return match
        return match
