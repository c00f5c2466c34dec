"""Pre-receive stdin parsing and the revisions a push adds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pushguard.errors import UsageError
from pushguard.git import RefUpdate, is_null_oid, parse_ref_updates, push_revisions

A1, B1, Z1 = "a" * 40, "b" * 40, "0" * 40
A2, Z2 = "a" * 64, "0" * 64


@pytest.mark.parametrize(
    ("oid", "null"),
    [(Z1, True), (Z2, True), (A1, False), ("0" * 39 + "1", False), ("", False)],
)
def test_is_null_oid(oid: str, null: bool) -> None:
    assert is_null_oid(oid) is null


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{A1} {B1} refs/heads/main\n", [RefUpdate(A1, B1, "refs/heads/main")]),
        (f"{Z1} {B1} refs/heads/new\n", [RefUpdate(Z1, B1, "refs/heads/new")]),
        (f"{A2} {Z2} refs/tags/v1", [RefUpdate(A2, Z2, "refs/tags/v1")]),
        (  # every line counts, blank lines (and CRLF) are tolerated
            f"\n{A1} {B1} refs/heads/a\r\n\n{B1} {A1} refs/heads/b\n\n",
            [RefUpdate(A1, B1, "refs/heads/a"), RefUpdate(B1, A1, "refs/heads/b")],
        ),
        (f"{A1.upper()} {B1} refs/heads/x\n", [RefUpdate(A1, B1, "refs/heads/x")]),
        ("", []),
    ],
)
def test_parse_ref_updates(text: str, expected: list[RefUpdate]) -> None:
    assert parse_ref_updates(text) == expected


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (f"{A1} {B1}\n", 1),  # no ref
        (f"{A1} {B1} refs/heads/main\n{A1} {B1} refs/heads/x extra\n", 2),
        (f"{A1}  {B1} refs/heads/main\n", 1),  # double space
        (f"{A1[:-1]} {B1} refs/heads/main\n", 1),  # 39 digits
        (f"{'g' * 40} {B1} refs/heads/main\n", 1),  # not hex
        (f"\n\n{A1} {A2} refs/heads/main\n", 3),  # mixed hash lengths
        (f"{Z1} {Z1} refs/heads/main\n", 1),  # neither old nor new
        (f"{A1} {B1} refs/heads/\x01main\n", 1),  # control character in the ref
    ],
)
def test_malformed_lines_name_the_line(text: str, line: int) -> None:
    with pytest.raises(UsageError, match=f"line {line}:"):
        parse_ref_updates(text)


def test_created_and_deleted() -> None:
    assert RefUpdate(Z2, A2, "refs/heads/x").created
    assert not RefUpdate(Z2, A2, "refs/heads/x").deleted
    assert RefUpdate(A1, Z1, "refs/heads/x").deleted
    assert not RefUpdate(A1, B1, "refs/heads/x").created


def test_push_revisions_skips_deletions_and_dedupes_tips() -> None:
    updates = [
        RefUpdate(A1, B1, "refs/heads/main"),
        RefUpdate(Z1, B1, "refs/heads/copy"),  # same tip as main
        RefUpdate(B1, Z1, "refs/heads/gone"),
        RefUpdate(Z1, A1, "refs/tags/v1"),
    ]
    assert push_revisions(updates) == (["--not", "--all"], [B1, A1])
    assert push_revisions([RefUpdate(B1, Z1, "refs/heads/gone")]) == (["--not", "--all"], [])


oids = st.sampled_from([40, 64]).flatmap(
    lambda n: st.tuples(
        st.text("0123456789abcdef", min_size=n, max_size=n),
        st.text("0123456789abcdef", min_size=n, max_size=n),
    )
)
refs = st.text(
    st.characters(min_codepoint=0x21, max_codepoint=0x2FF, blacklist_characters="\x7f"),
    min_size=1,
    max_size=40,
)
updates = st.lists(st.tuples(oids, refs), max_size=8).filter(
    lambda items: all(not (is_null_oid(o) and is_null_oid(n)) for (o, n), _ in items)
)


@settings(max_examples=60)
@given(updates, st.lists(st.sampled_from(["", "\n", "\r"]), max_size=8))
def test_parse_round_trips(items: list[tuple[tuple[str, str], str]], blanks: list[str]) -> None:
    lines = [f"{old} {new} {ref}" for (old, new), ref in items]
    text = "\n".join(lines + blanks) + "\n"
    assert parse_ref_updates(text) == [RefUpdate(o, n, r) for (o, n), r in items]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A valid line with one character inserted, replaced or deleted."""
    (old, new), ref = draw(st.tuples(oids, refs))
    line = f"{old} {new} {ref}"
    at = draw(st.integers(0, len(line) - 1))
    ch = draw(st.sampled_from([" ", "\t", "0", "g", "\x00", "\n", ""]))
    keep = draw(st.booleans())
    return line[:at] + ch + line[at + (0 if keep else 1) :] + "\n"


@settings(max_examples=60)
@given(st.one_of(st.text(max_size=120), mutated()))
def test_parse_only_raises_usage_error(text: str) -> None:
    try:
        result = parse_ref_updates(text)
    except UsageError as exc:
        assert str(exc).startswith("stdin line ")
    else:  # whatever it accepts is well formed
        for update in result:
            assert len(update.old) == len(update.new) in (40, 64)
            assert " " not in update.ref and update.ref
