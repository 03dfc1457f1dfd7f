"""Core events: small frozen dataclasses the runner hands to whoever drives it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sessions.patterns import Phase

CueKind = Literal["phase", "step", "bell", "voice", "tone", "end"]


@dataclass(frozen=True)
class Cue:
    """Something that must happen at ``due`` seconds into the session (DESIGN §3)."""

    due: float
    kind: CueKind
    name: str
    step: int = 0
    phase: Phase | None = None
    text: str = ""
    path: str = ""


@dataclass(frozen=True)
class SessionStarted:
    planned_s: float | None


@dataclass(frozen=True)
class CueSoon:
    """``cue`` is due in the runner's ``lead_s``: time to start its sound, which takes that long to be heard.

    Every cue is announced once, before (or, with no lead, together with) its :class:`CueDue`.
    """

    cue: Cue


@dataclass(frozen=True)
class CueDue:
    cue: Cue


@dataclass(frozen=True)
class SessionPaused:
    elapsed_s: float


@dataclass(frozen=True)
class SessionResumed:
    elapsed_s: float


@dataclass(frozen=True)
class SessionSeeked:
    """The person moved the session from ``from_s`` to ``to_s`` seconds (forward or back)."""

    from_s: float
    to_s: float


@dataclass(frozen=True)
class SessionEnded:
    """The session is over: ``completed`` when it reached its planned end.

    ``practiced_s`` is the time the person really spent in it: parts they skipped are not practice
    (``skipped_s`` says how much of the session's length was skipped over).
    """

    completed: bool
    practiced_s: float
    planned_s: float | None
    skipped_s: float = 0.0


Event = SessionStarted | CueSoon | CueDue | SessionPaused | SessionResumed | SessionSeeked | SessionEnded
