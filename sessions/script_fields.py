"""What each field of a session script may hold: its limits, and a converter per field."""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from sessions.patterns import PatternError, parse_pattern
from sessions.script_model import GROUPS, KINDS

BELLS: tuple[str, ...] = ("bowl", "bowl-low", "bowl-high")
MAX_LENGTH_MIN = 180.0
MAX_SILENCE_S = 3600.0
MAX_STRETCH = 100.0
MAX_STEP_CHARS = 2000
MAX_STEPS = 500
MAX_FILE_BYTES = 1_000_000
MAX_CARE_NOTE_CHARS = 1000
VOICE_EXTENSIONS = (".ogg", ".oga", ".opus", ".mp3", ".flac", ".wav")

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def show_value(value: object) -> str:
    """A value the way the person wrote it in TOML, short enough for one message line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = json.dumps(value, ensure_ascii=False)
        return shown if len(shown) <= 40 else shown[:36] + '..."'
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) or abs(value) < 10**15 else "a huge number"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, _dt.date | _dt.time):
        return f"a date/time ({value.isoformat()})"
    return type(value).__name__


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class FieldError(Exception):
    """Raised by a field converter with the message for the person who wrote the value."""


def as_text(max_chars: int, *, allow_empty: bool = False) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if not isinstance(value, str):
            raise FieldError(f"must be text in double quotes, got {show_value(value)}")
        if not allow_empty and not value.strip():
            raise FieldError("must not be empty")
        if len(value) > max_chars:
            raise FieldError(f"is {len(value)} characters long; keep it to {max_chars} at most")
        return value.strip()

    return convert


def as_script_id(value: Any) -> str:
    if not isinstance(value, str) or not _ID_RE.match(value) or len(value) > 64:
        raise FieldError(
            f'must be lowercase letters, digits and dashes, like "evening-kindness", got {show_value(value)}'
        )
    return value


def as_one_of(choices: Iterable[str]) -> Callable[[Any], str]:
    """A converter that takes exactly one of ``choices`` (the names of kinds, bells...)."""
    allowed = tuple(choices)

    def convert(value: Any) -> str:
        if value not in allowed:
            raise FieldError(f"must be one of {', '.join(allowed)}, got {show_value(value)}")
        return str(value)

    return convert


as_kind = as_one_of(KINDS)
as_group = as_one_of(GROUPS)


def as_flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise FieldError(f"must be true or false (without quotes), got {show_value(value)}")
    return value


def as_minutes(value: Any) -> float:
    if not _is_number(value) or not 0 < value <= MAX_LENGTH_MIN:
        raise FieldError(
            f"must be a number of minutes above 0 and at most {MAX_LENGTH_MIN:g}, got {show_value(value)}"
        )
    return float(value)


def as_lengths(value: Any) -> tuple[float, ...]:
    if not isinstance(value, list):
        raise FieldError(f"must be a list of minutes, like [5, 10], got {show_value(value)}")
    if not value:
        raise FieldError("must offer at least one length, in minutes, like [5, 10]")
    out = tuple(as_minutes(v) for v in value)
    if len(set(out)) != len(out):
        raise FieldError("lists the same length twice")
    return tuple(sorted(out))


def as_number(low: float, high: float, unit: str) -> Callable[[Any], float]:
    def convert(value: Any) -> float:
        if not _is_number(value) or not low <= value <= high:
            raise FieldError(f"must be a number{unit} from {low:g} to {high:g}, got {show_value(value)}")
        return float(value)

    return convert


as_bell = as_one_of(BELLS)


def as_pattern(value: Any) -> str:
    if not isinstance(value, str):
        raise FieldError(
            f'must be a pattern name or seconds in double quotes, like "4-6", got {show_value(value)}'
        )
    try:
        parse_pattern(value)
    except PatternError as error:
        raise FieldError(str(error)) from None
    return value.strip()


def as_voice(value: Any) -> str | bool:
    if isinstance(value, bool):
        return value
    if not isinstance(value, str) or not value.strip().lower().endswith(VOICE_EXTENSIONS):
        raise FieldError(
            f'must be true, false, or an audio file name like "intro.ogg" '
            f"({', '.join(VOICE_EXTENSIONS)}), got {show_value(value)}"
        )
    return value.strip()
