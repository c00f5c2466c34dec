"""Catalogue providers: the live checks and revocations the rule catalogue declares (issue 8,
item 5). One responder per provider (``groq``, ``openrouter``, a user rule's ``acme``), made
on first need from the loaded catalogue, so that ``policies``, ``repo_policies``, audit events
and revocation batches name the provider exactly as our own responders do.

Who may be called is the operator's decision: only providers listed in ``[respond]
catalogue_providers``. Every other catalogue finding (provider not listed, rule with neither a
check nor a revocation, or a provider pushguard's own responder owns) is never sent anywhere:
its verification is ``Unknown`` with the reason, and people get the rotation steps.
A rule with a revocation but no live check is never revoked: only a credential the provider
confirmed live is.

Why the SDK's ``Validator``/``Revoker`` and not our ``Http``: a rule's requests are templates
(headers, bodies, multi-step flows, Betterleaks expressions, AWS/GCP signing) that only the
engine evaluates as the rule's authors meant; a re-implementation would drift from the
catalogue. The SDK takes the secret inside a ``Finding`` it scanned itself, returns no
provider bodies, and refuses private addresses unless told otherwise
(``catalogue_private_addresses``). Our ``Http`` settings map onto it: ``timeout_seconds`` per
request, ``retries`` for live checks; a revocation is never retried inside one call (the
pipeline's claimed attempts retry it).
"""

from __future__ import annotations

import dataclasses
import difflib
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from pushguard.respond.base import (
    Dead,
    Failed,
    Live,
    Responder,
    Revocation,
    Revoked,
    Secret,
    Unknown,
    Unsupported,
    Verification,
)
from pushguard.scan.rulemeta import base_id, provider_of

SAME_AS_OURS = {
    "github-pat": "github-token",
    "github-fine-grained-pat": "github-fine-grained-pat",
    "github-oauth": "github-oauth",
    "github-refresh-token": "github-refresh",
    "gitlab-pat": "gitlab-pat",
    "gitlab-pat-routable": "gitlab-pat",
    "gitlab-pat-routable-versioned": "gitlab-pat",
    "huggingface-access-token": "huggingface-token",
    "huggingface-organization-api-token": "huggingface-org-token",
    "slack-bot-token": "slack-token",
    "slack-user-token": "slack-token",
    "slack-app-token": "slack-token",
    "slackappleveltoken": "slack-token",
    "slack-webhook-url": "slack-webhook",
    "npm-access-token": "npm-token",
    "npmjsaccesstoken": "npm-token",
    "aws-access-token": "aws-access-key",
    "openai-api-key": "openai-api-key",
    "anthropic-api-key": "anthropic-api-key",
    "anthropic-admin-api-key": "anthropic-admin-key",
    "stripe-access-token": "stripe-key",
    "gcp-api-key": "google-api-key",
    "telegram-bot-api-token": "telegram-bot-token",
}
"""Catalogue rules (by ``base_id``) that find the very credentials one of our own responders
reads: those go to ours, which wins (checksums, batch revocation, owner lookup). Other rules of
a provider we own (a session cookie, a client id) are not credentials ours understands: they
are notified with steps rather than handed to a responder that would call them dead."""

ACTIVE, INACTIVE = "verified_active", "verified_inactive"


@dataclasses.dataclass(frozen=True)
class Settings:
    allowed: frozenset[str]  # [respond] catalogue_providers
    timeout: float
    retries: int
    private_addresses: bool


@dataclasses.dataclass(frozen=True)
class Rule:
    """One catalogue rule as the responders need it."""

    id: str
    provider: str
    source: Any  # pushguard.scan.catalogue.Loaded: the catalogue that holds this rule
    validation: bool
    revocation: bool
    depends: frozenset[str]  # rules whose findings supply its companion inputs
    reference: str  # the rule's first reference URL, for people's steps


def index(sources: Iterable[Any]) -> dict[str, Rule]:
    """Rule id -> ``Rule`` over loaded catalogues (the first one holding an id wins)."""
    out: dict[str, Rule] = {}
    for source in sources:
        for meta in source.rules.metadata():
            if meta["id"] in out or not meta.get("visible", True):
                continue
            detail = source.rules.detail(meta["id"])
            depends = {d["rule_id"] for d in detail.get("depends_on_rule") or () if d}
            refs = [r for r in detail.get("references") or () if str(r).startswith("https://")]
            out[meta["id"]] = Rule(
                meta["id"],
                provider_of(meta["id"]),
                source,
                bool(meta.get("validation")),
                bool(meta.get("revocation")),
                frozenset(depends),
                str(refs[0]) if refs else "",
            )
    return out


class Engine:
    """The SDK's validator and revokers, made once per job and shared by its responders."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._validator: Any = None
        self._revokers: dict[int, Any] = {}

    def validator(self) -> Any:
        with self._lock:
            if self._validator is None:
                import kingfisher_sdk as kf

                self._validator = kf.Validator(
                    timeout=self.settings.timeout,
                    retries=self.settings.retries,
                    allow_internal_ips=self.settings.private_addresses,
                )
            return self._validator

    def revoker(self, source: Any) -> Any:
        with self._lock:
            made = self._revokers.get(id(source))
            if made is None:
                import kingfisher_sdk as kf

                made = self._revokers[id(source)] = kf.Revoker(
                    source.rules, timeout=self.settings.timeout
                )
            return made


class CatalogueProvider:
    """One catalogue provider behind the ``Responder`` protocol. ``callable_`` is False for
    providers that must not be contacted: then nothing here sends a request."""

    def __init__(
        self, name: str, rules: Mapping[str, Rule], engine: Engine, callable_: str | None
    ) -> None:
        self.name = name
        self._rules = dict(rules)
        self._engine = engine
        self._refusal = callable_  # None: may be called; else why not, for people
        self.rules = tuple(sorted(self._rules))
        self.revocable = callable_ is None and any(r.revocation for r in self._rules.values())
        reference = next((r.reference for r in self._rules.values() if r.reference), "")
        self.manual_steps = (
            f"Rotate this credential at {name}: as its owner (or an admin of the {name} account "
            "that issued it), revoke or delete the credential with this preview in "
            f"{name}'s console or API, issue a replacement and deploy it, then review {name}'s "
            "logs for use of the old one."
            + (f" Provider documentation: {reference}" if reference else "")
        )
        # the SDK's result of the last live check per secret: revoke() uses its resolved
        # inputs instead of checking again. Held for the job only, like the Secret itself.
        self._checked: dict[tuple[str, str], Any] = {}
        self._lock = threading.Lock()

    def verify(self, secret: Secret) -> Verification:
        rule = self._rules.get(secret.rule)
        if rule is None:
            return Unknown(f"not checked: {secret.rule} is not a loaded catalogue rule")
        if self._refusal is not None:
            return Unknown(f"not checked: {self._refusal}")
        if not rule.validation:
            return Unknown("not checked: its catalogue rule defines no live check")
        result = self._validate(rule, secret)
        if isinstance(result, str):
            return Unknown(result)
        if result.outcome == ACTIVE:
            with self._lock:
                self._checked[(secret.rule, secret.fingerprint)] = result
            return Live()
        if result.outcome == INACTIVE:
            return Dead(f"rejected by the rule's live check (HTTP {result.http_status})")
        if result.reason == "target_blocked":
            return Unknown(
                "live check refused: the rule's endpoint is a private address "
                "([respond] catalogue_private_addresses)"
            )
        return Unknown(
            f"live check {result.outcome}" + (f" ({result.reason})" if result.reason else "")
        )

    def revoke(self, secret: Secret) -> Revocation:
        rule = self._rules.get(secret.rule)
        if rule is None or self._refusal is not None or not rule.revocation:
            return Unsupported(self.manual_steps)
        with self._lock:
            result = self._checked.pop((secret.rule, secret.fingerprint), None)
        if result is None:  # verified from the cache: the SDK revokes only what it just saw live
            checked = self._validate(rule, secret)
            if isinstance(checked, str):
                return Failed(checked, retryable=True)
            result = checked
        if result.outcome != ACTIVE:
            return Failed(f"not live when revoking ({result.outcome}): not revoked")
        if not result.revocation_ready:
            return Failed(f"revocation inputs unresolved ({result.revocation_reason}): not revoked")
        try:
            done = self._engine.revoker(rule.source).revoke(result, confirm=True)
        except (RuntimeError, TimeoutError, ValueError) as exc:
            # the SDK's messages may quote a rule URL that holds the token: the class only
            return Failed(f"revocation request failed ({type(exc).__name__})", retryable=True)
        if done.revoked:
            return Revoked(
                f"revoked with the catalogue rule's revocation (HTTP {done.http_status})"
            )
        status = done.http_status
        return Failed(
            f"{self.name} answered the revocation with HTTP {status}",
            retryable=status is None or status == 429 or status >= 500,
        )

    def _validate(self, rule: Rule, secret: Secret) -> Any:
        """The SDK's ``ValidationResult`` for ``secret``, or why there is none (a str)."""
        batch = _findings(rule, secret)
        if not batch:
            return f"the catalogue rule {rule.id} no longer matches the secret"
        try:
            return self._engine.validator().validate(batch)[0]
        except (RuntimeError, TimeoutError, ValueError) as exc:
            return f"live check failed ({type(exc).__name__})"


def _findings(rule: Rule, secret: Secret) -> list[Any]:
    """The catalogue's own finding of ``secret`` (first) and the companions its rule depends
    on, from the lines around it: the SDK binds a rule's inputs from findings it made."""
    from pushguard.scan.catalogue import variants

    for text in (secret.context, f" {secret.value} "):
        if not text:
            continue
        for variant in variants(text.encode("utf-8", "surrogateescape")):
            found = rule.source.scanner.scan(variant)
            target = next(
                (f for f in found if f.rule_id == rule.id and f.secret == secret.value), None
            )
            if target is not None:
                return [target, *(f for f in found if f.rule_id in rule.depends)]
    return []


class CatalogueResponders:
    """Rule id -> responder for catalogue rules, made on first need: loading the catalogue
    costs a worker ~0.4 s, and most responses concern our own rules only."""

    def __init__(
        self,
        sources: Callable[[], Sequence[Any]],
        settings: Settings,
        own: Callable[[str], Responder | None],
        own_names: Iterable[str],
    ) -> None:
        self._sources = sources
        self._own = own
        self._own_names = frozenset(own_names)
        self._engine = Engine(settings)
        self._allowed = settings.allowed
        self._index: dict[str, Rule] | None = None
        self._made: dict[str, CatalogueProvider] = {}
        self._lock = threading.Lock()

    def for_rule(self, rule: str) -> Responder | None:
        if "." not in rule and "/" not in rule:
            return None  # our own detectors' ids are plain kebab-case; catalogue ids are not
        same = SAME_AS_OURS.get(base_id(rule))
        ours = self._own(same) if same else None
        if ours is not None:
            return ours
        known = self._rules().get(rule)
        if known is None or not known.provider:
            return None  # a generic rule: no provider to ask or to name
        return self._provider(known.provider)

    def _rules(self) -> dict[str, Rule]:
        with self._lock:
            if self._index is None:
                self._index = index(self._sources())
            return self._index

    def _provider(self, name: str) -> CatalogueProvider:
        with self._lock:
            made = self._made.get(name)
            if made is None:
                assert self._index is not None
                rules = {k: r for k, r in self._index.items() if r.provider == name}
                made = self._made[name] = CatalogueProvider(
                    name, rules, self._engine, self._refusal(name, rules.values())
                )
            return made

    def _refusal(self, name: str, rules: Iterable[Rule]) -> str | None:
        if name in self._own_names:
            return f"pushguard's own {name} responder does not read this kind of credential"
        if name not in self._allowed:
            return f"{name} is not in [respond] catalogue_providers"
        if not any(r.validation or r.revocation for r in rules):
            return "its catalogue rules define no live check or revocation"
        return None


def allow_list_problems(
    allowed: Iterable[str], rules: Mapping[str, Rule], own_names: Iterable[str]
) -> list[str]:
    """One line per ``catalogue_providers`` entry that can never be called (``config check``)."""
    providers: dict[str, bool] = {}
    for rule in rules.values():
        if rule.provider:
            providers[rule.provider] = providers.get(rule.provider, False) or (
                rule.validation or rule.revocation
            )
    own = frozenset(own_names)
    out = []
    for name in allowed:
        where = f"[respond] catalogue_providers: {name!r}"
        if name in own:
            out.append(
                f"{where} has pushguard's own responder, which wins: set its [respond] "
                "policies instead"
            )
        elif name not in providers:
            close = difflib.get_close_matches(name, sorted(providers), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            out.append(f"{where} is no provider of the loaded catalogue{hint}")
        elif not providers[name]:
            out.append(f"{where}: its rules define no live check or revocation (nothing to call)")
    return out
