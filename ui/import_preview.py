"""Before an import writes anything: what the file holds, what will be added, what can't be read."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sessions.import_plan import ImportPlan


class ImportPreview(QDialog):
    """The plan of an import, one line a session or problem, with "Add N sessions" and "Cancel".

    Accepting it is the person's yes; the history window then applies the plan. Cancel (or Esc)
    leaves the log exactly as it was.
    """

    def text_lines(self) -> list[str]:
        return self.lines.toPlainText().splitlines()

    def __init__(self, plan: ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle("Kindly — Import sessions")
        heading = QLabel(plan.summary(), self)
        heading.setObjectName("heading")
        heading.setWordWrap(True)
        font = heading.font()
        font.setWeight(QFont.Weight.DemiBold)
        heading.setFont(font)
        hint = QLabel("Nothing in your log changes: an import only adds sessions.", self)
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        # Read-only text rather than a list: long lines wrap whole, and it can be selected and copied.
        self.lines = QPlainTextEdit(self)
        self.lines.setReadOnly(True)
        self.lines.setAccessibleName("What the import would do")
        self.lines.setPlainText("\n".join(plan.lines()))
        self.lines.setTabChangesFocus(True)
        count = len(plan.new)
        self.add_button = QPushButton(f"Add {count} session{'s' if count != 1 else ''}", self)
        self.add_button.setObjectName("primary")
        self.add_button.setEnabled(count > 0)
        self.add_button.setAutoDefault(False)
        self.cancel_button = QPushButton("Cancel" if count else "Close", self)
        self.cancel_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addWidget(self.lines, 1)
        layout.addLayout(buttons)
        self.resize(620, 420)
        (self.add_button if count else self.cancel_button).setFocus()


__all__ = ["ImportPreview"]
