"""Runs a timeline against a clock: start, pause, resume, stop — elapsed is always computed, never summed."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterator
from typing import Literal

from sessions.clock import Clock
from sessions.events import (
    Cue,
    CueDue,
    CueSoon,
    Event,
    SessionEnded,
    SessionPaused,
    SessionResumed,
    SessionSeeked,
    SessionStarted,
)
from sessions.timeline import Timeline, TimelineState

RunnerState = Literal["ready", "running", "paused", "finished", "stopped"]

#: A cue this close to due counts as due, so a timer that wakes a hair early does not cost a frame.
DUE_TOLERANCE_S = 0.001


class Runner:
    """Drives one session.

    ``elapsed = clock.now() - start - paused_total``: the only source of session time. Ticks
    (:meth:`poll`) may come late, early or not at all; the session still ends exactly at
    ``timeline.total_s`` and every cue keeps its due time.

    ``lead_s`` is how long a sound takes to be heard once started (a mixer plays it from its next
    buffer): each cue is announced by a :class:`CueSoon` that much before its :class:`CueDue`, so
    its sound can start early and be heard on time, while what is drawn still changes when due.
    """

    def __init__(self, timeline: Timeline, clock: Clock, *, lead_s: float = 0.0) -> None:
        if not (math.isfinite(lead_s) and 0.0 <= lead_s <= 1.0):
            raise ValueError(f"lead_s must be between 0 and 1 second, not {lead_s!r}")
        self.timeline = timeline
        self.lead_s = lead_s
        self._clock = clock
        self._state: RunnerState = "ready"
        self._start = 0.0
        self._paused_total = 0.0
        self._paused_at = 0.0
        self._ended_at_s: float | None = None
        #: Seconds of the session skipped over: the position moved on, the person did not practise them.
        #: Net of seeks: a seek back to hear a part again takes off what it plays twice.
        self._skipped_s = 0.0
        self._cues: Iterator[Cue] = timeline.cues()
        #: The next cue not yet announced by a ``CueSoon``.
        self._next: Cue | None = next(self._cues, None)
        #: Cues announced but not yet due, in due order.
        self._soon: deque[Cue] = deque()

    @property
    def state(self) -> RunnerState:
        return self._state

    @property
    def is_active(self) -> bool:
        """Running or paused: a session someone is in the middle of."""
        return self._state in ("running", "paused")

    def start(self) -> list[Event]:
        if self._state != "ready":
            raise RuntimeError(f"cannot start a session that is {self._state}")
        self._start = self._clock.now()
        self._state = "running"
        return [SessionStarted(self.timeline.total_s), *self.poll()]

    def elapsed(self) -> float:
        """Seconds of practice so far, excluding pauses, clamped to the planned length."""
        if self._ended_at_s is not None:
            return self._ended_at_s
        elapsed = self.unclamped_elapsed()
        total = self.timeline.total_s
        return elapsed if total is None else min(elapsed, total)

    @property
    def skipped_s(self) -> float:
        return self._skipped_s

    def practiced_s(self) -> float:
        """Seconds really spent in the session so far: :meth:`elapsed` less the parts skipped."""
        return max(0.0, self.elapsed() - self._skipped_s)

    def unclamped_elapsed(self) -> float:
        """Session seconds by the clock, past the end if the end is late (what the trace's ``at`` uses)."""
        if self._state == "ready":
            return 0.0
        now = self._paused_at if self._state == "paused" else self._clock.now()
        return now - self._start - self._paused_total

    def state_at_now(self) -> TimelineState:
        return self.timeline.state_at(self.elapsed())

    def pause(self) -> list[Event]:
        if self._state != "running":
            return []
        events = self.poll()
        if events and isinstance(events[-1], SessionEnded):  # it ended in that last poll
            return events
        self._paused_at = self._clock.now()
        self._state = "paused"
        return [*events, SessionPaused(self.elapsed())]

    def resume(self) -> list[Event]:
        if self._state != "paused":
            return []
        self._paused_total += self._clock.now() - self._paused_at
        self._state = "running"
        return [SessionResumed(self.elapsed()), *self.poll()]

    def stop(self) -> list[Event]:
        """End the session early; practice so far is reported, not counted as complete."""
        if not self.is_active:
            return []
        self._ended_at_s = self.elapsed()
        self._state = "stopped"
        return [SessionEnded(False, self.practiced_s(), self.timeline.total_s, self._skipped_s)]

    def seek(self, t: float) -> list[Event]:
        """Move the session to ``t`` seconds (clamped to it), running or paused.

        A seek moves ``start``: elapsed stays ``clock - start - paused``, nothing is added up. Cues
        before ``t`` are not replayed; the step at ``t`` is what ``state_at_now`` shows. The time
        jumped over counts as skipped (a seek back, as time heard again), so only time actually
        played is practice. Seeking to the end ends the session.
        """
        if not self.is_active or not self.timeline.seekable or not math.isfinite(t):
            return []
        total = self.timeline.total_s
        target = max(0.0, t if total is None else min(t, total))
        before = self.elapsed()
        if target == before:
            return []
        self._start -= target - before
        self._skipped_s += target - before
        # A cue exactly at the new position is shown (its step); earlier ones are passed over.
        self._cues = self.timeline.cues(after_s=target - DUE_TOLERANCE_S * 2)
        self._next = next(self._cues, None)
        self._soon.clear()
        events: list[Event] = [SessionSeeked(before, target)]
        if self._state == "running":
            events += self.poll()
        return events

    def skip_to(self, t: float) -> list[Event]:
        """Jump forward to ``t`` seconds (skip a step); cues in between are passed over silently."""
        if self._state != "running":
            return []
        now_elapsed = self.elapsed()
        if t <= now_elapsed:
            return []
        total = self.timeline.total_s
        self._skipped_s += (t if total is None else min(t, total)) - now_elapsed
        self._paused_total -= t - now_elapsed
        self._cues = self.timeline.cues(after_s=t - DUE_TOLERANCE_S * 2)
        self._next = next(self._cues, None)
        self._soon.clear()
        return self.poll()

    def poll(self) -> list[Event]:
        """Every cue due (or, as :class:`CueSoon`, due within ``lead_s``) by now, in order; and the
        end, once, when the planned length is reached."""
        if self._state != "running":
            return []
        elapsed = self.elapsed()
        events: list[Event] = []
        soon = elapsed + self.lead_s + DUE_TOLERANCE_S
        while self._next is not None and self._next.due <= soon:
            cue = self._next
            # Nothing is announced past the end: the session is over when it is due.
            self._next = None if cue.kind == "end" else next(self._cues, None)
            events.append(CueSoon(cue))
            self._soon.append(cue)
        while self._soon and self._soon[0].due <= elapsed + DUE_TOLERANCE_S:
            cue = self._soon.popleft()
            events.append(CueDue(cue))
            if cue.kind == "end":
                total = self.timeline.total_s
                assert total is not None  # only finite timelines have an end cue
                self._ended_at_s = total
                self._state = "finished"
                events.append(SessionEnded(True, self.practiced_s(), total, self._skipped_s))
                break
        return events

    def seconds_to_next_cue(self) -> float | None:
        """Clock seconds until the next cue is due or announced, or ``None`` when none will come (or
        not running)."""
        if self._state != "running":
            return None
        times = [self._soon[0].due] if self._soon else []
        if self._next is not None:
            times.append(self._next.due - self.lead_s)
        return max(0.0, min(times) - self.elapsed()) if times else None

    @property
    def next_cue(self) -> Cue | None:
        """The next cue to fall due."""
        return self._soon[0] if self._soon else self._next
