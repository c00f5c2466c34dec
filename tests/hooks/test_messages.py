from __future__ import annotations

import pytest

from pushguard.git import RefUpdate
from pushguard.hooks import messages
from pushguard.scan.types import Finding, Skipped

ZERO = "0" * 40
OLD, NEW = "1" * 40, "2" * 40


def finding(path: str = "app.py", n: int = 1) -> Finding:
    return Finding("c" * 40, path, n, "github-token", True, "f" * 64, "ghp_Ab…yz")


def test_rejection_lists_each_finding_then_the_fix_in_order() -> None:
    lines = messages.rejected(
        [finding(n=3), finding("b.env", 9)],
        [RefUpdate(OLD, NEW, "refs/heads/main"), RefUpdate(ZERO, NEW, "refs/heads/new")],
        inline_pragmas=True,
    )
    text = "\n".join(lines)
    assert "2 secret(s)" in lines[0]
    assert "  cccccccccc  app.py:3  github-token  ghp_Ab…yz" in lines
    assert "  cccccccccc  b.env:9  github-token  ghp_Ab…yz" in lines
    assert f"fingerprint {'f' * 64}" in text
    assert (
        text.index("FIRST") < text.index("--amend") < text.index("rebase -i") < text.index("pragma")
    )
    assert "<base> for refs/heads/main: 1111111111" in text
    assert "<base> for a new ref" in text


def test_rejection_without_inline_pragmas_points_to_the_allowlist_only() -> None:
    text = "\n".join(messages.rejected([finding()], [], inline_pragmas=False))
    assert "comments are disabled on this server" in text and "[[allowlist]]" in text
    assert "add a comment" not in text


def test_long_lists_are_cut() -> None:
    many = [finding(n=i) for i in range(1, 31)]
    lines = messages.finding_lines(many)
    assert lines[-1] == "  ... and 10 more"
    assert len(messages.skipped([Skipped("c" * 40, f"f{i}", "binary") for i in range(25)])) == 22


@pytest.mark.parametrize(
    ("gitlab", "rejecting", "expected"),
    [
        (True, True, "GL-HOOK-ERR: a\nGL-HOOK-ERR: b\n"),
        (True, False, "a\nb\n"),  # notices of an accepted push are not errors
        (False, True, "a\nb\n"),
    ],
)
def test_render(gitlab: bool, rejecting: bool, expected: str) -> None:
    assert messages.render(["a", "b"], gitlab=gitlab, rejecting=rejecting) == expected
    assert messages.render([], gitlab=gitlab, rejecting=rejecting) == ""


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain/path.py", "plain/path.py"),
        ("a\nremote: fake", "a\\nremote: fake"),
        ("\x1b[2Jx", "\\x1b[2Jx"),
        ("caf\udce9", "caf\\udce9"),
    ],
)
def test_pushed_names_cannot_forge_lines(raw: str, shown: str) -> None:
    assert messages.clean(raw) == shown
    [line, _fp] = messages.finding_lines([finding(raw)])
    assert "\n" not in line and shown in line
