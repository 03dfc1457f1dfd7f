"""Kind progress: totals, practice days and streaks, and the series the history charts draw.

Pure and fast (no Qt, no clock: ``today`` is passed in). A record belongs to a **practice day**:
its local date in the UTC offset it was recorded with, where practice before 3 a.m. still counts
for the day before (a late-night sit is part of that evening). Streaks count practice days in a
row; today not having happened *yet* never breaks one — the current streak runs up to today, or
up to yesterday while today is still open. Nothing here is ever "lost".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from sessions.history import Record

#: Practice before this hour counts for the day before.
GRACE = timedelta(hours=3)
#: Check-ins at or below this mood count as low.
LOW_MOOD = 2


def practice_day(moment: datetime, tz: tzinfo | None = None) -> date:
    """The practice day of ``moment`` (its own offset; ``tz`` only for a moment without one)."""
    if moment.tzinfo is None and tz is not None:
        moment = moment.replace(tzinfo=tz)
    return (moment - GRACE).date()


def record_day(record: Record, tz: tzinfo | None = None) -> date:
    return practice_day(datetime.fromisoformat(record.started_at), tz)


@dataclass(frozen=True)
class Stats:
    """A practice summary as of one day."""

    today: date
    total_sessions: int = 0
    total_minutes: float = 0.0
    minutes_by_kind: dict[str, float] = field(default_factory=dict)
    days_practiced_7: int = 0
    days_practiced_30: int = 0
    days_practiced_this_month: int = 0
    minutes_this_week: float = 0.0
    current_streak_days: int = 0
    longest_streak_days: int = 0
    last_practice_day: date | None = None

    def as_json_dict(self) -> dict[str, object]:
        """Exactly the keys of ``main.py stats --json`` (DESIGN §7 ▶)."""
        return {
            "total_sessions": self.total_sessions,
            "total_minutes": self.total_minutes,
            "days_practiced_7": self.days_practiced_7,
            "days_practiced_30": self.days_practiced_30,
            "current_streak_days": self.current_streak_days,
            "longest_streak_days": self.longest_streak_days,
            "minutes_by_kind": dict(self.minutes_by_kind),
        }

    @property
    def days_since_last(self) -> int | None:
        return None if self.last_practice_day is None else (self.today - self.last_practice_day).days


def _minutes(seconds: float) -> float:
    return round(seconds / 60.0, 1)


def streaks(days: Iterable[date], today: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive practice days, counting only days up to ``today``."""
    ordered = sorted({d for d in days if d <= today})
    longest = run = 0
    previous: date | None = None
    for day in ordered:
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        longest = max(longest, run)
        previous = day
    current = 0
    if previous is not None and (today - previous).days <= 1:
        current = run
    return current, longest


def summarise(records: Iterable[Record], today: date, tz: tzinfo | None = None) -> Stats:
    """The summary of ``records`` as of the practice day ``today``."""
    seconds_by_kind: dict[str, float] = defaultdict(float)
    days: set[date] = set()
    total_s = 0.0
    week_s = 0.0
    count = 0
    week_start = today - timedelta(days=today.weekday())
    fromiso = datetime.fromisoformat
    for record in records:
        count += 1
        seconds = record.practiced_seconds
        total_s += seconds
        seconds_by_kind[record.kind or record.session_id] += seconds
        moment = fromiso(record.started_at)
        if moment.tzinfo is None and tz is not None:
            moment = moment.replace(tzinfo=tz)
        day = (moment - GRACE).date()
        days.add(day)
        if week_start <= day <= today:
            week_s += seconds
    current, longest = streaks(days, today)
    past = [d for d in days if d <= today]
    return Stats(
        today=today,
        total_sessions=count,
        total_minutes=_minutes(total_s),
        minutes_by_kind={k: _minutes(v) for k, v in sorted(seconds_by_kind.items())},
        days_practiced_7=sum(1 for d in past if (today - d).days < 7),
        days_practiced_30=sum(1 for d in past if (today - d).days < 30),
        days_practiced_this_month=sum(1 for d in past if (d.year, d.month) == (today.year, today.month)),
        minutes_this_week=_minutes(week_s),
        current_streak_days=current,
        longest_streak_days=longest,
        last_practice_day=max(past, default=None),
    )


def low_streak(records: Iterable[Record], run: int = 3, threshold: int = LOW_MOOD) -> bool:
    """True when the last ``run`` check-ins (latest mood of each session) were all ``threshold`` or
    lower: a cue for a gentle word about care, never an alarm."""
    checkins: list[tuple[datetime, int]] = []
    for record in records:
        mood = record.mood_after if record.mood_after is not None else record.mood_before
        if mood is not None:
            checkins.append((datetime.fromisoformat(record.started_at), mood))
    if len(checkins) < run:
        return False
    checkins.sort(key=lambda pair: pair[0])
    return all(mood <= threshold for _, mood in checkins[-run:])


# -- chart series ------------------------------------------------------------------------------


def year_start(today: date, weeks: int = 53) -> date:
    """The Monday that starts a ``weeks``-week calendar ending with ``today``'s week."""
    return today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)


def minutes_per_day(records: Iterable[Record], first: date, last: date) -> dict[date, float]:
    """Minutes practised on each practice day from ``first`` to ``last`` (days without practice left out)."""
    seconds: dict[date, float] = defaultdict(float)
    for record in records:
        day = record_day(record)
        if first <= day <= last:
            seconds[day] += record.practiced_seconds
    return {day: s / 60.0 for day, s in seconds.items()}


@dataclass(frozen=True)
class WeekMinutes:
    """One bar of the weekly chart: minutes of each kind in the ISO week starting ``week_start``."""

    week_start: date
    minutes_by_kind: dict[str, float]

    @property
    def total(self) -> float:
        return sum(self.minutes_by_kind.values())


def weekly_minutes_by_kind(records: Iterable[Record], today: date, weeks: int = 12) -> list[WeekMinutes]:
    """The last ``weeks`` ISO weeks (Monday to Sunday), oldest first, ending with today's week."""
    this_week = today - timedelta(days=today.weekday())
    first = this_week - timedelta(weeks=weeks - 1)
    buckets: list[dict[str, float]] = [defaultdict(float) for _ in range(weeks)]
    for record in records:
        day = record_day(record)
        if first <= day <= today:
            buckets[(day - first).days // 7][record.kind or record.session_id] += (
                record.practiced_seconds / 60.0
            )
    return [WeekMinutes(first + timedelta(weeks=i), dict(b)) for i, b in enumerate(buckets)]


@dataclass(frozen=True)
class MoodPoint:
    """A session with at least one check-in: how it felt before and after (1–5, or None)."""

    started_at: datetime
    day: date
    before: int | None
    after: int | None


def mood_series(records: Iterable[Record], limit: int | None = None) -> list[MoodPoint]:
    """Sessions with a check-in, oldest first (only the last ``limit`` when given)."""
    points = []
    for record in records:
        if record.mood_before is None and record.mood_after is None:
            continue
        moment = datetime.fromisoformat(record.started_at)
        points.append(MoodPoint(moment, practice_day(moment), record.mood_before, record.mood_after))
    points.sort(key=lambda p: p.started_at)
    return points[-limit:] if limit else points


def kinds_in_order(weeks: Sequence[WeekMinutes]) -> list[str]:
    """The kinds in the weekly chart, most practised first (a stable order for colours and legend)."""
    totals: dict[str, float] = defaultdict(float)
    for week in weeks:
        for kind, minutes in week.minutes_by_kind.items():
            totals[kind] += minutes
    return sorted(totals, key=lambda kind: (-totals[kind], kind))


# -- words -------------------------------------------------------------------------------------


def _plural(n: int | float, word: str) -> str:
    shown = f"{n:g}" if isinstance(n, float) else str(n)
    return f"{shown} {word}{'' if n == 1 else 's'}"


def summary_line(stats: Stats, *, show_streaks: bool = False) -> str:
    """One warm sentence for the top of the history window: returning is celebrated, absence never
    counted against anyone."""
    if stats.total_sessions == 0:
        return "Your practice will gather here. Whenever you're ready, a few minutes are enough."
    since = stats.days_since_last
    if since is not None and since >= 7:
        return "Welcome back. Whenever you're ready, a few calm minutes are here."
    parts = []
    month_days = stats.days_practiced_this_month
    if month_days:
        parts.append(f"You've practised on {_plural(month_days, 'day')} this month.")
    else:
        parts.append("Welcome back.")
    if show_streaks and stats.current_streak_days >= 2:
        parts.append(f"{stats.current_streak_days} days in a row.")
    return " ".join(parts)


def stats_text(stats: Stats, *, show_streaks: bool = True) -> str:
    """``main.py stats`` without ``--json``: a few plain lines, numbers right-aligned in one column."""
    from sessions.kinds import KIND_LABELS

    rows: list[tuple[str, str, str]] = [
        ("sessions", str(stats.total_sessions), ""),
        ("minutes", f"{stats.total_minutes:g}", ""),
        ("days, last 7", str(stats.days_practiced_7), ""),
        ("days, last 30", str(stats.days_practiced_30), ""),
    ]
    if show_streaks:
        rows += [
            ("days in a row", str(stats.current_streak_days), ""),
            ("most days in a row", str(stats.longest_streak_days), ""),
        ]
    for kind, minutes in stats.minutes_by_kind.items():
        label = KIND_LABELS.get(kind) or kind.replace("-", " ").capitalize() or "Practice"
        rows.append((label, f"{minutes:g}", " min"))
    label_w = max(len(label) for label, _, _ in rows)
    value_w = max(len(value) for _, value, _ in rows)
    lines = [summary_line(stats, show_streaks=False)]
    lines += [f"  {label:<{label_w}}  {value:>{value_w}}{unit}" for label, value, unit in rows]
    return "\n".join(lines)


__all__ = [
    "GRACE",
    "MoodPoint",
    "Stats",
    "WeekMinutes",
    "kinds_in_order",
    "low_streak",
    "minutes_per_day",
    "mood_series",
    "practice_day",
    "record_day",
    "stats_text",
    "streaks",
    "summarise",
    "summary_line",
    "weekly_minutes_by_kind",
    "year_start",
]
