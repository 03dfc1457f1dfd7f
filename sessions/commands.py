"""What a launch asks the app to do: one ``Command`` from the command line, over the hand-off wire,
to the running app, checked once here so every bad value gets the same friendly message."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

from sessions.patterns import PatternError, parse_pattern
from sessions.reminder_pause import PauseError, check_choice
from sessions.timer import MAX_BELLS, TIMER_ID, TimerError, TimerPlan

CommandName = Literal["window", "background", "start", "pacer", "history", "settings", "write", "reminders"]
NAMES: tuple[str, ...] = get_args(CommandName)
#: The wire carries only what a second launch may hand over (``background`` is a login start).
WIRE_NAMES: tuple[str, ...] = ("window", "start", "pacer", "history", "settings", "write", "reminders")
#: Which arguments each command takes on the wire.
ARGUMENTS: dict[str, frozenset[str]] = {
    "window": frozenset(),
    "background": frozenset(),
    "start": frozenset(
        {"session_id", "pattern", "minutes", "breaths", "delay_s", "interval_min", "moments", "bell"}
    ),
    "pacer": frozenset({"pattern", "minutes", "breaths"}),
    "history": frozenset(),
    "settings": frozenset(),
    "write": frozenset({"session_id"}),  # a writing practice id, or none for the Write and read page
    "reminders": frozenset({"pause"}),
}
MAX_MINUTES = 180.0
#: Three hours of the fastest breath the pacer allows (4 s).
MAX_BREATHS = 2700
#: A bell's name or an audio file's path.
MAX_BELL_CHARS = 4096
#: A script id ("body-scan"), or a recording as ``recording:ID`` (the tray's and ``list``'s name).
_ID_RE = re.compile(r"^(recording:)?[A-Za-z0-9._-]{1,64}$")
#: A pattern as typed: ids ("box") and seconds ("4-2-6", "5.5-0-5.5"); parse_pattern checks meaning.
_PATTERN_RE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class CommandError(ValueError):
    """A command that cannot be carried out, with one line for the person who typed it."""


def check_minutes(value: object) -> float:
    """Minutes as a float in (0, MAX_MINUTES], or :class:`CommandError`."""
    # Compared before any float(): an integer too big for a float (10**400) raises OverflowError.
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= MAX_MINUTES:
        raise CommandError(f"minutes must be more than 0 and at most {MAX_MINUTES:g}")
    return float(value)


def check_pattern(value: object) -> str:
    """A breathing pattern that parses, or :class:`CommandError` with the parser's own message."""
    if not isinstance(value, str):
        raise CommandError("a pattern is a name like 'box' or seconds like 4-2-6")
    text = value.strip()
    if not text:
        raise CommandError("the pattern is empty: give a name like 'box' or seconds like 4-2-6")
    if not _PATTERN_RE.match(text):
        raise CommandError(f"'{text[:40]}' is not a breathing pattern: try 'box' or seconds like 4-2-6")
    try:
        parse_pattern(text)
    except PatternError as exc:
        raise CommandError(str(exc)) from None
    return text


def check_session_id(value: object) -> str:
    if not isinstance(value, str) or not _ID_RE.match(value):
        raise CommandError("a session id is a short name like 'body-scan' (see: main.py list)")
    return value


@dataclass(frozen=True)
class Command:
    """One request to the app. Build it with :func:`make_command` or :meth:`from_wire`, both checked."""

    name: CommandName = "window"
    session_id: str = "breathing"
    pattern: str | None = None
    minutes: float | None = None
    once: bool = False
    """Quit when the session ends; only ever from this process's own command line, never the wire."""
    timer: TimerPlan | None = None
    """``start timer``: the sit as asked (its length is :attr:`minutes`); checked when made."""
    pause: str | None = None
    """``reminders``: ``"resume"``, or a pause choice ("" until resumed, "1h", "tomorrow")."""
    breaths: int | None = None
    """Breathing: exactly this many whole breaths (instead of the breath count nearest the minutes)."""

    def to_wire(self) -> dict[str, Any]:
        """The request a second launch sends: ``{"command": name, "args": {...}}``."""
        args: dict[str, Any] = {}
        wanted = ARGUMENTS[self.name]
        if "session_id" in wanted and self.session_id:
            args["session_id"] = self.session_id
        if "pattern" in wanted and self.pattern is not None:
            args["pattern"] = self.pattern
        if "minutes" in wanted and self.minutes is not None:
            args["minutes"] = self.minutes
        if "pause" in wanted and self.pause is not None:
            args["pause"] = self.pause
        if self.breaths is not None:
            args["breaths"] = self.breaths
        if self.timer is not None:
            args["delay_s"] = self.timer.delay_s
            if self.timer.interval_min is not None:
                args["interval_min"] = self.timer.interval_min
            if self.timer.moments_min:
                args["moments"] = list(self.timer.moments_min)
            args["bell"] = self.timer.bell
        return {"command": "window" if self.name == "background" else self.name, "args": args}

    @classmethod
    def from_wire(cls, data: object) -> Command:
        """A request received from another launch; :class:`CommandError` says what is wrong."""
        if not isinstance(data, Mapping):
            raise CommandError("request is not a JSON object")
        name = data.get("command")
        if not isinstance(name, str) or name not in WIRE_NAMES:
            raise CommandError(f"unknown command {str(name)[:40]!r}")
        extra = set(data) - {"command", "args"}
        if extra:
            raise CommandError(f"unknown field {sorted(map(str, extra))[0][:40]!r}")
        args = data.get("args", {})
        if not isinstance(args, Mapping):
            raise CommandError("args must be an object")
        for key in args:
            if key not in ARGUMENTS[name]:
                raise CommandError(f"unknown argument {str(key)[:40]!r} for {name}")
        return make_command(
            name,
            session_id=args.get("session_id"),
            pattern=args.get("pattern"),
            minutes=args.get("minutes"),
            breaths=args.get("breaths"),
            delay_s=args.get("delay_s"),
            interval_min=args.get("interval_min"),
            moments=args.get("moments"),
            bell=args.get("bell"),
            pause=args.get("pause"),
        )


def make_command(
    name: str,
    *,
    session_id: object = None,
    pattern: object = None,
    minutes: object = None,
    once: bool = False,
    breaths: object = None,
    delay_s: object = None,
    interval_min: object = None,
    moments: object = None,
    bell: object = None,
    pause: object = None,
) -> Command:
    """The one checked way to a :class:`Command`; ``None`` means "not given"."""
    if name not in NAMES:
        raise CommandError(f"unknown command {name[:40]!r}")
    command_name: CommandName = name  # type: ignore[assignment]  # checked just above
    default = "" if command_name == "write" else "breathing"
    sid = default if session_id is None else check_session_id(session_id)
    checked_minutes = None if minutes is None else check_minutes(minutes)
    timer_args = (delay_s, interval_min, moments, bell)
    timer = None
    if sid == TIMER_ID and name == "start":
        timer = _timer_plan(checked_minutes, *timer_args)
    elif any(arg is not None for arg in timer_args):
        raise CommandError("--delay, --interval, --moments and --bell are for: start timer")
    checked_pause = None
    if name == "reminders":
        checked_pause = _pause(pause)
    elif pause is not None:
        raise CommandError("pause and resume are for: reminders")
    if breaths is not None and (sid != "breathing" or name not in ("start", "pacer")):
        raise CommandError("--breaths is for breathing: start breathing --breaths N, or pacer --breaths N")
    return Command(
        name=command_name,
        pause=checked_pause,
        session_id=sid,
        pattern=None if pattern is None else check_pattern(pattern),
        minutes=checked_minutes,
        once=once,
        timer=timer,
        breaths=None if breaths is None else check_breaths(breaths),
    )


def _pause(value: object) -> str:
    if not isinstance(value, str):
        raise CommandError("reminders takes: pause [DURATION] or resume")
    if value == "resume":
        return value
    try:
        return check_choice(value)
    except PauseError as exc:
        raise CommandError(str(exc)) from None


def check_breaths(value: object) -> int:
    """A whole number of breaths, 1 to :data:`MAX_BREATHS`, or :class:`CommandError`."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_BREATHS:
        raise CommandError(f"breaths are a whole number from 1 to {MAX_BREATHS}")
    return value


def _number(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CommandError(f"{what} must be a number")
    try:
        return float(value)
    except OverflowError:
        raise CommandError(f"{what} is far too big") from None


def _timer_plan(
    minutes: float | None, delay_s: object, interval: object, moments: object, bell: object
) -> TimerPlan:
    """A silent sit as asked, checked by the timer's own rules (sessions/timer.py)."""
    if moments is not None and not (isinstance(moments, list | tuple) and len(moments) <= MAX_BELLS):
        raise CommandError(f"moments are a list of up to {MAX_BELLS} minutes, like 5, 12, 18")
    if bell is not None and not (
        isinstance(bell, str) and 0 < len(bell) <= MAX_BELL_CHARS and bell.isprintable()
    ):
        raise CommandError("a bell is bowl, bowl-low, bowl-high, or the path of a sound file")
    plan = TimerPlan(
        minutes,
        0.0 if delay_s is None else _number(delay_s, "the settling time"),
        None if interval is None else _number(interval, "the interval"),
        tuple(_number(m, "a bell's minute") for m in moments or ()),
        "bowl" if bell is None else str(bell),
    )
    try:
        return plan.checked()
    except TimerError as exc:
        raise CommandError(str(exc)) from None


__all__ = ["ARGUMENTS", "Command", "CommandError", "make_command"]
