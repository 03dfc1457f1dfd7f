"""One owner for settings: every window asks the store and listens; none saves a stale copy.

The two stories from issue 13, as a person met them, each failed on the code before the store.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sessions.settings import load_settings
from ui.app import KindlyApp
from ui.care import CareDialog
from ui.pacer import PacerWindow
from ui.settings_window import SettingsWindow


def test_a_crisis_line_saved_while_settings_is_open_survives_the_next_tick(
    qtbot: QtBot, kindly: KindlyApp
) -> None:
    settings = kindly.windows.open("settings")
    assert isinstance(settings, SettingsWindow)
    care = kindly.windows.open("care")
    assert isinstance(care, CareDialog)
    care.line_edit.setText("Samaritans 116 123")
    qtbot.mouseClick(care.save_button, Qt.MouseButton.LeftButton)
    kindly.windows.open("settings")
    settings.show_section("Display")
    settings.reduced_motion.click()  # any box
    saved = load_settings(kindly.paths.settings)[0]
    assert saved.reduced_motion
    assert saved.crisis_line == "Samaritans 116 123", "the settings window saved its stale copy"
    assert kindly.settings.crisis_line == "Samaritans 116 123"


def test_a_pacer_choice_survives_a_change_in_the_open_settings_window(
    qtbot: QtBot, kindly: KindlyApp
) -> None:
    settings = kindly.windows.open("settings")
    assert isinstance(settings, SettingsWindow)
    pacer = kindly.windows.open("pacer")
    assert isinstance(pacer, PacerWindow)
    pacer.pattern_box.setCurrentIndex(pacer.pattern_box.findData("box"))
    pacer.length_box.setCurrentIndex(pacer.length_box.findData(10.0))
    assert (load_settings(kindly.paths.settings)[0].pattern, kindly.settings.minutes) == ("box", 10.0)
    # The open settings window shows the pacer's choice at once...
    assert settings.pattern.currentData() == "box" and settings.length.currentData() == 10.0
    kindly.windows.open("settings")
    settings.show_section("Sound")
    settings.sounds.click()  # ...and a change there keeps it
    saved = load_settings(kindly.paths.settings)[0]
    assert not saved.sounds
    assert (saved.pattern, saved.minutes) == ("box", 10.0), "the pattern went back to the old one"


def test_the_pacer_follows_a_change_made_in_settings(qtbot: QtBot, kindly: KindlyApp) -> None:
    pacer = kindly.windows.open("pacer")
    assert isinstance(pacer, PacerWindow)
    kindly.store.update(pattern="4-7-8", minutes=3.0, no_holds=True, reduced_motion=True)
    assert pacer.pattern_text() == "4-7-8" and pacer.chosen_minutes() == 3.0
    assert pacer.no_holds.isChecked() and pacer.orb.reduced_motion


def test_windows_are_built_once_and_reused(qtbot: QtBot, kindly: KindlyApp) -> None:
    first = kindly.windows.open("history")
    first.close()
    assert kindly.windows.open("history") is first and first.isVisible()
    assert kindly.windows.peek("care") is None  # never asked for, never built


def test_a_practice_logged_anywhere_refreshes_the_greeting_and_the_history(
    qtbot: QtBot, kindly: KindlyApp
) -> None:
    from datetime import datetime, timedelta

    from sessions.records import Record
    from tests.conftest import history_window, main_window

    kindly.show_main_window()
    history = history_window(kindly)
    kindly.windows.open("history")
    ended = datetime.now().astimezone()
    record = Record.logged(
        session_id="breathing",
        title="Box",
        kind="breathing",
        started_at=ended - timedelta(minutes=7),
        minutes=7,
    )
    kindly.history.append(record)  # as `main.py log` or an import would
    assert "7 minutes" in main_window(kindly).today.text()
    qtbot.waitUntil(lambda: history.model.rowCount() == 1)
