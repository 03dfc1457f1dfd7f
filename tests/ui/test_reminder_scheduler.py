"""The reminder scheduler: the rules' decisions on one single-shot timer; the clock watch; the prompt."""

from __future__ import annotations

import ctypes
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QObject, Qt, QTimer
from pytestqt.qtbot import QtBot

from sessions.reminder_rules import Arm, Disarm, Fire, ReminderRules
from sessions.reminders import DailyReminder, ReminderPlan
from tests.sessions.test_reminder_rules import (
    SCENARIOS,
    Check,
    Session,
    SetPlan,
    Snooze,
    Step,
    run,
)
from tests.sessions.test_reminder_rules import wall as rules_wall
from ui import reminder_scheduler
from ui.reminder_scheduler import (
    BELL_TEXT,
    DAILY_TEXT,
    ClockWatch,
    ReminderPresenter,
    ReminderPrompt,
    ReminderScheduler,
    local_now,
)

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


class WallClock:
    """A wall clock the test sets and moves, jumps included."""

    def __init__(self, start: datetime) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment

    def set(self, text: str, tz: ZoneInfo = LONDON) -> None:
        self.moment = datetime.fromisoformat(text).replace(tzinfo=tz)

    def advance(self, **delta: float) -> None:
        self.moment = (self.moment.astimezone(UTC) + timedelta(**delta)).astimezone(self.moment.tzinfo)


def wall(text: str, tz: ZoneInfo = LONDON) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=tz)


@pytest.fixture
def clock() -> WallClock:
    return WallClock(wall("2024-05-01 08:00"))


@pytest.fixture
def scheduler(qtbot: QtBot, clock: WallClock) -> Iterator[ReminderScheduler]:
    s = ReminderScheduler(now=clock, seed=3)
    yield s
    s.stop()
    s.deleteLater()


def record(s: ReminderScheduler) -> list[str]:
    fired: list[str] = []
    s.reminder_due.connect(fired.append)
    return fired


AT_NINE = ReminderPlan(daily=(DailyReminder("09:00"),))


def test_one_single_shot_timer_armed_to_the_next_reminder(scheduler: ReminderScheduler) -> None:
    assert not scheduler.timer.isActive()  # nothing planned: no timer at all
    scheduler.set_plan(AT_NINE)
    timers = [t for t in scheduler.findChildren(QTimer) if isinstance(t, QTimer)]
    assert timers == [scheduler.timer]
    assert scheduler.timer.isSingleShot()
    assert scheduler.timer.timerType() == Qt.TimerType.PreciseTimer
    assert scheduler.timer.interval() == 3600 * 1000
    assert scheduler.due == (wall("2024-05-01 09:00"), "daily")
    scheduler.set_plan(ReminderPlan())
    assert not scheduler.timer.isActive()


def test_the_real_timer_fires(qtbot: QtBot) -> None:
    # The wall clock follows real time here, starting 80 ms before the reminder.
    start, t0 = wall("2024-05-01 08:59:59.920"), time.monotonic()
    s = ReminderScheduler(now=lambda: start + timedelta(seconds=time.monotonic() - t0))
    s.set_plan(AT_NINE)
    with qtbot.waitSignal(s.reminder_due, timeout=2000) as blocker:
        pass
    assert blocker.args == ["daily"]
    s.stop()


@pytest.mark.parametrize("steps", SCENARIOS.values(), ids=SCENARIOS.keys())
def test_the_scheduler_does_what_the_rules_decide(qtbot: QtBot, steps: list[Step]) -> None:
    # The rules are tested in tests/sessions/test_reminder_rules.py; here every decision of every
    # scenario there must reach the signal and the timer, with the same seed and the same moments.
    clock = WallClock(wall("2024-05-01 08:00"))
    s = ReminderScheduler(now=clock, seed=3)
    fired = record(s)
    rules = ReminderRules(seed=3)
    for moment, command, _expected in steps:
        clock.moment = rules_wall(moment)
        decisions = run(rules, command, clock.moment)
        match command:
            case SetPlan(plan):
                s.set_plan(plan)
            case Check():
                s.recompute()
            case Snooze(minutes):
                s.snooze(minutes)
            case Session(active):
                s.set_session_active(active)
        assert fired == [d.kind for d in decisions if isinstance(d, Fire)], moment
        fired.clear()
        assert s.due == rules.due
        for decision in decisions:
            if isinstance(decision, Arm):
                assert (s.timer.isActive(), s.timer.interval()) == (True, decision.wait_ms), moment
            elif isinstance(decision, Disarm):
                assert not s.timer.isActive(), moment
    s.stop()


def test_a_snooze_answered_while_the_reminder_is_emitted_keeps_the_timer(
    scheduler: ReminderScheduler, clock: WallClock
) -> None:
    scheduler.reminder_due.connect(lambda _kind: scheduler.snooze(10))
    scheduler.set_plan(AT_NINE)
    clock.set("2024-05-01 09:00")
    scheduler.recompute()
    assert scheduler.due == (wall("2024-05-01 09:10"), "daily")
    assert scheduler.timer.interval() == 10 * 60 * 1000


def test_becoming_active_rechecks_the_clock(scheduler: ReminderScheduler, clock: WallClock) -> None:
    scheduler.set_plan(AT_NINE)
    clock.set("2024-05-01 08:30")
    scheduler._on_app_state(Qt.ApplicationState.ApplicationActive)
    assert scheduler.timer.interval() == 30 * 60 * 1000


def test_without_a_clock_watch_the_wait_is_capped_at_an_hour(qtbot: QtBot, clock: WallClock) -> None:
    s = ReminderScheduler(now=clock, watch_clock=False)
    s.set_plan(ReminderPlan(daily=(DailyReminder("20:00"),)))
    assert s.timer.interval() == 3600 * 1000
    assert s.due == (wall("2024-05-01 20:00"), "daily")
    clock.advance(hours=1)
    fired = record(s)
    s.recompute()
    assert fired == []
    assert s.timer.interval() == 3600 * 1000


def test_local_now_knows_the_zone() -> None:
    now = local_now()
    assert now.tzinfo is not None and now.utcoffset() is not None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="timerfd is Linux-only")
def test_clock_watch_wakes_only_when_its_timer_is_touched(qtbot: QtBot) -> None:
    watch = ClockWatch()
    changes: list[bool] = []
    watch.clock_changed.connect(lambda: changes.append(True))
    assert watch.available
    # Make the kernel timer expire now, as a clock change would cancel it: the fd turns readable.
    spec = reminder_scheduler._Itimerspec(
        reminder_scheduler._Timespec(0, 0), reminder_scheduler._Timespec(1, 0)
    )
    assert watch._libc.timerfd_settime(watch._fd, 1, ctypes.byref(spec), None) == 0
    with qtbot.waitSignal(watch.clock_changed, timeout=2000):
        pass
    watch._on_readable()  # nothing to read: a spurious wake-up is ignored
    assert changes == [True]
    watch.close()
    watch.close()
    assert not watch.available


# -- the prompt ----------------------------------------------------------------------------------
@pytest.fixture
def prompt(qtbot: QtBot) -> ReminderPrompt:
    widget = ReminderPrompt()
    qtbot.addWidget(widget)
    return widget


def test_prompt_words_and_names(prompt: ReminderPrompt) -> None:
    assert prompt.message.text() == DAILY_TEXT
    for button in (prompt.start_button, prompt.snooze_button, prompt.skip_button):
        assert button.accessibleName()
    assert [
        b.text().replace("&", "") for b in (prompt.start_button, prompt.snooze_button, prompt.skip_button)
    ] == [
        "Start",
        "Snooze 10 min",
        "Skip",
    ]


def test_prompt_by_keyboard(qtbot: QtBot, prompt: ReminderPrompt) -> None:
    prompt.offer()
    qtbot.waitExposed(prompt)
    assert prompt.focusWidget() is prompt.start_button
    with qtbot.waitSignal(prompt.start_requested):
        qtbot.keyClick(prompt.start_button, Qt.Key.Key_Return)
    assert not prompt.isVisible()
    prompt.offer()
    prompt.start_button.setFocus()
    qtbot.keyClick(prompt, Qt.Key.Key_Tab)
    with qtbot.waitSignal(prompt.snooze_requested) as blocker:
        qtbot.keyClick(prompt.focusWidget(), Qt.Key.Key_Space)
    assert blocker.args == [10]
    prompt.offer()
    with qtbot.waitSignal(prompt.skipped):
        qtbot.keyClick(prompt, Qt.Key.Key_Escape)
    assert not prompt.isVisible()


def test_closing_the_prompt_is_a_skip(qtbot: QtBot, prompt: ReminderPrompt) -> None:
    prompt.offer()
    with qtbot.waitSignal(prompt.skipped):
        prompt.close()


def test_presenter_offers_the_prompt_for_a_reminder_not_a_bell(qtbot: QtBot) -> None:
    presenter = ReminderPresenter(None)
    answers: list[object] = []
    presenter.snooze_requested.connect(answers.append)
    presenter.present("bell")
    assert presenter._prompt is None  # a bell is a sound and a few words, nothing to answer
    presenter.present("daily")
    assert presenter.prompt.isVisible()
    presenter.prompt.snooze_button.click()
    assert answers == [10]
    presenter.close()
    assert BELL_TEXT.endswith("if you like.")


def test_scheduler_is_a_plain_qobject_child(qtbot: QtBot, clock: WallClock) -> None:
    parent = QObject()
    s = ReminderScheduler(parent, now=clock)
    assert s.parent() is parent
    s.stop()
