"""SIGTERM and SIGINT as a flag to check, never an exception raised at a random point.

`serve`'s supervisor and the worker's wait for Redis both need this: a stop that raises in
the middle of starting a child, or of RQ's own start-up, leaves a process running that nobody
stops.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType


class StopSignals:
    """Within ``with``: SIGTERM/SIGINT set ``event``; the previous handlers come back after."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def __enter__(self) -> StopSignals:
        self._previous = [
            (sig, signal.signal(sig, self._set)) for sig in (signal.SIGTERM, signal.SIGINT)
        ]
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self._previous:
            signal.signal(sig, handler)

    def _set(self, signum: int, frame: FrameType | None) -> None:
        self.event.set()
