"""Docs that must match the code: every configuration key is documented in its section."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from pushguard.config import SECTIONS, AllowEntry

DOC = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"


def documented(section: str) -> set[str]:
    text = DOC.read_text()
    match = re.search(rf"^## `\[{re.escape(section)}\]`.*?(?=^## |\Z)", text, re.M | re.S)
    assert match, f"docs/configuration.md has no section for [{section}]"
    return set(re.findall(r"^\| `([a-z_]+)` \|", match.group(0), re.M))


@pytest.mark.parametrize("section", [*SECTIONS, "[allowlist]"])
def test_every_setting_is_documented(section: str) -> None:
    cls = AllowEntry if section == "[allowlist]" else SECTIONS[section]
    keys = {f.name for f in dataclasses.fields(cls)}
    assert keys == documented(section)
