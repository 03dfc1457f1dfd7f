"""The gentle note the main window can show after several low check-ins: small, because the main
window is built at start-up and the rest of the care page (ui/care.py) is not needed until asked for."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui import theme as themes
from ui.theme import Theme

PEOPLE_NUDGE = "Your people are in Support and care, whenever you'd like to reach them: {names}."
PEOPLE_INVITE = "If you like, you can keep a few people you trust in Support and care, close at hand."
SUGGESTION_TEXT = (
    "It sounds like things have been heavy lately. That matters, and you don't have to carry it alone: "
    "talking with someone you trust, or with a doctor or counsellor, can help."
)


def paragraph(text: str, parent: QWidget, name: str = "") -> QLabel:
    """A wrapped, selectable paragraph (``name``: its object name, for the style sheet)."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    return label


class CareSuggestion(QFrame):
    """A gentle, dismissible note for after several low check-ins; dismissing it makes it go away.

    Signals:
        dismissed(): the person closed it (keep the time, so it stays away for a week).
        support_requested(): the person would like to read the care page.
    """

    dismissed = Signal()
    support_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, theme: Theme | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("care")
        t = theme or themes.current()
        self.setStyleSheet(
            f"QFrame#care {{ background: {t.surface.name()}; border: 1px solid {t.track.name()};"
            f" border-radius: 12px; }}"
            " QFrame#care QLabel { background: transparent; border: none; }"
        )
        self.setAccessibleName("A gentle note")
        self.text = paragraph(SUGGESTION_TEXT, self)
        self.people_text = paragraph(PEOPLE_INVITE, self, "muted")
        self.support_button = QPushButton("Support and care…", self)
        self.support_button.setAccessibleName("Read about support and care")
        self.dismiss_button = QPushButton("Dismiss", self)
        self.dismiss_button.setAccessibleName("Dismiss this note")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.support_button)
        buttons.addWidget(self.dismiss_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(self.text)
        layout.addWidget(self.people_text)
        layout.addLayout(buttons)
        self.support_button.clicked.connect(self.support_requested)
        self.dismiss_button.clicked.connect(self.dismiss)

    def set_people(self, names: Sequence[str]) -> None:
        """Name the person's own people gently beside professional help (never a list to work through)."""
        shown = ", ".join(names[:3]) + (" …" if len(names) > 3 else "")
        self.people_text.setText(PEOPLE_NUDGE.format(names=shown) if names else PEOPLE_INVITE)

    def dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()


__all__ = ["PEOPLE_INVITE", "PEOPLE_NUDGE", "SUGGESTION_TEXT", "CareSuggestion", "paragraph"]
