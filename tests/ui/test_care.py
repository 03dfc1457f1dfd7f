"""The care page, the person's own support line, and a suggestion that never nags."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from sessions.settings import MAX_CRISIS_LINE
from ui import care
from ui.care import CareDialog, CareSuggestion, clean_crisis_line, recent_moods, should_suggest

NOW = datetime(2024, 5, 10, 9, 0, tzinfo=UTC)


# -- when to suggest -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("moods", "expected"),
    [
        ([], False),
        ([1, 1], False),  # two are not yet "several"
        ([2, 1, 2], True),
        ([1, None, 2, None, 1], True),  # a skipped check-in counts neither way
        ([1, 1, 2, 4], False),  # the latest was lighter: no need
        ([5, 1, 4, 3, 1], False),  # only two of the last five were low
        ([1, 1, 1, 5, 4, 5, 4, 1], False),  # old lows have dropped out of the last five
        ([3, 3, 3], False),
    ],
)
def test_when_a_suggestion_is_offered(moods: list[int | None], expected: bool) -> None:
    assert should_suggest(moods, None, NOW) is expected


def test_a_dismissed_suggestion_waits_a_week() -> None:
    low = [1, 2, 1]
    assert not should_suggest(low, NOW - timedelta(days=6, hours=23), NOW)
    assert should_suggest(low, NOW - timedelta(days=7), NOW)


@given(
    moods=st.lists(st.one_of(st.none(), st.integers(1, 5)), max_size=30),
    since=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=6, hours=23, minutes=59)),
)
def test_never_within_a_week_of_a_dismissal(moods: list[int | None], since: timedelta) -> None:
    assert not should_suggest(moods, NOW - since, NOW)


@dataclass(frozen=True)
class FakeRecord:
    started_at: str
    mood_before: int | None = None
    mood_after: int | None = None


def test_recent_moods_oldest_first_after_before() -> None:
    records = [
        FakeRecord("2024-05-09T20:00:00+02:00", 3, 2),
        FakeRecord("2024-04-01T08:00:00+00:00", 1, 1),  # too old to say much about now
        FakeRecord("2024-05-08T08:00:00+00:00", 1, None),
        FakeRecord("2024-05-09T07:00:00+00:00"),
        FakeRecord("not a date", 1, 1),
    ]
    assert recent_moods(records, NOW) == [1, None, 2]


# -- the care page -------------------------------------------------------------------------------
@pytest.fixture
def dialog(qtbot: QtBot) -> CareDialog:
    widget = CareDialog("")
    qtbot.addWidget(widget)
    return widget


def all_text(dialog: CareDialog) -> str:
    return " ".join(label.text() for label in dialog.findChildren(QLabel))


def test_the_words(dialog: CareDialog) -> None:
    text = all_text(dialog)
    assert "not therapy or medical advice" in text
    assert "call your local emergency number" in text
    assert "talking with a doctor, a counsellor or someone you trust" in text
    assert "en_US “joe”" in text and "lessac" in text and "CC0" in text
    assert dialog.line_edit.placeholderText() == "For example, 988 in the US"
    # Never an advert: no links, and no phone numbers but the person's own.
    assert not re.search(r"https?:|www\.|\.com|\.org", text)
    assert not re.search(r"\d{3}", text)


def test_every_control_is_named(dialog: CareDialog) -> None:
    for widget in [*dialog.findChildren(QAbstractButton), *dialog.findChildren(QLineEdit)]:
        if widget.parent() is not None and not isinstance(widget.parent(), QLineEdit):
            assert widget.accessibleName(), widget


def test_saving_the_support_line_by_keyboard(qtbot: QtBot, dialog: CareDialog) -> None:
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.focusWidget() is dialog.close_button
    dialog.line_edit.setFocus()
    with qtbot.waitSignal(dialog.crisis_line_changed) as blocker:
        qtbot.keyClicks(dialog.line_edit, "  Call   988 ")
        qtbot.keyClick(dialog.line_edit, Qt.Key.Key_Return)
    assert blocker.args == ["Call 988"]
    assert dialog.isVisible()  # Enter saved the line; it did not close the page
    assert dialog.saved_label.text() == "Saved."
    assert "Your support line: Call 988" in dialog.crisis_label.accessibleName()
    assert "<b>Call 988</b>" in dialog.crisis_label.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_saved_line_is_shown_and_can_be_cleared(qtbot: QtBot) -> None:
    dialog = CareDialog("116 123")
    qtbot.addWidget(dialog)
    assert dialog.line_edit.text() == "116 123"
    assert "116 123" in dialog.crisis_label.text()
    dialog.line_edit.clear()
    with qtbot.waitSignal(dialog.crisis_line_changed) as blocker:
        dialog.save_button.click()
    assert blocker.args == [""]
    assert dialog.crisis_label.text() == care.CRISIS_TEXT
    assert dialog.saved_label.text() == "Cleared."


def test_the_line_is_kept_clean() -> None:
    assert clean_crisis_line("\x07 988\n\tlocal ") == "988 local"
    assert len(clean_crisis_line("9" * 500)) == MAX_CRISIS_LINE


# -- the suggestion ------------------------------------------------------------------------------
def test_suggestion_dismissed_is_gone(qtbot: QtBot) -> None:
    note = CareSuggestion()
    qtbot.addWidget(note)
    note.show()
    assert note.text.text().startswith("It sounds like things have been heavy lately.")
    with qtbot.waitSignal(note.support_requested):
        note.support_button.click()
    with qtbot.waitSignal(note.dismissed):
        qtbot.keyClick(note.dismiss_button, Qt.Key.Key_Space)
    assert not note.isVisible()
