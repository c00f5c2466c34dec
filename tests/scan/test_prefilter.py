"""Both prefilter implementations agree, and every detector's prefilter fits the contract."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pushguard.scan.plugins import all_detectors
from pushguard.scan.prefilter import HyperscanPrefilter, RegexPrefilter, make_prefilter
from tests.helpers import tokens

PATTERNS = [d.prefilter for d in all_detectors()]


def sample_blocks() -> list[bytes]:
    rng = random.Random(7)
    makers = [tokens.huggingface_token, tokens.google_api_key, tokens.slack_webhook_url,
              lambda: tokens.github_token("ghp"), lambda: tokens.private_key_block("EC"),
              lambda: tokens.connection_url(), lambda: tokens.password(20)]
    filler = ["def f(x):", "    return x * 2", "", "# comment ñ", "value = compute(a, b)"]
    blocks = []
    for _ in range(40):
        lines = [rng.choice(filler) for _ in range(rng.randint(1, 30))]
        for _ in range(rng.randint(0, 3)):
            token = rng.choice(makers)()
            if rng.random() < 0.2:
                token = token.upper()  # prefilters are case-insensitive
            lines.insert(rng.randint(0, len(lines)), f'KEY = "{token}"')
        blocks.append("\n".join(lines).encode())
    return blocks


def test_prefilters_are_lowercase() -> None:
    # they run against ASCII-lowercased bytes (see prefilter.py)
    for detector in all_detectors():
        assert detector.prefilter == detector.prefilter.lower(), detector.rule


@pytest.mark.parametrize("every_match", [True, False], ids=["one pass", "regexes after a hit"])
def test_hyperscan_and_regex_prefilters_agree(tmp_path: Path, every_match: bool) -> None:
    """``hits`` finds the lines in the pass that reports every match where that database is
    at hand, else with a regex per pattern that hit; either way as the regexes alone do,
    the bulk patterns once on line 0. The regexes search a bulk pattern by its literal
    anchors (``anchors.literal_form``): they hit wherever Hyperscan does, and may hit more."""
    pytest.importorskip("hyperscan")
    # compile_if_missing=True compiles the every-match database on first use; a small scan
    # (False) without it cached finds lines by regex
    fast = make_prefilter(PATTERNS, tmp_path, compile_if_missing=True)
    if not every_match:
        fast = make_prefilter(PATTERNS, tmp_path, compile_if_missing=False)
        assert not list(tmp_path.glob("offsets-*.hsdb"))
    assert isinstance(fast, HyperscanPrefilter)
    slow = RegexPrefilter(PATTERNS)
    blocks = sample_blocks()
    hit = sorted({i for block in blocks for found in slow.hits(block).values() for i in found})
    bulk = fast.bulk = slow.bulk = frozenset(hit[::2])  # half the patterns that hit, as bulk
    for block in blocks:
        fast_hits, slow_hits = fast.hits(block), slow.hits(block)

        def lines(found: dict[int, list[int]]) -> dict[int, list[int]]:
            kept = {k: sorted(i for i in v if i not in bulk) for k, v in found.items()}
            return {k: v for k, v in kept.items() if v}

        assert lines(fast_hits) == lines(slow_hits)
        assert bulk.intersection(fast_hits.get(0, [])) <= bulk.intersection(slow_hits.get(0, []))


def test_a_long_lines_match_ends_come_from_the_files_pass(tmp_path: Path) -> None:
    """``line_ends`` gives, for each hit line over the length, what ``located`` would find
    scanning that line again: the same patterns, ending at the same offsets in the line."""
    pytest.importorskip("hyperscan")
    fast = make_prefilter(PATTERNS, tmp_path, compile_if_missing=True)
    assert isinstance(fast, HyperscanPrefilter)
    rng = random.Random(9)
    long_line = " ".join(
        f'k{i}="{tokens.huggingface_token(rng)}"' if i % 7 == 0 else f"v{i} = compute({i})"
        for i in range(60)
    )
    lines = ["x = 1", f'KEY = "{tokens.google_api_key(rng)}"', long_line, "y = 2", long_line]
    data = "\n".join(lines).encode()
    hits, ends = fast.line_ends(data, 200)
    assert set(ends) == {2, 4}  # the long lines with hits, and only they
    for number in ends:
        again = fast.located(lines[number].encode(), frozenset(hits[number]))
        assert {i: sorted(v) for i, v in ends[number].items()} == again
    assert hits == fast.line_hits(data)
    slow_hits, slow_ends = RegexPrefilter(PATTERNS).line_ends(data, 200)
    assert {k: sorted(v) for k, v in slow_hits.items()} == {k: sorted(v) for k, v in hits.items()}
    assert slow_ends == {}  # the regex pass knows no offsets: located() scans those lines


def test_whole_file_line_hits_agree_with_the_regex_pass(tmp_path: Path) -> None:
    """``line_hits`` (one Hyperscan pass locating every match, for whole files) finds the
    same lines for the same detectors as a regex search per detector, bulk ones included."""
    pytest.importorskip("hyperscan")
    fast = make_prefilter(PATTERNS, tmp_path, compile_if_missing=True)
    assert isinstance(fast, HyperscanPrefilter)
    slow = RegexPrefilter(PATTERNS)
    fast.bulk = slow.bulk = frozenset({0, 3})
    blocks = sample_blocks()
    blocks.append(b"\n".join(blocks))  # one large file: many hits, long stretches without
    for block in blocks:
        expected = {k: sorted(v) for k, v in slow.line_hits(block).items()}
        assert {k: sorted(v) for k, v in fast.line_hits(block).items()} == expected
        # hits() reports bulk patterns once, on line 0; line_hits() on their lines
        assert {i for v in expected.values() for i in v} == {
            i for v in slow.hits(block).values() for i in v
        }


def test_a_match_never_runs_onto_the_next_line(tmp_path: Path) -> None:
    """A keyword at a line's end and a value on the next line: the plugin reads one line at
    a time and never joins them, so no prefilter may match across the newline (Hyperscan,
    which reports where a match ends, would hit the value's line for the keyword's)."""
    pytest.importorskip("hyperscan")
    fast = make_prefilter(PATTERNS, tmp_path, compile_if_missing=True)
    slow = RegexPrefilter(PATTERNS)
    keyword = [d.rule for d in all_detectors()].index("secret-keyword")
    for space in (" ", "\t", "\x0b", "\x0c", "\r"):
        block = f"      secretKeyRef:{space}\n        name: db-credentials\n".encode()
        hits = fast.line_hits(block)
        assert {k: sorted(v) for k, v in hits.items()} == {
            k: sorted(v) for k, v in slow.line_hits(block).items()
        }, repr(space)
        assert keyword not in hits.get(1, []), repr(space)


def test_compiled_database_is_cached_and_reused(tmp_path: Path) -> None:
    pytest.importorskip("hyperscan")
    assert isinstance(make_prefilter(PATTERNS, tmp_path, compile_if_missing=False),
                      RegexPrefilter)  # nothing cached yet and not allowed to compile
    make_prefilter(PATTERNS, tmp_path, compile_if_missing=True)
    assert list(tmp_path.glob("prefilter-*.hsdb"))
    assert isinstance(make_prefilter(PATTERNS, tmp_path, compile_if_missing=False),
                      HyperscanPrefilter)


def test_corrupt_cache_falls_back_to_a_compile(tmp_path: Path) -> None:
    pytest.importorskip("hyperscan")
    make_prefilter(PATTERNS, tmp_path, compile_if_missing=True)
    (cached,) = tmp_path.glob("prefilter-*.hsdb")
    cached.write_bytes(b"garbage")
    prefilter = make_prefilter(PATTERNS, tmp_path, compile_if_missing=True)
    token = tokens.huggingface_token().encode()
    assert prefilter.hits(b"x = 1\nT = '" + token + b"'") == RegexPrefilter(PATTERNS).hits(
        b"x = 1\nT = '" + token + b"'")


TAILED_RULES = {
    "repeat": r"""(?i)(?:acme)(?:[ \t\w.-]{0,20})[\s'"]{0,3}(?:=|:)[\s'"]{0,5}"""
    r"([A-Za-z0-9]{30,64})",
    "optional group": r"(?i)(ey[a-zA-Z0-9]{17,}\.ey[a-zA-Z0-9_-]{17,}\."
    r"(?:[a-zA-Z0-9_-]{10,}={0,2})?)",
}


@pytest.mark.parametrize("tail", sorted(TAILED_RULES))
def test_a_rules_last_repeat_or_optional_group_is_prefiltered_once_per_token(
    tail: str, tmp_path: Path
) -> None:
    """A catalogue rule whose pattern ends in a repeat (``[A-Za-z0-9]{30,64}``) or an optional
    group (a JWT's signature) hits the lines the rule matches, with one match per token:
    Hyperscan reports every end offset, up to 35 or 70 per token for the whole pattern, each
    a callback and a sort entry on a history scan."""
    pytest.importorskip("hyperscan")
    import re

    from pushguard.scan.anchors import whole_pattern

    rule = TAILED_RULES[tail]
    piece = whole_pattern(rule)
    assert piece is not None
    rng = random.Random(3)
    lines = [
        f"acme_key = {tokens.high_entropy(64, tokens.ALNUM, rng)}",
        "total = compute(a, b)",
        f"ACME_TOKEN: '{tokens.high_entropy(40, tokens.ALNUM, rng)}'",
        "acme_key = short123",
        f"session = {tokens.jwt(rng)}",
        f"id_token: {tokens.jwt(rng, signature_bytes=256)}",
    ]
    data = "\n".join(lines).encode()
    fast = make_prefilter([piece], tmp_path, compile_if_missing=True)
    assert isinstance(fast, HyperscanPrefilter)
    matching = {i for i, line in enumerate(lines) if re.search(rule, line)}
    assert len(matching) == 2
    assert set(fast.line_hits(data)) == matching
    assert len(fast.offsets(data)) == len(matching)


def test_a_rules_long_bounded_repeat_is_prefiltered_on_every_line_it_matches(
    tmp_path: Path,
) -> None:
    """A catalogue rule with a long bounded repeat (an AWS session token's ``{16,2048}``) is
    prefiltered by a pattern that hits every line the rule matches, short and long tokens
    alike, and a line without the rule's name is not hit."""
    pytest.importorskip("hyperscan")
    import re

    from pushguard.scan.anchors import whole_pattern

    rule = (
        r"""(?i)(?:acme[_-]?session[_-]?token)["']?\s*(?:=|:)\s*["']?"""
        r"""([A-Za-z0-9/+=]{16,2048})(?:["'\s,;}]|$)"""
    )
    piece = whole_pattern(rule)
    assert piece is not None
    rng = random.Random(5)
    lines = [
        f"ACME_SESSION_TOKEN={tokens.high_entropy(20, tokens.ALNUM, rng)}",
        f"acme-session-token: '{tokens.high_entropy(2000, tokens.ALNUM, rng)}'",
        f"other_token = {tokens.high_entropy(40, tokens.ALNUM, rng)}",
        "acme_session_token = short",
    ]
    fast = make_prefilter([piece], tmp_path, compile_if_missing=True)
    assert isinstance(fast, HyperscanPrefilter)
    matching = {i for i, line in enumerate(lines) if re.search(rule, line)}
    assert matching == {0, 1}
    assert set(fast.line_hits("\n".join(lines).encode())) == matching


def test_a_prefilter_hyperscan_cannot_compile_is_told_apart_from_the_others() -> None:
    """Whole patterns are checked in one database: one that Hyperscan refuses (a
    backreference, which Python's re takes) is named alone, so only its rule falls back to
    its literal anchors."""
    pytest.importorskip("hyperscan")
    from pushguard.scan.anchors import hyperscan_rejects

    good = ["(?i:acme[a-z]{8})", "(?i:widget_[0-9]{4,})"]
    bad = r"(?i:(ab)\1[0-9]{6})"
    assert hyperscan_rejects(good) == set()
    assert hyperscan_rejects([good[0], bad, good[1]]) == {bad}


def test_skipped_patterns_are_left_out_of_a_files_pass(tmp_path: Path) -> None:
    """``line_ends(..., skip)`` and ``hits(..., skip)`` (third-party code, where the generic
    detectors are not run): the hits and ends of the other patterns, as the full pass gives
    them, and no line hit by the skipped patterns alone, in both implementations."""
    pytest.importorskip("hyperscan")
    fast = make_prefilter(PATTERNS, tmp_path, compile_if_missing=True)
    generic = frozenset(i for i, d in enumerate(all_detectors()) if not d.blocking)
    assert generic  # the keyword and entropy detectors
    left_out = 0
    for block in sample_blocks():
        full_hits, full_ends = fast.line_ends(block, 20)
        hits, ends = fast.line_ends(block, 20, generic)
        kept = {line: [i for i in found if i not in generic] for line, found in full_hits.items()}
        left_out += sum(len(found) for found in full_hits.values()) - sum(map(len, kept.values()))
        assert hits == {line: found for line, found in kept.items() if found}
        assert ends == {
            line: {i: at for i, at in found.items() if i not in generic}
            for line, found in full_ends.items()
            if line in hits
        }
        slow, _ = RegexPrefilter(PATTERNS).line_ends(block, 20, generic)
        assert {k: sorted(v) for k, v in slow.items()} == {k: sorted(v) for k, v in hits.items()}
        # a block's hits (scan_block's) leave them out alike
        for prefilter in (fast, RegexPrefilter(PATTERNS)):
            whole = prefilter.hits(block)
            kept = {line: [i for i in found if i not in generic] for line, found in whole.items()}
            assert prefilter.hits(block, generic) == {line: v for line, v in kept.items() if v}
    assert left_out  # the blocks' quoted tokens hit the entropy patterns


@pytest.mark.parametrize(
    "text",
    [
        '"eyJ" * 80_000',  # one line: the JWT rule from every "ey" to the line's end
        '"curl -H x " * 24_000',  # the curl rules' nested wildcards
        '"".join(f"data:\\n  k{i}: abcdefghijklmnop\\n" for i in range(8_000))',  # no Secret
        '"://a:" * 100_000',  # a URL's password from every "://" to the line's end (500 KB)
        # a keyword's word run read to its end from every keyword in it (240 KB)
        '"secret" * 40_000',
        '"keypassword" * 22_000',
    ],
    ids=["jwt", "curl", "secret-data", "url", "keyword-run", "keyword-pairs"],
)
def test_a_crafted_push_does_not_hold_the_scan(text: str) -> None:
    """240-500 KB shaped against a pattern once held the engine for minutes: the catalogue's
    JWT, curl and Kubernetes Secret rules, the URL password's and the keyword plugin's
    prefilters where Python's re prefilters (no compiled database yet, or no Hyperscan
    wheel), and on one dense line a detector's lazy gap (``curl`` ... ``-u``) or
    detect-secrets' JWT pattern. The scan (in its own process, killed if it hangs) now ends
    as any file's does. A hang guard, not a timing."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    code = (
        f"import sys; sys.path.insert(0, {str(root)!r})\n"
        "from tests.scan.test_catalogue import scan\n"
        f"scan({text}, 'deploy/crafted.yaml')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], timeout=60, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
