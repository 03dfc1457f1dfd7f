"""The density rule: a guided practice speaks often enough that, with eyes closed, no one is left alone.

For every offered length: speech is at least a fifth of the time, no silence outside a declared
rest runs past a minute, and rests take at most a quarter of the time (CONTENT.md). Breathing with
the pacer is exempt: its tones guide every breath. Everything here is pure: a plan in, figures out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sessions.script_model import Problem, Script
from sessions.script_plan import PlannedStep, plan

MIN_SPEECH_FRACTION = 0.20
MAX_SILENCE_S = 60.0
MAX_REST_FRACTION = 0.25
#: Kinds the rule does not apply to: the pacer's sounds guide every breath.
EXEMPT_KINDS: tuple[str, ...] = ("breathing",)
#: Rounding slack, far below anything a person could hear.
_EPSILON_S = 1e-6

ItemType = Literal["speech", "silence", "rest", "bell"]


@dataclass(frozen=True)
class PlanItem:
    """One stretch of a planned session: a bell's lead, spoken words, a silence or a rest.

    A silent caption (a step without voice) is a ``silence`` that carries its caption ``text``:
    it can be read, but with eyes closed it is not heard.
    """

    start_s: float
    duration_s: float
    type: ItemType
    text: str | None
    step: int
    """The step's position in ``Script.steps``, 0-based."""

    @property
    def end_s(self) -> float:
        return self.start_s + self.duration_s


@dataclass(frozen=True)
class Density:
    """How much of a planned session is spoken, and its longest silence outside rests."""

    total_s: float
    speech_s: float
    rest_s: float
    longest_silence_s: float
    longest_silence_start_s: float
    longest_silence_step: int | None
    """The step (0-based, in ``Script.steps``) where the longest silence begins; ``None`` if none."""

    @property
    def speech_fraction(self) -> float:
        return self.speech_s / self.total_s if self.total_s > 0 else 0.0

    @property
    def rest_fraction(self) -> float:
        return self.rest_s / self.total_s if self.total_s > 0 else 0.0


def plan_items(planned: Sequence[PlannedStep]) -> tuple[PlanItem, ...]:
    """The planned steps as consecutive items covering the whole session, without gaps or overlaps."""
    items: list[PlanItem] = []
    for step in planned:
        quiet: ItemType = "rest" if step.rest else "silence"
        parts: list[tuple[float, ItemType, str | None]] = [
            (step.bell_s, "bell", None),
            (step.words_s, "speech" if step.voice is not None else quiet, step.text),
            (step.silence_s, quiet, None),
        ]
        start = step.start_s
        for duration, kind, text in parts:
            if duration > _EPSILON_S:
                items.append(PlanItem(start, duration, kind, text, step.script_index))
                start += duration
    return tuple(items)


def measure(items: Iterable[PlanItem], total_s: float) -> Density:
    """Speech and rest time, and the longest run of items that are neither speech nor rest.

    A bell does not end a silence: it says when, not what to do.
    """
    speech_s = rest_s = 0.0
    longest: tuple[float, float, int | None] = (0.0, 0.0, None)
    run_s, run_start = 0.0, 0.0
    run_step: int | None = None
    for item in items:
        if item.type in ("silence", "bell"):
            if run_s == 0.0:
                run_start, run_step = item.start_s, item.step
            run_s += item.duration_s
            if run_s > longest[0]:
                longest = (run_s, run_start, run_step)
            continue
        run_s = 0.0
        if item.type == "speech":
            speech_s += item.duration_s
        else:
            rest_s += item.duration_s
    return Density(total_s, speech_s, rest_s, longest[0], longest[1], longest[2])


def density_at(script: Script, minutes: float, voice_duration: Callable[[Path], float]) -> Density:
    """The density of ``script`` planned for ``minutes``; raises ``ScriptError`` like :func:`plan`."""
    return measure(plan_items(plan(script, minutes, voice_duration)), float(minutes) * 60.0)


def exempt(script: Script) -> bool:
    return script.kind in EXEMPT_KINDS


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def _span(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60} min {whole % 60} s" if whole >= 60 else f"{whole} s"


def shortfalls(density: Density) -> list[str]:
    """Each way ``density`` breaks the rule, in words; empty when it keeps it."""
    found: list[str] = []
    if density.speech_fraction < MIN_SPEECH_FRACTION - 1e-9:
        found.append(
            f"speech is {density.speech_fraction:.0%} of the time (at least {MIN_SPEECH_FRACTION:.0%}); "
            "add guidance, not only silence"
        )
    if density.longest_silence_s > MAX_SILENCE_S + _EPSILON_S:
        step = "" if density.longest_silence_step is None else f" in step {density.longest_silence_step + 1}"
        found.append(
            f"a silence of {_span(density.longest_silence_s)}{step} "
            f"(from {_clock(density.longest_silence_start_s)}) is longer than {MAX_SILENCE_S:g} s; "
            "add a cue, or declare a rest with rest = true"
        )
    if density.rest_fraction > MAX_REST_FRACTION + 1e-9:
        found.append(f"rests take {density.rest_fraction:.0%} of the time (at most {MAX_REST_FRACTION:.0%})")
    return found


def density_problems(
    script: Script, voice_duration: Callable[[Path], float], *, line: int | None = None
) -> list[Problem]:
    """Every shortfall of ``script`` at every offered length, as warnings (none for exempt kinds).

    A length that cannot be planned is left to the script checker, which reports it as an error.
    """
    if exempt(script):
        return []
    problems: list[Problem] = []
    for minutes in script.lengths_min:
        try:
            density = density_at(script, minutes, voice_duration)
        except ValueError:  # ScriptError: too short, unreadable voice; said elsewhere
            continue
        problems.extend(
            Problem(script.source, line, None, "lengths", f"at {minutes:g} min: {text}", "warning")
            for text in shortfalls(density)
        )
    return problems
