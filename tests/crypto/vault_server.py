"""A local HTTP server that follows Vault's transit API contract (the parts pushguard uses).

developer.hashicorp.com/vault/api-docs/secret/transit: ``X-Vault-Token`` auth (403 +
``{"errors": ["permission denied"]}`` otherwise), ``POST /v1/transit/encrypt/:name``
``{"plaintext": b64}`` -> ``{"data": {"ciphertext": "vault:v<N>:<b64>"}}``,
``POST /v1/transit/decrypt/:name`` -> ``{"data": {"plaintext": b64}}``,
``GET /v1/transit/keys/:name`` -> ``{"data": {"latest_version": N, ...}}``,
``POST /v1/transit/keys/:name/rotate``. Real AES-GCM with a key per version.
"""

from __future__ import annotations

import base64
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response


class FakeTransit:
    def __init__(self, server: HTTPServer, token: str, key: str = "pushguard") -> None:
        self.token = token
        self.key = key
        self.versions = [AESGCM.generate_key(bit_length=256)]
        self.calls: list[str] = []
        server.expect_request(f"/v1/transit/encrypt/{key}", method="POST").respond_with_handler(
            self._guard(self._encrypt)
        )
        server.expect_request(f"/v1/transit/decrypt/{key}", method="POST").respond_with_handler(
            self._guard(self._decrypt)
        )
        server.expect_request(f"/v1/transit/keys/{key}/rotate", method="POST").respond_with_handler(
            self._guard(self._rotate)
        )
        server.expect_request(f"/v1/transit/keys/{key}", method="GET").respond_with_handler(
            self._guard(self._info)
        )

    def _guard(self, handler):  # type: ignore[no-untyped-def]
        def wrapped(request: Request) -> Response:
            self.calls.append(f"{request.method} {request.path}")
            if request.headers.get("X-Vault-Token") != self.token:
                return _json({"errors": ["permission denied"]}, 403)
            return handler(request)

        return wrapped

    def _encrypt(self, request: Request) -> Response:
        plaintext = base64.b64decode(request.get_json()["plaintext"])
        version = len(self.versions)
        nonce = os.urandom(12)
        blob = nonce + AESGCM(self.versions[-1]).encrypt(nonce, plaintext, None)
        return _json(
            {
                "data": {
                    "ciphertext": f"vault:v{version}:{base64.b64encode(blob).decode()}",
                    "key_version": version,
                }
            }
        )

    def _decrypt(self, request: Request) -> Response:
        _, version, blob = request.get_json()["ciphertext"].split(":", 2)
        raw = base64.b64decode(blob)
        try:
            key = self.versions[int(version[1:]) - 1]
            plaintext = AESGCM(key).decrypt(raw[:12], raw[12:], None)
        except (IndexError, InvalidTag):
            return _json({"errors": ["cipher: message authentication failed"]}, 400)
        return _json({"data": {"plaintext": base64.b64encode(plaintext).decode()}})

    def _rotate(self, request: Request) -> Response:
        self.versions.append(AESGCM.generate_key(bit_length=256))
        return Response(status=204)

    def _info(self, request: Request) -> Response:
        return _json(
            {
                "data": {
                    "name": self.key,
                    "type": "aes256-gcm96",
                    "latest_version": len(self.versions),
                    "keys": {str(i + 1): 0 for i in range(len(self.versions))},
                }
            }
        )


def _json(body: object, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")
