"""Write and read: the course, the writing practices, letters to read again, and the short reads."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sessions.course import Course, Progress, greeting, next_day
from sessions.journal_book import Entry
from sessions.reads import Read
from sessions.writing import WritingPractice
from ui import theme as themes
from ui.theme import Theme
from ui.writing_window import writing_stylesheet


def _card_style(theme: Theme) -> str:
    return (
        f" QFrame#card {{ background: {theme.surface.name()}; border: 1px solid {theme.track.name()};"
        " border-radius: 14px; } QFrame#card QLabel { background: transparent; }"
    )


def _label(text: str, parent: QWidget, name: str = "") -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


class ReadView(QDialog):
    """One short read, one screen, in large calm type."""

    def __init__(self, *, theme: Theme | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.set_theme(theme or themes.current())
        body = QWidget(self)
        box = QVBoxLayout(body)
        box.setContentsMargins(32, 24, 32, 8)
        box.setSpacing(12)
        self.title = _label("", body, "title")
        self.body = _label("", body, "para")
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.title)
        box.addWidget(self.body)
        box.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.close_button = QPushButton("Close", self)
        self.close_button.setObjectName("primary")
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(32, 8, 32, 20)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.resize(600, 620)

    def set_theme(self, theme: Theme) -> None:
        self.setStyleSheet(writing_stylesheet(theme) + " QLabel#para { font-size: 12.5pt; }")

    def set_read(self, read: Read) -> None:
        self.setWindowTitle(read.title)
        self.title.setText(read.title)
        self.body.setText("\n\n".join(read.paragraphs()))
        self.close_button.setFocus()


class WritingHome(QWidget):
    """The way in to writing, the course and the reads; it shows, and says what the person chose.

    Signals:
        writing_requested(str): begin (or continue) the writing practice with this id.
        course_day_requested(str, int): do this day of this course.
        course_day_skipped(str, int): "not today" for this day (the next one is offered).
        journal_requested(): open the journal.
        read_requested(str): open the short read with this id.
        letter_requested(str): read again the entry with this id.
    """

    writing_requested = Signal(str)
    course_day_requested = Signal(str, int)
    course_day_skipped = Signal(str, int)
    journal_requested = Signal()
    read_requested = Signal(str)
    letter_requested = Signal(str)

    def __init__(self, *, theme: Theme | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Write and read")
        self._course: Course | None = None
        self._practices: list[WritingPractice] = []
        self._letters: list[Entry] = []
        self._upcoming: int | None = None

        title = _label("Write and read", self, "title")
        intro = _label(
            "Guided writing, at your own pace, kept privately on this computer. Nothing here is "
            "required; a few words are plenty.",
            self,
            "muted",
        )

        # The course.
        self.course_card = QFrame(self)
        self.course_card.setObjectName("card")
        self.course_title = _label("", self.course_card, "section")
        self.course_text = _label("", self.course_card)
        self.day_note = _label("", self.course_card, "muted")
        self.continue_button = QPushButton("", self.course_card)
        self.continue_button.setObjectName("primary")
        self.skip_button = QPushButton("Not today", self.course_card)
        self.skip_button.setAccessibleDescription("Move on to the next day; this one stays here for later")
        self.day_box = QComboBox(self.course_card)
        self.day_box.setAccessibleName("Choose any day")
        row = QHBoxLayout()
        row.addWidget(self.day_box, 1)
        row.addWidget(self.skip_button)
        row.addWidget(self.continue_button)
        card = QVBoxLayout(self.course_card)
        card.setContentsMargins(16, 12, 16, 12)
        card.addWidget(self.course_title)
        card.addWidget(self.course_text)
        card.addWidget(self.day_note)
        card.addLayout(row)

        # Letters to read again.
        self.letter_card = QFrame(self)
        self.letter_card.setObjectName("card")
        self.letter_text = _label("", self.letter_card)
        self.letter_button = QPushButton("Read it again", self.letter_card)
        letter_row = QHBoxLayout(self.letter_card)
        letter_row.setContentsMargins(16, 10, 16, 10)
        letter_row.addWidget(self.letter_text, 1)
        letter_row.addWidget(self.letter_button)
        self.letter_card.setVisible(False)

        # Writing practices.
        section = _label("WRITING PRACTICES", self, "section")
        section.setAccessibleName("Writing practices")
        self.list = QListWidget(self)
        self.list.setAccessibleName("Writing practices")
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.begin_button = QPushButton("Begin writing", self)
        self.begin_button.setObjectName("primary")
        self.journal_button = QPushButton("Your journal", self)
        actions = QHBoxLayout()
        actions.addWidget(self.journal_button)
        actions.addStretch(1)
        actions.addWidget(self.begin_button)

        # Short reads.
        reads_section = _label("SHORT READS", self, "section")
        reads_section.setAccessibleName("Short reads")
        self.reads_row = QWidget(self)
        self._reads_layout = QGridLayout(self.reads_row)
        self._reads_layout.setContentsMargins(0, 0, 0, 0)
        self.read_buttons: list[QPushButton] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.course_card)
        layout.addWidget(self.letter_card)
        layout.addWidget(section)
        layout.addWidget(self.list, 1)
        layout.addLayout(actions)
        layout.addWidget(reads_section)
        layout.addWidget(self.reads_row)

        self.continue_button.clicked.connect(self._continue)
        self.skip_button.clicked.connect(self._skip)
        self.day_box.activated.connect(self._day_chosen)
        self.begin_button.clicked.connect(self._begin)
        self.list.itemActivated.connect(lambda _item: self._begin())
        self.journal_button.clicked.connect(self.journal_requested)
        self.letter_button.clicked.connect(self._letter)
        self.set_theme(theme or themes.current())
        self.resize(640, 760)

    def set_theme(self, theme: Theme) -> None:
        self.setStyleSheet(writing_stylesheet(theme) + _card_style(theme))

    # -- what is shown -----------------------------------------------------------------------------------
    def set_practices(self, practices: Sequence[WritingPractice], unfinished: Sequence[str] = ()) -> None:
        keep = self.list.currentRow()
        self._practices = list(practices)
        self.list.clear()
        for practice in self._practices:
            later = "  ·  continue where you left off" if practice.id in unfinished else ""
            item = QListWidgetItem(f"{practice.title}\n{practice.description}{later}")
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole, f"{practice.title}. {practice.description}{later}"
            )
            self.list.addItem(item)
        self.list.setCurrentRow(max(0, min(keep, len(self._practices) - 1)))

    def set_course(self, course: Course | None, progress: Progress, today_text: str) -> None:
        """The course card: where the person is, in kind words (``today_text`` is the greeting)."""
        self._course = course
        self.course_card.setVisible(course is not None)
        if course is None:
            return
        upcoming = next_day(course, progress)
        self.course_title.setText(course.title.upper())
        self.course_title.setAccessibleName(course.title)
        self.course_text.setText(today_text)
        self.day_box.clear()
        self.day_box.addItem("Choose any day…", 0)
        for day in course.days:
            mark = "  ✓" if progress.state(day.number) == "done" else ""
            self.day_box.addItem(f"Day {day.number}: {day.title}{mark}", day.number)
        shown = course.day(upcoming) if upcoming is not None else None
        self._upcoming = upcoming
        if shown is not None:
            self.continue_button.setText(
                "Begin day 1" if progress.last_at is None else f"Continue: day {shown.number}"
            )
            self.day_note.setText(shown.note)
        self.continue_button.setVisible(shown is not None)
        self.skip_button.setVisible(shown is not None and progress.last_at is not None)
        self.day_note.setVisible(shown is not None)

    def set_letters(self, letters: Sequence[Entry]) -> None:
        self._letters = list(letters)
        self.letter_card.setVisible(bool(letters))
        if letters:
            self.letter_text.setText(
                f"“{letters[0].title}”, written on {letters[0].created_at[:10]}, "
                "is here for you to read again."
            )

    def set_reads(self, reads: Sequence[Read]) -> None:
        for button in self.read_buttons:
            button.deleteLater()
        self.read_buttons = []
        for index, read in enumerate(reads):
            button = QPushButton(read.title, self.reads_row)
            button.clicked.connect(lambda _c=False, rid=read.id: self.read_requested.emit(rid))
            self._reads_layout.addWidget(button, index // 2, index % 2)
            self.read_buttons.append(button)

    # -- what the person chose ---------------------------------------------------------------------------
    def _begin(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._practices):
            self.writing_requested.emit(self._practices[row].id)

    def _continue(self) -> None:
        if self._course is not None and self._upcoming is not None:
            self.course_day_requested.emit(self._course.id, self._upcoming)

    def _skip(self) -> None:
        if self._course is not None and self._upcoming is not None:
            self.course_day_skipped.emit(self._course.id, self._upcoming)

    def _day_chosen(self, index: int) -> None:
        number = self.day_box.itemData(index)
        if self._course is not None and number:
            self.day_box.setCurrentIndex(0)
            self.course_day_requested.emit(self._course.id, int(number))

    def _letter(self) -> None:
        if self._letters:
            self.letter_requested.emit(self._letters[0].id)


__all__ = ["ReadView", "WritingHome", "greeting"]
