"""Silent sitting: bells on the session clock, a settling time that is not practice, clear refusals."""

from __future__ import annotations

from datetime import datetime

import pytest

from sessions.events import SessionEnded
from sessions.practice_record import record_for
from sessions.timer import MAX_BELLS, TimerError, TimerPlan, parse_moments, timer_timeline


def bells(plan: TimerPlan) -> list[float]:
    return [c.due for c in timer_timeline(plan).cues() if c.kind == "bell"]


def test_a_three_minute_sit_with_a_settling_time_and_a_bell_each_minute() -> None:
    timeline = timer_timeline(TimerPlan(3, delay_s=10, interval_min=1))
    assert bells(TimerPlan(3, delay_s=10, interval_min=1)) == [10.0, 70.0, 130.0, 190.0]
    assert timeline.total_s == 190.0 and timeline.lead_in_s == 10.0 and not timeline.skippable
    (end,) = [c for c in timeline.cues() if c.kind == "end"]
    assert end.due == 190.0
    assert timeline.state_at(5).step.caption.startswith("Settling in")


def test_chosen_moments_and_an_interval_ring_once_each() -> None:
    assert bells(TimerPlan(20, interval_min=5, moments_min=(5, 12, 18))) == [
        0,
        300,
        600,
        720,
        900,
        1080,
        1200,
    ]


def test_an_open_ended_sit_rings_its_interval_until_stopped() -> None:
    timeline = timer_timeline(TimerPlan(None, interval_min=10))
    assert timeline.total_s is None
    firsts = [c.due for c, _ in zip((c for c in timeline.cues() if c.kind == "bell"), range(4), strict=False)]
    assert firsts == [0.0, 600.0, 1200.0, 1800.0]


def test_the_settling_time_is_not_practice() -> None:
    timeline = timer_timeline(TimerPlan(3, delay_s=10, interval_min=1))
    record = record_for(timeline, SessionEnded(True, 190.0, 190.0), started_at=None, ended_at=_now())
    assert record is not None and record.practiced_seconds == 180.0 and record.planned_seconds == 180.0
    early = record_for(timeline, SessionEnded(False, 65.0, 190.0), started_at=None, ended_at=_now())
    assert early is None, "55 s of sitting after 10 s of settling is not yet worth keeping"


@pytest.mark.parametrize(
    ("plan", "said"),
    [
        (TimerPlan(3, interval_min=3), "would never ring"),
        (TimerPlan(3, interval_min=5), "would never ring"),
        (TimerPlan(3, interval_min=0), "at most every 15 seconds"),
        (TimerPlan(3, interval_min=-1), "at most every 15 seconds"),
        (TimerPlan(0), "more than 0"),
        (TimerPlan(-5), "more than 0"),
        (TimerPlan(1, delay_s=90), "longer than the sit"),
        (TimerPlan(30, delay_s=601), "between 0 and 600"),
        (TimerPlan(180, interval_min=0.25 * 180 / 500), "at most every 15 seconds"),
        (TimerPlan(180, interval_min=0.5), f"more than {MAX_BELLS} bells"),
        (TimerPlan(10, moments_min=(12,)), "outside the sit"),
        (TimerPlan(10, bell=" "), "choose a bell"),
    ],
)
def test_bad_timers_get_one_clear_line(plan: TimerPlan, said: str) -> None:
    with pytest.raises(TimerError, match=said):
        plan.checked()


def test_moments_as_typed() -> None:
    assert parse_moments("5, 12, 18") == (5.0, 12.0, 18.0)
    assert parse_moments("2.5;7") == (2.5, 7.0)
    with pytest.raises(TimerError, match="list of minutes"):
        parse_moments("five")


def _now() -> datetime:
    return datetime.now().astimezone()
