"""Rule id -> responder, and the policy (revoke, verify-only, off) for each repository.

Built once per worker process from ``[respond]``; credentials the responders need (admin
tokens, the webhook signing key) are passed in already unsealed by the caller, by name.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, cast

from pushguard.config import RespondConfig
from pushguard.errors import ConfigError
from pushguard.respond.base import POLICIES, Policy, Responder
from pushguard.respond.client import Http
from pushguard.respond.providers import (
    aws,
    discord_webhook,
    doppler,
    github,
    gitlab,
    huggingface,
    npm,
    slack,
)
from pushguard.respond.providers.catalogue import CatalogueResponders, Settings
from pushguard.respond.providers.verifyonly import SPECS, VerifyOnly
from pushguard.respond.providers.webhook import OrgWebhook
from pushguard.respond.ratelimit import LimiterFactory

Resolve = Callable[[str], str]
"""Named sealed credential -> its value (``pushguard.store.sealed.open_named``); LookupError."""

Catalogues = Callable[[], Sequence[Any]]
"""The loaded rule catalogues (``pushguard.scan.catalogue.Loaded``) whose findings may be
responded to: the server's and each repository's own rule files. Called on first need."""

DEFAULT_URLS = {
    "huggingface": huggingface.BASE_URL,
    "github": github.BASE_URL,
    "gitlab": gitlab.BASE_URL,
    "slack": slack.BASE_URL,
    "discord-webhook": discord_webhook.BASE_URL,
    "npm": npm.BASE_URL,
    "doppler": doppler.BASE_URL,
    "aws-sts": aws.STS_URL,
    "aws-iam": aws.IAM_URL,
    **{spec.name: spec.base_url for spec in SPECS},
}


class Registry:
    def __init__(
        self,
        responders: Iterable[Responder],
        config: RespondConfig,
        catalogues: Catalogues | None = None,
    ) -> None:
        self.config = config
        self.sessions: list[Http] = []
        self.by_name: dict[str, Responder] = {}
        self._by_rule: dict[str, Responder] = {}
        for responder in responders:
            self.by_name[responder.name] = responder
            for rule in responder.rules:
                self._by_rule.setdefault(rule, responder)
        # catalogue rules come after ours: ours win for the credentials they read
        self._catalogue = (
            CatalogueResponders(
                catalogues,
                Settings(
                    frozenset(config.catalogue_providers),
                    config.timeout_seconds,
                    config.retries,
                    config.catalogue_private_addresses,
                ),
                self._by_rule.get,
                self.by_name,
            )
            if catalogues is not None
            else None
        )
        self._policies = config.policy_overrides()
        self._repo_policies = config.repo_overrides()
        known = set(self.by_name) | {"webhook", *config.catalogue_providers}
        for key in [*self._policies, *(k.partition(":")[2] for k in self._repo_policies)]:
            if key and key not in known:
                raise ConfigError(
                    f"[respond] unknown provider {key!r}; known: {', '.join(sorted(known))}"
                )

    def close(self) -> None:
        """Close the HTTP sessions ``build`` opened (one set per job)."""
        for http in self.sessions:
            http.close()
        self.sessions.clear()

    def for_rule(self, rule: str) -> Responder | None:
        found = self._by_rule.get(rule)
        if found is None and self._catalogue is not None:
            found = self._catalogue.for_rule(rule)
        return found

    def policy(self, responder: Responder, repo: str | None = None) -> Policy:
        """``repo:provider`` over ``repo`` over ``provider`` over the provider's default."""
        chosen: str = "revoke" if responder.revocable else "verify-only"
        chosen = self._policies.get(responder.name, chosen)
        if repo is not None:
            chosen = self._repo_policies.get(repo, chosen)
            chosen = self._repo_policies.get(f"{repo}:{responder.name}", chosen)
        if chosen == "revoke" and not responder.revocable:
            chosen = "verify-only"  # nothing could revoke it: say so instead of failing
        assert chosen in POLICIES
        return cast(Policy, chosen)


def build(
    config: RespondConfig,
    resolve: Resolve | None = None,
    *,
    sleep: Callable[[float], None] = time.sleep,
    limiters: LimiterFactory | None = None,
    catalogues: Catalogues | None = None,
) -> Registry:
    """The responders ``config`` asks for. ``limiters`` makes the rate limits shared by all
    worker processes (``ratelimit.redis_limiters``); without it each process counts alone.
    ``catalogues``: respond to the rule catalogue's findings too (``catalogue_providers``)."""
    unknown = set(config.url_overrides()) - set(DEFAULT_URLS)
    if unknown:
        raise ConfigError(
            f"[respond] urls: unknown provider(s) {', '.join(sorted(unknown))}; "
            f"known: {', '.join(sorted(DEFAULT_URLS))}"
        )
    urls = {**DEFAULT_URLS, **config.url_overrides()}
    sessions: list[Http] = []

    def http(name: str, url: str | None = None) -> Http:
        made = Http(
            url or urls[name], timeout=config.timeout_seconds, retries=config.retries, sleep=sleep
        )
        sessions.append(made)
        return made

    def secret(name: str | None) -> str | None:
        if name is None:
            return None
        if resolve is None:
            raise ConfigError(
                f"[respond] credential {name!r} is configured but no sealed "
                "credential store is available"
            )
        try:
            return resolve(name)
        except LookupError:
            raise ConfigError(f"[respond] sealed credential {name!r} does not exist") from None

    aws_admin = None
    raw_admin = secret(config.aws_admin_credential)
    if raw_admin is not None:
        key_id, sep, key_secret = raw_admin.partition(":")
        if not sep:
            raise ConfigError("[respond] aws_admin_credential must hold KEYID:SECRET")
        aws_admin = (key_id, key_secret)
    per_hour = config.github_revokes_per_hour
    github_limiter = (
        limiters("github-revoke", per_hour, per_hour / 3600)
        if limiters
        else github.revokes_per_hour_bucket(per_hour)
    )
    responders: list[Responder] = [
        huggingface.HuggingFace(http("huggingface")),
        github.GitHub(
            http("github"), github_limiter, revoke_token=secret(config.github_revoke_credential)
        ),
        gitlab.GitLab(http("gitlab"), admin_token=secret(config.gitlab_admin_credential)),
        slack.Slack(http("slack")),
        slack.SlackWebhook(),
        discord_webhook.DiscordWebhook(http("discord-webhook")),
        npm.Npm(http("npm")),
        doppler.Doppler(http("doppler")),
        aws.Aws(
            http("aws-sts"),
            http("aws-iam"),
            region=config.aws_region,
            canary_accounts=config.aws_canary_accounts,
            admin=aws_admin,
        ),
        *(VerifyOnly(spec, http(spec.name) if spec.request else None) for spec in SPECS),
    ]
    if config.webhook_url:
        key = secret(config.webhook_secret_credential)
        # The organisation's service takes precedence for the rules it claims.
        responders.insert(
            0,
            OrgWebhook(
                http("webhook", config.webhook_url),
                config.webhook_rules,
                key.encode() if key else None,
                config.webhook_identify,
            ),
        )
    registry = Registry(responders, config, catalogues)
    registry.sessions.extend(sessions)
    return registry


def provider_rules() -> dict[str, tuple[str, ...]]:
    """Provider name -> the rule ids its responder handles (``findings --provider``)."""
    classes = (
        huggingface.HuggingFace,
        github.GitHub,
        gitlab.GitLab,
        slack.Slack,
        slack.SlackWebhook,
        discord_webhook.DiscordWebhook,
        npm.Npm,
        doppler.Doppler,
        aws.Aws,
    )
    out: dict[str, tuple[str, ...]] = {cls.name: tuple(cls.rules) for cls in classes}
    out.update((spec.name, spec.rules) for spec in SPECS)
    return out
