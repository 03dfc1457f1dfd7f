"""The one rule for what a finished practice leaves in the log, whatever kind of practice it was."""

from __future__ import annotations

from datetime import datetime, timedelta

from sessions.events import SessionEnded
from sessions.records import Record, worth_keeping
from sessions.timeline import Timeline


def record_for(
    timeline: Timeline,
    ended: SessionEnded,
    *,
    started_at: datetime | None,
    ended_at: datetime,
    mood_before: int | None = None,
) -> Record | None:
    """The record of a practice that ended, or ``None`` when it is too short to keep.

    ``started_at`` is the wall-clock time it began (``None`` if unknown). Practice time is the
    session clock's, so a wall clock set back during the session (NTP, a time-zone change) moves
    the start, never the minutes. A lead-in (a timer's settling time) is not practice, and nor are
    skipped parts: the minutes are the time really spent, and a session reached by skipping to its
    end is kept, like one stopped early, only when that time is worth keeping.
    """
    lead_in = min(timeline.lead_in_s, ended.practiced_s)
    practiced_s = ended.practiced_s - lead_in
    planned_s = None if ended.planned_s is None else ended.planned_s - timeline.lead_in_s
    whole = ended.completed and ended.skipped_s <= 0  # heard again after a seek back: still whole
    if not worth_keeping(practiced_s, whole):
        return None
    practiced = timedelta(seconds=practiced_s)
    if started_at is not None:
        started_at += timedelta(seconds=lead_in)  # the practice began after its settling time
    started = started_at if started_at is not None and started_at <= ended_at else ended_at - practiced
    return Record.new(
        started_at=started,
        ended_at=ended_at,
        session_id=timeline.session_id,
        title=timeline.title,
        kind=timeline.kind,
        pattern=timeline.pattern_id,
        planned_seconds=planned_s,
        practiced_seconds=practiced_s,
        completed=ended.completed,
        mood_before=mood_before,
    )


__all__ = ["record_for"]
