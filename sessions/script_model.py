"""Session scripts as data: steps, scripts, the problems a file can have, and the time words take."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

from sessions.paths import sha256_hex

ScriptKind = Literal[
    "loving-kindness",
    "body-scan",
    "self-compassion-break",
    "breathing",
    "hand-on-heart",
    "soften-soothe-allow",
    "affectionate-breathing",
    "giving-receiving",
    "compassionate-friend",
    "kind-noting",
    "soles-of-the-feet",
    "compassionate-walking",
    "custom",
]
KINDS: tuple[str, ...] = get_args(ScriptKind)
#: What a person needs; the library groups its practices by it.
ScriptGroup = Literal["hard-moment", "settle", "kindness", "body", "breathing"]
GROUPS: tuple[str, ...] = get_args(ScriptGroup)
#: The group of a script that names none (a user script may leave it out; a built-in may not).
KIND_GROUPS: dict[str, ScriptGroup] = {
    "loving-kindness": "kindness",
    "body-scan": "body",
    "self-compassion-break": "hard-moment",
    "breathing": "breathing",
    "hand-on-heart": "hard-moment",
    "soften-soothe-allow": "hard-moment",
    "affectionate-breathing": "settle",
    "giving-receiving": "kindness",
    "compassionate-friend": "kindness",
    "kind-noting": "settle",
    "soles-of-the-feet": "hard-moment",
    "compassionate-walking": "body",
}
DEFAULT_GROUP: ScriptGroup = "settle"


def default_group(kind: str) -> ScriptGroup:
    """The group of a script of ``kind`` that names none."""
    return KIND_GROUPS.get(kind, DEFAULT_GROUP)


Severity = Literal["error", "warning"]

#: A bell before a step's words rings alone this long, so the words never talk over the strike.
BELL_LEAD_S = 3.0
#: A silent caption is given the time a calm voice would take to say it, so it can be read.
CAPTION_WORDS_PER_S = 2.5
MIN_CAPTION_S = 2.0


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a script file; ``line`` and ``step`` are 1-based, ``None`` when unknown."""

    file: Path
    line: int | None
    step: int | None
    field: str | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.file.name + (f":{self.line}" if self.line is not None else "")
        parts = [f"step {self.step}"] if self.step is not None else []
        if self.field is not None:
            parts.append(f"field '{self.field}'")
        label = ", ".join(parts)
        prefix = f"{where}: {label}: " if label else f"{where}: "
        return prefix + ("warning: " if self.severity == "warning" else "") + self.message


class ScriptError(ValueError):
    """A script that cannot be used; ``problems`` says every reason, with its location."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class ScriptStep:
    """One step: a bell (optional), the words (spoken and captioned), then a silence."""

    text: str
    bell: str | None
    silence_s: float
    stretch: float
    pattern: str | None
    voice: str | bool
    """As written: ``True`` (the rendered voice for this text), ``False`` (caption only) or a file."""
    voice_file: Path | None = None
    """The file that will be played, resolved when loading; ``None`` means a silent caption."""
    from_minutes: float | None = None
    """The step is only part of sessions at least this long (finer guidance for longer lengths)."""
    until_minutes: float | None = None
    """The step is only part of sessions shorter than this (a compact wording for short lengths)."""
    rest: bool = False
    """A declared rest: its silence is a rest, which may run past a minute (see the density rule)."""

    def included_at(self, minutes: float) -> bool:
        if self.from_minutes is not None and minutes < self.from_minutes - 1e-9:
            return False
        return self.until_minutes is None or minutes < self.until_minutes - 1e-9


@dataclass(frozen=True)
class Script:
    """A loaded, valid session script."""

    id: str
    title: str
    kind: ScriptKind
    description: str
    lengths_min: tuple[float, ...]
    steps: tuple[ScriptStep, ...]
    source: Path
    builtin: bool = False
    warnings: tuple[Problem, ...] = field(default=(), compare=False)
    group: ScriptGroup = DEFAULT_GROUP
    """What a person needs it for (``GROUPS``); the library groups practices by it."""
    care_note: str | None = None
    """A gentle note shown before the practice starts (body- and emotion-focused practices)."""


@dataclass(frozen=True)
class BrokenScript:
    """A script file that could not be loaded, and why."""

    path: Path
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Library:
    """Every script found: the usable ones and the broken ones with their reasons."""

    scripts: tuple[Script, ...]
    broken: tuple[BrokenScript, ...]

    def get(self, script_id: str) -> Script | None:
        return next((s for s in self.scripts if s.id == script_id), None)


def normalise_text(text: str) -> str:
    """The text as spoken: stripped, with every run of whitespace collapsed to one space."""
    return " ".join(text.split())


def voice_key(text: str) -> str:
    """The name (without ``.ogg``) of the rendered voice for ``text``: a hash of the normalised text."""
    return sha256_hex(normalise_text(text).encode("utf-8"))[:16]


def caption_seconds(text: str) -> float:
    """The time a silent caption is shown before its silence begins."""
    return max(MIN_CAPTION_S, len(text.split()) / CAPTION_WORDS_PER_S)


def step_fixed_s(step: ScriptStep, words_s: float) -> float:
    """The part of a step that never stretches: bell lead, words and base silence."""
    return (BELL_LEAD_S if step.bell else 0.0) + words_s + step.silence_s
