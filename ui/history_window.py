"""The history window: a year at a glance, weeks by kind, how sessions felt, and every session.

Everything here reads and writes through one :class:`HistoryLog`; every change is on disk
before the window shows it. Words stay kind (CONTENT.md): returning is celebrated, absence is
never counted, streaks appear only when asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

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
from ui.add_practice import DEFAULT_CHOICES, AddPracticeDialog, SessionChoice
from ui.charts import HeatLegend, MoodChart, WeeklyBars, YearHeatmap, kind_label
from ui.fit import resize_to_fit
from ui.history_files import HistoryFiles
from ui.history_list import RecordDelegate, RecordsModel, length_text
from ui.import_preview import ImportPreview
from ui.record_details import RecordDetails
from ui.theme import Theme, history_stylesheet

#: How many recent check-ins the mood chart shows.
MOOD_POINTS = 40
WEEKS = 12


class HistoryWindow(HistoryFiles, QWidget):
    """Your practice: charts, a kind summary, a searchable list, details, add, export and import.

    ``now`` is the today provider: it returns the current local time (timezone-aware); its
    practice day (3 a.m. grace) is "today". ``show_streaks`` adds "N days in a row" to the summary.

    Every change it makes goes to the log, which announces it (ui/practice_log.py): the greeting,
    the tray and this window itself follow from that announcement, through
    :meth:`log_may_have_changed`.
    """

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
        # Every delete is kept until the window's owner quits, newest last: Undo takes them back in
        # turn, so a second delete never costs the first (issue 14 #3).
        self.removed: list[Record] = []
        self.add_dialog: AddPracticeDialog | None = None
        self.import_preview: ImportPreview | None = None
        self._revision = -2
        self._open_id: str | None = None
        self.setWindowTitle("Your practice")
        self.setObjectName("history")
        self.setStyleSheet(history_stylesheet(theme))

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
        self.import_button.setAccessibleDescription(
            "Add sessions from a Kindly export, or a table with a date, minutes and a title"
        )
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
        self.undo_button.setAccessibleDescription("Put the last removed session back (Ctrl+Z)")
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
        # Room for a date, a title and its length before anything is elided ("4-7-…" at 700 px).
        metrics = self.list.fontMetrics()
        self.list.setMinimumWidth(metrics.horizontalAdvance("Wed 30 Sep 2026 Self-compassion · 25 min") + 40)
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

        # Charts and list scroll together when the screen is short (a 1366×768 laptop with a
        # panel, a message showing), so the window never grows past the screen (issue 14 #5).
        self.body = QScrollArea(self)
        self.body.setObjectName("historyBody")
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        self.body.setWidgetResizable(True)
        self.body.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = _Body(self.body)
        body = QVBoxLayout(inner)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(10)
        body.addWidget(year_card)
        body.addLayout(charts)
        body.addLayout(lower, 1)
        self.body.setWidget(inner)
        self.list.setMinimumHeight(150)
        self.body.setMinimumWidth(inner.minimumSizeHint().width())  # scroll down, never sideways

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 22)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.body, 1)

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
        # 920×760 was taller than a 1366×768 laptop's screen: fit the screen it opens on.
        resize_to_fit(self, QSize(920, 700))
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

    def set_theme(self, theme: Theme) -> None:
        """Repaint in ``theme`` (the person switched light/dark while this window was open)."""
        self.theme = theme
        self.setStyleSheet(history_stylesheet(theme))
        for chart in (self.heatmap, self.weekly, self.moods, self.list.itemDelegate()):
            chart.theme = theme  # type: ignore[union-attr]
        for widget in (self.heatmap, self.weekly, self.moods, self.list.viewport()):
            widget.update()
        for legend in self.findChildren(HeatLegend):
            legend.update()

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

    def log_may_have_changed(self) -> None:
        """The log announced a change: redraw if it is not one this window has drawn already."""
        if self.isVisible() and self.log.revision != self._revision:
            self.refresh()

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

    def delete_record(self, record_id: str) -> None:
        try:
            self.removed.append(self.log.delete(record_id))
        except HistoryError as exc:
            self.show_message(f"That could not be removed: {exc}")
            return
        row = self.list.currentIndex().row()
        self.refresh()
        if self.model.rowCount():
            next_row = min(max(row, 0), self.model.rowCount() - 1)
            self.list.setCurrentIndex(self.model.index(next_row))
        # Focus goes to the list, never to the next session's Delete button.
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)
        self.show_message(self._removed_text("Session removed."), undo=True)

    def _removed_text(self, first: str) -> str:
        waiting = len(self.removed)
        if waiting <= 1:
            return first
        return f"{first} {waiting} removed sessions can be put back, newest first."

    def _delete_current(self) -> None:
        index = self.list.currentIndex()
        if index.isValid():
            self.delete_record(self.model.row_at(index.row()).record.id)

    def undo(self) -> None:
        """Put back the most recently removed session (Ctrl+Z); again for the one before."""
        if not self.removed:
            return
        record = self.removed[-1]
        try:
            self.log.restore(record)
        except HistoryError as exc:
            self.show_message(f"That could not be put back: {exc}", undo=True)
            return
        self.removed.pop()
        self._open_id = record.id
        self.refresh()
        self.open_record(record.id)
        if self.removed:
            more = len(self.removed)
            self.show_message(f"Session restored. {more} more can be put back.", undo=True)
        else:
            self.show_message("Session restored.")

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
        self.show_message(f"Added to your log: {what}, {length_text(record)}. Every practice counts.")

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


class _Body(QWidget):
    """The scrolling part of the window. It reports no height-for-width: QScrollArea would size it
    to its wrapped labels' *preferred* height and scroll by the difference, though its minimum fits."""

    def heightForWidth(self, _width: int) -> int:
        return -1


def record_day_of(record: Record) -> date:
    return practice_day(datetime.fromisoformat(record.started_at))


# The list model and the record forms live in their own modules; they stay importable from here.
__all__ = [
    "DEFAULT_CHOICES",
    "AddPracticeDialog",
    "HistoryWindow",
    "RecordDetails",
    "RecordsModel",
    "SessionChoice",
]
