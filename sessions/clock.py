"""The clock the core runs on: a protocol, the real monotonic clock, and a fake for tests; and how
its seconds are written for a person (:func:`mmss`)."""

from __future__ import annotations

import math
import time
from typing import Protocol


class Clock(Protocol):
    """A source of monotonic seconds. The core never reads time any other way."""

    def now(self) -> float: ...


class MonotonicClock:
    """The real clock: ``time.monotonic()``, unaffected by wall-clock changes."""

    def now(self) -> float:
        return time.monotonic()


class FakeClock:
    """A clock that moves only when told, so tests never wait in real time."""

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a monotonic clock never goes back")
        self._now += seconds

    def set(self, value: float) -> None:
        if value < self._now:
            raise ValueError("a monotonic clock never goes back")
        self._now = value


def mmss(seconds: float) -> str:
    """Seconds as minutes and seconds, ``"4:05"``, rounded up: a countdown shows 0:00 only at the end."""
    total = max(0, math.ceil(seconds - 1e-6))
    return f"{total // 60}:{total % 60:02d}"
