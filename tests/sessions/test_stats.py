"""Kind progress: practice days with a 3 a.m. grace, streaks that never punish, chart series."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from sessions.records import Record
from sessions.stats import (
    low_streak,
    minutes_per_day,
    mood_series,
    practice_day,
    stats_text,
    streaks,
    summarise,
    summary_line,
    weekly_minutes_by_kind,
    year_start,
)

TODAY = date(2026, 3, 18)  # a Wednesday
PLUS1 = timezone(timedelta(hours=1))


def rec(
    at: datetime,
    minutes: float = 10,
    kind: str = "breathing",
    before: int | None = None,
    after: int | None = None,
) -> Record:
    record = Record.new(
        started_at=at, ended_at=at + timedelta(minutes=minutes), session_id=kind, title=kind.title(),
        kind=kind, pattern=None, planned_seconds=minutes * 60, practiced_seconds=minutes * 60,
        completed=True,
    )  # fmt: skip
    return Record(**{**record.to_dict(), "mood_before": before, "mood_after": after})


def on(day: date, hour: int = 8, minute: int = 0, tz: timezone = PLUS1) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)


def test_an_empty_log() -> None:
    stats = summarise([], TODAY)
    assert stats.as_json_dict() == {
        "total_sessions": 0, "total_minutes": 0.0, "days_practiced_7": 0, "days_practiced_30": 0,
        "current_streak_days": 0, "longest_streak_days": 0, "minutes_by_kind": {},
    }  # fmt: skip
    assert "whenever you're ready" in summary_line(stats).lower()


def test_totals_days_and_streaks() -> None:
    records = [
        rec(on(TODAY), 10, "breathing"),
        rec(on(TODAY, 19), 5, "loving-kindness"),
        rec(on(TODAY - timedelta(days=1)), 20, "body-scan"),
        rec(on(TODAY - timedelta(days=2)), 3, "self-compassion-break"),
        # a gap on day -3, then a longer run of four days earlier this month
        *[rec(on(TODAY - timedelta(days=d)), 5) for d in (4, 5, 6, 7)],
        rec(on(TODAY - timedelta(days=40)), 30, "body-scan"),
    ]
    stats = summarise(records, TODAY)
    assert stats.total_sessions == 9
    assert stats.total_minutes == 10 + 5 + 20 + 3 + 4 * 5 + 30
    assert stats.minutes_by_kind == {
        "body-scan": 50.0, "breathing": 30.0, "loving-kindness": 5.0, "self-compassion-break": 3.0,
    }  # fmt: skip
    assert stats.days_practiced_7 == 6  # today, -1, -2, -4, -5, -6
    assert stats.days_practiced_30 == 7
    assert stats.days_practiced_this_month == 7
    assert (stats.current_streak_days, stats.longest_streak_days) == (3, 4)
    payload = json.loads(json.dumps(stats.as_json_dict()))
    assert list(payload) == [
        "total_sessions", "total_minutes", "days_practiced_7", "days_practiced_30",
        "current_streak_days", "longest_streak_days", "minutes_by_kind",
    ]  # fmt: skip


def test_practice_before_three_counts_for_the_day_before() -> None:
    late = on(TODAY, 2, 59)
    assert practice_day(late) == TODAY - timedelta(days=1)
    assert practice_day(on(TODAY, 3, 0)) == TODAY
    # Each record's own offset decides its local day, whatever the viewer's zone is now.
    tokyo = timezone(timedelta(hours=9))
    assert practice_day(datetime(2026, 3, 18, 1, 30, tzinfo=tokyo)) == date(2026, 3, 17)
    assert practice_day(datetime(2026, 3, 18, 1, 30), tz=PLUS1) == date(2026, 3, 17)
    stats = summarise([rec(on(TODAY - timedelta(days=1), 21)), rec(late)], TODAY)
    assert stats.days_practiced_7 == 1 and stats.current_streak_days == 1


def test_today_not_yet_practised_breaks_nothing() -> None:
    records = [rec(on(TODAY - timedelta(days=d))) for d in (1, 2, 3)]
    assert summarise(records, TODAY).current_streak_days == 3
    assert summarise(records, TODAY + timedelta(days=1)).current_streak_days == 0
    assert summarise(records, TODAY + timedelta(days=1)).longest_streak_days == 3


def test_summary_words_are_kind() -> None:
    month = summarise([rec(on(TODAY - timedelta(days=d))) for d in range(12)], TODAY)
    assert summary_line(month) == "You've practised on 12 days this month."
    assert "in a row" not in summary_line(month)
    assert summary_line(month, show_streaks=True).endswith("12 days in a row.")
    away = summarise([rec(on(TODAY - timedelta(days=20)))], TODAY)
    assert summary_line(away, show_streaks=True).startswith("Welcome back.")
    for text in (summary_line(month, show_streaks=True), summary_line(away), stats_text(month)):
        assert "lost" not in text.lower() and "broke" not in text.lower() and "miss" not in text.lower()


def test_low_streak_needs_several_low_check_ins_in_a_row() -> None:
    low = [rec(on(TODAY - timedelta(days=d)), before=3, after=2) for d in (3, 2, 1)]
    assert low_streak(low)
    assert not low_streak(low[:2])
    better_now = [*low, rec(on(TODAY), before=2, after=4)]
    assert not low_streak(better_now)
    only_before = [rec(on(TODAY - timedelta(days=d)), before=1) for d in (3, 2, 1)]
    assert low_streak(only_before)
    unchecked = [*low, rec(on(TODAY))]  # sessions without a check-in don't count either way
    assert low_streak(unchecked)
    assert not low_streak(list(reversed(better_now)))  # order of the log does not matter


def test_chart_series() -> None:
    records = [
        rec(on(TODAY), 10, "breathing", before=2, after=4),
        rec(on(TODAY, 1), 5, "body-scan"),  # 1 a.m.: yesterday's practice
        rec(on(TODAY - timedelta(days=9)), 20, "loving-kindness", after=3),
        rec(on(TODAY - timedelta(days=400)), 15, "breathing"),
    ]
    first = year_start(TODAY)
    assert first.weekday() == 0 and (TODAY - first).days < 53 * 7
    days = minutes_per_day(records, first, TODAY)
    assert days == {TODAY: 10.0, TODAY - timedelta(days=1): 5.0, TODAY - timedelta(days=9): 20.0}
    weeks = weekly_minutes_by_kind(records, TODAY, weeks=3)
    assert [w.week_start for w in weeks] == [date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16)]
    assert [w.minutes_by_kind for w in weeks] == [
        {}, {"loving-kindness": 20.0}, {"breathing": 10.0, "body-scan": 5.0},  # the 9th is a Monday
    ]  # fmt: skip
    assert weeks[2].total == 15.0
    moods = mood_series(records)
    assert [(p.day, p.before, p.after) for p in moods] == [
        (TODAY - timedelta(days=9), None, 3), (TODAY, 2, 4),
    ]  # fmt: skip
    assert mood_series(records, limit=1)[0].after == 4


# -- properties -------------------------------------------------------------------------------


def brute_streaks(days: set[date], today: date) -> tuple[int, int]:
    past = {d for d in days if d <= today}
    longest = 0
    for day in past:
        n = 0
        while day - timedelta(days=n) in past:
            n += 1
        longest = max(longest, n)
    anchor = today if today in past else today - timedelta(days=1)
    current = 0
    while anchor - timedelta(days=current) in past:
        current += 1
    return current, longest


offsets = st.integers(min_value=0, max_value=60)
moments = st.builds(
    lambda day, minute, tz_h: (
        datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=tz_h))) + timedelta(days=day, minutes=minute)
    ),
    offsets,
    st.integers(min_value=0, max_value=24 * 60 - 1),
    st.integers(min_value=-11, max_value=13),
)


@settings(max_examples=200, deadline=None)
@given(st.sets(offsets, max_size=40), st.integers(min_value=0, max_value=70))
def test_streaks_match_a_brute_force_count(day_numbers: set[int], today_number: int) -> None:
    start = date(2026, 1, 1)
    days = {start + timedelta(days=n) for n in day_numbers}
    today = start + timedelta(days=today_number)
    current, longest = streaks(days, today)
    assert (current, longest) == brute_streaks(days, today)
    assert 0 <= current <= longest <= len(days)


@settings(max_examples=150, deadline=None)
@given(st.lists(moments, max_size=30), st.integers(min_value=0, max_value=70), st.randoms())
def test_summaries_do_not_depend_on_order_and_stay_in_range(
    starts: list[datetime], today_number: int, rng: object
) -> None:
    today = date(2026, 1, 1) + timedelta(days=today_number)
    records = [rec(at) for at in starts]
    stats = summarise(records, today)
    shuffled = list(records)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    assert summarise(shuffled, today) == stats
    assert stats.total_sessions == len(records)
    assert 0 <= stats.days_practiced_7 <= min(7, stats.days_practiced_30)
    assert stats.days_practiced_30 <= 30
    assert stats.current_streak_days <= stats.longest_streak_days
    assert stats.current_streak_days <= stats.days_practiced_30 or stats.current_streak_days > 30
    # Practising today never lowers the current streak, and makes it at least one.
    more = summarise([*records, rec(on(today, 12))], today)
    assert more.current_streak_days >= max(1, stats.current_streak_days)
    assert more.longest_streak_days >= stats.longest_streak_days


@settings(max_examples=100, deadline=None)
@given(st.lists(moments, min_size=1, max_size=20))
def test_the_grace_hours_belong_to_the_day_before(starts: list[datetime]) -> None:
    for at in starts:
        expected = at.date() - timedelta(days=1) if at.hour < 3 else at.date()
        assert practice_day(at) == expected


def test_stats_text_lines_its_numbers_up_in_one_column() -> None:
    """Issue 14 #14: "self-compassion-break" pushed its minutes out of the column."""
    records = [
        rec(on(TODAY), 10, "breathing"),
        rec(on(TODAY - timedelta(days=1)), 125, "self-compassion-break"),
        rec(on(TODAY - timedelta(days=2)), 5, "body-scan"),
    ]
    lines = stats_text(summarise(records, TODAY)).splitlines()[1:]
    # Where each line's number ends ("  minutes   140", "  Body scan   5 min"): one column.
    ends = {m.end() for line in lines if (m := re.search(r"\d+(\.\d+)?(?=( min)?$)", line))}
    assert len(ends) == 1, "\n".join(lines)
    assert any("Self-compassion break" in line for line in lines)  # kinds in words, not ids
