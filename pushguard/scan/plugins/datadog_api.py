"""Datadog API keys: 32 lowercase hex characters, assigned to the names Datadog's Agent,
tracers and Terraform provider read them from (``DD_API_KEY``, ``DATADOG_API_KEY``; in code
and Java properties also ``datadogApiKey``, ``datadog.api.key``).

A 32-hex value alone is any MD5 digest or build id; the name is what makes it a Datadog key.
The catalogue's rule wants the word ``datadog`` nearby, so the Agent's own ``DD_API_KEY=`` in a
``.env`` or a Compose file passes it. An API key submits metrics, logs and events to the
organisation; with an application key it reads and changes everything.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ASSIGNED, NAME_BEFORE, RegexDetector

_SHAPE = r"[0-9a-f]{32}"


class DatadogApiKey(RegexDetector):
    rule = "datadog-api-key"
    prefilter = r"dd[_.-]?api[_.-]?key|datadog[_.-]?api[_.-]?key"
    value_shape = lazy(_SHAPE)
    patterns = (
        lazy(
            NAME_BEFORE
            + r"(?i:(?:dd|datadog)[_.-]?api[_.-]?key)"
            + ASSIGNED
            + rf"(?P<secret>{_SHAPE})(?![A-Za-z0-9_])"
        ),
    )
