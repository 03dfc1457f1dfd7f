"""The tray's tooltip stays true while a session runs, and nothing wakes the app when none does."""

from __future__ import annotations

import pytest

from sessions.clock import FakeClock
from tests.conftest import advance
from tests.ui.test_app import needs_tray
from ui.app import KindlyApp
from ui.practices import Practice


@pytest.mark.tray
@needs_tray
def test_the_tooltip_follows_the_clock_between_cues_and_no_timer_runs_when_idle(
    kindly: KindlyApp, clock: FakeClock
) -> None:
    # Issue 14, defect 8: the tooltip changed only on cues ("2:42 left" while the window said 2:23).
    presenter, tray = kindly.tray_presenter, kindly.tray
    assert presenter is not None and tray is not None
    assert not presenter.tooltip_timer.isActive()
    kindly.practices.start(Practice("guided", "body-scan", 5))
    timer = presenter.tooltip_timer
    assert timer.isActive() and timer.interval() <= 10_000
    advance(kindly.controller, clock, 3)
    clock.advance(40.0)  # no cue, no tick: only the tooltip's own timer
    timer.timeout.emit()
    runner = kindly.controller.runner
    assert runner is not None
    assert tray.icon.toolTip() == f"Kindly — {runner.timeline.title}, 4:17 left"
    kindly.controller.pause()
    assert not timer.isActive()  # paused: the time left holds still
    kindly.controller.resume()
    assert timer.isActive()
    kindly.controller.stop()
    assert not timer.isActive()  # idle in the tray: no wake-ups


@pytest.mark.tray
@needs_tray
def test_saved_patterns_are_in_the_tray_and_start_under_their_name(kindly: KindlyApp) -> None:
    presenter, tray = kindly.tray_presenter, kindly.tray
    assert presenter is not None and tray is not None
    kindly.store.update(patterns=(("Evening 4-2-7", "4-2-7"),))
    tray.menu.aboutToShow.emit()
    (submenu,) = [a for a in tray.sessions_menu.actions() if a.text() == "Breathing · Evening 4-2-7"]
    from PySide6.QtWidgets import QMenu

    menu = submenu.menu()
    assert isinstance(menu, QMenu)
    one = next(a for a in menu.actions() if a.text().startswith("1"))
    one.trigger()  # a minute: the plain pacer, under the pattern's own name
    runner = kindly.controller.runner
    assert runner is not None and runner.timeline.title == "Evening 4-2-7"
    assert runner.timeline.pattern_id == "4-2-7"
