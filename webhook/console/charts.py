"""Chart geometry for server-rendered SVG: the templates draw what these compute.

No charting library and no script: bars are ``<rect>`` with presentation attributes (allowed
by the strict CSP, which forbids inline ``style``). Every chart also has a data table under it
for screen readers and for copying numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, NamedTuple

WIDTH: Final = 640
HEIGHT: Final = 200
AXIS: Final = 24  # room for the axis labels under the bars
LABEL_W: Final = 150  # room for labels left of horizontal bars
ROW_H: Final = 26


class Bar(NamedTuple):
    x: float
    y: float
    w: float
    h: float
    series: int  # 0, 1, ...: the CSS class picks the colour
    label: str
    value: int


class Tick(NamedTuple):
    x: float
    text: str


class Chart(NamedTuple):
    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick]
    top: int  # the value the tallest bar stands for


def _nice_top(value: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, ... that is at least ``value``."""
    scale = 1
    while True:
        for step in (1, 2, 5):
            if step * scale >= value:
                return step * scale
        scale *= 10


def grouped_columns(
    labels: Sequence[str], series: Sequence[Sequence[int]], *, every: int = 5
) -> Chart:
    """Columns per label, one per series side by side (e.g. found vs blocked per day)."""
    n = max(1, len(labels))
    top = _nice_top(max((v for s in series for v in s), default=0))
    slot = WIDTH / n
    inner = slot * 0.8 / max(1, len(series))
    plot = HEIGHT - AXIS
    bars = []
    for i, label in enumerate(labels):
        for k, values in enumerate(series):
            value = values[i]
            h = plot * value / top
            bars.append(Bar(i * slot + slot * 0.1 + k * inner, plot - h, inner, h, k, label, value))
    ticks = [Tick(i * slot + slot / 2, label) for i, label in enumerate(labels) if i % every == 0]
    return Chart(WIDTH, HEIGHT, bars, ticks, top)


def horizontal(items: Sequence[tuple[str, int]], *, series: int = 0) -> Chart:
    """One bar per (label, value), longest first as given; labels sit left of the bars."""
    top = max((v for _, v in items), default=0) or 1
    span = WIDTH - LABEL_W - 60  # leave room for the value after the bar
    bars = [
        Bar(LABEL_W, i * ROW_H + 4, max(1.0, span * value / top), ROW_H - 8, series, label, value)
        for i, (label, value) in enumerate(items)
    ]
    return Chart(WIDTH, max(ROW_H, ROW_H * len(items)), bars, [], top)
