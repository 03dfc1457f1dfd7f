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
