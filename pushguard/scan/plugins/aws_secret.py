"""AWS secret access keys next to their name, quoted or not (``.aws/credentials``, ``.env``,
``"SecretAccessKey": ...`` in CLI/STS output). detect-secrets' AWS plugin only sees quoted
values after an ``aws...key`` name, so the INI and dotenv forms would slip through."""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import RegexDetector


class AwsSecretKey(RegexDetector):
    rule = "aws-secret-key"
    prefilter = r"secret_?access_?key|secret-access-key|aws_?secret"
    patterns = (
        lazy(
            r"(?i:(?:aws_?)?secret[_-]?(?:access[_-]?)?key)[\"']?[ \t]*(?:[:=]|=>|:=|[ \t])"
            r"[ \t]*[\"']?(?P<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"
        ),
    )
