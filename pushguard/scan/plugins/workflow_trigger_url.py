"""Request-trigger URLs of Azure Logic Apps and Power Automate flows: a workflow that starts
"When an HTTP request is received" runs on whatever is posted to its callback URL, and a
Teams channel's Workflows webhook (which replaced Office 365 connectors) is such a flow. The
URL is the whole credential: its ``sig`` parameter is a shared-access signature over the
trigger, and nothing else is asked of the caller.

Logic Apps (Consumption) give ``https://prod-<n>.<region>.logic.azure.com:443/workflows/
<32 hex>/triggers/<trigger>/paths/invoke?api-version=…&sp=…&sv=1.0&sig=<43 base64url>``;
Power Automate serves the same path under ``https://<environment>.<nn>.environment.api.
powerplatform.com:443/powerautomate/automations/direct/``. A flow restricted to the
tenant's users has no ``sig``: then the URL is no credential. The signature is what is
reported (and fingerprinted): the environment's name and the workflow's id around it are
names and numbers of the tenant, which a placeholder check would read as fillers (a default
environment's host is ``default`` and the tenant's id).
"""

from __future__ import annotations

from collections.abc import Iterator

from pushguard.scan.filters import false_positive_reason
from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import RegexDetector
from pushguard.scan.types import Match

_HOST = (
    r"(?:prod-[0-9]{1,3}\.[a-z0-9]{2,30}\.logic\.azure\.com"
    r"|[A-Za-z0-9-]{1,63}\.[A-Za-z0-9]{1,4}\.environment\.api\.powerplatform\.com)"
)


class WorkflowTriggerUrl(RegexDetector):
    rule = "workflow-trigger-url"
    prefilter = r"\.logic\.azure\.com|\.api\.powerplatform\.com"
    patterns = (
        lazy(
            rf"https://{_HOST}(?::443)?/(?:powerautomate/automations/direct/)?workflows/"
            r"[0-9a-fA-F]{32}/triggers/[A-Za-z0-9_.%-]{1,80}/paths/invoke\?"
            # the query's other parameters, in any order (maybe HTML-escaped), then the
            # signature: an HMAC-SHA256 in base64url
            r"(?:[A-Za-z0-9_.%;=-]*&(?:amp;)?)*?sig=[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])"
        ),
    )

    def find(self, line: str, path: str) -> Iterator[Match]:
        for match in super().find(line, path):
            yield match._replace(secret=_signature(match.secret))

    def accept(self, secret: str, line: str, path: str) -> bool:
        return false_positive_reason(_signature(secret), line, path) is None


def _signature(url: str) -> str:
    return url.rpartition("sig=")[2]
