"""New Relic license keys (the "Ingest - License" key every agent reports data with): 40
characters. Current keys are 32 lowercase hex characters and ``FFFFNRAL`` (an EU account's
begin ``eu01xx`` in place of six of them); older keys are 40 hex characters. Under New
Relic's own setting names any 40-character value ending ``NRAL`` counts too.

A current key's ``FFFFNRAL`` says New Relic wherever it is written: it blocks on its own. A
40-hex value alone is any SHA-1, so an older key counts only under the names New Relic's
agents read it from: ``NEW_RELIC_LICENSE_KEY`` (APM agents; in code and Java properties also
``newRelicLicenseKey``, ``newrelic.license.key``), ``NRIA_LICENSE_KEY`` (the infrastructure
agent), and ``license_key`` in the agents' own configuration files (``newrelic.yml``,
``newrelic.ini``, ``newrelic.js``, ``newrelic-infra.yml``) or on a line naming New Relic.

The user keys (``NRAK-``) are ``new_relic``'s. Whoever holds a license key writes data into
the account (and its bill); it is rotated in the API keys UI or with NerdGraph.
"""

from __future__ import annotations

from collections.abc import Iterator

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ASSIGNED, NAME_BEFORE, RegexDetector, file_name
from pushguard.scan.types import Match

_CURRENT = r"(?:[0-9a-f]{32}|[a-z]{2}[0-9]{2}xx[0-9a-f]{26})FFFFNRAL"
_CURRENT_KEY = lazy(_CURRENT)
# under New Relic's own names, any 40 characters ending NRAL (the suffix every current key
# ends in) or 40 hex characters
_SHAPE = rf"{_CURRENT}|(?:[0-9a-f]{{36}}|[a-z]{{2}}[0-9]{{2}}xx[0-9a-f]{{30}})NRAL|[0-9a-f]{{40}}"
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
    prefilter = r"license[_.-]?key|ffffnral"
    value_shape = lazy(f"(?:{_SHAPE})")
    patterns = (lazy(rf"(?<![A-Za-z0-9_]){_CURRENT}(?![A-Za-z0-9_])"), _AGENT_NAME, _CONFIG_KEY)

    def find(self, line: str, path: str) -> Iterator[Match]:
        # an older key under a bare license_key only in an agent's configuration file, or on
        # a line naming New Relic; a current one anywhere
        own_file = file_name(path).lower().startswith("newrelic")
        lowered = line.lower()
        named = own_file or "relic" in lowered or "nria" in lowered
        for match in super().find(line, path):
            if named or _CURRENT_KEY.fullmatch(match.secret):
                yield match
