"""How one line of the main window's library is drawn: the title in bold, its description beneath.

Titles and descriptions looked alike as two plain lines (issue 14 #15). A long title is elided to
the list's width (the item's tooltip holds it whole), so the list never asks its window to grow.

The list is drawn before the first window appears, so this module stays clear of two costs PySide
adds the first time Python meets them (bench/startup.py): a widget Qt made itself, such as the
list's viewport, which PySide identifies by creating every widget class it has (15 ms); and
``QStyle``, whose enumerations take 9 ms to create. Qt's own delegate draws the item's background.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QListWidget, QStyledItemDelegate, QStyleOptionViewItem

#: Item data roles for the two parts of a line.
TITLE_ROLE = Qt.ItemDataRole.UserRole + 1
BLURB_ROLE = Qt.ItemDataRole.UserRole + 2
#: Room around the words, inside the item's rounded background.
PAD_X, PAD_Y, GAP = 10, 9, 2

Index = QModelIndex | QPersistentModelIndex


def title_font(base: QFont) -> QFont:
    font = QFont(base)
    font.setWeight(QFont.Weight.DemiBold)
    return font


class LibraryDelegate(QStyledItemDelegate):
    """Draws ``TITLE_ROLE`` bold and elided on one line, ``BLURB_ROLE`` wrapped beneath it."""

    def __init__(self, view: QListWidget) -> None:
        super().__init__(view)
        self._view = view

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        width = option.rect.width()
        if width <= 0:  # the viewport's width, worked out without asking for the viewport itself
            width = self._view.maximumViewportSize().width()
            bar = self._view.verticalScrollBar()
            if bar.isVisible():
                width -= bar.width()
        return max(40, width - 2 * PAD_X)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        if index.data(TITLE_ROLE) is None:  # a heading ("For a hard moment")
            metrics = QFontMetrics(heading_font(option.font))
            return QSize(self._text_width(option) // 2, metrics.height() + PAD_Y + 4)
        width = self._text_width(option)
        title = QFontMetrics(title_font(option.font))
        blurb = str(index.data(BLURB_ROLE) or "")
        height = title.height() + 2 * PAD_Y
        if blurb:
            flags = int(Qt.TextFlag.TextWordWrap)
            height += (
                GAP
                + QFontMetrics(option.font).boundingRect(QRect(0, 0, width, 10_000), flags, blurb).height()
            )
        # A small width: the list fits its window, never the other way round.
        return QSize(width // 2, height)

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        """Qt's own drawing of an item (``super().paint``) leaves the words to :meth:`paint`."""
        super().initStyleOption(option, index)
        option.text = ""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if index.data(TITLE_ROLE) is None:
            self._paint_heading(painter, option, index)
            return
        super().paint(painter, option, index)  # the background, selection and focus; no text
        area = option.rect.adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y)
        # The style sheet keeps the text colour on a selected row (its soft accent is light in the
        # light theme): the palette's HighlightedText would be white on pale blue.
        palette = option.palette
        colour = palette.color(QPalette.ColorRole.Text)
        if not (index.flags() & Qt.ItemFlag.ItemIsEnabled and self._view.isEnabled()):
            colour = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        painter.save()
        bold = title_font(option.font)
        metrics = QFontMetrics(bold)
        title = metrics.elidedText(
            str(index.data(TITLE_ROLE) or ""), Qt.TextElideMode.ElideRight, area.width()
        )
        painter.setFont(bold)
        painter.setPen(colour)
        painter.drawText(QRect(area.left(), area.top(), area.width(), metrics.height()),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), title)  # fmt: skip
        blurb = str(index.data(BLURB_ROLE) or "")
        if blurb:
            painter.setFont(option.font)
            top = area.top() + metrics.height() + GAP
            painter.drawText(QRect(area.left(), top, area.width(), area.bottom() - top + 1),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap), blurb)  # fmt: skip
        painter.restore()

    def _paint_heading(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """A group heading, quiet and small like the window's section labels, so the bold titles
        under it stand out as the things to choose."""
        painter.save()
        font = heading_font(option.font)
        painter.setFont(font)
        colour = QColor(option.palette.color(QPalette.ColorRole.Text))
        colour.setAlphaF(0.62)
        painter.setPen(colour)
        area = option.rect.adjusted(PAD_X, PAD_Y, -PAD_X, 0)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "").upper()
        painter.drawText(area, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom), text)
        painter.restore()


def heading_font(base: QFont) -> QFont:
    font = QFont(base)
    font.setWeight(QFont.Weight.DemiBold)
    size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
    font.setPointSizeF(size * 0.85)
    font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 1.0)
    return font


__all__ = ["BLURB_ROLE", "TITLE_ROLE", "LibraryDelegate", "heading_font", "title_font"]
