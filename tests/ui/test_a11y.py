"""Screen-reader announcements: set as the description, sent as an event only when a reader listens."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from ui.a11y import announce, inputs_stylesheet
from ui.theme import DARK, LIGHT


@pytest.fixture
def label(qtbot: QtBot) -> QLabel:
    widget = QLabel("orb")
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def reader_active() -> Iterator[None]:
    # As if a screen reader were running, so the announcement event is really built and sent.
    was = QAccessible.isActive()
    QAccessible.setActive(True)
    yield
    QAccessible.setActive(was)


def test_announce_without_a_reader(label: QLabel) -> None:
    announce(label, "Breathe in")
    assert label.accessibleDescription() == "Breathe in"
    announce(label, "Breathe in")  # the same words again (the next breath) are fine
    announce(label, "")
    assert label.accessibleDescription() == ""


@pytest.mark.usefixtures("reader_active")
def test_announce_with_a_reader(label: QLabel) -> None:
    for phase in ("Breathe in", "Hold", "Breathe out", "Breathe in"):
        announce(label, phase)
    announce(label, "Paused", assertive=True)
    assert label.accessibleDescription() == "Paused"


def test_every_input_kind_has_a_focus_rule() -> None:
    for theme in (LIGHT, DARK):
        sheet = inputs_stylesheet(theme)
        for selector in ("QLineEdit:focus", "QAbstractSpinBox:focus", "QSlider:focus"):
            assert selector in sheet
        assert theme.accent.name() in sheet
