"""The one rule for what a finished practice leaves in the log."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sessions.events import SessionEnded
from sessions.patterns import PRESETS
from sessions.practice_record import record_for
from sessions.timeline import breathing_timeline

ZONE = timezone(timedelta(hours=2))
END = datetime(2026, 12, 7, 8, 30, tzinfo=ZONE)


def test_a_completed_practice_is_recorded_with_its_own_names() -> None:
    timeline = breathing_timeline(PRESETS["box"], 5)
    ended = SessionEnded(completed=True, practiced_s=300.0, planned_s=300.0)
    record = record_for(timeline, ended, started_at=END - timedelta(minutes=5), ended_at=END, mood_before=3)
    assert record is not None
    assert (record.session_id, record.kind, record.pattern) == ("breathing", "breathing", "box")
    assert (record.practiced_seconds, record.planned_seconds, record.completed) == (300.0, 300.0, True)
    assert record.mood_before == 3 and record.started_at == "2026-12-07T08:25:00+02:00"


def test_a_short_stop_is_not_kept_and_a_long_one_is() -> None:
    timeline = breathing_timeline(PRESETS["box"], 10)
    short = SessionEnded(completed=False, practiced_s=59.0, planned_s=600.0)
    assert record_for(timeline, short, started_at=END, ended_at=END) is None
    kept = record_for(timeline, SessionEnded(False, 61.0, 600.0), started_at=None, ended_at=END)
    assert kept is not None and not kept.completed and kept.practiced_seconds == 61.0
    assert kept.started_at == (END - timedelta(seconds=61)).isoformat()


def test_a_wall_clock_set_back_moves_the_start_never_the_minutes() -> None:
    timeline = breathing_timeline(PRESETS["resonance"], 3)
    ended = SessionEnded(completed=True, practiced_s=180.0, planned_s=180.0)
    record = record_for(timeline, ended, started_at=END + timedelta(hours=1), ended_at=END)
    assert record is not None and record.practiced_seconds == 180.0
    assert record.started_at == (END - timedelta(minutes=3)).isoformat()


def test_skipped_parts_are_not_practice() -> None:
    # Issue 14, defect 2: the log must hold the time really spent, not the parts skipped over.
    timeline = breathing_timeline(PRESETS["box"], 5)
    stopped = SessionEnded(completed=False, practiced_s=63.0, planned_s=300.0, skipped_s=182.0)
    record = record_for(timeline, stopped, started_at=None, ended_at=END)
    assert record is not None and record.practiced_seconds == 63.0 and not record.completed
    rushed = SessionEnded(completed=True, practiced_s=20.0, planned_s=300.0, skipped_s=280.0)
    assert record_for(timeline, rushed, started_at=None, ended_at=END) is None  # 20 s is not a practice
    mostly = SessionEnded(completed=True, practiced_s=200.0, planned_s=300.0, skipped_s=100.0)
    kept = record_for(timeline, mostly, started_at=None, ended_at=END)
    assert kept is not None and kept.completed and kept.practiced_seconds == 200.0
