"""Times on the command line and in the API: a duration (``12h``, ``7d``, ``2w``, ``1y``) or
an ISO 8601 date, for finding ages (``findings --older-than``) and expiries (``--expires``)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from pushguard.errors import UsageError

_DURATION: Final = re.compile(r"(\d{1,6})([hdwy])\Z")
_UNITS: Final = {
    "h": dt.timedelta(hours=1),
    "d": dt.timedelta(days=1),
    "w": dt.timedelta(weeks=1),
    "y": dt.timedelta(days=365),
}
FORMS: Final = "a duration like 12h, 7d, 2w or 1y, or a date like 2027-01-31"


def duration(text: str) -> dt.timedelta | None:
    match = _DURATION.match(text.strip().lower())
    return None if match is None else int(match.group(1)) * _UNITS[match.group(2)]


def ago(text: str, option: str, now: dt.datetime) -> dt.datetime:
    """``7d`` -> now minus 7 days; ``2026-11-01`` -> that day's start (UTC)."""
    delta = duration(text)
    if delta is not None:
        return now - delta
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option} {text!r}: use {FORMS}") from None
    return dt.datetime.combine(day, dt.time(), dt.UTC)


def until(text: str, option: str, today: dt.date) -> dt.date:
    """``90d`` -> today plus 90 days; ``2027-01-31`` -> that day (the last one that counts)."""
    delta = duration(text)
    if delta is not None:
        return today + dt.timedelta(days=max(1, delta.days))
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option} {text!r}: use {FORMS}") from None
