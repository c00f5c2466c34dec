"""Built-in checksums of token formats, so a detector can tell a real token from a look-alike.

GitHub (and npm, and our own ``pgt_`` tokens) append the CRC32 of the random body, written in
base62 with the alphabet ``0-9A-Za-z`` and left-padded with ``0`` to 6 characters; the prefix is
not part of the checksummed text (github.blog, "Behind GitHub's new authentication token
formats", 2021-04-05; npm's format announcement, 2021-09-23).

GitLab routable tokens (gitlabhq ``lib/authn/token_field/generator/routable_token.rb``) are
``<prefix><base64url payload>.<version: 2 base36>.<payload length: 2 base36><crc: 7 base36>``
where the CRC32 covers everything before it, prefix included, written in lowercase base36.
The first routable tokens lack the ``.<version>`` part; GitLab's own secret-detection rules
match both forms.

Azure's identifiable keys (microsoft/security-utilities, ``IdentifiableSecrets``) are base64;
their last four bytes are the Marvin32 hash (SymCrypt's ``marvin32.c``) of the bytes before
them, seeded with a 64-bit constant per kind of key (the bytes of ``"Master00"``, say).
"""

from __future__ import annotations

import base64
import binascii
import string
import struct
import zlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from pushguard.scan.lazyre import lazy

if TYPE_CHECKING:
    import random

BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
_BASE36 = string.digits + string.ascii_lowercase

GITHUB_BODY_LEN = 30
GITHUB_CHECKSUM_LEN = 6

PGT_PREFIX = "pgt_"
PGT_BODY_LEN = 30
PGT_LEN = len(PGT_PREFIX) + PGT_BODY_LEN + GITHUB_CHECKSUM_LEN

GITLAB_CRC_LEN = 7
# Routable tokens end in "[.<2-char version>].<2-char payload length><7-char crc>".
_BASE64URL = lazy(r"[0-9A-Za-z_-]+")
_ROUTABLE_TAIL = lazy(r"\.(?:([0-9a-z]{2})\.)?([0-9a-z]{2})([0-9a-z]{7})\Z")


def _encode(value: int, alphabet: str, width: int) -> str:
    base = len(alphabet)
    digits = []
    while value:
        value, rem = divmod(value, base)
        digits.append(alphabet[rem])
    return "".join(reversed(digits)).rjust(width, alphabet[0])


def crc32_base62(body: str, width: int = GITHUB_CHECKSUM_LEN) -> str:
    """The GitHub/npm-style checksum of ``body``: base62(CRC32), left-padded with ``0``."""
    return _encode(zlib.crc32(body.encode()), BASE62, width)


def valid_github_style(token_body_with_checksum: str) -> bool:
    """Whether the last 6 characters are the checksum of what precedes them.

    Accepts the body with or without its prefix (``ghp_``, ``npm_``, ``pgt_``...): the prefix
    ends at the last ``_`` and bodies are pure base62, so stripping it is unambiguous.
    """
    body = token_body_with_checksum.rpartition("_")[2]
    if len(body) <= GITHUB_CHECKSUM_LEN or not body.isascii() or not body.isalnum():
        return False
    payload, checksum = body[:-GITHUB_CHECKSUM_LEN], body[-GITHUB_CHECKSUM_LEN:]
    return crc32_base62(payload) == checksum


def gitlab_crc(encoded: str) -> str:
    """The 7-character lowercase base36 CRC32 GitLab appends to a routable token."""
    return _encode(zlib.crc32(encoded.encode()), _BASE36, GITLAB_CRC_LEN)


def valid_gitlab_routable(token: str) -> bool:
    """Whether a GitLab routable token's CRC (and its payload-length field) check out."""
    tail = _ROUTABLE_TAIL.search(token)
    if tail is None:
        return False
    encoded = token[: tail.start(3)]
    if gitlab_crc(encoded) != tail.group(3):
        return False
    # The length field counts the base64url payload, which sits between the prefix and ".".
    payload_len = int(tail.group(2), 36)
    head = token[: tail.start()]
    return 20 <= payload_len < len(head) and _BASE64URL.fullmatch(head[-payload_len:]) is not None


def make_gitlab_routable(
    prefix: str, payload_b64: str, version: int = 1, *, versioned: bool = True
) -> str:
    """Assemble a routable token from an already base64url-encoded payload (tests, fixtures).

    ``versioned=False``: the first routable form, without the ``.<version>`` field.
    """
    field = f".{_encode(version, _BASE36, 2)}" if versioned else ""
    encoded = f"{prefix}{payload_b64}{field}.{_encode(len(payload_b64), _BASE36, 2)}"
    return encoded + gitlab_crc(encoded)


def make_pgt_token(rng: random.Random | None = None) -> str:
    """A new pushguard API token: ``pgt_`` + 30 base62 + CRC32 checksum.

    Without ``rng`` the body comes from :mod:`secrets` (real tokens); tests pass a seeded
    ``random.Random`` for reproducible values.
    """
    if rng is None:
        import secrets  # only the admin CLI mints tokens: keep it out of the hook's imports

        body = "".join(secrets.choice(BASE62) for _ in range(PGT_BODY_LEN))
    else:
        body = "".join(rng.choice(BASE62) for _ in range(PGT_BODY_LEN))
    return PGT_PREFIX + body + crc32_base62(body)


def valid_pgt(token: str) -> bool:
    """Whether ``token`` has the exact ``pgt_`` shape and a correct checksum."""
    return (
        len(token) == PGT_LEN
        and token.startswith(PGT_PREFIX)
        and valid_github_style(token[len(PGT_PREFIX) :])
    )


_U32 = 0xFFFFFFFF


def _rotl(value: int, bits: int) -> int:
    return (value << bits | value >> (32 - bits)) & _U32


def _marvin_block(p0: int, p1: int) -> tuple[int, int]:
    p1 ^= p0
    p0 = (_rotl(p0, 20) + p1) & _U32
    p1 = _rotl(p1, 9) ^ p0
    p0 = (_rotl(p0, 27) + p1) & _U32
    return p0, _rotl(p1, 19)


def marvin64(data: bytes, seed: int) -> int:
    """Marvin's 64-bit hash of ``data`` (the high word is ``p1``, the low ``p0``)."""
    p0, p1 = seed & _U32, seed >> 32 & _U32
    whole = len(data) & ~3
    for (word,) in struct.iter_unpack("<I", data[:whole]):
        p0, p1 = _marvin_block((p0 + word) & _U32, p1)
    tail = data[whole:]  # 0-3 bytes, closed by a 0x80 byte
    p0 = (p0 + (0x80 << 8 * len(tail) | int.from_bytes(tail, "little"))) & _U32
    p0, p1 = _marvin_block(*_marvin_block(p0, p1))
    return p1 << 32 | p0


def marvin32(data: bytes, seed: int) -> int:
    """The 32-bit Marvin checksum: the two halves of ``marvin64`` xored."""
    value = marvin64(data, seed)
    return (value >> 32 ^ value) & _U32


def valid_azure_identifiable(key: str, seeds: Iterable[int]) -> bool:
    """Whether the last four bytes of ``key`` (base64, or base64url as Functions' keys are)
    are the Marvin32 checksum of the bytes before them under one of ``seeds``."""
    text = key.replace("-", "+").replace("_", "/")
    try:
        raw = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        return False
    stated = int.from_bytes(raw[-4:], "little")
    return len(raw) > 4 and any(marvin32(raw[:-4], seed) == stated for seed in seeds)
