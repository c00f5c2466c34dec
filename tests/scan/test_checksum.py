"""Token checksums: GitHub/npm/pgt CRC32-base62 and GitLab routable CRC32-base36."""

from __future__ import annotations

import random
import zlib

import pytest

from pushguard.scan import checksum
from tests.helpers import tokens


def base62_value(text: str) -> int:
    return sum(checksum.BASE62.index(c) * 62**i for i, c in enumerate(reversed(text)))


def test_github_checksum_matches_the_published_example() -> None:
    # The worked example of base62-token.js (GitHub's scheme): body -> "0mLq17".
    body = "zQWBuTSOoRi4" + "A9spHcVY5ncnsDkxkJ"  # pragma: allowlist secret
    assert checksum.crc32_base62(body) == "0mLq17"


@pytest.mark.parametrize("seed", range(20))
def test_crc32_base62_decodes_to_the_crc(seed: int) -> None:
    body = tokens.rand(30, rng=random.Random(seed))
    encoded = checksum.crc32_base62(body)
    assert len(encoded) == 6
    assert base62_value(encoded) == zlib.crc32(body.encode())


def test_crc32_base62_pads_small_values_with_zero() -> None:
    # CRC32 of "" is 0: every digit is padding.
    assert checksum.crc32_base62("") == "000000"
    assert checksum.crc32_base62("", width=8) == "00000000"


@pytest.mark.parametrize(
    ("token", "valid"),
    [
        (tokens.github_token("ghp"), True),
        (tokens.github_token("gho"), True),
        (tokens.npm_token(), True),
        (tokens.github_token("ghp")[4:], True),  # body without prefix
        (tokens.github_token("ghp", valid=False), False),
        (tokens.npm_token(valid=False), False),
        ("ghp_" + "Ab1" * 2, False),  # too short to hold a checksum and a body
        ("ghp_", False),
        ("ghp_" + "a-b" * 12, False),  # not base62
    ],
)
def test_valid_github_style(token: str, valid: bool) -> None:
    assert checksum.valid_github_style(token) is valid


def test_pgt_tokens_from_the_system_random_are_distinct_and_valid() -> None:
    first, second = checksum.make_pgt_token(), checksum.make_pgt_token()
    assert first != second
    for token in (first, second):
        assert token.startswith("pgt_") and len(token) == checksum.PGT_LEN
        assert checksum.valid_pgt(token)


def test_pgt_tokens_from_a_seeded_random_are_reproducible() -> None:
    assert checksum.make_pgt_token(random.Random(7)) == checksum.make_pgt_token(random.Random(7))


@pytest.mark.parametrize(
    "token",
    [
        tokens.pgt_token(valid=False),
        "ghp_" + tokens.pgt_token()[4:],  # right checksum, wrong prefix
        tokens.pgt_token() + "0",  # too long
        tokens.pgt_token()[:-1],  # too short
        "",
    ],
)
def test_valid_pgt_rejects(token: str) -> None:
    assert not checksum.valid_pgt(token)


def test_gitlab_routable_crc_is_base36_crc32_of_everything_before_it() -> None:
    token = tokens.gitlab_routable_pat()
    head, crc = token[:-7], token[-7:]
    assert crc == crc.lower() and int(crc, 36) == zlib.crc32(head.encode())
    payload, version, length = head.split(".")
    assert version == "01"
    assert int(length, 36) == len(payload) - len("glpat-")


@pytest.mark.parametrize("prefix", ["glpat-", "glrt-t1_", "gldt-"])
def test_gitlab_routable_tokens_validate(prefix: str) -> None:
    assert checksum.valid_gitlab_routable(tokens.gitlab_routable_pat(prefix=prefix))


def test_gitlab_routable_rejects_bad_crc_length_or_shape() -> None:
    good = tokens.gitlab_routable_pat()
    payload = good.partition(".01.")[0]
    # A correct CRC over a length field that lies about the payload:
    lying = f"{payload}.01.zz"
    lying += checksum.gitlab_crc(lying)
    assert not checksum.valid_gitlab_routable(lying)
    assert not checksum.valid_gitlab_routable(tokens.gitlab_routable_pat(valid=False))
    assert not checksum.valid_gitlab_routable(tokens.gitlab_pat())  # legacy: no CRC at all
    assert not checksum.valid_gitlab_routable(good.upper())
