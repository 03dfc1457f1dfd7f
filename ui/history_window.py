"""The history window: a year at a glance, weeks by kind, how sessions felt, and every session.

Everything here reads and writes through one :class:`HistoryLog`; every change is on disk
before the window shows it. Words stay kind (CONTENT.md): returning is celebrated, absence is
never counted, streaks appear only when asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import (
    QAbstractListModel,
    QDate,
    QDateTime,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QFont, QFontMetrics, QKeySequence, QPainter, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from sessions.exchange import ExchangeError, export_file, import_file
from sessions.history import HistoryError, HistoryLog, Record
from sessions.journal import prompt_for_date
from sessions.stats import (
    kinds_in_order,
    minutes_per_day,
    mood_series,
    practice_day,
    summarise,
    summary_line,
    weekly_minutes_by_kind,
    year_start,
)
from ui.charts import MOOD_WORDS, HeatLegend, MoodChart, WeeklyBars, YearHeatmap, kind_label
from ui.theme import Theme

#: How many recent check-ins the mood chart shows.
MOOD_POINTS = 40
WEEKS = 12
ROLE_RECORD = Qt.ItemDataRole.UserRole + 1


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


def _minutes_text(seconds: float) -> str:
    minutes = seconds / 60
    if minutes < 1:
        return f"{round(seconds)} s"
    whole = round(minutes)
    return f"{whole} min"


def _length_text(record: Record) -> str:
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


def window_stylesheet(theme: Theme) -> str:
    s, t, m, a, track = (
        theme.surface.name(),
        theme.text.name(),
        theme.muted.name(),
        theme.accent.name(),
        theme.track.name(),
    )
    return f"""
    QFrame#card {{ background: {s}; border: 1px solid {track}; border-radius: 16px; }}
    QFrame#card QLabel {{ background: transparent; }}
    QFrame#card QLabel#section {{ margin-top: 0; }}
    QFrame#message {{ background: {s}; border: 1px solid {track}; border-radius: 12px; }}
    QFrame#message QLabel, QFrame#message QPushButton {{ background: transparent; }}
    QListView {{ background: {s}; border: 1px solid {track}; border-radius: 14px; padding: 6px; outline: 0; }}
    QListView:focus {{ border: 2px solid {a}; }}
    QLineEdit, QPlainTextEdit, QSpinBox, QDateTimeEdit {{ background: {s}; border: 1px solid {track};
        border-radius: 12px; padding: 6px 10px; color: {t}; }}
    QLineEdit:focus, QPlainTextEdit:focus, QSpinBox:focus, QDateTimeEdit:focus {{ border: 2px solid {a}; }}
    QLabel#empty {{ color: {m}; }}
    QPushButton#link {{ border: none; background: transparent; color: {a}; font-weight: 600;
                        padding: 4px 8px; }}
    QPushButton#link:focus {{ border: 2px solid {a}; }}
    """


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
        minutes = f"· {_length_text(record)}"
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
        self.save_button = QPushButton("Save", self)
        self.save_button.setObjectName("primary")
        self.save_button.setAccessibleDescription("Save the note and moods (Ctrl+S)")
        self.delete_button = QPushButton("Delete…", self)
        self.delete_button.setText("Delete")
        self.delete_button.setAccessibleDescription("Remove this session from your log (you can undo)")
        moods = QHBoxLayout()
        moods.setSpacing(8)
        before_label = QLabel("Before", self)
        before_label.setBuddy(self.mood_before)
        after_label = QLabel("After", self)
        after_label.setBuddy(self.mood_after)
        moods.addWidget(before_label)
        moods.addWidget(self.mood_before, 1)
        moods.addSpacing(6)
        moods.addWidget(after_label)
        moods.addWidget(self.mood_after, 1)
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
        how = _length_text(record) + ("" if record.completed else ", stopped early")
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


class AddPracticeDialog(QDialog):
    """Log a practice done elsewhere: what, when, how long, and a note."""

    def __init__(
        self, choices: Sequence[SessionChoice], now: datetime, prompt: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Kindly — Add a practice")
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


class HistoryWindow(QWidget):
    """Your practice: charts, a kind summary, a searchable list, details, add, export and import.

    ``now`` is the today provider: it returns the current local time (timezone-aware); its
    practice day (3 a.m. grace) is "today". ``show_streaks`` adds "N days in a row" to the summary.

    Signals:
        log_changed(): this window changed the log (a note, a delete or undo, an added practice,
            an import), so other views (the main window's greeting, the tray) may refresh.
    """

    log_changed = Signal()

    def __init__(
        self,
        log: HistoryLog,
        theme: Theme,
        now: Callable[[], datetime],
        *,
        show_streaks: bool = False,
        choices: Sequence[SessionChoice] = DEFAULT_CHOICES,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.log = log
        self.theme = theme
        self.now = now
        self.show_streaks = show_streaks
        self.choices = tuple(choices)
        self.removed: Record | None = None
        self.add_dialog: AddPracticeDialog | None = None
        self._revision = -2
        self._open_id: str | None = None
        self.setWindowTitle("Kindly — Your practice")
        self.setObjectName("history")
        self.setStyleSheet(window_stylesheet(theme))

        title = QLabel("Your practice", self)
        title.setObjectName("title")
        self.summary = QLabel(self)
        self.summary.setObjectName("muted")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Summary")
        self.add_button = QPushButton("Add practice…", self)
        self.add_button.setAccessibleDescription("Log a practice you did somewhere else")
        self.export_button = QPushButton("Export…", self)
        self.export_button.setAccessibleDescription("Save your log as a CSV or JSON file")
        self.import_button = QPushButton("Import…", self)
        self.import_button.setAccessibleDescription("Add sessions from a CSV or JSON file exported by Kindly")
        header = QHBoxLayout()
        header.setSpacing(8)
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(title)
        titles.addWidget(self.summary)
        header.addLayout(titles, 1)
        header.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignTop)

        # Inline message: results of export/import, and "Session removed. Undo".
        self.message_bar = QFrame(self)
        self.message_bar.setObjectName("message")
        self.message = QLabel(self.message_bar)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        self.undo_button = QPushButton("Undo", self.message_bar)
        self.undo_button.setObjectName("link")
        self.undo_button.setAccessibleDescription("Put the session back (Ctrl+Z)")
        self.dismiss_button = QPushButton("✕", self.message_bar)
        self.dismiss_button.setObjectName("link")
        self.dismiss_button.setAccessibleName("Dismiss message")
        bar = QHBoxLayout(self.message_bar)
        bar.setContentsMargins(14, 6, 8, 6)
        bar.addWidget(self.message, 1)
        bar.addWidget(self.undo_button)
        bar.addWidget(self.dismiss_button)
        self.message_bar.setVisible(False)

        self.heatmap = YearHeatmap(theme, self)
        self.weekly = WeeklyBars(theme, self)
        self.moods = MoodChart(theme, self)
        year_card = self._card("THE LAST YEAR", self.heatmap, HeatLegend(self.heatmap, self))
        charts = QHBoxLayout()
        charts.setSpacing(14)
        charts.addWidget(self._card("MINUTES EACH WEEK", self.weekly), 1)
        charts.addWidget(self._card("BEFORE AND AFTER", self.moods), 1)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search titles, kinds and notes")
        self.search.setAccessibleName("Search your sessions")
        self.search.setClearButtonEnabled(True)
        self.count = QLabel(self)
        self.count.setObjectName("muted")
        self.model = RecordsModel(self)
        self.list = QListView(self)
        self.list.setAccessibleName("Your sessions, newest first")
        self.list.setModel(self.model)
        self.list.setItemDelegate(RecordDelegate(theme, self.list))
        self.list.setUniformItemSizes(True)
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.details = RecordDetails(self)
        self.details_empty = QLabel("Choose a session to see its moods and note, or to change them.", self)
        self.details_empty.setObjectName("empty")
        self.details_empty.setWordWrap(True)
        self.details_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.details_stack = QStackedWidget(self)
        self.details_stack.addWidget(self.details_empty)
        self.details_stack.addWidget(self.details)
        details_card = QFrame(self)
        details_card.setObjectName("card")
        card_layout = QVBoxLayout(details_card)
        card_layout.setContentsMargins(2, 2, 2, 2)
        card_layout.addWidget(self.details_stack)

        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.count)
        left = QVBoxLayout()
        left.setSpacing(8)
        left.addLayout(search_row)
        left.addWidget(self.list, 1)
        lower = QHBoxLayout()
        lower.setSpacing(14)
        lower.addLayout(left, 3)
        lower.addWidget(details_card, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 22)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addWidget(self.message_bar)
        layout.addWidget(year_card)
        layout.addLayout(charts)
        layout.addLayout(lower, 1)

        self.search.textChanged.connect(self._filter)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.list.activated.connect(lambda _index: self.details.note.setFocus())
        self.details.save_requested.connect(self.save_record)
        self.details.delete_requested.connect(self.delete_record)
        self.undo_button.clicked.connect(self.undo)
        self.dismiss_button.clicked.connect(self.hide_message)
        self.add_button.clicked.connect(self.open_add_dialog)
        self.export_button.clicked.connect(self.export_dialog)
        self.import_button.clicked.connect(self.import_dialog)
        QShortcut(QKeySequence.StandardKey.Undo, self, self.undo)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.list, self._delete_current,
                  context=Qt.ShortcutContext.WidgetShortcut)  # fmt: skip
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self._escape)
        self.setTabOrder(self.add_button, self.export_button)
        self.setTabOrder(self.export_button, self.import_button)
        self.setTabOrder(self.import_button, self.search)
        self.setTabOrder(self.search, self.list)
        self.resize(920, 760)
        self.refresh()

    def _card(self, heading: str, chart: QWidget, aside: QWidget | None = None) -> QFrame:
        card = QFrame(self)
        card.setObjectName("card")
        label = QLabel(heading, card)
        label.setObjectName("section")
        top = QHBoxLayout()
        top.addWidget(label, 1)
        if aside is not None:
            top.addWidget(aside, 0, Qt.AlignmentFlag.AlignVCenter)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(16, 10, 16, 12)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(chart, 1)
        return card

    # -- state ------------------------------------------------------------------------------------
    def today(self) -> date:
        return practice_day(self.now())

    def refresh(self) -> None:
        """Read the log again (cheap when nothing changed) and redraw everything."""
        try:
            records = self.log.records()
            self._revision = self.log.revision
        except HistoryError as exc:
            self.show_message(f"Your log could not be read just now: {exc}")
            return
        self._draw(records)
        self.model.set_records(records)
        self._sync_count()
        self._reopen()

    def _draw(self, records: Sequence[Record]) -> None:
        today = self.today()
        stats = summarise(records, today)
        self.summary.setText(summary_line(stats, show_streaks=self.show_streaks))
        first = year_start(today)
        self.heatmap.set_data(minutes_per_day(records, first, today), first, today)
        weeks = weekly_minutes_by_kind(records, today, WEEKS)
        self.weekly.set_data(weeks, kinds_in_order(weeks))
        self.moods.set_data(mood_series(records, MOOD_POINTS))

    def _sync_count(self) -> None:
        shown, total = self.model.rowCount(), len(self.model._all)
        if total == 0:
            self.count.setText("")
        elif shown == total:
            self.count.setText(f"{total} session{'s' if total != 1 else ''}")
        else:
            self.count.setText(f"{shown} of {total}")

    def _reopen(self) -> None:
        """Keep the opened session open across a refresh (or close the details if it is gone)."""
        row = self.model.index_of(self._open_id) if self._open_id else -1
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row))
            self._show_details(self.model.row_at(row).record)
        else:
            self._open_id = None
            self.details.record = None
            self.details_stack.setCurrentWidget(self.details_empty)

    def _filter(self, text: str) -> None:
        self.model.set_filter(text)
        self._sync_count()
        self._reopen()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            record = self.model.row_at(current.row()).record
            if record.id != self._open_id:
                self.keep_edits()
            self._open_id = record.id
            self._show_details(record)

    def keep_edits(self) -> bool:
        """Save what was typed for the open session before moving on, so nothing is lost quietly."""
        edits = self.details.edits()
        record = self.details.record
        if edits is None or record is None:
            return False
        try:
            saved = self.log.update(record.id, **edits)
        except HistoryError as exc:
            self.show_message(f"Your changes to that session could not be saved: {exc}")
            return False
        self.details.record = saved
        self.model.replace_record(saved)
        self._draw(self.log.records())
        self._revision = self.log.revision
        self.show_message(f"Saved your changes to {saved.title or kind_label(saved.kind)}.")
        self.log_changed.emit()
        return True

    def _show_details(self, record: Record) -> None:
        if self.details.record != record:
            self.details.show_record(record, prompt_for_date(record_day_of(record)))
        self.details_stack.setCurrentWidget(self.details)

    def open_record(self, record_id: str) -> bool:
        """Open one session in the details pane (clearing the search if it hides it)."""
        if record_id != self._open_id:
            self.keep_edits()
        if self.model.index_of(record_id) < 0:
            self.search.clear()
        row = self.model.index_of(record_id)
        if row < 0:
            return False
        self._open_id = record_id
        self.list.setCurrentIndex(self.model.index(row))
        self._reopen()
        return True

    def showEvent(self, event: QShowEvent) -> None:
        if self.log.revision != self._revision:  # e.g. a session was logged while hidden
            self.refresh()
        super().showEvent(event)

    # -- changes ------------------------------------------------------------------------------------
    def save_record(self, record_id: str, before: int | None, after: int | None, note: str) -> None:
        try:
            self.log.update(record_id, mood_before=before, mood_after=after, note=note.strip())
        except HistoryError as exc:
            self.show_message(f"That could not be saved: {exc}")
            return
        self.details.record = None  # show what was saved
        self.refresh()
        self.show_message("Saved.")
        self.log_changed.emit()

    def delete_record(self, record_id: str) -> None:
        try:
            self.removed = self.log.delete(record_id)
        except HistoryError as exc:
            self.show_message(f"That could not be removed: {exc}")
            return
        row = self.list.currentIndex().row()
        self.refresh()
        if self.model.rowCount():
            next_row = min(max(row, 0), self.model.rowCount() - 1)
            self.list.setCurrentIndex(self.model.index(next_row))
        self.list.setFocus()
        self.show_message("Session removed.", undo=True)
        self.log_changed.emit()

    def _delete_current(self) -> None:
        index = self.list.currentIndex()
        if index.isValid():
            self.delete_record(self.model.row_at(index.row()).record.id)

    def undo(self) -> None:
        """Put back the last removed session (Ctrl+Z)."""
        if self.removed is None:
            return
        record = self.removed
        try:
            self.log.restore(record)
        except HistoryError as exc:
            self.show_message(f"That could not be put back: {exc}", undo=True)
            return
        self.removed = None
        self._open_id = record.id
        self.refresh()
        self.open_record(record.id)
        self.show_message("Session restored.")
        self.log_changed.emit()

    def open_add_dialog(self) -> AddPracticeDialog:
        now = self.now()
        dialog = AddPracticeDialog(self.choices, now, prompt_for_date(practice_day(now)), self)
        dialog.accepted.connect(lambda: self._add_from(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.add_dialog = dialog
        dialog.open()
        return dialog

    def _add_from(self, dialog: AddPracticeDialog) -> None:
        try:
            record = dialog.record()
            self.log.append(record)
        except HistoryError as exc:
            self.show_message(f"That practice could not be added: {exc}")
            return
        self.search.clear()
        self._open_id = record.id
        self.refresh()
        what = record.title or kind_label(record.kind)
        self.show_message(f"Added to your log: {what}, {_length_text(record)}. Every practice counts.")
        self.log_changed.emit()

    # -- files ------------------------------------------------------------------------------------
    def _start_folder(self) -> Path:
        documents = Path.home() / "Documents"
        return documents if documents.is_dir() else Path.home()

    def export_dialog(self) -> None:
        default = self._start_folder() / f"kindly-practice-{self.today().isoformat()}.csv"
        name, chosen = QFileDialog.getSaveFileName(
            self, "Export your practice log", str(default), "CSV spreadsheet (*.csv);;JSON (*.json)"
        )
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() not in (".csv", ".json"):
            path = path.with_name(path.name + (".json" if "json" in chosen.lower() else ".csv"))
        self.export_to(path)

    def export_to(self, path: Path) -> bool:
        try:
            count = export_file(self.log.records(), path)
        except (ExchangeError, HistoryError) as exc:
            self.show_message(f"Nothing was saved. {exc}")
            return False
        self.show_message(f"Saved {count} session{'s' if count != 1 else ''} to {path.name}.")
        return True

    def import_dialog(self) -> None:
        name, _chosen = QFileDialog.getOpenFileName(
            self, "Import sessions", str(self._start_folder()), "Kindly exports (*.csv *.json);;All files (*)"
        )
        if name:
            self.import_from(Path(name))

    def import_from(self, path: Path) -> bool:
        try:
            result = import_file(self.log, path)
        except (ExchangeError, HistoryError) as exc:
            self.show_message(f"Nothing was imported. {exc}")
            return False
        self.refresh()
        self.show_message(result.message())
        if result.added:
            self.log_changed.emit()
        return True

    # -- messages ---------------------------------------------------------------------------------
    def show_message(self, text: str, *, undo: bool = False) -> None:
        self.message.setText(text)
        self.undo_button.setVisible(undo)
        self.message_bar.setVisible(True)
        self.message_bar.setAccessibleDescription(text)

    def hide_message(self) -> None:
        self.message_bar.setVisible(False)

    def _escape(self) -> None:
        if self.search.hasFocus() and self.search.text():
            self.search.clear()
        elif self.details.isAncestorOf(self.focusWidget()):
            self.list.setFocus()  # step out of the editor; a second Esc closes
        elif self.message_bar.isVisible():
            self.hide_message()
        else:
            self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.keep_edits()
        super().closeEvent(event)


def record_day_of(record: Record) -> date:
    return practice_day(datetime.fromisoformat(record.started_at))


__all__ = [
    "DEFAULT_CHOICES",
    "AddPracticeDialog",
    "HistoryWindow",
    "RecordDetails",
    "RecordsModel",
    "SessionChoice",
]
