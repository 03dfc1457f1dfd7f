"""The clock the core runs on: a protocol, the real monotonic clock, and a fake for tests."""

from __future__ import annotations

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
