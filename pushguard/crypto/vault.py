"""HashiCorp Vault transit as the master key: Vault wraps data keys, the key never leaves it.

Contract (developer.hashicorp.com/vault/api-docs/secret/transit): ``X-Vault-Token`` header;
``POST /v1/{mount}/encrypt/{key}`` ``{"plaintext": base64}`` -> ``data.ciphertext`` like
``vault:v3:...``; ``POST /v1/{mount}/decrypt/{key}`` ``{"ciphertext"}`` -> ``data.plaintext``
(base64); ``GET /v1/{mount}/keys/{key}`` -> ``data.latest_version``;
``POST /v1/{mount}/keys/{key}/rotate``. Errors come back as ``{"errors": [...]}``.
"""

from __future__ import annotations

import base64
import json
import re
import urllib.error
import urllib.request
from typing import Any

from pushguard.crypto.provider import MasterKeyError

_CIPHERTEXT = re.compile(r"vault:v(\d+):[A-Za-z0-9+/=]+\Z")


class VaultTransitProvider:
    provider_id = "vault"

    def __init__(
        self, addr: str, key: str, *, token: str, mount: str = "transit", timeout: float = 10.0
    ) -> None:
        if not addr.startswith(("http://", "https://")):
            raise MasterKeyError(f"[keys] vault_addr must be an http(s) URL, got {addr!r}")
        self.base = f"{addr.rstrip('/')}/v1/{mount.strip('/')}"
        self.key = key
        self._token = token
        self.timeout = timeout

    def current_version(self) -> int:
        data = self._call("GET", f"keys/{self.key}")
        return _int(data, "latest_version")

    def wrap(self, data_key: bytes, aad: bytes) -> tuple[int, bytes]:
        # Transit's own associated_data needs Vault >= 1.x per key type; the data key's
        # ciphertext is already bound to the record by the envelope's AAD.
        data = self._call("POST", f"encrypt/{self.key}", {"plaintext": _b64(data_key)})
        ciphertext = str(data.get("ciphertext", ""))
        match = _CIPHERTEXT.match(ciphertext)
        if match is None:
            raise MasterKeyError("Vault transit encrypt returned no vault:v<N>: ciphertext")
        return int(match.group(1)), ciphertext.encode("ascii")

    def unwrap(self, version: int, wrapped: bytes, aad: bytes) -> bytes:
        data = self._call("POST", f"decrypt/{self.key}", {"ciphertext": wrapped.decode("ascii")})
        try:
            return base64.b64decode(str(data["plaintext"]), validate=True)
        except (KeyError, ValueError):
            raise MasterKeyError("Vault transit decrypt returned no base64 plaintext") from None

    def rotate(self) -> int:
        self._call("POST", f"keys/{self.key}/rotate", {})
        return self.current_version()

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        url = f"{self.base}/{path}"
        request = urllib.request.Request(  # noqa: S310 - vault_addr is checked to be http(s)
            url,
            data=None if body is None else json.dumps(body).encode(),
            method=method,
            headers={"X-Vault-Token": self._token, "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                payload = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            raise MasterKeyError(f"Vault {method} {url}: HTTP {exc.code}: {_errors(exc)}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise MasterKeyError(f"Vault {method} {url}: unreachable: {exc}") from None
        except ValueError:
            raise MasterKeyError(f"Vault {method} {url}: response is not JSON") from None
        data = payload.get("data") if isinstance(payload, dict) else None
        return data if isinstance(data, dict) else {}


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _int(data: dict[str, Any], key: str) -> int:
    value = data.get(key)
    if not isinstance(value, int):
        raise MasterKeyError(f"Vault transit key info has no {key}")
    return value


def _errors(exc: urllib.error.HTTPError) -> str:
    try:
        errors = json.loads(exc.read()).get("errors")
    except (ValueError, AttributeError, OSError):
        errors = None
    if isinstance(errors, list) and errors:
        return "; ".join(str(e) for e in errors)[:300]
    return exc.reason if isinstance(exc.reason, str) else "error"
