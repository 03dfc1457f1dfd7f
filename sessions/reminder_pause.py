""" "Pause reminders": for a while, until tomorrow, or until the person resumes them (pure rules).

The pause is one setting, ``reminders_paused_until``: ``""`` (not paused), ``"until-resumed"``,
or an ISO 8601 time with a UTC offset after which reminders and bells sound again by themselves.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

UNTIL_RESUMED = "until-resumed"
#: What can be asked for: "1h", "90m", "30min", "2h30m", "tomorrow", or "" for until resumed.
_DURATION_RE = re.compile(r"^(?:(\d{1,3})h)?(?:(\d{1,4})m(?:in)?)?$")
#: The longest "for a while" pause; longer is "until I resume".
MAX_PAUSE = timedelta(days=7)


class PauseError(ValueError):
    """A duration that isn't one, with a line for the person who typed it."""


def check_choice(text: str) -> str:
    """``text`` as a pause choice (``""``, ``"tomorrow"`` or a duration), or :class:`PauseError`."""
    choice = text.strip().lower()
    if choice in ("", "tomorrow"):
        return choice
    match = _DURATION_RE.match(choice)
    if not match or not any(match.groups()):
        raise PauseError(f"'{text[:20]}' is not a length: try 1h, 30m, 2h30m or tomorrow")
    delta = timedelta(hours=int(match.group(1) or 0), minutes=int(match.group(2) or 0))
    if not timedelta(0) < delta <= MAX_PAUSE:
        raise PauseError("a pause is more than 0 minutes and at most 7 days (or until you resume)")
    return choice


def paused_until(choice: str, now: datetime) -> str:
    """The setting's value for ``choice`` (checked) asked at ``now`` (aware, local)."""
    choice = check_choice(choice)
    if choice == "":
        return UNTIL_RESUMED
    if choice == "tomorrow":
        start_of_tomorrow = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        return start_of_tomorrow.isoformat(timespec="seconds")
    match = _DURATION_RE.match(choice)
    assert match is not None  # checked above
    delta = timedelta(hours=int(match.group(1) or 0), minutes=int(match.group(2) or 0))
    return (now + delta).isoformat(timespec="seconds")


def is_paused(value: str, now: datetime) -> bool:
    if value == UNTIL_RESUMED:
        return True
    until = _parse(value)
    return until is not None and now < until


def valid(value: str) -> bool:
    return value in ("", UNTIL_RESUMED) or _parse(value) is not None


def describe(value: str, now: datetime) -> str:
    """One line for the command line and the tray: whether and until when reminders are paused."""
    if value == UNTIL_RESUMED:
        return "Reminders and bells are paused until you resume them."
    until = _parse(value)
    if until is None or now >= until:
        return "Reminders and bells are on."
    local = until.astimezone(now.tzinfo)
    when = f"{local:%H:%M}" if local.date() == now.date() else f"{local:%a %d %b at %H:%M}"
    return f"Reminders and bells are paused until {when}."


def _parse(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


__all__ = ["UNTIL_RESUMED", "PauseError", "check_choice", "describe", "is_paused", "paused_until", "valid"]
