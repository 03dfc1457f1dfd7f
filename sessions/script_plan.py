"""Planning a script for a chosen length: fixed speech, base silences, and stretched leftover time."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from sessions.scripts import (
    BELL_LEAD_S,
    MAX_LENGTH_MIN,
    Problem,
    Script,
    ScriptError,
    caption_seconds,
    step_fixed_s,
)

#: Rounding slack when comparing sums of seconds: far below one audio sample.
EPSILON_S = 1e-6


@dataclass(frozen=True)
class PlannedStep:
    """One step placed on the session's timeline; every time is in seconds from the session start.

    Within a step: the bell (if any) rings at ``start_s``, the words begin at ``voice_start_s``,
    and the silence (with its breathing pattern, if any) runs from ``silence_start_s`` to ``end_s``.
    """

    index: int
    """Position in this plan, 0-based."""
    start_s: float
    duration_s: float
    text: str
    voice: Path | None
    """The file to play, or ``None`` for a silent caption."""
    voice_s: float
    """Length of the voice file; 0 for a silent caption."""
    bell: str | None
    pattern: str | None
    script_index: int = 0
    """Position of the step in ``Script.steps`` (a step heard only at longer lengths shifts ``index``)."""
    bell_s: float = 0.0
    words_s: float = 0.0
    """Time given to the words: ``voice_s``, or the reading time of a silent caption."""
    rest: bool = False
    """The step's silence is a declared rest (``rest = true`` in the script)."""

    @property
    def voice_start_s(self) -> float:
        return self.start_s + self.bell_s

    @property
    def silence_start_s(self) -> float:
        return self.start_s + self.bell_s + self.words_s

    @property
    def silence_s(self) -> float:
        return self.duration_s - self.bell_s - self.words_s

    @property
    def end_s(self) -> float:
        return self.start_s + self.duration_s


def _fail(script: Script, message: str, field: str | None = "lengths") -> ScriptError:
    return ScriptError([Problem(script.source, None, None, field, message)])


def plan(script: Script, minutes: float, voice_duration: Callable[[Path], float]) -> tuple[PlannedStep, ...]:
    """Lay ``script`` out so its steps fill exactly ``minutes`` minutes.

    Bell leads, speech (``voice_duration`` of each voice file, read by the caller) and base
    silences are kept; the time left over is shared among the steps by their ``stretch``
    weights. Steps with ``from_minutes`` above ``minutes`` are left out. Raises
    :class:`ScriptError` when the length is too short for the fixed parts, when nothing can
    stretch, or when ``voice_duration`` fails (``OSError``/``ValueError``) or returns nonsense.
    """
    if not (isinstance(minutes, int | float) and math.isfinite(minutes) and 0 < minutes <= MAX_LENGTH_MIN):
        raise _fail(
            script, f"a session must last more than 0 and at most {MAX_LENGTH_MIN:g} minutes, got {minutes}"
        )
    total_s = float(minutes) * 60.0
    chosen = [(i, s) for i, s in enumerate(script.steps) if s.included_at(minutes)]
    if not chosen:
        raise _fail(script, f"no step is part of a {minutes:g}-minute session")

    durations_cache: dict[Path, float] = {}
    voice_lengths: list[float] = []
    for index, step in chosen:
        if step.voice_file is None:
            voice_lengths.append(0.0)
            continue
        if step.voice_file not in durations_cache:
            try:
                seconds = float(voice_duration(step.voice_file))
            except (OSError, ValueError) as error:
                raise _fail(
                    script, f"step {index + 1}: cannot read voice file {step.voice_file}: {error}", "voice"
                ) from error
            if not math.isfinite(seconds) or seconds < 0:
                raise _fail(
                    script, f"step {index + 1}: voice file {step.voice_file} has no usable length", "voice"
                )
            durations_cache[step.voice_file] = seconds
        voice_lengths.append(durations_cache[step.voice_file])

    words = [
        v if s.voice_file is not None else caption_seconds(s.text)
        for (_, s), v in zip(chosen, voice_lengths, strict=True)
    ]
    fixed = [step_fixed_s(s, w) for (_, s), w in zip(chosen, words, strict=True)]
    leftover_s = total_s - math.fsum(fixed)
    if leftover_s < -EPSILON_S:
        raise _fail(
            script,
            f"a {minutes:g}-minute session is too short for '{script.title}': its bells, words and "
            f"base silences take {math.fsum(fixed):.1f} s of the {total_s:.0f} s",
        )
    leftover_s = max(0.0, leftover_s)
    weights = [s.stretch for _, s in chosen]
    weight_sum = math.fsum(weights)
    if weight_sum <= 0 and leftover_s > EPSILON_S:
        raise _fail(script, f"a {minutes:g}-minute session cannot be filled: every step has stretch = 0")

    durations = [
        f + (leftover_s * w / weight_sum if weight_sum > 0 else 0.0)
        for f, w in zip(fixed, weights, strict=True)
    ]
    # Shares of the leftover do not add up exactly in floating point: give the remainder to the
    # last stretchable step so the plan ends on the chosen length, not a few ULPs beside it.
    last = max((k for k, w in enumerate(weights) if w > 0), default=len(durations) - 1)
    durations[last] = max(fixed[last], total_s - math.fsum(durations[:last] + durations[last + 1 :]))
    # Start times come from one cumulative sum, never from adding up ticks while running.
    starts = [0.0, *accumulate(durations[:-1])]
    return tuple(
        PlannedStep(
            index=k,
            start_s=start,
            duration_s=duration,
            text=step.text,
            voice=step.voice_file,
            voice_s=voice_s,
            bell=step.bell,
            pattern=step.pattern,
            script_index=script_index,
            bell_s=BELL_LEAD_S if step.bell else 0.0,
            words_s=words_s,
            rest=step.rest,
        )
        for k, ((script_index, step), start, duration, voice_s, words_s) in enumerate(
            zip(chosen, starts, durations, voice_lengths, words, strict=True)
        )
    )
