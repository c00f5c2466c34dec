"""AWS STS session tokens: base64 of a binary blob whose fixed header encodes to
``IQoJb3JpZ2luX2Vj`` (tokens valid in every region, issued since 2019) or ``FwoGZXIvYXdz``
(the global endpoint's older ones), then hundreds of base64 characters (100 to 2048 here).

The header is the same bytes in every token, so its encoding alone is distinctive: no
keyword is needed, and a presigned URL's ``X-Amz-Security-Token`` (URL-encoded: ``%2F``,
``%2B``, ``%3D``) is found as well. With its access key id (``ASIA...``) and secret key the
token acts as the role for up to 36 hours; it is reported alone because it is often copied
alone (``AWS_SESSION_TOKEN=`` of a CI log or a ``.env``).
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ESCAPED, RegexDetector

_BASE64 = r"(?:[A-Za-z0-9+/]|%2[BbFf])"
_PAD = r"(?:=|%3[Dd]){0,2}"


class AwsSessionToken(RegexDetector):
    rule = "aws-session-token"
    prefilter = r"iqojb3jpz2lux2vj|fwogzxivyxdz"
    patterns = (
        lazy(
            rf"(?:(?<![A-Za-z0-9+/%])|{ESCAPED})(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdz)"
            rf"{_BASE64}{{100,2048}}{_PAD}(?![A-Za-z0-9+/=%])"
        ),
    )
