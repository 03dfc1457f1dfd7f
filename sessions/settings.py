"""User settings: a small JSON file saved atomically, with defaults for anything missing or wrong."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sessions.atomic import set_aside, write_atomic
from sessions.patterns import PRESETS, PatternError, parse_pattern

AMBIENT_CHOICES = ("", "rain", "drone")


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
        return replace(self, pattern=pattern, minutes=minutes, ambient=ambient, **volumes)


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
    except ValueError:
        moved = set_aside(path, now or datetime.now().astimezone())
        where = f" It was kept as {moved.name}." if moved else ""
        return Settings(), f"Your settings file was damaged, so the defaults are in use.{where}"
    return _from_dict(data), None


def _from_dict(data: dict[str, Any]) -> Settings:
    default = Settings()
    values: dict[str, Any] = {}
    for f in fields(Settings):
        value = data.get(f.name, getattr(default, f.name))
        expected = type(getattr(default, f.name))
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        values[f.name] = value if isinstance(value, expected) else getattr(default, f.name)
    return Settings(**values).validated()


def save_settings(path: Path, settings: Settings) -> None:
    write_atomic(path, json.dumps(asdict(settings), indent=2, sort_keys=True).encode("utf-8"))


__all__ = ["PRESETS", "Settings", "load_settings", "save_settings"]
