"""User settings: a small JSON file saved atomically, with defaults for anything missing or wrong."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sessions import saved_patterns
from sessions.atomic import set_aside, write_atomic
from sessions.patterns import PRESETS, PatternError, parse_pattern
from sessions.reminder_pause import valid as pause_valid
from sessions.reminders import ReminderPlan
from sessions.timer import MAX_DELAY_S, TimerPlan

AMBIENT_CHOICES = ("", "rain", "drone")
THEME_CHOICES = ("system", "light", "dark")
MAX_FAVOURITES = 24
_FAVOURITE_RE = re.compile(r"^(?:(?:pattern|recording):)?[A-Za-z0-9._-]{1,64}$")
#: Long enough for any phone number with a short label ("Samaritans 116 123"), short enough to show.
MAX_CRISIS_LINE = 60


@dataclass(frozen=True)
class Settings:
    """Everything a person can change; every field has a sane default."""

    pattern: str = "resonance"
    minutes: float = 5.0
    no_holds: bool = False
    always_on_top: bool = False
    reduced_motion: bool = False
    sounds: bool = True
    """Breath tones on inhale and exhale (bells and voice always sound)."""
    voice_volume: float = 1.0
    bell_volume: float = 0.8
    tone_volume: float = 0.6
    ambient_volume: float = 0.5
    ambient: str = ""
    """A soft background bed during sessions: "", "rain" or "drone"."""
    theme: str = "system"
    """The colour theme: "system", "light" or "dark"."""
    captions: bool = True
    mood_checkins: bool = True
    show_streaks: bool = True
    start_at_login: bool = False
    keep_awake: bool = True
    """Keep the screen from dimming or locking while a practice runs."""
    reminders_paused_until: str = ""
    """"Pause reminders": "" (not paused), "until-resumed" or an ISO 8601 time (reminder_pause.py)."""
    reminders: ReminderPlan = field(default_factory=ReminderPlan)
    """Daily reminders and mindful bells; the empty plan (the default) is no reminders."""
    crisis_line: str = ""
    """The person's own crisis line, shown on the care page; empty until they set one."""
    care_dismissed_at: str = ""
    """When the gentle care suggestion was last dismissed (ISO 8601), so it never nags."""
    timer_delay_s: float = 10.0
    """Silent sitting: seconds to settle before the first bell."""
    timer_interval_min: float = 0.0
    """Silent sitting: a bell every so many minutes; 0 for none between the first and the last."""
    timer_bell: str = "bowl"
    """Silent sitting: a built-in bell's name, or the path of the person's own short sound file."""
    patterns: tuple[tuple[str, str], ...] = ()
    """The person's own named breathing patterns, ``(name, seconds)``: see ``sessions/saved_patterns.py``.
    ``pattern`` (the default) may be one of their seconds."""
    favourites: tuple[str, ...] = ()
    """Practices the person starred, in the order they chose them: a script id, ``pattern:ID``
    or ``recording:ID``. The library and the tray show them first."""

    def timer_plan(self, minutes: float | None) -> TimerPlan:
        """A silent sit of ``minutes`` (``None``: until stopped) with the person's usual bells."""
        interval = self.timer_interval_min or None
        if interval is not None and minutes is not None and interval >= minutes:
            interval = None  # a short sit: just the bells to begin and to end
        return TimerPlan(minutes, self.timer_delay_s, interval, (), self.timer_bell)

    def volumes(self) -> dict[str, float]:
        """Per-channel volumes, 0..1, as the audio engine takes them."""
        return {
            "voice": self.voice_volume,
            "bell": self.bell_volume,
            "tone": self.tone_volume,
            "ambient": self.ambient_volume,
        }

    def validated(self) -> Settings:
        """The same settings with any out-of-range value put back to its default."""
        default = Settings()
        pattern = self.pattern
        try:
            parse_pattern(pattern)
        except PatternError:
            pattern = default.pattern
        minutes = self.minutes if 0 < self.minutes <= 240 else default.minutes
        volumes = {
            name: value if 0.0 <= value <= 1.0 else getattr(default, name)
            for name in ("voice_volume", "bell_volume", "tone_volume", "ambient_volume")
            for value in (getattr(self, name),)
        }
        ambient = self.ambient if self.ambient in AMBIENT_CHOICES else default.ambient
        theme = self.theme if self.theme in THEME_CHOICES else default.theme
        # As loading leaves a plan: daily reminders in order, one per time, no more than allowed.
        reminders, _notices = ReminderPlan.from_dict(self.reminders.to_dict())
        crisis_line = " ".join(self.crisis_line.split())
        if len(crisis_line) > MAX_CRISIS_LINE or not crisis_line.isprintable():
            crisis_line = default.crisis_line
        delay = self.timer_delay_s if 0 <= self.timer_delay_s <= MAX_DELAY_S else default.timer_delay_s
        interval = self.timer_interval_min
        bell = self.timer_bell if 0 < len(self.timer_bell) <= 4096 else default.timer_bell
        return replace(
            self,
            patterns=saved_patterns.cleaned(self.patterns),
            favourites=_clean_favourites(self.favourites),
            timer_delay_s=delay,
            timer_interval_min=interval if 0 <= interval <= 60 else default.timer_interval_min,
            timer_bell=bell,
            pattern=pattern,
            minutes=minutes,
            ambient=ambient,
            theme=theme,
            reminders=reminders,
            crisis_line=crisis_line,
            care_dismissed_at=_aware_iso(self.care_dismissed_at),
            reminders_paused_until=self.reminders_paused_until
            if pause_valid(self.reminders_paused_until)
            else "",
            **volumes,
        )


def _clean_favourites(keys: object) -> tuple[str, ...]:
    """Each favourite once, in order, each a short id; at most :data:`MAX_FAVOURITES`."""
    if not isinstance(keys, list | tuple):
        return ()
    kept: list[str] = []
    for key in keys:
        if isinstance(key, str) and _FAVOURITE_RE.match(key) and key not in kept:
            kept.append(key)
    return tuple(kept[:MAX_FAVOURITES])


def _aware_iso(text: str) -> str:
    """``text`` if it is an ISO 8601 time with a UTC offset, otherwise ""."""
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return ""
    return text if parsed.tzinfo is not None else ""


def load_settings(path: Path, *, now: datetime | None = None) -> tuple[Settings, str | None]:
    """Settings from ``path`` and a notice if the file was damaged (then it is set aside)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(), None
    except OSError as exc:
        return Settings(), f"Your settings could not be read ({exc.strerror}); the defaults are in use."
    try:
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("not an object")
    except (ValueError, RecursionError):  # RecursionError: nested deeper than the parser goes
        moved = set_aside(path, now or datetime.now().astimezone())
        where = f" It was kept as {moved.name}." if moved else ""
        return Settings(), f"Your settings file was damaged, so the defaults are in use.{where}"
    settings, notices = _from_dict(data)
    if notices:
        return settings, " ".join(notices)
    return settings, None


def _from_dict(data: dict[str, Any]) -> tuple[Settings, list[str]]:
    """The settings in ``data``, each wrong value at its default; a notice for each reminder left out."""
    default = Settings()
    # The reminders are parsed here once, keeping every good part; the rest of the app reads the plan.
    plan, notices = ReminderPlan.from_dict(data.get("reminders"))
    values: dict[str, Any] = {"reminders": plan}
    for f in fields(Settings):
        if f.name == "reminders":
            continue
        if f.name == "favourites":  # a JSON list
            values[f.name] = _clean_favourites(data.get(f.name, ()))
            continue
        if f.name == "patterns":  # a JSON list of {"name", "spec"}: each checked like any pattern
            values[f.name] = saved_patterns.cleaned(data.get(f.name, ()))
            continue
        value = data.get(f.name, getattr(default, f.name))
        expected = type(getattr(default, f.name))
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            try:
                value = float(value)
            except OverflowError:  # an integer too big for a float is no setting
                value = None
        values[f.name] = value if isinstance(value, expected) else getattr(default, f.name)
    return Settings(**values).validated(), notices


def _to_dict(settings: Settings) -> dict[str, Any]:
    """Plain JSON-ready data, as settings.json has always held it (no reminders: ``{}``)."""
    data = {f.name: getattr(settings, f.name) for f in fields(Settings)}
    data["reminders"] = {} if settings.reminders.is_empty else settings.reminders.to_dict()
    data["favourites"] = list(settings.favourites)
    data["patterns"] = saved_patterns.as_json(settings.patterns)
    return data


def save_settings(path: Path, settings: Settings) -> None:
    write_atomic(path, json.dumps(_to_dict(settings), indent=2, sort_keys=True).encode("utf-8"))


__all__ = ["PRESETS", "Settings", "load_settings", "save_settings"]
