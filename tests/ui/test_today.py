"""Today's practice in words: said once, plainly (issue 14 #15)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sessions.records import Record
from ui.today import greeting, today_text

WHEN = datetime(2026, 3, 18, 19, 30, tzinfo=timezone(timedelta(hours=1)))


def practice(minutes: float) -> Record:
    start = WHEN - timedelta(hours=2)
    return Record.new(
        started_at=start, ended_at=start + timedelta(minutes=minutes), session_id="breathing",
        title="Breathing", kind="breathing", pattern="box", planned_seconds=minutes * 60,
        practiced_seconds=minutes * 60, completed=True,
    )  # fmt: skip


def test_the_greeting_says_today_once() -> None:
    _hello, today = greeting([practice(7)], WHEN)
    assert today == "7 minutes of practice today."
    assert today.lower().count("today") == 1
    _hello, one = greeting([practice(1)], WHEN)
    assert one == "1 minute of practice today."
    assert greeting([], WHEN)[1] == "Nothing yet today, and that's fine."


def test_the_tooltip_words_are_unchanged() -> None:
    assert today_text([practice(7)], WHEN) == "7 minutes of practice today"
