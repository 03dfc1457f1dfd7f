"""The one start path: a running practice is never replaced without asking."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from sessions.clock import FakeClock
from tests.conftest import advance, pacer
from ui.app import KindlyApp
from ui.practices import Practice, practice_for


def _answer(kindly: KindlyApp, button: str) -> None:
    box = kindly.practices.question
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.text() == "Stop the current practice and start “Self-compassion break”?"
    (chosen,) = [b for b in box.buttons() if b.text().replace("&", "") == button]
    chosen.click()


def test_a_second_start_asks_and_keeps_the_running_practice_unless_told(
    qtbot: QtBot, kindly: KindlyApp, clock: FakeClock
) -> None:
    # Issue 14, defect 7: a tray start silently replaced the running session.
    assert kindly.practices.start(Practice("breathing", "box", 5))
    advance(kindly.controller, clock, 70)
    tray_start = practice_for("self-compassion-break", 3)
    assert not kindly.practices.start(tray_start)
    runner = kindly.controller.runner
    assert runner is not None and runner.timeline.session_id == "breathing" and kindly.controller.is_running
    _answer(kindly, "Keep practising")
    assert kindly.controller.runner is runner and kindly.controller.is_running
    assert kindly.practices.question is None and kindly.history.records() == []

    assert not kindly.practices.start(tray_start)
    _answer(kindly, "Stop and start")
    runner = kindly.controller.runner
    assert runner is not None and runner.timeline.session_id == "self-compassion-break"
    (kept,) = kindly.history.records()  # the breathing stopped after 70 s is kept, as any stop
    assert kept.session_id == "breathing" and not kept.completed


def test_the_pacer_hides_its_pattern_and_length_during_a_guided_practice(
    qtbot: QtBot, kindly: KindlyApp
) -> None:
    window = pacer(kindly)
    kindly.windows.open("pacer")
    assert kindly.practices.start(practice_for("self-compassion-break", 3))
    assert window.isVisible()  # the person opened it; it shows the practice, without choices
    assert not window.pattern_box.isVisible() and not window.length_box.isVisible()
    assert not window.no_holds.isVisible() and window.message.isVisible()
    kindly.controller.stop()
    assert window.pattern_box.isVisible() and window.length_box.isVisible()
    assert kindly.practices.start(Practice("breathing", "box", 1))
    assert window.pattern_box.isVisible() and not window.pattern_box.isEnabled()
