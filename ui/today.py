"""Today's practice in a few plain words, for the tray's tooltip and the main window's greeting."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sessions.records import Record


def today_minutes(records: Sequence[Record], when: datetime) -> float:
    from sessions.stats import minutes_per_day, practice_day

    today = practice_day(when)
    return minutes_per_day(records, today, today).get(today, 0.0)


def today_text(records: Sequence[Record], when: datetime) -> str:
    minutes = today_minutes(records, when)
    if minutes <= 0:
        return "nothing yet today, and that's fine"
    whole = max(1, round(minutes))
    return f"{whole} minute{'s' if whole != 1 else ''} of practice today"


def greeting(records: Sequence[Record], when: datetime) -> tuple[str, str]:
    """The main window's two lines: a hello for the time of day, and today's practice."""
    hour = when.hour
    part = "morning" if 4 <= hour < 12 else "afternoon" if hour < 18 else "evening"
    minutes = today_minutes(records, when)
    # "today" is said once: the words already end with it (issue 14 #15).
    today = "Nothing yet today, and that's fine." if minutes <= 0 else f"{today_text(records, when)}."
    today = today[0].upper() + today[1:]
    return f"Good {part}. A few calm minutes are here whenever you want them.", today


__all__ = ["greeting", "today_text"]
