"""Your journal: read, search, edit and delete (with undo) what you wrote, and your phrases.

Writing entries belong to the journal, reflections to their practice record in the log; this
window edits each through its owner and redraws when either says it changed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sessions.journal_book import Answer, Journal
from sessions.journal_view import Item, items, matching
from sessions.private_file import PrivateDataError
from sessions.records import HistoryError, Record
from ui import theme as themes
from ui.a11y import announce
from ui.theme import Theme
from ui.writing_window import writing_stylesheet

EMPTY_TEXT = (
    "Nothing here yet. Whatever you write in a writing practice, and the reflections after a "
    "session, are kept here, privately, on this computer."
)


def _when(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%a %d %b %Y, %H:%M")
    except ValueError:
        return iso


class JournalWindow(QWidget):
    """Every entry and reflection, newest first, with search; an entry's words can be edited.

    Signals:
        continue_requested(object): the person wants to finish an :class:`Entry` left for later.
    """

    continue_requested = Signal(object)

    def __init__(
        self,
        journal: Journal,
        records: Callable[[], list[Record]],
        update_note: Callable[[str, str], object],
        *,
        theme: Theme | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._journal = journal
        self._records = records
        self._update_note = update_note
        self._items: list[Item] = []
        self._current: Item | None = None
        self._editors: list[tuple[str, str, QPlainTextEdit]] = []
        self._undo: list[Callable[[], object]] = []
        """How to bring back each thing deleted, latest last."""
        self.setWindowTitle("Your journal")

        title = QLabel("Your journal", self)
        title.setObjectName("title")
        private = QLabel("Private, on this computer.", self)
        private.setObjectName("muted")
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search your journal")
        self.search.setAccessibleName("Search your journal")
        self.search.setClearButtonEnabled(True)

        # Entries tab: the list, and the page being read.
        self.list = QListWidget(self)
        self.list.setAccessibleName("Entries")
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        reader = QWidget(self)
        self.entry_title = QLabel(reader)
        self.entry_title.setObjectName("prompt")
        self.entry_title.setWordWrap(True)
        self.entry_when = QLabel(reader)
        self.entry_when.setObjectName("muted")
        self.answers = QWidget(reader)
        self._answers_layout = QVBoxLayout(self.answers)
        self._answers_layout.setContentsMargins(0, 0, 8, 0)
        self._answers_layout.setSpacing(4)
        scroll = QScrollArea(reader)
        scroll.setWidget(self.answers)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.empty = QLabel(EMPTY_TEXT, reader)
        self.empty.setWordWrap(True)
        self.empty.setObjectName("muted")
        self.save_button = QPushButton("Save changes", reader)
        self.continue_button = QPushButton("Continue writing", reader)
        self.delete_button = QPushButton("Delete", reader)
        actions = QHBoxLayout()
        actions.addWidget(self.delete_button)
        actions.addStretch(1)
        actions.addWidget(self.continue_button)
        actions.addWidget(self.save_button)
        page = QVBoxLayout(reader)
        page.setContentsMargins(12, 0, 0, 0)
        page.addWidget(self.entry_title)
        page.addWidget(self.entry_when)
        page.addWidget(self.empty)
        page.addWidget(scroll, 1)
        page.addLayout(actions)
        split = QSplitter(self)
        split.addWidget(self.list)
        split.addWidget(reader)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)

        # Phrases tab.
        phrases_page = QWidget(self)
        phrases_help = QLabel(
            "Kind words you found or rewrote, yours to come back to whenever you like.",
            phrases_page,
        )
        phrases_help.setWordWrap(True)
        phrases_help.setObjectName("muted")
        self.phrase_list = QListWidget(phrases_page)
        self.phrase_list.setAccessibleName("Your phrases")
        self.show_in_sessions = QCheckBox(
            "Show my phrases in loving-kindness and the self-compassion break, each with a quiet "
            "moment to say it inwardly",
            phrases_page,
        )
        self.remove_phrase_button = QPushButton("Remove", phrases_page)
        phrase_actions = QHBoxLayout()
        phrase_actions.addStretch(1)
        phrase_actions.addWidget(self.remove_phrase_button)
        phrases_box = QVBoxLayout(phrases_page)
        phrases_box.addWidget(phrases_help)
        phrases_box.addWidget(self.phrase_list, 1)
        phrases_box.addWidget(self.show_in_sessions)
        phrases_box.addLayout(phrase_actions)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(split, "Entries")
        self.tabs.addTab(phrases_page, "Your phrases")

        # Undo bar: shown after a delete, until the next one or the window closes.
        self.undo_bar = QFrame(self)
        self.undo_bar.setObjectName("undo")
        self.undo_label = QLabel(self.undo_bar)
        self.undo_button = QPushButton("Undo", self.undo_bar)
        bar = QHBoxLayout(self.undo_bar)
        bar.setContentsMargins(12, 6, 6, 6)
        bar.addWidget(self.undo_label, 1)
        bar.addWidget(self.undo_button)
        self.undo_bar.setVisible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(10)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addWidget(private, 1, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(head)
        layout.addWidget(self.search)
        layout.addWidget(self.undo_bar)
        layout.addWidget(self.tabs, 1)

        self.search.textChanged.connect(lambda _t: self.refresh())
        self.list.currentRowChanged.connect(self._row_changed)
        self.save_button.clicked.connect(self.save_changes)
        self.delete_button.clicked.connect(self.delete_current)
        self.continue_button.clicked.connect(self._continue)
        self.undo_button.clicked.connect(self.undo)
        self.remove_phrase_button.clicked.connect(self.remove_phrase)
        self.show_in_sessions.toggled.connect(self._show_in_sessions)
        QShortcut(QKeySequence.StandardKey.Undo, self, self.undo)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        self.set_theme(theme or themes.current())
        self.resize(860, 600)
        self.refresh()

    def set_theme(self, theme: Theme) -> None:
        self.setStyleSheet(
            writing_stylesheet(theme)
            + f" QFrame#undo {{ background: {theme.surface.name()}; border: 1px solid {theme.track.name()};"
            " border-radius: 10px; }"
        )

    # -- showing -----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Redraw from the owners (the journal and the log), keeping the selection."""
        keep = self._current.id if self._current else None
        try:
            everything = items(self._journal.entries(), self._records())
        except (PrivateDataError, HistoryError):
            everything = []
        self._items = matching(everything, self.search.text())
        self.list.blockSignals(True)
        self.list.clear()
        for item in self._items:
            later = " · to finish later" if not item.finished else ""
            line = item.first_line if len(item.first_line) < 80 else item.first_line[:79] + "…"
            row = QListWidgetItem(f"{item.title}{later}\n{_when(item.when)}\n{line}")
            row.setData(
                Qt.ItemDataRole.AccessibleTextRole, f"{item.title}, {_when(item.when)}{later}. {line}"
            )
            self.list.addItem(row)
        self.list.blockSignals(False)
        rows = [i for i, item in enumerate(self._items) if item.id == keep]
        if rows:
            self.list.setCurrentRow(rows[0])
        elif self._items:
            self.list.setCurrentRow(0)
        else:
            self._show(None)
        self._refresh_phrases()

    def _refresh_phrases(self) -> None:
        try:
            phrases = self._journal.phrases()
        except PrivateDataError:
            phrases = []
        self.phrase_list.clear()
        for phrase in phrases:
            row = QListWidgetItem(phrase.text)
            row.setData(Qt.ItemDataRole.UserRole, phrase.id)
            self.phrase_list.addItem(row)
        self.remove_phrase_button.setEnabled(bool(phrases))
        self.show_in_sessions.blockSignals(True)
        with contextlib.suppress(PrivateDataError):
            self.show_in_sessions.setChecked(self._journal.show_in_sessions)
        self.show_in_sessions.blockSignals(False)

    def _row_changed(self, row: int) -> None:
        self._show(self._items[row] if 0 <= row < len(self._items) else None)

    def _show(self, item: Item | None) -> None:
        self._current = item
        while self._answers_layout.count():
            child = self._answers_layout.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.hide()  # at once: deleteLater waits for the event loop
                widget.deleteLater()
        self._editors = []
        self.empty.setVisible(item is None)
        for button in (self.save_button, self.delete_button):
            button.setEnabled(item is not None)
        self.continue_button.setVisible(item is not None and item.kind == "entry" and not item.finished)
        if item is None:
            self.entry_title.clear()
            self.entry_when.clear()
            return
        self.entry_title.setText(item.title)
        self.entry_when.setText(_when(item.when))
        if item.kind == "entry":
            entry = self._journal.get(item.id)
            pairs = [(a.step, a.prompt, a.text) for a in entry.answers] if entry else []
        else:
            pairs = [("note", "What you wrote after the session", item.text)]
        for step, prompt, text in pairs:
            label = QLabel(prompt, self.answers)
            label.setWordWrap(True)
            label.setObjectName("muted")
            label.setContentsMargins(0, 10, 0, 0)
            editor = QPlainTextEdit(self.answers)
            editor.setPlainText(text)
            editor.setAccessibleName(prompt[:80])
            editor.setMinimumHeight(130 if text.strip() else 90)
            editor.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            editor.setTabChangesFocus(True)
            self._answers_layout.addWidget(label)
            self._answers_layout.addWidget(editor)
            self._editors.append((step, prompt, editor))
        self._answers_layout.addStretch(1)

    # -- changing ----------------------------------------------------------------------------------------
    def save_changes(self) -> None:
        item = self._current
        if item is None:
            return
        try:
            if item.kind == "entry":
                entry = self._journal.get(item.id)
                if entry is None:
                    return
                texts = {step: editor.toPlainText() for step, _p, editor in self._editors}
                answers = tuple(Answer(a.step, a.prompt, texts.get(a.step, a.text)) for a in entry.answers)
                self._journal.save(replace(entry, answers=answers))
            else:
                self._update_note(item.id, self._editors[0][2].toPlainText())
        except (PrivateDataError, HistoryError) as exc:
            self._say(f"Your changes could not be saved just now ({exc}).")
            return
        self._say("Saved.", undo=False)

    def delete_current(self) -> None:
        item = self._current
        if item is None:
            return
        try:
            if item.kind == "entry":
                deleted = self._journal.delete(item.id)
                if deleted is None:
                    return
                entry, phrases = deleted
                self._undo.append(lambda: self._journal.restore(entry, phrases))
            else:
                self._update_note(item.id, "")
                record_id, note = item.id, item.text
                self._undo.append(lambda: self._update_note(record_id, note))
        except (PrivateDataError, HistoryError) as exc:
            self._say(f"This could not be deleted just now ({exc}).")
            return
        self._current = None
        self.refresh()
        self._say(f"Deleted “{item.title}”.", undo=True)

    def remove_phrase(self) -> None:
        if self.phrase_list.count() == 0:
            return
        row = self.phrase_list.currentItem() or self.phrase_list.item(0)
        phrase = self._journal.remove_phrase(str(row.data(Qt.ItemDataRole.UserRole)))
        if phrase is not None:
            kept = phrase
            self._undo.append(lambda: self._journal.merge([], [kept]))
            self._refresh_phrases()
            self._say(f"Removed “{phrase.text}”.", undo=True)

    def _show_in_sessions(self, show: bool) -> None:
        try:
            self._journal.set_show_in_sessions(show)
        except PrivateDataError as exc:
            self._say(f"This could not be saved just now ({exc}).")

    def undo(self) -> None:
        """Put back the last thing deleted, exactly as it was."""
        if not self._undo:
            return
        bring_back = self._undo.pop()
        try:
            bring_back()
        except (PrivateDataError, HistoryError) as exc:
            self._say(f"That could not be brought back just now ({exc}).")
            return
        self.refresh()
        self._say("Brought back.", undo=bool(self._undo))

    def _say(self, text: str, *, undo: bool = False) -> None:
        self.undo_label.setText(text)
        self.undo_button.setVisible(undo and bool(self._undo))
        self.undo_bar.setVisible(bool(text))
        announce(self.undo_label, text)

    def _continue(self) -> None:
        if self._current is not None and self._current.kind == "entry":
            entry = self._journal.get(self._current.id)
            if entry is not None:
                self.continue_requested.emit(entry)

    def select(self, item_id: str) -> None:
        for row, item in enumerate(self._items):
            if item.id == item_id:
                self.list.setCurrentRow(row)


__all__ = ["JournalWindow"]
