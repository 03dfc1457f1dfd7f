"""Breathing patterns: presets, custom ``IN-HOLD-OUT[-HOLD]`` text, and the pure ``phase_at``."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Literal

PhaseKind = Literal["in", "hold", "out"]

#: Fewer than 15 breaths a minute: faster paced breathing can leave people light-headed.
MIN_CYCLE_S = 4.0
#: An inhale or exhale shorter than this cannot be followed calmly.
MIN_BREATH_S = 1.0
#: No single phase (a hold included) may last longer than this.
MAX_PHASE_S = 30.0


class PatternError(ValueError):
    """A pattern text that cannot be used, with a message meant for the person who typed it."""


@dataclass(frozen=True)
class Phase:
    """One phase of a breathing cycle; ``level_from``/``level_to`` are the orb's fill, 0..1."""

    kind: PhaseKind
    label: str
    duration_s: float
    level_from: float
    level_to: float


@dataclass(frozen=True)
class Pattern:
    """A breathing pattern: a repeating cycle of phases."""

    id: str
    title: str
    phases: tuple[Phase, ...]

    @cached_property
    def cycle_s(self) -> float:
        """Seconds of one cycle (kept once worked out: every frame of a breath asks)."""
        return sum(p.duration_s for p in self.phases)

    @property
    def has_holds(self) -> bool:
        return any(p.kind == "hold" for p in self.phases)

    @property
    def breaths_per_minute(self) -> float:
        return 60.0 / self.cycle_s

    def without_holds(self) -> Pattern:
        """The same pattern with every hold removed (the "no holds" safety setting)."""
        if not self.has_holds:
            return self
        phases = tuple(p for p in self.phases if p.kind != "hold")
        return replace(self, phases=phases, title=f"{self.title} (no holds)")

    def short_text(self) -> str:
        """The pattern in ``IN-HOLD-OUT-HOLD`` form, e.g. ``4-7-8``."""
        return "-".join(_fmt(p.duration_s) for p in self.phases)


@dataclass(frozen=True)
class PhaseState:
    """Where a pattern is at one moment: the answer of :func:`phase_at`."""

    index: int
    phase: Phase
    progress: float
    """0..1 through the current phase."""
    remaining_s: float
    cycle: int
    level: float
    """The orb's fill, 0..1, eased with a sine curve so motion never jerks."""


def _fmt(seconds: float) -> str:
    return f"{seconds:g}"


def _build(pattern_id: str, title: str, spec: list[tuple[PhaseKind, str, float]]) -> Pattern:
    """Turn (kind, label, seconds) triples into phases with orb levels.

    Consecutive inhales share the rise by duration (the physiological sigh's top-up), and
    every exhale falls to empty, so the orb is full at the top of every breath.
    """
    phases: list[Phase] = []
    level = 0.0
    i = 0
    while i < len(spec):
        kind, label, dur = spec[i]
        if kind == "in":
            j = i
            while j < len(spec) and spec[j][0] == "in":
                j += 1
            total = sum(s[2] for s in spec[i:j])
            done = 0.0
            for k in range(i, j):
                kk, lab, d = spec[k]
                start = level + (1.0 - level) * (done / total)
                done += d
                end = level + (1.0 - level) * (done / total)
                phases.append(Phase(kk, lab, d, start, end))
            level = 1.0
            i = j
            continue
        if kind == "out":
            phases.append(Phase(kind, label, dur, level, 0.0))
            level = 0.0
        else:
            phases.append(Phase(kind, label, dur, level, level))
        i += 1
    # A cycle must start where it ends: a pattern that ends with the orb full (no exhale) is
    # refused by validation, so the first phase's level_from is always the cycle's end level.
    if phases and phases[0].level_from != level:
        first = phases[0]
        phases[0] = replace(first, level_from=level)
    return Pattern(pattern_id, title, tuple(phases))


def _four(in_s: float, hold_in: float, out_s: float, hold_out: float) -> list[tuple[PhaseKind, str, float]]:
    spec: list[tuple[PhaseKind, str, float]] = [("in", "Breathe in", in_s)]
    if hold_in > 0:
        spec.append(("hold", "Hold", hold_in))
    spec.append(("out", "Breathe out", out_s))
    if hold_out > 0:
        spec.append(("hold", "Rest", hold_out))
    return spec


PRESETS: dict[str, Pattern] = {
    "box": _build("box", "Box breathing", _four(4, 4, 4, 4)),
    "4-7-8": _build("4-7-8", "4-7-8 breathing", _four(4, 7, 8, 0)),
    "resonance": _build("resonance", "Resonance breathing", _four(5.5, 0, 5.5, 0)),
    "4-6": _build("4-6", "Extended exhale", _four(4, 0, 6, 0)),
    "sigh": _build(
        "sigh",
        "Physiological sigh",
        [("in", "Breathe in", 2.0), ("in", "A little more", 1.0), ("out", "Long breath out", 6.0)],
    ),
}

#: The lengths a breathing practice offers, in minutes; ``None`` is "until I stop".
LENGTHS_MIN: tuple[float | None, ...] = (1, 3, 5, 10, 15, 20, None)

#: One line a preset, for menus and ``list``.
PRESET_BLURBS: dict[str, str] = {
    "box": "4 in, 4 hold, 4 out, 4 rest",
    "4-7-8": "4 in, 7 hold, 8 out",
    "resonance": "5.5 in, 5.5 out, about 5.5 breaths a minute",
    "4-6": "4 in, 6 out: a longer breath out",
    "sigh": "a breath in, a little more, a long breath out",
}

_NUMBER = r"\d+(?:\.\d+)?"
_CUSTOM_RE = re.compile(rf"^\s*({_NUMBER})-({_NUMBER})-({_NUMBER})(?:-({_NUMBER}))?\s*$")
#: Seconds as typed, ``IN-HOLD-OUT[-HOLD]`` (a saved pattern's name must not look like this).
CUSTOM_RE = _CUSTOM_RE


def parse_pattern(text: str, *, no_holds: bool = False) -> Pattern:
    """A preset name or custom ``IN-HOLD-OUT[-HOLD]`` seconds (decimals allowed, e.g. ``5-0-7.5``).

    Raises :class:`PatternError` with a plain explanation for anything else. With ``no_holds``
    every hold is dropped. Every pattern, preset or custom, must keep a cycle of at least
    :data:`MIN_CYCLE_S` seconds.
    """
    key = text.strip().lower()
    if key in PRESETS:
        pattern = PRESETS[key]
    else:
        match = _CUSTOM_RE.match(key)
        if match is None:
            names = ", ".join(PRESETS)
            raise PatternError(
                f"'{text.strip()}' is not a breathing pattern. Use one of {names}, "
                "or seconds as IN-HOLD-OUT or IN-HOLD-OUT-HOLD, for example 4-2-6 or 5-0-7.5."
            )
        values = [float(g) if g is not None else 0.0 for g in match.groups()]
        in_s, hold_in, out_s, hold_out = values
        for name, value in (("breath in", in_s), ("breath out", out_s)):
            if value < MIN_BREATH_S:
                raise PatternError(
                    f"In '{text.strip()}' the {name} is {_fmt(value)} s; "
                    f"it needs at least {_fmt(MIN_BREATH_S)} s to be followed calmly."
                )
        for name, value in (
            ("breath in", in_s),
            ("hold", hold_in),
            ("breath out", out_s),
            ("rest", hold_out),
        ):
            if value > MAX_PHASE_S:
                raise PatternError(
                    f"In '{text.strip()}' the {name} is {_fmt(value)} s; "
                    f"each part can be at most {_fmt(MAX_PHASE_S)} s."
                )
        short = "-".join(_fmt(v) for v in (values if match.group(4) is not None else values[:3]))
        pattern = _build(short, f"Custom {short}", _four(in_s, hold_in, out_s, hold_out))
    if no_holds:
        pattern = pattern.without_holds()
    if pattern.cycle_s < MIN_CYCLE_S:
        raise PatternError(
            f"'{text.strip()}' makes a breath of {_fmt(pattern.cycle_s)} s; a full breath needs at "
            f"least {_fmt(MIN_CYCLE_S)} s, so breathing never gets hurried."
        )
    return pattern


def ease(progress: float) -> float:
    """Sine ease-in-out: 0 → 0, 1 → 1, with zero speed at both ends."""
    p = min(1.0, max(0.0, progress))
    return (1.0 - math.cos(math.pi * p)) / 2.0


def phase_at(pattern: Pattern, t: float) -> PhaseState:
    """The phase of ``pattern`` at ``t`` seconds after it started (pure; ``t < 0`` counts as 0)."""
    t = max(0.0, t)
    cycle_s = pattern.cycle_s
    cycle = int(t // cycle_s)
    within = t - cycle * cycle_s
    # Floating point can leave ``within`` a hair past the cycle: fold it into the next one.
    if within >= cycle_s:
        cycle += 1
        within = 0.0
    start = 0.0
    for index, phase in enumerate(pattern.phases):
        end = start + phase.duration_s
        if within < end or index == len(pattern.phases) - 1:
            into = min(max(within - start, 0.0), phase.duration_s)
            progress = into / phase.duration_s
            level = phase.level_from + (phase.level_to - phase.level_from) * ease(progress)
            return PhaseState(index, phase, progress, phase.duration_s - into, cycle, level)
        start = end
    raise AssertionError("unreachable: a pattern always has phases")  # pragma: no cover


def phase_starts(pattern: Pattern, start_s: float, end_s: float) -> list[tuple[float, Phase]]:
    """Every phase start in ``[start_s, end_s)`` for a pattern that began at 0, in order.

    Times are computed as ``cycle * cycle_s + offset`` (never by adding up durations), so the
    thousandth breath starts exactly where the first one says it should.
    """
    if end_s <= start_s:
        return []
    offsets: list[float] = []
    acc = 0.0
    for phase in pattern.phases:
        offsets.append(acc)
        acc += phase.duration_s
    cycle_s = pattern.cycle_s
    out: list[tuple[float, Phase]] = []
    cycle = max(0, int(start_s // cycle_s) - 1)
    while True:
        base = cycle * cycle_s
        if base >= end_s:
            break
        for offset, phase in zip(offsets, pattern.phases, strict=True):
            due = base + offset
            if start_s <= due < end_s:
                out.append((due, phase))
        cycle += 1
    return out
