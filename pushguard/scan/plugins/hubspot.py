"""HubSpot private app access tokens: ``pat-``, the account's data-centre region (``na1``,
``na2``, ``eu1``, ``ap1``), ``-`` and a UUID. Integrations send them as a bearer token to
``api.hubapi.com``; a token reads and writes the CRM objects its scopes allow (contacts,
deals, tickets), often every customer record of the account.

``pat-`` and a region before a UUID are HubSpot's alone, so a token blocks wherever it is
written.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import ANY_VALUE, DASH_AFTER, DASH_BEFORE, UUID, RegexDetector


class HubSpotAccessToken(RegexDetector):
    rule = "hubspot-access-token"
    prefilter = r"pat-[a-z]{2}[0-9]-[0-9a-f]{8}-"
    patterns = (lazy(DASH_BEFORE + r"pat-[a-z]{2}[0-9]-" + UUID + DASH_AFTER),)
    # legacy API keys (a UUID) and developer keys have no marking: they stay
    # named-provider-key's to judge under HubSpot's name
    value_shape = ANY_VALUE
