"""The session list of the history window: a filtered model of every record, and its two-line rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from sessions.history import Record
from ui.charts import kind_label
from ui.theme import Theme

ROLE_RECORD = Qt.ItemDataRole.UserRole + 1


def _minutes_text(seconds: float) -> str:
    minutes = seconds / 60
    if minutes < 1:
        return f"{round(seconds)} s"
    whole = round(minutes)
    return f"{whole} min"


def length_text(record: Record) -> str:
    """ "5 min", or "3 of 5 min" for a session stopped early."""
    done = _minutes_text(record.practiced_seconds)
    if record.completed or not record.planned_seconds or record.practiced_seconds < 60:
        return done
    return f"{round(record.practiced_seconds / 60)} of {_minutes_text(record.planned_seconds)}"


def _mood_text(record: Record) -> str:
    before, after = record.mood_before, record.mood_after
    if before is None and after is None:
        return ""
    return f"{before if before is not None else '–'} → {after if after is not None else '–'}"


@dataclass(frozen=True)
class _Row:
    record: Record
    moment: datetime
    haystack: str


class RecordsModel(QAbstractListModel):
    """Every record, newest first, filtered in plain Python (fast at tens of thousands of rows)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._all: list[_Row] = []
        self._shown: list[_Row] = []
        self._filter = ""

    def set_records(self, records: Sequence[Record]) -> None:
        rows = [
            _Row(r, datetime.fromisoformat(r.started_at), f"{r.title}\n{r.kind}\n{r.note}".casefold())
            for r in records
        ]
        rows.sort(key=lambda row: row.moment, reverse=True)
        self.beginResetModel()
        self._all = rows
        self._shown = self._filtered()
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        self._filter = text.strip().casefold()
        self.beginResetModel()
        self._shown = self._filtered()
        self.endResetModel()

    def _filtered(self) -> list[_Row]:
        words = self._filter.split()
        if not words:
            return list(self._all)
        return [row for row in self._all if all(w in row.haystack for w in words)]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def replace_record(self, record: Record) -> None:
        """Show a changed record in place (same position), without resetting the view."""
        for rows in (self._all, self._shown):
            for i, row in enumerate(rows):
                if row.record.id == record.id:
                    rows[i] = _Row(
                        record, row.moment, f"{record.title}\n{record.kind}\n{record.note}".casefold()
                    )
        position = self.index_of(record.id)
        if position >= 0:
            self.dataChanged.emit(self.index(position), self.index(position))

    def row_at(self, index: int) -> _Row:
        return self._shown[index]

    def index_of(self, record_id: str) -> int:
        return next((i for i, row in enumerate(self._shown) if row.record.id == record_id), -1)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        row = self._shown[index.row()]
        if role == ROLE_RECORD:
            return row.record
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            record = row.record
            parts = [
                record.title or kind_label(record.kind),
                f"{row.moment:%A %d %B %Y, %H:%M}",
                _minutes_text(record.practiced_seconds),
            ]
            if record.mood_before is not None or record.mood_after is not None:
                parts.append(f"mood {_mood_text(record)}")
            if record.note:
                parts.append(f"note: {record.note[:80]}")
            return ". ".join(parts)
        return None


class RecordDelegate(QStyledItemDelegate):
    """Two calm lines a session: when and what on the first, the note (or nothing) beneath."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(200, metrics.height() * 2 + 22)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        model = index.model()
        if not isinstance(model, RecordsModel):
            return
        row = model.row_at(index.row())
        record = row.record
        theme = self.theme
        rect = QRectF(option.rect).adjusted(2, 2, -2, -2)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        state = option.state
        if state & QStyle.StateFlag.State_Selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.accent_soft)
            painter.drawRoundedRect(rect, 10, 10)
        font = QFont(option.font)
        metrics = QFontMetrics(font)
        line_h = metrics.height()
        inner = rect.adjusted(12, 8, -12, -8)
        date_w = metrics.horizontalAdvance("Wed 30 Sep 2026") + 16
        # First line: date (muted) · title · minutes ........ mood
        painter.setFont(font)
        painter.setPen(theme.muted)
        painter.drawText(
            QRectF(inner.left(), inner.top(), date_w, line_h),
            Qt.AlignmentFlag.AlignLeft,
            f"{row.moment:%a %d %b %Y}",
        )
        painter.drawText(
            QRectF(inner.left(), inner.top() + line_h, date_w, line_h),
            Qt.AlignmentFlag.AlignLeft,
            f"{row.moment:%H:%M}",
        )
        mood = _mood_text(record)
        mood_w = metrics.horizontalAdvance("5 → 5") + 8 if mood else 0
        if mood:
            painter.drawText(
                QRectF(inner.right() - mood_w, inner.top(), mood_w, line_h), Qt.AlignmentFlag.AlignRight, mood
            )
        title_font = QFont(font)
        title_font.setWeight(QFont.Weight.DemiBold)
        title_metrics = QFontMetrics(title_font)
        text_left = inner.left() + date_w
        text_w = inner.width() - date_w - mood_w - 8
        minutes = f"· {length_text(record)}"
        minutes_w = metrics.horizontalAdvance(minutes)
        title = title_metrics.elidedText(
            record.title or kind_label(record.kind),
            Qt.TextElideMode.ElideRight,
            int(max(40, text_w - minutes_w - 8)),
        )
        title_w = title_metrics.horizontalAdvance(title)
        painter.setFont(title_font)
        painter.setPen(theme.text)
        painter.drawText(
            QRectF(text_left, inner.top(), title_w + 2, line_h), Qt.AlignmentFlag.AlignLeft, title
        )
        painter.setFont(font)
        painter.setPen(theme.muted)
        painter.drawText(
            QRectF(text_left + title_w + 6, inner.top(), max(0.0, text_w - title_w - 6), line_h),
            Qt.AlignmentFlag.AlignLeft,
            minutes,
        )
        note = record.note.replace("\n", " ")
        if note:
            painter.setPen(theme.text)
            elided = metrics.elidedText(note, Qt.TextElideMode.ElideRight, int(inner.width() - date_w))
            painter.drawText(
                QRectF(text_left, inner.top() + line_h, inner.width() - date_w, line_h),
                Qt.AlignmentFlag.AlignLeft,
                elided,
            )
        painter.restore()


__all__ = ["ROLE_RECORD", "RecordDelegate", "RecordsModel", "length_text"]
