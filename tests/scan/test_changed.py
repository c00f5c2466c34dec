"""``changed_region``: where a file's new version differs from an earlier one, checked
against the definition on random edits of the kinds histories make."""

from __future__ import annotations

import itertools
import random

import pytest

from pushguard.scan.changed import Region, changed_region, changed_regions


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


def _edits(rng: random.Random, data: bytes, count: int) -> bytes:
    for _ in range(count):
        data = _edit(rng, data)
    return data


@pytest.mark.parametrize("seed", range(40))
def test_random_edits_agree_with_the_definition(seed: int) -> None:
    rng = random.Random(seed)
    # long runs of one byte make prefix and suffix compete for the same bytes
    earlier = bytes(rng.choice(b"aab\n") for _ in range(rng.choice([0, 10, 300, 70_000])))
    new = _edits(rng, earlier, rng.randrange(1, 4))
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


@pytest.mark.parametrize("seed", range(40))
def test_regions_leave_out_only_long_runs_the_earlier_version_has(seed: int) -> None:
    rng = random.Random(seed)
    earlier = b"".join(
        f"row {rng.randrange(10**6)} {'x' * rng.randrange(40)}\n".encode() for _ in range(3000)
    )
    new = _edits(rng, earlier, rng.randrange(2, 5))  # often far apart
    least = rng.choice([1024, 8192])
    regions = changed_regions(earlier, new, least)
    whole = changed_region(earlier, new)
    assert regions[0].start == whole.start and regions[-1].end == whole.end
    for one, other in itertools.pairwise(regions):
        left_out = new[one.end : other.start]
        assert one.end < other.start  # in order, apart
        assert len(left_out) >= least // 4 and left_out in earlier


def test_edits_far_apart_in_a_long_file_come_as_two_regions() -> None:
    earlier = b"".join(f"entry {n}\n".encode() for n in range(20_000))
    new = earlier.replace(b"entry 10\n", b"entry 10\nentry 10b\n").replace(
        b"entry 19990\n", b"entry 19990\nentry 19990b\n"
    )
    near, far = changed_regions(earlier, new, 8192)
    # each the line added there (shifted where its neighbours repeat its bytes)
    assert near.end - near.start == len(b"entry 10b\n") and near.end < 200
    assert far.end - far.start == len(b"entry 19990b\n") and far.start > len(new) - 200
    # one region for a short file
    short, edited = earlier[:2000], new[:2010]
    assert changed_regions(short, edited, 8192) == [changed_region(short, edited)]
