"""A writing practice, one calm page at a time: a prompt, room to write, back and next, finish later.

Never a form: one prompt per page, nothing required, every page saved as it is turned (so closing
the window, or a crash, keeps what was written). Time spent writing is counted honestly — typing
and turning pages, with long pauses capped (sessions/practice_record.writing_seconds) — and logged
as practice by the same rule as every other practice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sessions.clock import Clock
from sessions.journal_book import Answer, Entry, Journal, phrases_in
from sessions.practice_record import record_for_writing, writing_seconds
from sessions.private_file import PrivateDataError
from sessions.records import Record
from sessions.writing import WritingPractice, WritingStep
from ui import theme as themes
from ui.a11y import announce, inputs_stylesheet
from ui.care_note import paragraph
from ui.practices import now
from ui.theme import Theme

PLACEHOLDER = "Write here, as much or as little as you like."
PHRASES_NOTE = "One phrase on each line. Two to four is plenty; one is fine too."


def writing_stylesheet(theme: Theme) -> str:
    """The writing pages: a generous, quiet text area and large, readable prompts."""
    s, t, a, track, m = (
        theme.surface.name(),
        theme.text.name(),
        theme.accent.name(),
        theme.track.name(),
        theme.muted.name(),
    )
    return (
        inputs_stylesheet(theme)
        + f"""
    QLabel#prompt {{ font-size: 15pt; }}
    QLabel#practice {{ color: {m}; font-weight: 600; letter-spacing: 1px; }}
    QPlainTextEdit {{ background: {s}; color: {t}; border: 1px solid {track}; border-radius: 14px;
        padding: 10px 12px; font-size: 13pt; selection-background-color: {theme.accent_soft.name()};
        selection-color: {t}; }}
    QPlainTextEdit:focus {{ border: 2px solid {a}; }}
    QPlainTextEdit[readOnly="true"] {{ background: {theme.background.name()}; font-size: 12pt; }}
    QFrame#shown QLabel {{ color: {m}; font-weight: 600; }}
    """
    )


class WritingWindow(QWidget):
    """One writing practice at a time; :meth:`begin` starts or continues one.

    Signals:
        entry_saved(object): the :class:`Entry` as saved (every page turn, finish later, finish).
        finished(object): the person finished the practice (the finished :class:`Entry`).
        journal_requested(): "Open your journal" on the last page.
    """

    entry_saved = Signal(object)
    finished = Signal(object)
    journal_requested = Signal()

    def __init__(
        self,
        journal: Journal,
        clock: Clock,
        record: Callable[[Record], object],
        *,
        theme: Theme | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._journal = journal
        self._clock = clock
        self._record = record
        self.practice: WritingPractice | None = None
        self.entry: Entry | None = None
        self._answers: dict[str, str] = {}
        self._page = 0
        self._moments: list[float] = []
        self._dirty = False
        self.setWindowTitle("Writing")

        self.practice_label = QLabel(self)
        self.practice_label.setObjectName("practice")
        self.page_label = QLabel(self)
        self.page_label.setObjectName("muted")
        top = QHBoxLayout()
        top.addWidget(self.practice_label, 1)
        top.addWidget(self.page_label)

        write_page = QWidget(self)
        self.prompt = paragraph("", write_page, "prompt")
        self.hint = QLabel(write_page)
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)
        self.shown = QFrame(write_page)
        self.shown.setObjectName("shown")
        self._shown_layout = QHBoxLayout(self.shown)
        self._shown_layout.setContentsMargins(0, 0, 0, 0)
        self._shown_layout.setSpacing(12)
        self.shown_views: list[QPlainTextEdit] = []
        self.editor = QPlainTextEdit(write_page)
        self.editor.setPlaceholderText(PLACEHOLDER)
        self.editor.setTabChangesFocus(True)
        self.editor.setMinimumHeight(200)
        self.phrase_note = QLabel(PHRASES_NOTE, write_page)
        self.phrase_note.setObjectName("muted")
        self.again_box = QCheckBox("Offer this to me again in", write_page)
        self.again_days = QComboBox(write_page)
        self.again_days.setAccessibleName("How many days from now")
        again = QHBoxLayout()
        again.addWidget(self.again_box)
        again.addWidget(self.again_days)
        again.addStretch(1)
        self.status = QLabel(write_page)
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        page = QVBoxLayout(write_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.setSpacing(10)
        page.addWidget(self.prompt)
        page.addWidget(self.hint)
        page.addWidget(self.shown, 1)
        page.addWidget(self.editor, 2)
        page.addWidget(self.phrase_note)
        page.addLayout(again)
        page.addWidget(self.status)

        done_page = QWidget(self)
        self.done_title = QLabel("Kept in your journal", done_page)
        self.done_title.setObjectName("title")
        self.done_text = paragraph("", done_page)
        self.journal_button = QPushButton("Open your journal", done_page)
        self.close_button = QPushButton("Close", done_page)
        self.close_button.setObjectName("primary")
        done_buttons = QHBoxLayout()
        done_buttons.addStretch(1)
        done_buttons.addWidget(self.journal_button)
        done_buttons.addWidget(self.close_button)
        done = QVBoxLayout(done_page)
        done.setContentsMargins(0, 12, 0, 0)
        done.addWidget(self.done_title)
        done.addWidget(self.done_text)
        done.addStretch(1)
        done.addLayout(done_buttons)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(write_page)
        self.pages.addWidget(done_page)

        self.later_button = QPushButton("Save and finish later", self)
        self.later_button.setAccessibleDescription("Keeps what you wrote; you can continue from your journal")
        self.back_button = QPushButton("Back", self)
        self.next_button = QPushButton("Next", self)
        self.next_button.setObjectName("primary")
        self.nav = QWidget(self)
        buttons = QHBoxLayout(self.nav)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.later_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 20)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.nav)

        self.editor.textChanged.connect(self._typed)
        self.next_button.clicked.connect(self.next_page)
        self.back_button.clicked.connect(self.previous_page)
        self.later_button.clicked.connect(self.finish_later)
        self.journal_button.clicked.connect(self.journal_requested)
        self.close_button.clicked.connect(self.close)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.next_page)
        QShortcut(QKeySequence("Ctrl+S"), self, self.finish_later)
        self.set_theme(theme or themes.current())
        self.resize(720, 640)

    def set_theme(self, theme: Theme) -> None:
        self.setStyleSheet(writing_stylesheet(theme))

    # -- starting ----------------------------------------------------------------------------------------
    def begin(self, practice: WritingPractice, entry: Entry | None = None) -> None:
        """Start ``practice`` (or continue ``entry``, left to finish later); the current one is kept first."""
        if self.practice is not None and self.pages.currentIndex() == 0:
            self._leave(finished=False)
        self.practice = practice
        self.entry = entry or self._journal.start(practice.id, practice.title)
        self._answers = {a.step: a.text for a in self.entry.answers}
        self._page = min(self.entry.step, len(practice.steps) - 1)
        self._moments = [self._clock.now()]
        self._dirty = False
        self.practice_label.setText(practice.title.upper())
        self.practice_label.setAccessibleName(practice.title)
        self.setWindowTitle(practice.title)
        self.again_days.clear()
        for days in practice.read_again_days:
            self.again_days.addItem(f"{days} days", days)
        self.again_box.setChecked(self.entry.read_again_on is not None)
        self.pages.setCurrentIndex(0)
        self.nav.setVisible(True)
        self.status.clear()
        self._show_page()

    @property
    def step(self) -> WritingStep:
        assert self.practice is not None
        return self.practice.steps[self._page]

    @property
    def page(self) -> int:
        return self._page

    def _show_page(self) -> None:
        assert self.practice is not None
        step, count = self.step, len(self.practice.steps)
        self.page_label.setText(f"Page {self._page + 1} of {count}")
        self.prompt.setText(step.prompt)
        self.hint.setText(step.hint)
        self.hint.setVisible(bool(step.hint))
        self._fill_shown(step)
        self.editor.blockSignals(True)
        self.editor.setPlainText(self._answers.get(step.id, ""))
        self.editor.blockSignals(False)
        self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)
        self.editor.setVisible(step.write)
        self.editor.setAccessibleName(step.label or "Your words")
        self.editor.setAccessibleDescription(step.prompt)
        self.phrase_note.setVisible(step.keep == "phrases")
        last = self._page == count - 1
        wants_again = last and bool(self.practice.read_again_days)
        self.again_box.setVisible(wants_again)
        self.again_days.setVisible(wants_again)
        self.back_button.setEnabled(self._page > 0)
        self.next_button.setText("Finish" if last else "Next")
        self.next_button.setAccessibleDescription("Keep this in your journal" if last else "The next page")
        announce(self.prompt, f"Page {self._page + 1} of {count}. {step.prompt}")
        if step.write:
            self.editor.setFocus()
        else:
            self.next_button.setFocus()

    def _fill_shown(self, step: WritingStep) -> None:
        while self._shown_layout.count():
            item = self._shown_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # at once: deleteLater waits for the event loop
                widget.deleteLater()
        self.shown_views = []
        assert self.practice is not None
        for step_id in step.show:
            earlier = self.practice.step(step_id)
            column = QWidget(self.shown)
            box = QVBoxLayout(column)
            box.setContentsMargins(0, 0, 0, 0)
            label = QLabel(earlier.short_label() if earlier else step_id, column)
            view = QPlainTextEdit(column)
            view.setReadOnly(True)
            view.setPlainText(self._answers.get(step_id, "") or "(nothing written, and that's all right)")
            view.setAccessibleName(label.text())
            box.addWidget(label)
            box.addWidget(view, 1)
            self._shown_layout.addWidget(column, 1)
            self.shown_views.append(view)
        self.shown.setVisible(bool(step.show))

    # -- moving --------------------------------------------------------------------------------------------
    def _typed(self) -> None:
        self._answers[self.step.id] = self.editor.toPlainText()
        self._moments.append(self._clock.now())
        self._dirty = True

    def next_page(self) -> None:
        if self.practice is None or self.pages.currentIndex() != 0:
            return
        if self._page == len(self.practice.steps) - 1:
            self.finish()
            return
        self._page += 1
        self._turned()

    def previous_page(self) -> None:
        if self.practice is None or self._page == 0 or self.pages.currentIndex() != 0:
            return
        self._page -= 1
        self._turned()

    def _turned(self) -> None:
        self._moments.append(self._clock.now())
        self._save(finished=False)  # every page turn is kept: nothing written is ever lost
        self._show_page()

    def finish_later(self) -> None:
        """Keep what is written and close; the journal offers to continue it."""
        if self.practice is None or self.pages.currentIndex() != 0:
            return
        if self._leave(finished=False):
            self.practice = None
            self.close()

    def finish(self) -> None:
        if self.practice is None:
            return
        # The phrases first: a crash between the two leaves the entry unfinished (finishing it again
        # keeps the same phrases once), never a finished entry whose phrases were lost.
        kept = self._keep_phrases()
        entry = self._leave(finished=True)
        if entry is None:
            return
        self._show_done(entry, kept)
        self.finished.emit(entry)

    # -- saving --------------------------------------------------------------------------------------------
    def _leave(self, *, finished: bool) -> Entry | None:
        """Save, and log this sitting's writing time as practice (kept by the usual rule)."""
        self._moments.append(self._clock.now())
        spent = writing_seconds(self._moments)
        entry = self._save(finished=finished, add_s=spent)
        if entry is None:
            return None
        assert self.practice is not None
        self._moments = [self._clock.now()]
        record = record_for_writing(
            practice_id=self.practice.id,
            title=self.practice.title,
            written_s=round(spent, 3),
            finished=finished,
            ended_at=now(),
        )
        if record is not None:
            self._record(record)
        return entry

    def _save(self, *, finished: bool, add_s: float = 0.0) -> Entry | None:
        assert self.practice is not None and self.entry is not None
        answers = tuple(
            Answer(s.id, s.prompt, self._answers.get(s.id, "")) for s in self.practice.steps if s.write
        )
        untouched = not any(a.text.strip() for a in answers) and self._journal.get(self.entry.id) is None
        if not finished and untouched:
            return self.entry  # nothing written yet: nothing to keep
        again = self.entry.read_again_on
        if self.practice.read_again_days and self._page == len(self.practice.steps) - 1:
            days = self.again_days.currentData()
            wanted = self.again_box.isChecked() and days
            again = (now().date() + timedelta(days=int(days))).isoformat() if wanted else None
        entry = replace(
            self.entry,
            answers=answers,
            step=self._page,
            finished=finished or self.entry.finished,
            writing_seconds=round(self.entry.writing_seconds + add_s, 3),
            read_again_on=again,
        )
        try:
            saved = self._journal.save(entry)
        except PrivateDataError as exc:
            self.status.setText(f"This could not be saved just now ({exc}). Your words are still here.")
            return None
        self.entry = saved
        self._dirty = False
        self.entry_saved.emit(saved)
        return saved

    def _keep_phrases(self) -> list[str]:
        assert self.practice is not None and self.entry is not None
        texts: list[str] = []
        for step in self.practice.steps:
            answer = self._answers.get(step.id, "")
            if step.keep == "phrases":
                texts += phrases_in(answer)
            elif step.keep == "phrase" and answer.strip():
                texts.append(" ".join(answer.split()))
        if not texts:
            return []
        try:
            self._journal.keep_phrases(texts, self.practice.id, self.entry.id)
        except PrivateDataError as exc:
            self.status.setText(f"Your phrases could not be kept just now ({exc}).")
            return []
        return texts

    def _show_done(self, entry: Entry, kept: list[str]) -> None:
        lines = [
            "Thank you for taking this time. What you wrote is kept privately in your journal, "
            "on this computer."
        ]
        if kept:
            shown = "".join(f"\n   “{t}”" for t in kept[:6])
            lines.append(f"Kept in your phrases:{shown}")
        if entry.read_again_on:
            lines.append(f"Kindly will offer it to you again from {entry.read_again_on}.")
        self.done_text.setText("\n\n".join(lines))
        self.pages.setCurrentIndex(1)
        self.nav.setVisible(False)
        self.page_label.clear()
        self.close_button.setFocus()
        announce(self.done_text, self.done_text.text())
        self.practice = None

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing mid-practice keeps what was written, as "finish later" does."""
        if self.practice is not None and self.pages.currentIndex() == 0:
            self._leave(finished=False)
            self.practice = None
        super().closeEvent(event)


__all__ = ["WritingWindow", "writing_stylesheet"]
