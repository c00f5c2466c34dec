"""``changed_region``: where a file's new version differs from an earlier one, checked
against the definition on random edits of the kinds histories make."""

from __future__ import annotations

import random

import pytest

from pushguard.scan.changed import Region, changed_region


def _reference(earlier: bytes, new: bytes) -> Region:
    prefix = 0
    while prefix < min(len(earlier), len(new)) and earlier[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    room = min(len(earlier), len(new)) - prefix
    while suffix < room and earlier[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return Region(prefix, len(new) - suffix)


def _edit(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    cut = rng.choice([0, 1, rng.randrange(5000)])
    added = bytes(rng.choice(b"ab\n") for _ in range(rng.choice([0, 1, 3, rng.randrange(3000)])))
    return data[:at] + added + data[at + cut :]


@pytest.mark.parametrize("seed", range(40))
def test_random_edits_agree_with_the_definition(seed: int) -> None:
    rng = random.Random(seed)
    # long runs of one byte make prefix and suffix compete for the same bytes
    earlier = bytes(rng.choice(b"aab\n") for _ in range(rng.choice([0, 10, 300, 70_000])))
    new = earlier
    for _ in range(rng.randrange(1, 4)):
        new = _edit(rng, new)
    assert changed_region(earlier, new) == _reference(earlier, new)


@pytest.mark.parametrize(
    ("earlier", "new", "region"),
    [
        (b"one\ntwo\nthree\n", b"one\ntwo\nthree\n", Region(14, 14)),
        (b"one\ntwo\nsix\n", b"one\nsix\n", Region(4, 4)),  # a deletion: where it was
        (b"one\nsix\n", b"one\ntwo\nsix\n", Region(4, 8)),
        (b"aaaa", b"aaaaaa", Region(4, 6)),  # the suffix never overlaps the prefix
        (b"", b"new\n", Region(0, 4)),
        (b"old\n", b"", Region(0, 0)),
    ],
)
def test_edges(earlier: bytes, new: bytes, region: Region) -> None:
    assert changed_region(earlier, new) == region
