"""Log a practice done elsewhere: the choices offered, and the dialog that turns one into a record."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from typing import NamedTuple

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sessions.history import Record


class SessionChoice(NamedTuple):
    """Something a person may log as done elsewhere."""

    session_id: str
    title: str
    kind: str


DEFAULT_CHOICES: tuple[SessionChoice, ...] = (
    SessionChoice("self-compassion-break", "Self-compassion break", "self-compassion-break"),
    SessionChoice("loving-kindness", "Loving-kindness", "loving-kindness"),
    SessionChoice("body-scan", "Body scan", "body-scan"),
    SessionChoice("breathing", "Breathing", "breathing"),
    SessionChoice("other", "Another practice", "other"),
)


class AddPracticeDialog(QDialog):
    """Log a practice done elsewhere: what, when, how long, and a note."""

    def __init__(
        self, choices: Sequence[SessionChoice], now: datetime, prompt: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a practice")
        self._now = now
        self.session = QComboBox(self)
        self.session.setAccessibleName("Practice")
        for choice in choices:
            self.session.addItem(choice.title, choice)
        self.when = QDateTimeEdit(self)
        self.when.setAccessibleName("When it began")
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd d MMM yyyy, HH:mm")
        wall = now.replace(second=0, microsecond=0, tzinfo=None)
        self.when.setDateTime(
            QDateTime(QDate(wall.year, wall.month, wall.day), QTime(wall.hour, wall.minute))
        )
        self.when.setMaximumDateTime(self.when.dateTime().addDays(1))
        self.minutes = QSpinBox(self)
        self.minutes.setAccessibleName("Minutes")
        self.minutes.setRange(1, 180)
        self.minutes.setValue(10)
        self.minutes.setSuffix(" min")
        self.note = QPlainTextEdit(self)
        self.note.setAccessibleName("Note, optional")
        self.note.setPlaceholderText(prompt)
        self.note.setTabChangesFocus(True)
        self.note.setMinimumHeight(80)
        form = QFormLayout()
        form.setSpacing(10)
        form.addRow("&Practice", self.session)
        form.addRow("&When", self.when)
        form.addRow("&Length", self.minutes)
        form.addRow("&Note", self.note)
        intro = QLabel("Practised somewhere else? It belongs here too.", self)
        intro.setObjectName("muted")
        intro.setWordWrap(True)
        self.cancel_button = QPushButton("Cancel", self)
        self.save_button = QPushButton("Add", self)
        self.save_button.setObjectName("primary")
        self.save_button.setDefault(True)
        self.cancel_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.resize(420, 360)

    def record(self) -> Record:
        choice: SessionChoice = self.session.currentData()
        local = self.when.dateTime().toPython()
        assert isinstance(local, datetime)
        zone = self._now.tzinfo
        if zone is None or isinstance(zone, timezone):
            # A fixed offset (what datetime.now().astimezone() gives) may be wrong on another date
            # across a daylight-saving change: ask the system zone for that moment's offset.
            started = local.astimezone()
        else:
            started = local.replace(tzinfo=zone)
        return Record.logged(
            session_id=choice.session_id,
            title=choice.title,
            kind=choice.kind,
            started_at=started,
            minutes=self.minutes.value(),
            note=self.note.toPlainText().strip(),
        )


__all__ = ["DEFAULT_CHOICES", "AddPracticeDialog", "SessionChoice"]
