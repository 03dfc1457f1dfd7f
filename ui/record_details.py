"""One session opened in the history window: what, when and how long; its moods and note, editable."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sessions.history import Record
from ui.charts import MOOD_WORDS, kind_label
from ui.history_list import length_text


class RecordDetails(QWidget):
    """One session opened: what, when, how long; its moods and note, editable; Save and Delete.

    Signals:
        save_requested(str, object, object, str): record id, mood before, mood after, note.
        delete_requested(str): record id.
    """

    save_requested = Signal(str, object, object, str)
    delete_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record: Record | None = None
        self.title = QLabel(self)
        self.title.setObjectName("heading")
        font = self.title.font()
        font.setPointSizeF((font.pointSizeF() if font.pointSizeF() > 0 else 10) * 1.2)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.when = QLabel(self)
        self.when.setObjectName("muted")
        self.when.setWordWrap(True)
        self.mood_before = self._mood_box("Mood before")
        self.mood_after = self._mood_box("Mood after")
        self.note = QPlainTextEdit(self)
        self.note.setAccessibleName("Note")
        self.note.setTabChangesFocus(True)
        self.note.setMinimumHeight(48)  # it grows with the window; small screens keep the list whole
        self.save_button = QPushButton("Save", self)
        self.save_button.setObjectName("primary")
        self.save_button.setAccessibleDescription("Save the note and moods (Ctrl+S)")
        self.delete_button = QPushButton("Delete…", self)
        self.delete_button.setText("Delete")
        self.delete_button.setAccessibleDescription("Remove this session from your log (you can undo)")
        # Labels above their boxes: the pane stays narrow enough to leave the list its room.
        moods = QGridLayout()
        moods.setHorizontalSpacing(10)
        moods.setVerticalSpacing(2)
        before_label = QLabel("Before", self)
        before_label.setBuddy(self.mood_before)
        after_label = QLabel("After", self)
        after_label.setBuddy(self.mood_after)
        moods.addWidget(before_label, 0, 0)
        moods.addWidget(after_label, 0, 1)
        moods.addWidget(self.mood_before, 1, 0)
        moods.addWidget(self.mood_after, 1, 1)
        for box in (self.mood_before, self.mood_after):
            box.setMinimumContentsLength(8)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.when)
        layout.addLayout(moods)
        layout.addWidget(self.note, 1)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self._save)
        self.delete_button.clicked.connect(self._delete)
        QShortcut(
            QKeySequence.StandardKey.Save,
            self,
            self._save,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )

    def _mood_box(self, name: str) -> QComboBox:
        box = QComboBox(self)
        box.setAccessibleName(name)
        box.addItem("No check-in", None)
        for value, word in enumerate(MOOD_WORDS, start=1):
            box.addItem(f"{value} · {word}", value)
        return box

    def show_record(self, record: Record, prompt: str) -> None:
        self.record = record
        moment = datetime.fromisoformat(record.started_at)
        self.title.setText(record.title or kind_label(record.kind))
        how = length_text(record) + ("" if record.completed else ", stopped early")
        kind = kind_label(record.kind)
        what = how if kind == self.title.text() else f"{kind} · {how}"
        self.when.setText(f"{moment:%A %d %B %Y at %H:%M}\n{what}")
        self.mood_before.setCurrentIndex(max(0, self.mood_before.findData(record.mood_before)))
        self.mood_after.setCurrentIndex(max(0, self.mood_after.findData(record.mood_after)))
        self.note.setPlainText(record.note)
        self.note.setPlaceholderText(prompt)
        self.note.setAccessibleDescription(prompt)

    def edits(self) -> dict[str, object] | None:
        """What was changed here and not saved yet (None when nothing was)."""
        record = self.record
        if record is None:
            return None
        now = {
            "mood_before": self.mood_before.currentData(),
            "mood_after": self.mood_after.currentData(),
            "note": self.note.toPlainText().strip(),
        }
        was = {
            "mood_before": record.mood_before,
            "mood_after": record.mood_after,
            "note": record.note.strip(),
        }
        return now if now != was else None

    def _save(self) -> None:
        if self.record is not None:
            self.save_requested.emit(
                self.record.id,
                self.mood_before.currentData(),
                self.mood_after.currentData(),
                self.note.toPlainText(),
            )

    def _delete(self) -> None:
        if self.record is not None:
            self.delete_requested.emit(self.record.id)


__all__ = ["RecordDetails"]
