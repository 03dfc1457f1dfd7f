"""Text that never widens its window: elided to fit, with the whole of it in a tooltip."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ElidedLabel(QLabel):
    """A one-line label that shortens itself with "…" when there is no room (issue 14 #5).

    A long session title made the main window grow from 541 to 881 px: a plain ``QLabel`` asks for
    the width of all its text. This one asks for very little, draws what fits, and keeps the full
    text in its tooltip and accessible name.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._full = ""
        self.setText(text)

    def setText(self, text: str) -> None:
        self._full = text
        super().setText(text)
        self._sync_tooltip()

    def full_text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(self.fontMetrics().horizontalAdvance("…") * 4, hint.height())

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(min(hint.width(), self.minimumSizeHint().width() * 4), hint.height())

    def is_elided(self) -> bool:
        margins = self.contentsMargins()
        room = self.width() - margins.left() - margins.right()
        return self.fontMetrics().horizontalAdvance(self._full) > room

    def _sync_tooltip(self) -> None:
        self.setToolTip(self._full if self._full and self.is_elided() else "")
        self.setAccessibleName(self._full)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._sync_tooltip()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.setFont(self.font())
        text = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, int(self.alignment()) | int(Qt.TextFlag.TextSingleLine), text)
        painter.end()


__all__ = ["ElidedLabel"]
