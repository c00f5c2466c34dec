"""Tell people about an incident: one email and one chat message per push or scan.

Recipients: the pusher, the commit authors, the token owners that verification named, and the
configured security contacts. Messages carry redacted previews and keyed fingerprints only:
an :class:`Item` cannot even hold a raw secret.
"""

from __future__ import annotations

import dataclasses
import json
import smtplib
import ssl
from collections.abc import Callable, Sequence
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any

from pushguard.config import RespondConfig
from pushguard.respond.client import Http, TransportError
from pushguard.respond.providers.webhook import signed_post


@dataclasses.dataclass(frozen=True)
class Item:
    """One finding as people see it."""

    rule: str
    redacted: str
    fingerprint: str
    commit: str
    path: str
    line: int
    outcome: str  # revoked, live (not revoked: verify-only), dead, unknown, would revoke...
    identity: str = ""
    manual_steps: str = ""


@dataclasses.dataclass(frozen=True)
class Incident:
    key: str  # "scan:42": what makes this incident one message
    repository: str
    items: tuple[Item, ...]
    pusher: str | None = None  # email addresses
    authors: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "event": "pushguard.incident",
            "incident": self.key,
            "repository": self.repository,
            "findings": [dataclasses.asdict(i) for i in self.items],
        }


@dataclasses.dataclass(frozen=True)
class Sent:
    channel: str  # email, slack, teams, json
    ok: bool
    detail: str


def recipients(incident: Incident, config: RespondConfig) -> list[str]:
    wanted: list[str] = []
    if config.notify_pusher and incident.pusher:
        wanted.append(incident.pusher)
    if config.notify_author:
        wanted.extend(incident.authors)
    if config.notify_owner:
        wanted.extend(incident.owners)
    wanted.extend(config.security_contacts)
    out: list[str] = []
    seen: set[str] = set()
    for address in wanted:
        addr = parseaddr(address)[1]
        if "@" in addr and addr.lower() not in seen:
            seen.add(addr.lower())
            out.append(addr)
    return out


def render_text(incident: Incident) -> str:
    lines = [
        f"pushguard found {len(incident.items)} leaked credential(s) in {incident.repository}.",
        "",
    ]
    for item in incident.items:
        lines += [
            f"- {item.rule} {item.redacted} (fingerprint {item.fingerprint[:16]})",
            f"  {item.path}:{item.line} in commit {item.commit[:12]}",
            f"  status: {item.outcome}"
            + (f"; belongs to {item.identity}" if item.identity else ""),
        ]
        if item.outcome not in ("revoked", "dead") and item.manual_steps:
            lines.append(f"  to do now: {item.manual_steps}")
        lines.append("")
    lines += [
        "Removing the line in a new commit does not help: the secret stays in history.",
        "Rotate every credential above that is not revoked, then rewrite or accept history.",
    ]
    return "\n".join(lines)


class Notifier:
    def __init__(
        self,
        config: RespondConfig,
        *,
        smtp_password: str | None = None,
        webhook_key: bytes | None = None,
        tls_context: ssl.SSLContext | None = None,
        http: Callable[[str], Http] | None = None,
    ) -> None:
        self.config = config
        self._password = smtp_password
        self._key = webhook_key
        self._tls = tls_context
        self._http = http or (
            lambda url: Http(url, timeout=config.timeout_seconds, retries=config.retries)
        )

    def send(self, incident: Incident) -> list[Sent]:
        out: list[Sent] = []
        if self.config.smtp_host:
            out.append(self.email(incident))
        text = render_text(incident)
        for url in self.config.slack_webhooks:
            out.append(self._post("slack", url, {"text": text}))
        for url in self.config.teams_webhooks:
            out.append(self._post("teams", url, _teams_card(incident, text)))
        for url in self.config.json_webhooks:
            out.append(self._post("json", url, incident.to_json(), signed=True))
        return out

    def email(self, incident: Incident) -> Sent:
        to = recipients(incident, self.config)
        if not to:
            return Sent("email", False, "no recipients")
        msg = EmailMessage()
        msg["From"] = self.config.smtp_from
        msg["To"] = ", ".join(to)
        msg["Subject"] = (
            f"[pushguard] {len(incident.items)} leaked credential(s) in {incident.repository}"
        )
        msg["X-Pushguard-Incident"] = incident.key
        msg.set_content(render_text(incident))
        host = self.config.smtp_host or "localhost"
        try:
            with smtplib.SMTP(
                host, self.config.smtp_port, timeout=self.config.timeout_seconds
            ) as smtp:
                if self.config.smtp_starttls:
                    smtp.starttls(context=self._tls or ssl.create_default_context())
                if self.config.smtp_user and self._password is not None:
                    smtp.login(self.config.smtp_user, self._password)
                smtp.send_message(msg, to_addrs=to)
        except (OSError, smtplib.SMTPException) as exc:
            return Sent("email", False, f"{type(exc).__name__}: {exc}"[:200])
        return Sent("email", True, f"sent to {len(to)} recipient(s)")

    def _post(self, channel: str, url: str, payload: dict[str, Any], signed: bool = False) -> Sent:
        http = self._http(url)
        try:
            if signed:
                r = signed_post(http, self._key, payload)
            else:
                r = http.request(
                    "POST",
                    "",
                    headers={"Content-Type": "application/json"},
                    data=json.dumps(payload).encode(),
                )
        except TransportError as exc:
            # Chat webhook URLs are credentials themselves: never echo them.
            return Sent(channel, False, str(exc).split(":")[-1].strip())
        finally:
            http.close()
        return Sent(channel, 200 <= r.status_code < 300, f"HTTP {r.status_code}")


def _teams_card(incident: Incident, text: str) -> dict[str, Any]:
    """A Teams workflow ("When a Teams webhook request is received") message with one card."""
    body: Sequence[dict[str, Any]] = [
        {
            "type": "TextBlock",
            "weight": "Bolder",
            "wrap": True,
            "text": f"Leaked credentials in {incident.repository}",
        },
        {"type": "TextBlock", "wrap": True, "text": text},
    ]
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "content": {
                    "type": "AdaptiveCard",
                    "version": "1.4",
                    "body": list(body),
                    "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                },
            }
        ],
    }
