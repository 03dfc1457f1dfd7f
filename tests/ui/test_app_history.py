"""The app's history window and check-ins, wired."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sessions.clock import FakeClock
from sessions.commands import Command
from tests.conftest import history_window, main_window, pacer
from ui.app import KindlyApp
from ui.checkin import CheckInDialog
from ui.practices import Practice


def test_the_history_command_opens_the_window(kindly: KindlyApp) -> None:
    kindly.run_command(Command(name="history"))
    window = history_window(kindly)
    assert window.isVisible() and window.model.rowCount() == 0
    window.close()


def test_check_ins_are_saved_on_the_record(qtbot: QtBot, kindly: KindlyApp, clock: FakeClock) -> None:
    kindly.checkins.allowed = True
    kindly.run_command(Command(name="window"))
    started: list[int | None] = []

    def begin(mood: int | None) -> None:
        started.append(mood)
        kindly.practices.start(Practice("breathing", "4-6", 1), mood_before=mood)

    kindly.checkins.ask_before(begin)
    (before,) = [d for d in main_window(kindly).findChildren(CheckInDialog) if d.isVisible()]
    qtbot.keyClick(before, Qt.Key.Key_2)
    assert started == [2]
    clock.advance(61)
    kindly.controller.tick()
    (record,) = kindly.history.records()
    assert record.mood_before == 2
    # The check-in after belongs to the window the practice was in: here the pacer.
    (after,) = [d for d in pacer(kindly).findChildren(CheckInDialog) if d.isVisible() and d.after]
    qtbot.keyClick(after, Qt.Key.Key_4)
    qtbot.keyClicks(after.reflection, "Lighter.")
    qtbot.mouseClick(after.save_button, Qt.MouseButton.LeftButton)
    (record,) = kindly.history.records()
    assert (record.mood_before, record.mood_after, record.note) == (2, 4, "Lighter.")
