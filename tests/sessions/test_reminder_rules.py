"""The reminder rules, told the time by the test: each step is a moment, a command and its decisions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from sessions.reminder_rules import (
    EARLY_TOLERANCE_S,
    LATE_GRACE_S,
    SNOOZE_MIN,
    Arm,
    Decision,
    Defer,
    Disarm,
    Drop,
    Fire,
    ReminderRules,
)
from sessions.reminders import DailyReminder, MindfulBells, ReminderPlan, next_due

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
HOUR = 3600
DAY = 24 * HOUR


def wall(text: str, tz: ZoneInfo = LONDON) -> datetime:
    """A wall-clock moment: "09:00" is on 2024-05-01 (a Wednesday); else a full "2024-05-02 09:00"."""
    if " " not in text:
        text = f"2024-05-01 {text}"
    return datetime.fromisoformat(text).replace(tzinfo=tz)


def later(moment: datetime, seconds: float) -> datetime:
    """``seconds`` of real time after ``moment``, in its zone."""
    return (moment.astimezone(UTC) + timedelta(seconds=seconds)).astimezone(moment.tzinfo)


@dataclass(frozen=True)
class SetPlan:
    plan: ReminderPlan


@dataclass(frozen=True)
class Check:
    """The timer woke, the clock jumped, or the app became active."""


@dataclass(frozen=True)
class Snooze:
    minutes: float


@dataclass(frozen=True)
class Session:
    active: bool


Command = SetPlan | Check | Snooze | Session
CHECK = Check()


def run(rules: ReminderRules, command: Command, now: datetime) -> list[Decision]:
    """``command`` given to ``rules`` at ``now`` (the scheduler's tests give the same to the adapter)."""
    match command:
        case SetPlan(plan):
            return rules.set_plan(plan, now)
        case Check():
            return rules.check(now)
        case Snooze(minutes):
            return rules.snooze(now, minutes)
        case Session(active):
            return rules.set_session_active(active)


AT_NINE = ReminderPlan(daily=(DailyReminder("09:00"),))
NINE_AND_BELLS = ReminderPlan(daily=(DailyReminder("09:00"),), bells=MindfulBells(every_min=30))
QUIET_BELLS = ReminderPlan(bells=MindfulBells(every_min=60, quiet_start="21:00", quiet_end="08:00"))
TOMORROW_NINE = Arm(wall("2024-05-02 09:00"), "daily", DAY)

Step = tuple[str, Command, list[Decision]]

SCENARIOS: dict[str, list[Step]] = {
    "nothing planned: no timer at all": [
        ("08:00", SetPlan(ReminderPlan()), [Disarm()]),
        ("08:00", CHECK, [Disarm()]),
    ],
    "armed to the next reminder; an empty plan disarms": [
        ("08:00", SetPlan(AT_NINE), [Arm(wall("09:00"), "daily", HOUR)]),
        ("08:00", SetPlan(ReminderPlan()), [Disarm()]),
    ],
    "fires on time, then arms for tomorrow": [
        ("08:00", SetPlan(AT_NINE), [Arm(wall("09:00"), "daily", HOUR)]),
        ("09:00", CHECK, [Fire("daily"), TOMORROW_NINE]),
    ],
    "a clock set back makes the wake-up early: it only re-arms": [
        ("08:00", SetPlan(AT_NINE), [Arm(wall("09:00"), "daily", HOUR)]),
        ("07:00", CHECK, [Arm(wall("09:00"), "daily", 2 * HOUR)]),
    ],
    "a clock set forward past a reminder lets it go quietly": [
        ("08:00", SetPlan(AT_NINE), [Arm(wall("09:00"), "daily", HOUR)]),
        (
            "13:00",
            CHECK,
            [Drop(wall("09:00"), "daily", 4 * HOUR), Arm(wall("2024-05-02 09:00"), "daily", 20 * HOUR)],
        ),
    ],
    "a reminder slept through briefly is still offered": [
        ("08:00", SetPlan(AT_NINE), [Arm(wall("09:00"), "daily", HOUR)]),
        ("09:14", CHECK, [Fire("daily"), Arm(wall("2024-05-02 09:00"), "daily", DAY - 14 * 60)]),
    ],
    "a wake-up a hair early still offers it, and only once": [
        ("08:00", SetPlan(AT_NINE), [Arm(wall("09:00"), "daily", HOUR)]),
        ("08:59:59.5", CHECK, [Fire("daily"), Arm(wall("2024-05-02 09:00"), "daily", DAY + 0.5)]),
        ("09:00", CHECK, [TOMORROW_NINE]),
    ],
    "a wake-up more than a second early waits for the moment": [
        ("08:00", SetPlan(AT_NINE), [Arm(wall("09:00"), "daily", HOUR)]),
        ("08:59:58", CHECK, [Arm(wall("09:00"), "daily", 2.0)]),
    ],
    "nothing fires during a session; what fell due comes after it, as one": [
        ("08:00", SetPlan(NINE_AND_BELLS), [Arm(wall("08:30"), "bell", 30 * 60)]),
        ("08:00", Session(True), []),
        ("08:30", CHECK, [Defer("bell"), Arm(wall("09:00"), "daily", 30 * 60)]),
        ("09:00", CHECK, [Defer("daily"), Arm(wall("09:30"), "bell", 30 * 60)]),
        ("09:30", CHECK, [Defer("bell"), Arm(wall("10:00"), "bell", 30 * 60)]),
        ("09:40", Session(False), [Fire("daily")]),  # three due during the session, one reminder after
        ("09:40", Session(False), []),
    ],
    "bells alone during a session come after it as one bell": [
        ("08:00", SetPlan(QUIET_BELLS), [Arm(wall("09:00"), "bell", HOUR)]),
        ("08:00", Session(True), []),
        ("09:00", CHECK, [Defer("bell"), Arm(wall("10:00"), "bell", HOUR)]),
        ("10:00", CHECK, [Defer("bell"), Arm(wall("11:00"), "bell", HOUR)]),
        ("10:05", Session(False), [Fire("bell")]),
    ],
    "one let go as too late during a session is not kept for its end": [
        ("08:00", SetPlan(AT_NINE), [Arm(wall("09:00"), "daily", HOUR)]),
        ("08:00", Session(True), []),
        (
            "13:00",
            CHECK,
            [Drop(wall("09:00"), "daily", 4 * HOUR), Arm(wall("2024-05-02 09:00"), "daily", 20 * HOUR)],
        ),
        ("13:10", Session(False), []),
    ],
    "snooze: the prompt again in ten minutes, then tomorrow as usual": [
        ("08:00", SetPlan(AT_NINE), [Arm(wall("09:00"), "daily", HOUR)]),
        ("09:00", CHECK, [Fire("daily"), TOMORROW_NINE]),
        ("09:00", Snooze(10), [Arm(wall("09:10"), "daily", 10 * 60)]),
        ("09:10", CHECK, [Fire("daily"), Arm(wall("2024-05-02 09:00"), "daily", DAY - 10 * 60)]),
    ],
    "a reminder sooner than the snooze comes first, and the snooze still after it": [
        ("08:55", SetPlan(AT_NINE), [Arm(wall("09:00"), "daily", 5 * 60)]),
        ("08:55", Snooze(10), [Arm(wall("09:00"), "daily", 5 * 60)]),
        ("09:00", CHECK, [Fire("daily"), Arm(wall("09:05"), "daily", 5 * 60)]),
        ("09:05", CHECK, [Fire("daily"), Arm(wall("2024-05-02 09:00"), "daily", DAY - 5 * 60)]),
    ],
    "a snooze sooner than the next bell wins over it": [
        ("08:10", SetPlan(QUIET_BELLS), [Arm(wall("09:00"), "bell", 50 * 60)]),
        ("08:10", Snooze(10), [Arm(wall("08:20"), "daily", 10 * 60)]),
        ("08:20", CHECK, [Fire("daily"), Arm(wall("09:00"), "bell", 40 * 60)]),
    ],
    "a snooze outlasts a change of plan": [
        ("08:00", SetPlan(AT_NINE), [Arm(wall("09:00"), "daily", HOUR)]),
        ("08:00", Snooze(10), [Arm(wall("08:10"), "daily", 10 * 60)]),
        ("08:01", SetPlan(ReminderPlan()), [Arm(wall("08:10"), "daily", 9 * 60)]),
        ("08:10", CHECK, [Fire("daily"), Disarm()]),
    ],
    "a snooze slept through is let go, and is done": [
        ("09:00", SetPlan(AT_NINE), [TOMORROW_NINE]),
        ("09:00", Snooze(10), [Arm(wall("09:10"), "daily", 10 * 60)]),
        (
            "10:00",
            CHECK,
            [Drop(wall("09:10"), "daily", 50 * 60), Arm(wall("2024-05-02 09:00"), "daily", 23 * HOUR)],
        ),
        ("2024-05-02 09:00", CHECK, [Fire("daily"), Arm(wall("2024-05-03 09:00"), "daily", DAY)]),
    ],
    "quiet hours hold the bells until they end": [
        ("20:30", SetPlan(QUIET_BELLS), [Arm(wall("2024-05-02 08:00"), "bell", 11.5 * HOUR)]),
        ("2024-05-02 08:00", CHECK, [Fire("bell"), Arm(wall("2024-05-02 09:00"), "bell", HOUR)]),
    ],
}


@pytest.mark.parametrize("steps", SCENARIOS.values(), ids=SCENARIOS.keys())
def test_scenario(steps: list[Step]) -> None:
    rules = ReminderRules(seed=3)
    for moment, command, expected in steps:
        decisions = run(rules, command, wall(moment))
        assert (moment, decisions) == (moment, expected)
        for arm in decisions:
            if isinstance(arm, Arm):
                assert rules.due == (arm.at, arm.kind)
            elif isinstance(arm, Disarm):
                assert rules.due is None


@pytest.mark.parametrize(
    ("late_s", "offered"),
    [(0, True), (LATE_GRACE_S - 60, True), (LATE_GRACE_S, True), (LATE_GRACE_S + 1, False), (DAY - 1, False)],
)
def test_late_grace_after_sleep(late_s: float, offered: bool) -> None:
    rules = ReminderRules()
    rules.set_plan(AT_NINE, wall("08:00"))
    now = later(wall("09:00"), late_s)
    decisions = rules.check(now)
    assert decisions[0] == (Fire("daily") if offered else Drop(wall("09:00"), "daily", late_s))
    assert decisions[1:] == [Arm(wall("2024-05-02 09:00"), "daily", DAY - late_s)]
    assert rules.due == (wall("2024-05-02 09:00"), "daily")


def test_the_grace_and_tolerance_are_what_the_person_was_promised() -> None:
    assert LATE_GRACE_S == 15 * 60
    assert EARLY_TOLERANCE_S == 1.0
    assert SNOOZE_MIN == 10
    rules = ReminderRules()
    rules.set_plan(AT_NINE, wall("09:00"))
    assert rules.snooze(wall("09:00")) == [Arm(wall("09:10"), "daily", SNOOZE_MIN * 60)]


def test_the_wait_is_real_time_across_dst() -> None:
    rules = ReminderRules()
    (arm,) = rules.set_plan(ReminderPlan(daily=(DailyReminder("08:00"),)), wall("2024-03-09 08:00", NEW_YORK))
    assert arm == Arm(wall("2024-03-10 08:00", NEW_YORK), "daily", 23 * HOUR)
    assert isinstance(arm, Arm) and arm.wait_ms == 23 * HOUR * 1000  # the spring-forward night is short


@pytest.mark.parametrize(
    ("wait_s", "wait_ms"),
    [(0.0, 0), (0.0004, 1), (1.0, 1000), (2.5, 2500), (10.0001, 10001), (DAY, DAY * 1000)],
)
def test_the_wait_in_milliseconds_is_rounded_up(wait_s: float, wait_ms: int) -> None:
    assert Arm(wall("09:00"), "daily", wait_s).wait_ms == wait_ms


def test_what_may_be_read() -> None:
    rules = ReminderRules()
    assert (rules.plan, rules.due, rules.session_active, rules.deferred) == (
        ReminderPlan(),
        None,
        False,
        None,
    )
    rules.set_plan(NINE_AND_BELLS, wall("08:45"))
    rules.set_session_active(True)
    rules.check(wall("09:00"))
    assert (rules.plan, rules.due, rules.session_active, rules.deferred) == (
        NINE_AND_BELLS,
        (wall("09:30"), "bell"),
        True,
        "daily",
    )


WINDOW_BELLS = ReminderPlan(bells=MindfulBells(every_min=60, random_window=("09:00", "17:00")))


def test_random_bells_come_at_the_moments_seeded_for_this_data_folder() -> None:
    now = wall("08:00")
    first = ReminderRules(seed=7).set_plan(WINDOW_BELLS, now)
    assert first == ReminderRules(seed=7).set_plan(WINDOW_BELLS, now)  # the same after a restart
    due = next_due(WINDOW_BELLS, now, seed=7)
    assert due is not None and first == [Arm(due[0], "bell", (due[0] - now).total_seconds())]
    others = {tuple(ReminderRules(seed=s).set_plan(WINDOW_BELLS, now)) for s in range(10)}
    assert len(others) > 1  # another folder, other moments


def test_a_random_bell_is_neither_rung_twice_nor_skipped_by_a_clock_jump() -> None:
    rules = ReminderRules(seed=7)
    (arm,) = rules.set_plan(WINDOW_BELLS, wall("08:00"))
    assert isinstance(arm, Arm)
    assert rules.check(wall("07:00")) == [Arm(arm.at, "bell", (arm.at - wall("07:00")).total_seconds())]
    fired, rearm = rules.check(arm.at)
    assert fired == Fire("bell")
    assert isinstance(rearm, Arm) and rearm.at > arm.at
    assert rules.check(arm.at) == [Arm(rearm.at, "bell", (rearm.at - arm.at).total_seconds())]


def test_a_naive_moment_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        ReminderRules().set_plan(AT_NINE, datetime(2024, 5, 1, 8))
