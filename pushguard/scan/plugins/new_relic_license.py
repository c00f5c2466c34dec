"""New Relic license keys (the "Ingest - License" key every agent reports data with): 40
characters, hexadecimal (newer keys end in ``NRAL`` in place of four of them), assigned to
the names New Relic's agents read them from: ``NEW_RELIC_LICENSE_KEY`` (APM agents; in code
and Java properties also ``newRelicLicenseKey``, ``newrelic.license.key``),
``NRIA_LICENSE_KEY`` (the infrastructure agent), and ``license_key`` in the agents' own
configuration files (``newrelic.yml``, ``newrelic.ini``, ``newrelic.js``, ``newrelic-infra.yml``).

A 40-hex value alone is any SHA-1; the name is what makes it a license key. The user keys
(``NRAK-``) are ``new_relic``'s. Whoever holds a license key writes data into the account
(and its bill); it is rotated in the API keys UI or with NerdGraph.
"""

from __future__ import annotations

from collections.abc import Iterator

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ASSIGNED, NAME_BEFORE, RegexDetector, file_name
from pushguard.scan.types import Match

_SHAPE = r"[0-9a-f]{36}NRAL|[0-9a-f]{40}"
_KEY = rf"(?P<secret>{_SHAPE})(?![A-Za-z0-9_])"
_AGENT_NAME = lazy(
    NAME_BEFORE
    + r"(?i:new[_.-]?relic[_.-]?license[_.-]?key|nria[_.-]?license[_.-]?key)"
    + ASSIGNED
    + _KEY
)
_CONFIG_KEY = lazy(NAME_BEFORE + r"license_key" + ASSIGNED + _KEY)


class NewRelicLicenseKey(RegexDetector):
    rule = "new-relic-license-key"
    prefilter = r"license[_.-]?key"
    value_shape = lazy(f"(?:{_SHAPE})")
    patterns = (_AGENT_NAME, _CONFIG_KEY)

    def find(self, line: str, path: str) -> Iterator[Match]:
        # a bare license_key only in an agent's configuration file, or on a line naming it
        own_file = file_name(path).lower().startswith("newrelic")
        lowered = line.lower()
        if own_file or "relic" in lowered or "nria" in lowered:
            yield from super().find(line, path)
