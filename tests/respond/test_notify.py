"""Notifications: one email per incident to the right people over real SMTP, chat webhooks."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import ssl
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from pushguard.config import RespondConfig
from pushguard.respond.notify import Incident, Item, Notifier, recipients
from tests.respond.fakes import Mailbox, free_port

ITEM = Item(
    "huggingface-token",
    "hf_Ab…yz",
    "f" * 64,
    "c" * 40,
    "app/settings.py",
    12,
    "revoked",
    "alice (write)",
    "Sign in and delete it.",
)
LIVE = Item(
    "stripe-key",
    "sk_li…Qz",
    "e" * 64,
    "d" * 40,
    "pay.py",
    3,
    "live",
    "",
    "Roll the key in the Stripe dashboard.",
)
INCIDENT = Incident(
    "scan:7",
    "acme/app",
    (ITEM, LIVE),
    pusher="Pusher <pusher@example.com>",
    authors=("author@example.com", "PUSHER@example.com"),
    owners=("owner@example.org",),
)


def test_recipients_are_deduplicated_and_configurable() -> None:
    everyone = RespondConfig(security_contacts=("sec@example.com",))
    assert recipients(INCIDENT, everyone) == [
        "pusher@example.com",
        "author@example.com",
        "owner@example.org",
        "sec@example.com",
    ]
    only_security = RespondConfig(
        security_contacts=("sec@example.com",),
        notify_pusher=False,
        notify_author=False,
        notify_owner=False,
    )
    assert recipients(INCIDENT, only_security) == ["sec@example.com"]


def test_one_email_per_incident_with_steps_for_what_is_still_live(
    smtp: tuple[Mailbox, int],
) -> None:
    box, port = smtp
    cfg = RespondConfig(smtp_host="127.0.0.1", smtp_port=port, smtp_from="guard@example.com")
    [sent] = Notifier(cfg).send(INCIDENT)
    assert sent.ok and sent.channel == "email"
    [(rcpt, _)] = box.envelopes
    assert sorted(rcpt) == ["author@example.com", "owner@example.org", "pusher@example.com"]
    [message] = box.messages()
    assert message["Subject"] == "[pushguard] 2 leaked credential(s) in acme/app"
    body = message.get_content()
    assert "Roll the key in the Stripe dashboard." in body  # live: what to do now
    assert "Sign in and delete it." not in body  # revoked: nothing to do
    assert "app/settings.py:12" in body


def test_an_unreachable_smtp_server_is_reported_not_raised() -> None:
    cfg = RespondConfig(smtp_host="127.0.0.1", smtp_port=9, timeout_seconds=1)
    [sent] = Notifier(cfg).send(INCIDENT)
    assert not sent.ok and sent.channel == "email"


def test_chat_webhooks_get_one_post_each_and_json_is_signed(httpserver: HTTPServer) -> None:
    seen: dict[str, Request] = {}

    def keep(name: str) -> Callable[[Request], Response]:
        def handler(request: Request) -> Response:
            seen[name] = request
            return Response("ok")

        return handler

    for name in ("slack", "teams", "json"):
        httpserver.expect_request(f"/{name}", method="POST").respond_with_handler(keep(name))
    cfg = RespondConfig(
        slack_webhooks=(httpserver.url_for("/slack"),),
        teams_webhooks=(httpserver.url_for("/teams"),),
        json_webhooks=(httpserver.url_for("/json"),),
    )
    sent = Notifier(cfg, webhook_key=b"k").send(INCIDENT)
    assert [(s.channel, s.ok) for s in sent] == [("slack", True), ("teams", True), ("json", True)]
    assert "hf_Ab…yz" in json.loads(seen["slack"].get_data())["text"]
    card = json.loads(seen["teams"].get_data())["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    body = seen["json"].get_data()
    assert json.loads(body)["findings"][0]["fingerprint"] == "f" * 64
    ts = seen["json"].headers["X-Pushguard-Timestamp"]
    expected = "sha256=" + hmac.new(b"k", ts.encode() + b"." + body, hashlib.sha256).hexdigest()
    assert seen["json"].headers["X-Pushguard-Signature"] == expected
    assert len(httpserver.log) == 3


def test_a_failing_chat_webhook_does_not_echo_its_url() -> None:
    url = "http://127.0.0.1:9/services/T000/B000/XXXXSECRETPATH"
    [sent] = Notifier(RespondConfig(slack_webhooks=(url,), retries=0)).send(INCIDENT)
    assert not sent.ok and "SECRETPATH" not in sent.detail


SMTP_PASSWORD = "smtp-pass"  # pragma: allowlist secret


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=1))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def test_starttls_and_login_before_anything_is_sent(tmp_path: Path) -> None:
    cert, key = _self_signed(tmp_path)
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    logins: list[tuple[str, bool]] = []

    def authenticator(
        server: object, session: Any, envelope: object, mechanism: str, auth_data: Any
    ) -> AuthResult:
        ok = auth_data.login == b"pushguard" and auth_data.password == SMTP_PASSWORD.encode()
        logins.append((auth_data.login.decode(), session.ssl is not None))
        return AuthResult(success=ok)

    box = Mailbox()
    port = free_port()
    controller = Controller(
        box,
        hostname="localhost",
        port=port,
        tls_context=server_tls,
        require_starttls=True,
        authenticator=authenticator,
        auth_required=True,
    )
    controller.start()
    try:
        client_tls = ssl.create_default_context(cafile=str(cert))
        cfg = RespondConfig(
            smtp_host="localhost",
            smtp_port=port,
            smtp_starttls=True,
            smtp_user="pushguard",
            security_contacts=("sec@example.com",),
        )
        [sent] = Notifier(cfg, smtp_password=SMTP_PASSWORD, tls_context=client_tls).send(INCIDENT)
        [refused] = Notifier(
            dataclasses.replace(cfg, smtp_starttls=False), smtp_password=SMTP_PASSWORD
        ).send(INCIDENT)
    finally:
        controller.stop()
    assert sent.ok, sent.detail
    assert logins == [("pushguard", True)]  # the password only ever crossed TLS
    assert not refused.ok  # the server demands STARTTLS: plain text is refused
    assert len(box.envelopes) == 1
