"""Jinja filters for values that come from repositories and pushers (paths, refs, previews).

Autoescaping already stops markup; these also stop text that *looks* like something else:
bidirectional controls (the "Trojan Source" trick, CVE-2021-42574) are shown as visible
``U+202E`` tags instead of silently reordering what an engineer reads, and very long values
are clipped in tables.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from flask import Flask
from markupsafe import Markup, escape

BIDI_CONTROLS: Final = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
CLIP: Final = 120


def shown(value: object, limit: int | None = None) -> Markup:
    """Escaped text with bidi controls made visible, clipped to ``limit`` characters."""
    text = "" if value is None else str(value)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    out = str(escape(text))
    out = BIDI_CONTROLS.sub(
        lambda m: (
            f'<span class="ctl" title="invisible control character">U+{ord(m.group()):04X}</span>'
        ),
        out,
    )
    return Markup(out)  # noqa: S704 - built from escaped text plus our own fixed markup


def plain(value: object, limit: int | None = None) -> str:
    """Like ``shown`` for places that take text only (``<option>``, SVG ``<text>``): bidi
    controls become ``[U+202E]``; Jinja's autoescaping then escapes the result."""
    text = "" if value is None else str(value)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return BIDI_CONTROLS.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def when(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "never"


def ago(value: dt.datetime | None, now: dt.datetime | None = None) -> str:
    if value is None:
        return "never"
    seconds = int(((now or dt.datetime.now(dt.UTC)) - value).total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds // size} {unit} ago"
    return "just now"


def duration(value: dt.timedelta | None) -> str:
    if value is None:
        return "no revocations yet"
    seconds = int(value.total_seconds())
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds / 3600:.1f} h"


def init_app(app: Flask) -> None:
    app.add_template_filter(shown, "shown")
    app.add_template_filter(plain, "plain")
    app.add_template_filter(when, "when")
    app.add_template_filter(ago, "ago")
    app.add_template_filter(duration, "duration")
