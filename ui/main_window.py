"""The main window: a greeting, today's practice, and everything that can be played today."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sessions.clock import mmss
from ui.care_note import CareSuggestion
from ui.library_delegate import BLURB_ROLE, TITLE_ROLE, LibraryDelegate

if TYPE_CHECKING:
    # Only named here: PySide makes QEvent's 3 ms of enumerations at their import (library_delegate.py).
    from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeyEvent

    from ui.controller import SessionController
    from ui.player import PlayerView


@dataclass(frozen=True)
class Playable:
    """One line of the library: something a person can start."""

    key: str
    kind: str
    title: str
    blurb: str
    lengths_min: tuple[float | None, ...]
    default_min: float | None
    problem: str = ""
    """Why this cannot be started (a broken user script); empty when it can."""
    length_label: str = ""
    """Shown instead of a length choice when there is only one (a recording's own length)."""
    group: str = ""
    """The heading it is listed under ("For a hard moment", "Your recordings", …)."""
    favourite: bool = False

    @property
    def favourite_key(self) -> str:
        """How settings and the tray name it: a script id, ``pattern:ID`` or ``recording:ID``."""
        if self.kind == "breathing":
            return f"pattern:{self.key}"
        if self.kind == "recording":
            return f"recording:{self.key}"
        return self.key


def _length_text(minutes: float | None) -> str:
    if minutes is None:
        return "Until I stop"
    return "1 minute" if minutes == 1 else f"{minutes:g} minutes"


class MainWindow(QWidget):
    """Lists what can be played, with a length picker and one clear button to begin.

    Signals:
        play_requested(object, object): a :class:`Playable` and the chosen minutes.
        pacer_requested(): the person asked for the breathing pacer.
        files_dropped(list): audio files were dropped on the window (paths as text).
        add_recordings_requested(): "Add recordings…" was chosen.
        history_requested(): "Your practice" was chosen.
        writing_requested(): "Write and read…" was chosen (writing practices, the journal, the course).
        favourite_toggled(str, bool): the person starred (True) or unstarred a practice, by its
            :attr:`Playable.favourite_key`.
        player_built(object): the :class:`~ui.player.PlayerView` page was just built (the first
            time :attr:`player` was asked for), for the app to connect it.
    """

    play_requested = Signal(object, object)
    resume_requested = Signal(object, object)
    favourite_toggled = Signal(str, bool)
    pacer_requested = Signal()
    files_dropped = Signal(list)
    history_requested = Signal()
    writing_requested = Signal()
    add_recordings_requested = Signal()
    care_requested = Signal()
    player_built = Signal(object)

    def __init__(self, controller: SessionController | None = None, parent: QWidget | None = None) -> None:
        """``controller`` runs the practices the player page shows. A window-first launch
        (ui/first_window.py) builds this window before the controller exists and gives it with
        :meth:`use_controller`, which comes before the player page is ever built."""
        super().__init__(parent)
        self.setWindowTitle("Kindly")
        self._playables: list[Playable] = []
        self._rows: list[Playable | None] = []  # one per list row; None for a heading
        library_page = QWidget(self)

        self.title = QLabel("Kindly", self)
        self.title.setObjectName("title")
        self.greeting = QLabel(self)
        self.greeting.setObjectName("muted")
        self.greeting.setWordWrap(True)
        self.today = QLabel(self)
        self.today.setWordWrap(True)
        self.notice = QLabel(self)
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)

        section = QLabel("WHAT YOU CAN DO TODAY", self)
        section.setObjectName("section")
        self.library = QListWidget(self)
        self.library.setAccessibleName("Sessions and breathing patterns")
        self.library.setSpacing(2)
        self.library.setWordWrap(True)
        self.library.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Bold titles over their descriptions; heights follow the width (resize mode Adjust).
        self.library.setItemDelegate(LibraryDelegate(self.library))
        self.library.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.library.setUniformItemSizes(False)
        self.length_box = QComboBox(self)
        self.length_box.setAccessibleName("Length")
        # Room for "20 minutes" whatever the buttons beside it take ("3 minute" was cut short).
        self.length_box.setMinimumContentsLength(len("20 minutes"))
        self.length_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.begin_button = QPushButton("Begin", self)
        self.begin_button.setObjectName("primary")
        # "Resume from 5:00": shown when the chosen practice was left part-way within the last day.
        self.resume_button = QPushButton(self)
        self.resume_button.setVisible(False)
        #: Asked where the chosen practice was left (seconds) or ``None``; set by the app's wiring.
        self.resume_offer: Callable[[Playable, object], float | None] | None = None
        self.favourite_button = QPushButton(self)
        self.favourite_button.setCheckable(True)
        self.favourite_button.setAccessibleName("Favourite")
        self.favourite_button.setAccessibleDescription("Keep this practice at the top, here and in the tray")
        self.pacer_button = QPushButton("Breathing pacer", self)
        self.history_button = QPushButton("Your practice", self)
        self.history_button.setAccessibleDescription("Your practice history, moods and reflections")
        self.write_button = QPushButton("Write and read…", self)
        self.write_button.setAccessibleDescription(
            "Writing practices, your journal, the course and short reads"
        )
        self.add_button = QPushButton("Add recordings…", self)
        self.add_button.setAccessibleDescription(
            "Import your own guided recordings (or drop audio files here)"
        )
        self.setAcceptDrops(True)
        header = QHBoxLayout()
        header.addWidget(section, 1)
        header.addWidget(self.history_button)
        header.addWidget(self.add_button)

        footer = QLabel(
            "Kindly is a practice aid, not therapy. If things feel heavy for a while, talking with "
            "a professional can help; in a crisis, please call your local emergency number.",
            self,
        )
        footer.setObjectName("muted")
        footer.setWordWrap(True)

        controls = QHBoxLayout()
        controls.addWidget(self.length_box, 1)
        controls.addWidget(self.begin_button, 1)
        controls.addWidget(self.favourite_button)
        controls.addWidget(self.pacer_button)

        page = QVBoxLayout(library_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.setSpacing(10)
        page.addWidget(self.greeting)
        page.addWidget(self.today)
        page.addLayout(header)
        page.addWidget(self.library, 1)
        page.addLayout(controls)
        page.addWidget(self.resume_button)
        # On its own row: the header row is as wide as the window may be (tests/ui/test_fit.py).
        writing_row = QHBoxLayout()
        writing_row.addWidget(self.write_button)
        writing_row.addStretch(1)
        page.addLayout(writing_row)
        page.addWidget(footer)

        self._controller = controller
        self._player: PlayerView | None = None
        self.pages = QStackedWidget(self)
        self.pages.addWidget(library_page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.notice)
        # The gentle note after several low check-ins: hidden until the app decides to show it.
        self.care = CareSuggestion(self)
        self.care.setVisible(False)
        self.care.support_requested.connect(self.care_requested)
        layout.addWidget(self.care)
        layout.addWidget(self.pages, 1)

        self.library.currentRowChanged.connect(self._row_changed)
        self.library.itemActivated.connect(lambda _item: self._begin())
        self.begin_button.clicked.connect(self._begin)
        self.resume_button.clicked.connect(self._resume)
        self.length_box.currentIndexChanged.connect(lambda _index: self.refresh_resume())
        self.favourite_button.clicked.connect(self._favourite_clicked)
        self.pacer_button.clicked.connect(self.pacer_requested)
        self.add_button.clicked.connect(self.add_recordings_requested)
        self.history_button.clicked.connect(self.history_requested)
        self.write_button.clicked.connect(self.writing_requested)
        self.resize(460, 620)

    @property
    def player(self) -> PlayerView:
        """The page a practice plays on, built the first time it is needed: the library is what a
        launch shows, so the player (its orb, slider and keys) is built after the first paint."""
        if self._player is None:
            from ui.player import PlayerView

            if self._controller is None:
                raise RuntimeError("the main window has no session controller yet")
            self._player = PlayerView(self._controller, self)
            self._player.back_requested.connect(self.show_library)
            self.pages.addWidget(self._player)
            self.player_built.emit(self._player)
        return self._player

    def use_controller(self, controller: SessionController) -> None:
        self._controller = controller

    def build_player(self) -> None:
        """Build the player page now, if it is not built yet (just after the first paint)."""
        _ = self.player

    def set_playables(self, playables: list[Playable]) -> None:
        """Show ``playables`` under their headings, keeping the current choice where it still is."""
        kept = self.current()
        self._playables = list(playables)
        self._rows = []
        self.library.clear()
        heading_font = self.library.font()
        heading_font.setBold(True)
        group = None
        for playable in self._playables:
            if playable.group and playable.group != group:
                group = playable.group
                heading = QListWidgetItem(group)
                heading.setFlags(Qt.ItemFlag.NoItemFlags)  # not chosen, and skipped by the arrow keys
                heading.setFont(heading_font)
                heading.setData(Qt.ItemDataRole.AccessibleTextRole, f"{group}:")
                self.library.addItem(heading)
                self._rows.append(None)
            blurb = f"Can't be started: {playable.problem}" if playable.problem else playable.blurb
            star = "★ " if playable.favourite else ""
            item = QListWidgetItem(f"{star}{playable.title}\n{blurb}")
            item.setData(TITLE_ROLE, f"{star}{playable.title}")
            item.setData(BLURB_ROLE, blurb)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{playable.title}. {blurb}")
            item.setToolTip(f"{playable.title}\n{blurb}" if blurb else playable.title)
            self.library.addItem(item)
            self._rows.append(playable)
        if kept is None or not self.select(kept.key, kept.group):
            first = next((row for row, p in enumerate(self._rows) if p is not None), -1)
            self.library.setCurrentRow(first)

    def playables(self) -> list[Playable]:
        return list(self._playables)

    def select(self, key: str, group: str | None = None) -> bool:
        """Choose the practice ``key`` (under ``group`` if given); False if it is not listed."""
        for row, playable in enumerate(self._rows):
            if playable is not None and playable.key == key and group in (None, playable.group):
                self.library.setCurrentRow(row)
                return True
        return False

    def set_greeting(self, greeting: str, today: str) -> None:
        self.greeting.setText(greeting)
        self.today.setText(today)

    def show_notice(self, text: str) -> None:
        """A calm one-line note at the top (no tray here, a damaged file set aside, …)."""
        current = self.notice.text()
        self.notice.setText(f"{current}\n{text}" if current else text)
        self.notice.setVisible(True)

    def current(self) -> Playable | None:
        row = self.library.currentRow()
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def show_player(self) -> None:
        self.pages.setCurrentWidget(self.player)
        self.player.sync()

    def show_library(self) -> None:
        self.pages.setCurrentIndex(0)
        self.library.setFocus()
        self.refresh_resume()

    def refresh_resume(self) -> None:
        """Offer "Resume from M:SS" for the chosen practice when it was left part-way."""
        playable = self.current()
        at = None
        if playable is not None and not playable.problem and self.resume_offer is not None:
            at = self.resume_offer(playable, self.length_box.currentData())
        self.resume_button.setVisible(at is not None)
        if at is not None:
            self.resume_button.setText(f"Resume from {mmss(at)}")
            self.resume_button.setAccessibleDescription("Carry on from where you left off")

    def _resume(self) -> None:
        playable = self.current()
        if playable is not None and not playable.problem:
            self.resume_requested.emit(playable, self.length_box.currentData())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # The player's keys are its own window shortcuts; here only Esc on the library page.
        if event.key() == Qt.Key.Key_Escape and self.pages.currentIndex() == 0:
            self.hide()
        else:
            super().keyPressEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.files_dropped.emit(files)

    def _row_changed(self, _row: int) -> None:
        playable = self.current()
        self.length_box.clear()
        self.begin_button.setEnabled(playable is not None and not playable.problem)
        can_star = playable is not None and playable.kind != "broken"
        self.favourite_button.setEnabled(can_star)
        self.favourite_button.setChecked(bool(playable and playable.favourite))
        self.favourite_button.setText("★ Favourite" if playable and playable.favourite else "☆ Favourite")
        if playable is None:
            self.refresh_resume()
            return
        if playable.length_label:
            self.length_box.addItem(playable.length_label, playable.default_min)
            self.refresh_resume()
            return
        for minutes in playable.lengths_min:
            self.length_box.addItem(_length_text(minutes), minutes)
        index = self.length_box.findData(playable.default_min)
        self.length_box.setCurrentIndex(max(0, index))

    def _favourite_clicked(self, on: bool) -> None:
        playable = self.current()
        if playable is not None:
            self.favourite_toggled.emit(playable.favourite_key, on)

    def _begin(self) -> None:
        playable = self.current()
        if playable is not None and not playable.problem:
            self.play_requested.emit(playable, self.length_box.currentData())
