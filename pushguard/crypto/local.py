"""Master keys in a local file (``pushguard keys init``): one ``<version> <base64>`` per line.

The file must be private to its owner (mode 0600), like ssh's private keys: a group- or
world-readable key file is refused rather than used.
"""

from __future__ import annotations

import base64
import binascii
import os
import stat
from pathlib import Path

from pushguard.crypto.provider import MASTER_KEY_BYTES, AesKeyRing, MasterKeyError

HEADER = "# pushguard master keys: <version> <base64 AES-256 key>; never delete old versions\n"


class LocalFileProvider:
    provider_id = "local"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._ring = AesKeyRing(read_key_file(path), str(path))

    def current_version(self) -> int:
        return self._ring.current_version()

    def wrap(self, data_key: bytes, aad: bytes) -> tuple[int, bytes]:
        return self._ring.wrap(data_key, aad)

    def unwrap(self, version: int, wrapped: bytes, aad: bytes) -> bytes:
        return self._ring.unwrap(version, wrapped, aad)

    def rotate(self) -> int:
        keys = dict(self._ring.keys)
        version = max(keys) + 1
        keys[version] = os.urandom(MASTER_KEY_BYTES)
        _write(self.path, keys, replace=True)
        self._ring = AesKeyRing(keys, str(self.path))
        return version


def init_key_file(path: Path) -> None:
    """Create the key file with one fresh key (v1); never overwrite an existing one."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    _write(path, {1: os.urandom(MASTER_KEY_BYTES)}, replace=False)


def read_key_file(path: Path) -> dict[int, bytes]:
    try:
        st = path.stat()
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise MasterKeyError(
            f"master key file {path} does not exist; create it with `pushguard keys init`"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise MasterKeyError(f"master key file {path}: cannot read: {exc}") from None
    if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise MasterKeyError(
            f"master key file {path} is accessible by other users; run `chmod 600 {path}`"
        )
    keys: dict[int, bytes] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        version, _, encoded = line.strip().partition(" ")
        try:
            keys[int(version)] = base64.b64decode(encoded.strip(), validate=True)
        except (ValueError, binascii.Error):
            raise MasterKeyError(
                f"master key file {path}:{number}: expected '<version> <base64>'"
            ) from None
    return keys


def _write(path: Path, keys: dict[int, bytes], *, replace: bool) -> None:
    body = HEADER + "".join(
        f"{version} {base64.b64encode(key).decode()}\n" for version, key in sorted(keys.items())
    )
    target = path.with_name(path.name + ".new") if replace else path
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise MasterKeyError(
            f"{target} already exists; refusing to overwrite a master key "
            "(losing it makes every sealed credential unreadable)"
        ) from None
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(body)
        fh.flush()
        os.fsync(fh.fileno())
    if replace:
        os.replace(target, path)  # atomic: a crash leaves the old or the new ring, never half
