"""The optional mood check-in before a session, and the check-in plus reflection after one.

One tap (or the keys 1–5) answers; Esc or "Skip" skips. Never required, never asked twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.charts import MOOD_WORDS
from ui.theme import Theme

QUESTION = "How are you, right now?"


@dataclass(frozen=True)
class CheckIn:
    """What a check-in gave: a mood 1–5 (None when skipped) and the reflection text ("" if none)."""

    mood: int | None = None
    note: str = ""

    @property
    def skipped(self) -> bool:
        return self.mood is None and not self.note


def dialog_stylesheet(theme: Theme) -> str:
    a, s, t, line = theme.accent.name(), theme.surface.name(), theme.text.name(), theme.outline.name()
    return f"""
    QPushButton#mood {{ min-width: 84px; min-height: 58px; padding: 6px 8px; border-radius: 16px; }}
    QPushButton#mood:focus {{ background: {s}; border: 2px dashed {a}; outline: none; }}
    QPushButton#mood:checked {{ background: {theme.accent_soft.name()}; border: 2px solid {a}; color: {t}; }}
    QPlainTextEdit {{ background: {s}; border: 1px solid {line}; border-radius: 12px; padding: 8px; }}
    QPlainTextEdit:focus {{ border: 2px solid {a}; }}
    """


class CheckInDialog(QDialog):
    """``after=False``: five choices, one tap answers. ``after=True``: the choices, a reflection box
    with ``prompt`` as its placeholder, and Save / Skip.

    Signals:
        checked_in(object): a :class:`CheckIn` when the dialog closes (empty when skipped).
    """

    checked_in = Signal(object)

    def __init__(
        self, theme: Theme, *, after: bool = False, prompt: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.after = after
        self.mood: int | None = None
        self.note = ""
        self.setWindowTitle("Check in")
        self.setStyleSheet(dialog_stylesheet(theme))

        question = QLabel(QUESTION, self)
        question.setObjectName("title")
        hint = QLabel(
            "A few words or a blank page are both fine. Everything here is optional."
            if after
            else "One tap is plenty, and skipping is always fine.",
            self,
        )
        hint.setObjectName("muted")
        hint.setWordWrap(True)

        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: list[QPushButton] = []
        row = QHBoxLayout()
        row.setSpacing(8)
        for value, word in enumerate(MOOD_WORDS, start=1):
            button = QPushButton(f"{value}\n{word}", self)
            button.setObjectName("mood")
            button.setCheckable(after)
            button.setAccessibleName(f"{word}, {value} of 5")
            button.setToolTip(f"{word} (key {value})")
            button.clicked.connect(lambda _checked=False, v=value: self.choose(v))
            self.group.addButton(button, value)
            self.buttons.append(button)
            row.addWidget(button)

        self.reflection = QPlainTextEdit(self)
        self.reflection.setPlaceholderText(prompt or "Anything you'd like to remember?")
        self.reflection.setAccessibleName("Reflection, optional")
        self.reflection.setAccessibleDescription(prompt)
        self.reflection.setTabChangesFocus(True)
        self.reflection.setVisible(after)
        self.reflection.setMinimumHeight(110)

        self.skip_button = QPushButton("Skip", self)
        self.skip_button.setAccessibleDescription("Close without saving (Esc)")
        self.skip_button.clicked.connect(self.reject)
        self.save_button = QPushButton("Save", self)
        self.save_button.setObjectName("primary")
        self.save_button.setVisible(after)
        self.save_button.clicked.connect(self.accept)
        self.save_button.setAutoDefault(False)
        self.skip_button.setAutoDefault(False)
        for button in self.buttons:
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 22)
        layout.setSpacing(14)
        layout.addWidget(question)
        layout.addWidget(hint)
        layout.addLayout(row)
        layout.addWidget(self.reflection)
        layout.addLayout(buttons)
        # No answer has focus at first: a focus ring on "3 Okay" read as an answer already chosen
        # (issue 14 #15). The dialog itself holds focus; keys 1–5 answer, arrows or Tab step in.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def setVisible(self, visible: bool) -> None:
        super().setVisible(visible)
        if visible and self.focusWidget() in self.buttons and self.mood is None:
            # QDialog gives focus to its first button when it is shown with focus on itself: take
            # it back, so no answer looks chosen before the person chooses one.
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def choose(self, value: int) -> None:
        """Pick a mood: before a session that is the whole answer; after one, Save still to come."""
        self.mood = value
        self.buttons[value - 1].setChecked(self.after)
        if not self.after:
            self.accept()

    def put_aside(self) -> None:
        """Close it keeping what was given: saved if a mood or words were given, else skipped."""
        if self.mood is not None or self.reflection.toPlainText().strip():
            self.accept()
        else:
            self.reject()

    def result_value(self) -> CheckIn:
        return CheckIn(self.mood, self.note)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_5 and not self.reflection.hasFocus():
            self.choose(int(key) - int(Qt.Key.Key_0))
            return
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and self.focusWidget() in self.buttons:
            index = self.buttons.index(self.focusWidget())  # type: ignore[arg-type]
            step = -1 if key == Qt.Key.Key_Left else 1
            self.buttons[max(0, min(4, index + step))].setFocus()
            return
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and self.focusWidget() in (None, self):
            self.buttons[2].setFocus(Qt.FocusReason.TabFocusReason)  # step in from the middle
            return
        super().keyPressEvent(event)  # Esc rejects (skips)

    def accept(self) -> None:
        self.note = self.reflection.toPlainText().strip() if self.after else ""
        super().accept()
        self.checked_in.emit(self.result_value())

    def reject(self) -> None:
        self.mood, self.note = None, ""
        super().reject()
        self.checked_in.emit(self.result_value())


def ask(theme: Theme, *, after: bool = False, prompt: str = "", parent: QWidget | None = None) -> CheckIn:
    """Show the check-in and wait for it (a skipped one is ``CheckIn()``)."""
    dialog = CheckInDialog(theme, after=after, prompt=prompt, parent=parent)
    dialog.exec()
    result = dialog.result_value()
    dialog.deleteLater()
    return result


__all__ = ["QUESTION", "CheckIn", "CheckInDialog", "ask"]
