"""What every responder is: records for verification and revocation outcomes, the Protocol.

A responder knows one provider: how to ask whether a credential is live (the cheapest
read-only call that never spends money) and, where the provider allows it, how to revoke it.
Outcomes are plain records so the pipeline can store them and notifications can explain them;
none of them ever holds the raw secret.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Literal, Protocol, runtime_checkable

Policy = Literal["revoke", "verify-only", "off"]
POLICIES: tuple[Policy, ...] = ("revoke", "verify-only", "off")


@dataclasses.dataclass(frozen=True)
class Secret:
    """One leaked credential on its way through a responder.

    ``value`` is the raw secret: it lives only in memory for the duration of a job and is
    excluded from ``repr`` so a traceback or log line cannot show it. ``related`` holds other
    secrets found with it that the provider needs (the AWS secret access key next to a key id).
    """

    value: str = dataclasses.field(repr=False)
    rule: str
    fingerprint: str = ""
    redacted: str = ""
    related: tuple[str, ...] = dataclasses.field(default=(), repr=False)
    where: Mapping[str, str] = dataclasses.field(default_factory=dict)  # repo, commit, path, line
    # the lines around it, for catalogue rules: their engine binds a rule's companion inputs
    # (an id next to a key) from the text it finds the secret in. As secret as ``value``.
    context: str = dataclasses.field(default="", repr=False)


# --- verification ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Live:
    """The provider accepted the credential. ``identity`` names whom it belongs to."""

    identity: str = ""
    owner_email: str | None = None  # when the provider tells us, the owner is notified too
    by_format: bool = False  # no read-only check exists: confirmed by its checksummed format
    kind: Literal["live"] = "live"


@dataclasses.dataclass(frozen=True)
class Dead:
    """The provider rejected the credential: revoked, expired or never valid."""

    reason: str = ""
    kind: Literal["dead"] = "dead"


@dataclasses.dataclass(frozen=True)
class Unknown:
    """No answer we can trust (network error, rate limit, unexpected status, canary account)."""

    reason: str
    kind: Literal["unknown"] = "unknown"


Verification = Live | Dead | Unknown


# --- revocation -----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Revoked:
    """The provider accepted the revocation. ``confirmed``: a re-verification saw it dead."""

    detail: str = ""
    confirmed: bool = False
    kind: Literal["revoked"] = "revoked"


@dataclasses.dataclass(frozen=True)
class Failed:
    """The call did not revoke. ``retryable`` failures (rate limits, 5xx) are worth a later try."""

    reason: str
    retryable: bool = False
    retry_after: float | None = None
    sent: bool = True  # False: refused before any request (local rate limit): no side effect
    kind: Literal["failed"] = "failed"


@dataclasses.dataclass(frozen=True)
class Unsupported:
    """No API can revoke this credential for us: a person must, following ``manual_steps``."""

    manual_steps: str
    kind: Literal["unsupported"] = "unsupported"


Revocation = Revoked | Failed | Unsupported


# --- the plugin interfaces ------------------------------------------------------------------


@runtime_checkable
class Responder(Protocol):
    """One provider. ``revocable`` says whether ``revoke`` can ever succeed without a person:
    the default policy is ``revoke`` for those and ``verify-only`` for the rest."""

    @property
    def name(self) -> str: ...

    @property
    def rules(self) -> tuple[str, ...]: ...

    @property
    def manual_steps(self) -> str: ...

    @property
    def revocable(self) -> bool: ...

    def verify(self, secret: Secret) -> Verification: ...

    def revoke(self, secret: Secret) -> Revocation: ...


@runtime_checkable
class BatchRevoker(Protocol):
    """A responder whose provider revokes many credentials in one call (GitHub, Hugging Face)."""

    def revoke_many(self, secrets: Sequence[Secret]) -> list[Revocation]: ...


def revoke_all(responder: Responder, secrets: Sequence[Secret]) -> list[Revocation]:
    """Revoke ``secrets`` in as few calls as the provider allows."""
    if isinstance(responder, BatchRevoker):
        return responder.revoke_many(secrets)
    return [responder.revoke(s) for s in secrets]


def confirm(responder: Responder, secret: Secret, revocation: Revocation) -> Revocation:
    """Re-verify after a revocation call: only a credential the provider now rejects is revoked.

    Providers that accept revocations asynchronously (Hugging Face always answers 202) would
    otherwise let us report success for a call that did nothing.
    """
    if not isinstance(revocation, Revoked):
        return revocation
    after = responder.verify(secret)
    if isinstance(after, Dead):
        return dataclasses.replace(revocation, confirmed=True)
    if isinstance(after, Live) and not after.by_format:
        return Failed(
            "the provider accepted the revocation but the credential still works", retryable=True
        )
    # No read-only check exists, or it did not answer: the provider's acceptance is all we
    # have. Calling revoke again would not tell us more, so it is not retried.
    why = "no read-only check exists" if isinstance(after, Live) else after.reason
    return dataclasses.replace(revocation, detail=f"{revocation.detail} (not re-verified: {why})")
