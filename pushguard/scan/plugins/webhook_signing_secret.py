"""Webhook signing secrets: ``whsec_`` + base62 (Stripe: 32 from the Dashboard, 64 hex from
``stripe listen``) or base64 (Standard Webhooks, which Svix, Clerk and others follow).

Whoever holds one can sign forged events (a paid invoice, a cancelled subscription, a new
user) that the endpoint will trust. The prefix does not say whose secret it is, so no
provider is named: a wrong label would send it to the wrong provider's checks.
"""

from __future__ import annotations

from pushguard.scan.lazyre import lazy
from pushguard.scan.plugins.base import WORD_AFTER, WORD_BEFORE, RegexDetector


class WebhookSigningSecret(RegexDetector):
    rule = "webhook-signing-secret"
    prefilter = r"whsec_"
    patterns = (lazy(WORD_BEFORE + r"whsec_[A-Za-z0-9+/]{32,88}={0,2}" + WORD_AFTER),)
