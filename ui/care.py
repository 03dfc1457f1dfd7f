"""Care: what Kindly is and isn't, when to reach out, the person's own crisis line, and a gentle nudge."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from html import escape
from typing import Protocol

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sessions.install import app_version
from sessions.people import MAX_NAME, MAX_NOTE, MAX_REACH, Person, link_for
from sessions.settings import MAX_CRISIS_LINE
from ui import theme as themes
from ui.a11y import inputs_stylesheet
from ui.care_note import CareSuggestion, paragraph
from ui.theme import Theme

#: On the 1–5 check-in scale (1 is the heaviest), this or lower counts as a low check-in.
LOW_MOOD = 2
#: How many recent answers are looked at, and how many of them must be low.
RECENT_ANSWERS = 5
LOW_ANSWERS = 3
#: After the suggestion is dismissed it stays away at least this long: it must never nag.
QUIET_AFTER_DISMISS = timedelta(days=7)
#: Check-ins older than this say little about how things are now.
RECENT_DAYS = 14

ABOUT_TEXT = (
    "Kindly is here to help you practise being kind to yourself. It is a practice aid, not therapy or "
    "medical advice, and it can't know how you are really doing."
)
REACH_OUT_TEXT = (
    "If things have felt heavy for a while — low most days, sleeping or eating very differently, or "
    "finding it hard to get through the day — talking with a doctor, a counsellor or someone you trust "
    "can really help. Reaching out is a kind thing to do for yourself, not a failure."
)
CRISIS_TEXT = (
    "If you might be in danger, or you are thinking about harming yourself, please call your local "
    "emergency number now."
)
LINE_HELP = "You can keep a support line here, so it is close by when you need it. It stays on this computer."
CREDITS_TEXT = (
    "The voice is Piper's en_US “joe” voice (medium quality), fine-tuned from the “lessac” voice; its "
    "recordings are public domain (CC0). Kindly is made with Qt for Python (PySide6), pygame-ce, "
    "mutagen, TinyDB and appdirs."
)
PEOPLE_TEXT = (
    "People you trust, and how to reach them, close at hand for a heavy moment. Nothing is sent "
    "anywhere; a number or link is opened only when you click it."
)
KINDNESS_STINGS_TITLE = "When kindness stings"
KINDNESS_STINGS_TEXT = (
    "Sometimes kindness stirs up old pain at first, a little like cold hands that ache as they warm "
    "up. It isn't a sign that you're doing it wrong; it's a part of the practice that many people "
    "meet.\n\n"
    "If it feels like too much, you can open your eyes, feel your feet on the floor, or do something "
    "ordinary and kind for yourself, like a glass of water or a look out of the window. You can also "
    "simply stop. Coming back another day, gently, is part of the practice too."
)


def clean_crisis_line(text: str) -> str:
    """The line as it will be kept: single spaces, printable, at most MAX_CRISIS_LINE characters."""
    # Whitespace of any kind (a pasted tab or line break) becomes one space; other controls go.
    cleaned = " ".join("".join(c for c in text if c.isprintable() or c.isspace()).split())
    return cleaned[:MAX_CRISIS_LINE]


# -- when to suggest reaching out (pure) ------------------------------------------------------------
class _CheckIn(Protocol):
    @property
    def started_at(self) -> str: ...
    @property
    def mood_before(self) -> int | None: ...
    @property
    def mood_after(self) -> int | None: ...


def recent_moods(records: Iterable[_CheckIn], now: datetime, days: int = RECENT_DAYS) -> list[int | None]:
    """Each recent session's mood, oldest first: how the person felt after, else before, else None."""
    since = now.astimezone(UTC) - timedelta(days=days)
    dated: list[tuple[datetime, int | None]] = []
    for record in records:
        try:
            started = datetime.fromisoformat(record.started_at)
        except ValueError:
            continue
        if started.tzinfo is None or started.astimezone(UTC) < since:
            continue
        mood = record.mood_after if record.mood_after is not None else record.mood_before
        dated.append((started.astimezone(UTC), mood))
    dated.sort(key=lambda pair: pair[0])
    return [mood for _, mood in dated]


def should_suggest(recent_moods: Sequence[int | None], dismissed_at: datetime | None, now: datetime) -> bool:
    """True when several recent check-ins were low, the latest too, and it wasn't dismissed this week.

    ``recent_moods`` oldest first, 1 (heaviest) to 5, ``None`` for a check-in skipped (skips
    are not counted either way). Never more than once in seven days after a dismissal.
    """
    if dismissed_at is not None and now.astimezone(UTC) - dismissed_at.astimezone(UTC) < QUIET_AFTER_DISMISS:
        return False
    answered = [m for m in recent_moods if m is not None][-RECENT_ANSWERS:]
    if len(answered) < LOW_ANSWERS or answered[-1] > LOW_MOOD:
        return False
    return sum(1 for m in answered if m <= LOW_MOOD) >= LOW_ANSWERS


# -- the care page ---------------------------------------------------------------------------------
def _section(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text.upper(), parent)
    label.setObjectName("section")
    label.setAccessibleName(text)
    return label


class CareDialog(QDialog):
    """About Kindly, and support: plain words on care, the person's own crisis line, and credits.

    Signals:
        crisis_line_changed(str): the person saved (or cleared) their support line.
        person_added(str, str, str): name, note and how to reach someone, to keep in your people.
        person_removed(str): the id of someone to take off the list.
    """

    crisis_line_changed = Signal(str)
    person_added = Signal(str, str, str)
    person_removed = Signal(str)

    def __init__(
        self, crisis_line: str = "", parent: QWidget | None = None, *, theme: Theme | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("About & support")
        self.setStyleSheet(inputs_stylesheet(theme or themes.current()))
        self.setModal(False)
        self._saved = clean_crisis_line(crisis_line)

        body = QWidget(self)
        title = QLabel("Kindly", body)
        title.setObjectName("title")
        version = app_version()
        subtitle = paragraph(f"Version {version}" if version else "", body, "muted")
        subtitle.setVisible(bool(version))

        self.line_edit = QLineEdit(self._saved, body)
        self.line_edit.setPlaceholderText("For example, 988 in the US")
        self.line_edit.setMaxLength(MAX_CRISIS_LINE)
        self.line_edit.setAccessibleName("Your support line")
        self.line_edit.setAccessibleDescription(LINE_HELP)
        self.line_edit.setClearButtonEnabled(True)
        self.save_button = QPushButton("Save", body)
        self.save_button.setAccessibleName("Save your support line")
        self.save_button.setAutoDefault(False)
        self.saved_label = paragraph("", body, "muted")
        line_label = QLabel("Your support line", body)
        line_label.setBuddy(self.line_edit)
        line_row = QHBoxLayout()
        line_row.addWidget(self.line_edit, 1)
        line_row.addWidget(self.save_button)

        layout = QVBoxLayout(body)
        layout.setContentsMargins(28, 24, 28, 8)
        layout.setSpacing(8)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(6)
        layout.addWidget(paragraph(ABOUT_TEXT, body))
        layout.addWidget(_section("When to reach out", body))
        layout.addWidget(paragraph(REACH_OUT_TEXT, body))
        layout.addWidget(_section("In a crisis", body))
        self.crisis_label = paragraph(CRISIS_TEXT, body)
        layout.addWidget(self.crisis_label)
        layout.addSpacing(4)
        layout.addWidget(line_label)
        layout.addLayout(line_row)
        layout.addWidget(paragraph(LINE_HELP, body, "muted"))
        layout.addWidget(self.saved_label)
        layout.addWidget(_section("Your people", body))
        layout.addWidget(paragraph(PEOPLE_TEXT, body, "muted"))
        self.people_box = QVBoxLayout()
        self.people_box.setSpacing(4)
        layout.addLayout(self.people_box)
        self.person_name = QLineEdit(body)
        self.person_name.setPlaceholderText("Name")
        self.person_name.setAccessibleName("Their name")
        self.person_name.setMaxLength(MAX_NAME)
        self.person_note = QLineEdit(body)
        self.person_note.setPlaceholderText("A note (optional)")
        self.person_note.setAccessibleName("A note about them")
        self.person_note.setMaxLength(MAX_NOTE)
        self.person_reach = QLineEdit(body)
        self.person_reach.setPlaceholderText("Phone, email or link (optional)")
        self.person_reach.setAccessibleName("How to reach them")
        self.person_reach.setMaxLength(MAX_REACH)
        self.add_person_button = QPushButton("Add", body)
        self.add_person_button.setAccessibleName("Add to your people")
        self.add_person_button.setAutoDefault(False)
        add_row = QHBoxLayout()
        add_row.addWidget(self.person_name, 2)
        add_row.addWidget(self.person_note, 3)
        add_row.addWidget(self.person_reach, 3)
        add_row.addWidget(self.add_person_button)
        layout.addLayout(add_row)
        self.person_buttons: dict[str, QPushButton] = {}
        self.open_url = QDesktopServices.openUrl
        layout.addWidget(_section("Credits", body))
        layout.addWidget(paragraph(CREDITS_TEXT, body, "muted"))
        layout.addStretch(1)

        # Scrolls rather than clips when the text is large (200 % fonts, a small screen).
        scroll = QScrollArea(self)
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.close_button = QPushButton("Close", self)
        self.close_button.setObjectName("primary")
        self.close_button.setAccessibleName("Close")
        # No default button: Enter in the support-line field saves it and must not close the page.
        self.close_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(28, 8, 28, 20)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(scroll, 1)
        outer.addLayout(buttons)

        self.add_person_button.clicked.connect(self._add_person)
        self.person_reach.returnPressed.connect(self._add_person)
        self.save_button.clicked.connect(self.save_line)
        self.line_edit.returnPressed.connect(self.save_line)
        self.line_edit.textEdited.connect(lambda _text: self._say(""))
        self.close_button.clicked.connect(self.accept)
        self._show_line()
        self._say("")
        # Tall enough for every word at the usual size; longer text (large fonts) scrolls.
        height = body.heightForWidth(560) + self.close_button.sizeHint().height() + 32
        self.resize(560, min(680, max(420, height)))

    def set_people(self, people: Sequence[Person]) -> None:
        """Show the list as the owner holds it (``WritingData.people``)."""
        while self.people_box.count():
            item = self.people_box.takeAt(0)
            row = item.layout() if item is not None else None
            if row is not None:
                while row.count():
                    child = row.takeAt(0)
                    widget = child.widget() if child is not None else None
                    if widget is not None:
                        widget.deleteLater()
        self.person_buttons = {}
        for person in people:
            row = QHBoxLayout()
            text = f"<b>{escape(person.name)}</b>" + (f" — {escape(person.note)}" if person.note else "")
            label = QLabel(text, self)
            label.setWordWrap(True)
            label.setAccessibleName(f"{person.name}. {person.note}. {person.reach}".strip(". "))
            row.addWidget(label, 1)
            link = link_for(person.reach)
            if person.reach and link is None:
                row.addWidget(paragraph(person.reach, self, "muted"))
            elif link is not None:
                verb = (
                    "Call" if link.startswith("tel:") else "Write" if link.startswith("mailto:") else "Open"
                )
                button = QPushButton(f"{verb} {person.reach}", self)
                button.setAccessibleName(f"{verb} {person.name}")
                button.setAutoDefault(False)
                button.clicked.connect(lambda _c=False, url=link: self.open_url(QUrl(url)))
                row.addWidget(button)
                self.person_buttons[person.id] = button
            remove = QPushButton("Remove", self)
            remove.setAccessibleName(f"Remove {person.name} from your people")
            remove.setAutoDefault(False)
            remove.clicked.connect(lambda _c=False, pid=person.id: self.person_removed.emit(pid))
            row.addWidget(remove)
            self.people_box.addLayout(row)

    def _add_person(self) -> None:
        name = self.person_name.text().strip()
        if not name:
            self.person_name.setFocus()
            return
        self.person_added.emit(name, self.person_note.text().strip(), self.person_reach.text().strip())
        for field in (self.person_name, self.person_note, self.person_reach):
            field.clear()
        self.person_name.setFocus()

    @property
    def crisis_line(self) -> str:
        return self._saved

    def save_line(self) -> None:
        line = clean_crisis_line(self.line_edit.text())
        self.line_edit.setText(line)
        if line != self._saved:
            self._saved = line
            self.crisis_line_changed.emit(line)
        self._say("Saved." if line else "Cleared.")
        self._show_line()

    def _say(self, text: str) -> None:
        self.saved_label.setText(text)
        self.saved_label.setVisible(bool(text))

    def _show_line(self) -> None:
        if self._saved:
            self.crisis_label.setText(
                f"{escape(CRISIS_TEXT)}<br>Your support line: <b>{escape(self._saved)}</b>"
            )
            self.crisis_label.setTextFormat(Qt.TextFormat.RichText)
        else:
            self.crisis_label.setTextFormat(Qt.TextFormat.PlainText)
            self.crisis_label.setText(CRISIS_TEXT)
        spoken = f"{CRISIS_TEXT} Your support line: {self._saved}" if self._saved else CRISIS_TEXT
        self.crisis_label.setAccessibleName(spoken)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.close_button.setFocus()


__all__ = [
    "PEOPLE_TEXT",
    "CareDialog",
    "CareSuggestion",
    "app_version",
    "clean_crisis_line",
    "recent_moods",
    "should_suggest",
]
