"""The app's history window and check-ins, wired."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sessions.clock import FakeClock
from sessions.patterns import PRESETS
from ui.app import Command, KindlyApp
from ui.checkin import CheckInDialog


def test_the_history_command_opens_the_window(kindly: KindlyApp) -> None:
    kindly.run_command(Command(name="history"))
    window = kindly.history_window
    assert window.isVisible() and window.model.rowCount() == 0
    window.close()


def test_check_ins_are_saved_on_the_record(qtbot: QtBot, kindly: KindlyApp, clock: FakeClock) -> None:
    kindly.check_ins = True
    kindly.run_command(Command(name="window"))
    started: list[int] = []
    kindly.ask_before(lambda: started.append(1))
    (before,) = [d for d in kindly.main_window.findChildren(CheckInDialog) if d.isVisible()]
    qtbot.keyClick(before, Qt.Key.Key_2)
    assert started == [1]
    kindly.start_breathing(PRESETS["box"], 1)
    clock.advance(61)
    kindly.controller.tick()
    (record,) = kindly.history.records()
    assert record.mood_before == 2
    (after,) = [d for d in kindly.main_window.findChildren(CheckInDialog) if d.isVisible() and d.after]
    qtbot.keyClick(after, Qt.Key.Key_4)
    qtbot.keyClicks(after.reflection, "Lighter.")
    qtbot.mouseClick(after.save_button, Qt.MouseButton.LeftButton)
    (record,) = kindly.history.records()
    assert (record.mood_before, record.mood_after, record.note) == (2, 4, "Lighter.")
