"""Redacted previews: a token's format marking and two characters either end, never more of
its random body."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from pushguard.scan.secrets import redact
from tests.helpers import tokens as t


@pytest.mark.parametrize(
    ("make", "shown"),
    [
        (lambda r: "hf_" + t.rand(34, rng=r), "hf_"),
        (lambda r: "sk-ant-api03-" + t.rand(93, t.WORD_DASH, r), "sk-ant-api03-"),
        (lambda r: f"pat-na1-{t.rand(8, t.HEX, r)}-{t.rand(4, t.HEX, r)}", "pat-na1-"),
        (lambda r: "dp.st.prd." + t.rand(43, rng=r), "dp.st.prd."),
    ],
    ids=["hf", "anthropic", "hubspot", "doppler"],
)
def test_a_format_s_marking_and_two_characters_are_shown(
    make: Callable[[random.Random], str], shown: str
) -> None:
    token = make(random.Random(shown))
    assert redact(token) == f"{token[: len(shown) + 2]}…{token[-2:]}"


_RNG = random.Random("redact")


@pytest.mark.parametrize(
    "token",
    [
        # an Okta API token: "00" and random base64url, a "-" a dozen characters in
        "00" + t.rand(11, rng=_RNG) + "-" + t.rand(28, rng=_RNG),
        # a Dropbox token's random body holds "_" after its "sl."
        "sl." + t.rand(9, rng=_RNG) + "_" + t.rand(130, rng=_RNG),
        # a run of letters and digits before a separator is a random draw, not a marking
        t.rand(8, rng=_RNG) + "-" + t.rand(17, rng=_RNG),
    ],
    ids=["okta", "dropbox", "base64url"],
)
def test_a_separator_inside_a_random_body_reveals_nothing_more(token: str) -> None:
    preview = redact(token)
    head = preview.partition("…")[0]
    assert len(head) <= 5 and preview.endswith(token[-2:])
