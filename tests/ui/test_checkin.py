"""The mood check-in: one tap or one key answers, Esc skips, a reflection is saved only on Save."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.realx import on_real_x
from ui import theme as themes
from ui.checkin import QUESTION, CheckIn, CheckInDialog


def _dialog(qtbot: QtBot, *, after: bool = False, prompt: str = "") -> tuple[CheckInDialog, list[CheckIn]]:
    dialog = CheckInDialog(themes.LIGHT, after=after, prompt=prompt)
    qtbot.addWidget(dialog)
    results: list[CheckIn] = []
    dialog.checked_in.connect(results.append)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog, results


def test_before_one_key_answers(qtbot: QtBot) -> None:
    dialog, results = _dialog(qtbot)
    assert not dialog.reflection.isVisible() and not dialog.save_button.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_4)
    assert results == [CheckIn(mood=4)]
    assert dialog.result() == CheckInDialog.DialogCode.Accepted and not dialog.isVisible()


def test_before_one_tap_answers(qtbot: QtBot) -> None:
    dialog, results = _dialog(qtbot)
    qtbot.mouseClick(dialog.buttons[0], Qt.MouseButton.LeftButton)
    assert results == [CheckIn(mood=1)]


def test_escape_and_skip_skip(qtbot: QtBot) -> None:
    dialog, results = _dialog(qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert results == [CheckIn()] and results[0].skipped
    dialog, results = _dialog(qtbot, after=True)
    qtbot.keyClick(dialog, Qt.Key.Key_2)
    qtbot.mouseClick(dialog.skip_button, Qt.MouseButton.LeftButton)
    assert results == [CheckIn()]  # a mood chosen and then skipped is not kept


def test_after_mood_and_reflection_are_saved(qtbot: QtBot) -> None:
    prompt = "Three small things you're grateful for."
    dialog, results = _dialog(qtbot, after=True, prompt=prompt)
    assert dialog.reflection.isVisible() and dialog.reflection.placeholderText() == prompt
    qtbot.keyClick(dialog, Qt.Key.Key_5)
    assert dialog.isVisible() and dialog.buttons[4].isChecked()  # after a session, Save is still to come
    qtbot.mouseClick(dialog.buttons[1], Qt.MouseButton.LeftButton)
    assert dialog.buttons[1].isChecked() and not dialog.buttons[4].isChecked()
    dialog.reflection.setFocus()
    qtbot.keyClicks(dialog.reflection, "Tea, 3 birds, a call ")
    assert dialog.mood == 2  # digits typed in the reflection stay in the reflection
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert results == [CheckIn(mood=2, note="Tea, 3 birds, a call")]


def test_a_reflection_without_a_mood_is_fine(qtbot: QtBot) -> None:
    dialog, results = _dialog(qtbot, after=True)
    qtbot.keyClicks(dialog.reflection, "Just this.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert results == [CheckIn(mood=None, note="Just this.")]


def test_words_keys_and_accessible_names(qtbot: QtBot) -> None:
    dialog, _results = _dialog(qtbot)
    assert QUESTION == "How are you, right now?"
    names = [button.accessibleName() for button in dialog.buttons]
    assert names == ["Very low, 1 of 5", "Low, 2 of 5", "Okay, 3 of 5", "Good, 4 of 5", "Very good, 5 of 5"]
    assert dialog.focusWidget() not in dialog.buttons  # nothing looks chosen (issue 14 #15)
    qtbot.keyClick(dialog, Qt.Key.Key_Right)  # arrows step into the answers, from the middle
    assert dialog.focusWidget() is dialog.buttons[2]
    qtbot.keyClick(dialog, Qt.Key.Key_Right)
    assert dialog.focusWidget() is dialog.buttons[3]
    qtbot.keyClick(dialog.buttons[3], Qt.Key.Key_Space)
    assert dialog.mood == 4


def test_a_focused_answer_never_looks_like_a_chosen_one(qtbot: QtBot, qapp: QApplication) -> None:
    """Issue 14 #15: the focus ring on "3 Okay" looked like a preselected answer."""
    for theme in (themes.LIGHT, themes.DARK):
        qapp.setStyleSheet(themes.stylesheet(theme))
        dialog = CheckInDialog(theme, after=True)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()  # as a window manager does: QDialog then focuses a child
        qtbot.wait(50)
        assert dialog.focusWidget() not in dialog.buttons
        assert not any(b.isChecked() for b in dialog.buttons)
        plain = dialog.buttons[0].grab().toImage()
        dialog.buttons[2].setFocus()
        focused = dialog.buttons[2].grab().toImage()
        dialog.choose(4)
        dialog.buttons[3].clearFocus()
        dialog.setFocus()
        chosen = dialog.buttons[3].grab().toImage()
        # The middle of a focused answer stays as plain as the others; a chosen one is filled.
        inside = (8, plain.height() // 2)  # within the border, clear of the words
        assert focused.pixelColor(*inside) == plain.pixelColor(*inside)
        assert chosen.pixelColor(*inside) != plain.pixelColor(*inside)
    qapp.setStyleSheet("")


@pytest.mark.slow
def test_with_a_window_manager_no_answer_has_focus_either() -> None:
    """Activated by a real window manager, QDialog used to hand focus to an answer."""
    seen = json.loads(on_real_x("checkin"))
    assert seen["active"] and not seen["on_answer"], seen
