"""Datadog application keys: 40 lowercase hex characters, assigned to the names Datadog's
tools read them from (``DD_APP_KEY``, ``DD_APPLICATION_KEY``, ``DATADOG_APP_KEY``; in code and
Java properties also ``datadogAppKey``, ``datadog.app.key``).

A 40-hex value alone is any SHA-1 (a git commit id); the name is what makes it a Datadog key.
With an API key, an application key reads and changes the organisation's dashboards,
monitors and data with its owner's permissions.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ASSIGNED, NAME_BEFORE, RegexDetector

_SHAPE = r"[0-9a-f]{40}"


class DatadogAppKey(RegexDetector):
    rule = "datadog-app-key"
    prefilter = r"dd[_.-]?app(?:lication)?[_.-]?key|datadog[_.-]?app(?:lication)?[_.-]?key"
    value_shape = lazy(_SHAPE)
    patterns = (
        lazy(
            NAME_BEFORE
            + r"(?i:(?:dd|datadog)[_.-]?app(?:lication)?[_.-]?key)"
            + ASSIGNED
            + rf"(?P<secret>{_SHAPE})(?![A-Za-z0-9_])"
        ),
    )
