"""A session as a pure function of elapsed time: steps, captions, breathing, and the cues to fire."""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterator
from dataclasses import dataclass

from sessions.events import Cue
from sessions.patterns import Pattern, PhaseState, phase_at, phase_starts

#: How far ahead cue generators look per batch (seconds); any positive value gives the same cues.
_BATCH_S = 60.0


@dataclass(frozen=True)
class TimelineStep:
    """One step of a session, already placed in time."""

    start_s: float
    duration_s: float
    caption: str = ""
    pattern: Pattern | None = None
    bell: str | None = None
    voice: str | None = None
    voice_s: float = 0.0
    """Time given to the words (the voice file's length, or reading time for a silent caption)."""
    lead_s: float = 0.0
    """The bell's lead: words start this long after the step (and its bell) begins."""

    @property
    def end_s(self) -> float:
        return self.start_s + self.duration_s

    @property
    def voice_start_s(self) -> float:
        return self.start_s + self.lead_s

    @property
    def breathing_start_s(self) -> float:
        """Breathing begins once the words (if any) are spoken."""
        return self.start_s + self.lead_s + self.voice_s


@dataclass(frozen=True)
class TimelineState:
    """Everything a view needs to draw one moment of a session."""

    elapsed_s: float
    step_index: int
    step: TimelineStep
    breathing: PhaseState | None
    remaining_s: float | None
    progress: float | None
    """0..1 through the whole session; ``None`` when open-ended."""


@dataclass(frozen=True)
class Timeline:
    """A session laid out in time. ``total_s`` is ``None`` for an open-ended pacer."""

    session_id: str
    title: str
    kind: str
    steps: tuple[TimelineStep, ...]
    total_s: float | None
    pattern_id: str | None = None
    end_bell: str | None = "bowl"
    skippable: bool = True
    """False for recordings: their audio plays straight through."""
    seekable: bool = False
    """True for guided practices and recordings: the player can move back and forward in them."""
    lead_in_s: float = 0.0
    """Time before the practice proper (a timer's settling time): on the clock, but not practice."""

    def __post_init__(self) -> None:
        if not self.steps:
            raise ValueError("a timeline needs at least one step")

    def step_index_at(self, t: float) -> int:
        index = 0
        for i, step in enumerate(self.steps):
            if step.start_s <= t:
                index = i
            else:
                break
        return index

    def voice_at(self, t: float) -> tuple[str, float] | None:
        """The voice file sounding at ``t`` seconds and how far into it, or ``None`` (a silence)."""
        for step in reversed(self.steps[: self.step_index_at(t) + 1]):
            if step.voice and step.voice_start_s <= t < step.voice_start_s + step.voice_s:
                return step.voice, t - step.voice_start_s
            if step.voice:
                return None  # a later voice began (and ended) before t: an earlier one cannot sound
        return None

    def state_at(self, t: float) -> TimelineState:
        """The state at ``t`` seconds (clamped to the session) — pure, no hidden state."""
        t = max(0.0, t if self.total_s is None else min(t, self.total_s))
        index = self.step_index_at(t)
        step = self.steps[index]
        breathing = None
        if step.pattern is not None and t >= step.breathing_start_s:
            breathing = phase_at(step.pattern, t - step.breathing_start_s)
        if self.total_s is None:
            return TimelineState(t, index, step, breathing, None, None)
        remaining = max(0.0, self.total_s - t)
        progress = t / self.total_s if self.total_s > 0 else 1.0
        return TimelineState(t, index, step, breathing, remaining, progress)

    def cues(self, after_s: float = -math.inf) -> Iterator[Cue]:
        """Every cue with ``due > after_s``, in due order (ties keep step, bell, voice, phase order)."""
        streams = [self._step_cues(i, s) for i, s in enumerate(self.steps)]
        if self.total_s is not None:
            end: list[Cue] = []
            if self.end_bell:
                end.append(Cue(self.total_s, "bell", self.end_bell, step=len(self.steps) - 1))
            end.append(Cue(self.total_s, "end", "end", step=len(self.steps) - 1))
            streams.append(iter(end))
        order = {"step": 0, "bell": 1, "voice": 2, "phase": 3, "tone": 4, "end": 5}
        merged = heapq.merge(*streams, key=lambda c: (c.due, order[c.kind]))
        for cue in merged:
            if cue.due > after_s:
                yield cue

    def _step_cues(self, index: int, step: TimelineStep) -> Iterator[Cue]:
        yield Cue(step.start_s, "step", f"step-{index}", step=index, text=step.caption)
        if step.bell:
            yield Cue(step.start_s, "bell", step.bell, step=index)
        if step.voice:
            name = step.voice.replace("\\", "/").rsplit("/", 1)[-1]  # the file's name, for the trace
            yield Cue(step.voice_start_s, "voice", name, step=index, path=step.voice, text=step.caption)
        if step.pattern is None:
            return
        start = step.breathing_start_s
        end = step.end_s
        if self.total_s is not None:
            end = min(end, self.total_s)
        t0 = 0.0
        while start + t0 < end:
            t1 = t0 + _BATCH_S
            for due, phase in phase_starts(step.pattern, t0, t1):
                at = start + due
                if at >= end:
                    return
                yield Cue(at, "phase", phase.label, step=index, phase=phase)
            t0 = t1


def whole_breaths(pattern: Pattern, minutes: float) -> int:
    """How many whole breaths come nearest to ``minutes`` (at least one)."""
    return max(1, round(minutes * 60.0 / pattern.cycle_s))


def breathing_timeline(
    pattern: Pattern, minutes: float | None, *, title: str | None = None, breaths: int | None = None
) -> Timeline:
    """A pacer session: a bell, the pattern for ``minutes`` (``None`` = until stopped), a bell.

    With ``breaths``, exactly that many whole breaths (each ends after its breath out and its hold),
    whatever ``minutes`` says.
    """
    if breaths is not None:
        minutes = breaths * pattern.cycle_s / 60.0
    total_s = None if minutes is None else float(minutes) * 60.0
    duration = math.inf if total_s is None else total_s
    step = TimelineStep(0.0, duration, caption=pattern.title, pattern=pattern, bell="bowl")
    return Timeline(
        session_id="breathing",
        title=title or pattern.title,
        kind="breathing",
        steps=(step,),
        total_s=total_s,
        pattern_id=pattern.id,
    )
