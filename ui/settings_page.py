"""One section of the settings window: a scrolling column of headings, hints and labelled controls."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)


def say(label: QLabel, text: str) -> None:
    """Show a message under a control, or hide the label when there is nothing to say."""
    label.setText(text)
    label.setVisible(bool(text))


class SettingsPage(QScrollArea):
    """One section: a column of rows that scrolls (rather than clips) when text is large.

    Signals:
        changed(): a switch or a choice made with :meth:`check` or :meth:`combo` was changed.
    """

    changed = Signal()

    def __init__(self, title: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(f"{title} settings")
        body = QWidget(self)
        self.column = QVBoxLayout(body)
        self.column.setContentsMargins(24, 20, 24, 20)
        self.column.setSpacing(10)
        self.setWidget(body)
        self.body = body
        self.row_labels: list[QLabel] = []

    def heading(self, text: str) -> QLabel:
        label = QLabel(text.upper(), self.body)
        label.setObjectName("section")
        label.setAccessibleName(text)
        self.column.addWidget(label)
        return label

    def hint(self, text: str) -> QLabel:
        label = QLabel(text, self.body)
        label.setObjectName("muted")
        label.setWordWrap(True)
        self.column.addWidget(label)
        return label

    def add(self, widget: QWidget) -> QWidget:
        self.column.addWidget(widget)
        return widget

    def row(self, label_text: str, field: QWidget, *, stretch: bool = True) -> QLabel:
        """A label and its field side by side; the label is the field's buddy (Alt-key, reader)."""
        row = QHBoxLayout()
        label = QLabel(label_text, self.body)
        label.setBuddy(field)
        self.row_labels.append(label)
        row.addWidget(label)
        row.addWidget(field, 1 if stretch else 0)
        if not stretch:
            row.addStretch(1)
        self.column.addLayout(row)
        return label

    def check(self, text: str, hint: str = "") -> QCheckBox:
        """A switch, with its hint (if any) beneath it; toggling it emits :attr:`changed`."""
        box = QCheckBox(text, self.body)
        box.setAccessibleName(text)
        if hint:
            box.setAccessibleDescription(hint)
            box.setToolTip(hint)
        box.toggled.connect(lambda _on: self.changed.emit())
        self.add(box)
        if hint:
            label = self.hint(hint)
            # Under the box's text, not its square: the words read as belonging to it.
            indent = box.style().pixelMetric(box.style().PixelMetric.PM_IndicatorWidth, None, box)
            label.setContentsMargins(indent + 8, 0, 0, 4)
        return box

    def combo(self, name: str, items: tuple[tuple[object, str], ...]) -> QComboBox:
        """A choice among ``(data, text)`` items, for a row; choosing emits :attr:`changed`."""
        combo = QComboBox(self.body)
        combo.setAccessibleName(name)
        for data, text in items:
            combo.addItem(text, data)
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        return combo

    def finish(self) -> None:
        """Line the fields up in one column (labels as wide as the widest), then leave room below."""
        width = max((label.sizeHint().width() for label in self.row_labels), default=0)
        for label in self.row_labels:
            label.setMinimumWidth(width)
        self.column.addStretch(1)


__all__ = ["SettingsPage", "say"]
