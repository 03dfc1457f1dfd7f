"""The settings window: sound, breathing, display, practice, reminders and system, applied at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSignalBlocker, QSize, Qt, QTime, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QStackedWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from sessions.patterns import PRESET_BLURBS, PRESETS, PatternError, parse_pattern
from sessions.reminders import (
    EVERY_DAY,
    MAX_BELL_EVERY_MIN,
    MAX_DAILY,
    MIN_BELL_EVERY_MIN,
    DailyReminder,
    MindfulBells,
    ReminderError,
    ReminderPlan,
)
from sessions.settings import Settings
from ui import theme as themes
from ui.a11y import inputs_stylesheet

SECTIONS = ("Sound", "Breathing", "Display", "Practice", "Reminders", "System")
LENGTHS_MIN = (1.0, 3.0, 5.0, 10.0, 15.0, 20.0)
CUSTOM = "custom"
AMBIENTS = (("", "None"), ("rain", "Gentle rain"), ("drone", "Soft drone"))
THEMES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))
VOLUMES = (
    ("voice_volume", "Voice"),
    ("bell_volume", "Bells"),
    ("tone_volume", "Breath tones"),
    ("ambient_volume", "Background sound"),
)
DAY_LETTERS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
DAY_WORDS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
BELLS_OFF, BELLS_STEADY, BELLS_RANDOM = 0, 1, 2
RESET_QUESTION = (
    "Put every setting back to how it was when Kindly was new, reminders included? "
    "Your practice log and your support line stay as they are."
)
ERASE_TITLE = "Delete all your Kindly data?"
ERASE_QUESTION = (
    "This deletes, for good, everything Kindly keeps for you: your practice log (every session, "
    "with its moods and notes), your settings and reminders, the copies of recordings you added, "
    "and your own session scripts. Nothing can bring them back. Kindly then closes, and starts "
    "afresh the next time you open it.\n\n"
    "If you might want your log later, export it first from “Your practice”. Files you saved "
    "elsewhere, like exports and your original recordings, are not touched."
)


def _minutes_text(minutes: float) -> str:
    return "1 minute" if minutes == 1 else f"{minutes:g} minutes"


def _clock(time: QTime) -> str:
    return time.toString("HH:mm")


def _qtime(text: str) -> QTime:
    return QTime.fromString(text, "HH:mm")


def _fit(field: QWidget) -> None:
    """Keep a field at its natural width: a time or a count needs no more, at any font size."""
    field.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)


def ask(parent: QWidget, question: str) -> bool:
    """A plain yes/no question with the safe answer as the default."""
    box = QMessageBox(QMessageBox.Icon.Question, "Reset settings", question, parent=parent)
    reset = box.addButton("Reset", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("Keep my settings", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is reset


def ask_erase(parent: QWidget, question: str) -> bool:
    """The one question before deleting everything: a clear warning, keeping the data as the default."""
    box = QMessageBox(QMessageBox.Icon.Warning, ERASE_TITLE, question, parent=parent)
    erase = box.addButton("Delete everything", QMessageBox.ButtonRole.DestructiveRole)
    erase.setAccessibleName("Delete all my Kindly data for good")
    keep = box.addButton("Keep my data", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is erase


class _Page(QScrollArea):
    """One section: a column of rows that scrolls (rather than clips) when text is large."""

    def __init__(self, title: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(f"{title} settings")
        body = QWidget(self)
        self.column = QVBoxLayout(body)
        self.column.setContentsMargins(24, 20, 24, 20)
        self.column.setSpacing(10)
        self.setWidget(body)
        self.body = body
        self.row_labels: list[QLabel] = []

    def heading(self, text: str) -> QLabel:
        label = QLabel(text.upper(), self.body)
        label.setObjectName("section")
        label.setAccessibleName(text)
        self.column.addWidget(label)
        return label

    def hint(self, text: str) -> QLabel:
        label = QLabel(text, self.body)
        label.setObjectName("muted")
        label.setWordWrap(True)
        self.column.addWidget(label)
        return label

    def add(self, widget: QWidget) -> QWidget:
        self.column.addWidget(widget)
        return widget

    def row(self, label_text: str, field: QWidget, *, stretch: bool = True) -> QLabel:
        """A label and its field side by side; the label is the field's buddy (Alt-key, reader)."""
        row = QHBoxLayout()
        label = QLabel(label_text, self.body)
        label.setBuddy(field)
        self.row_labels.append(label)
        row.addWidget(label)
        row.addWidget(field, 1 if stretch else 0)
        if not stretch:
            row.addStretch(1)
        self.column.addLayout(row)
        return label

    def finish(self) -> None:
        """Line the fields up in one column (labels as wide as the widest), then leave room below."""
        width = max((label.sizeHint().width() for label in self.row_labels), default=0)
        for label in self.row_labels:
            label.setMinimumWidth(width)
        self.column.addStretch(1)


class DayPicker(QWidget):
    """Seven toggles, Monday first, each with its full day name for screen readers.

    One row when there is room; with large text in a narrow window, two rows (Mon–Thu, Fri–Sun)
    instead of a row that runs off the side. The buttons are placed by hand: a widget with a
    layout has its layout's height-for-width used instead of its own (QWidgetItem::heightForWidth).

    Signals:
        changed(): a day was switched on or off.
    """

    changed = Signal()
    SPACING = 4

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(f"Days for {what}")
        self.buttons: list[QPushButton] = []
        for letters, word in zip(DAY_LETTERS, DAY_WORDS, strict=True):
            button = QPushButton(letters, self)
            button.setObjectName("day")
            button.setCheckable(True)
            button.setAccessibleName(f"{word}, {what}")
            button.setToolTip(word)
            button.toggled.connect(lambda _on: self.changed.emit())
            self.buttons.append(button)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _cell(self) -> QSize:
        hints = [b.sizeHint() for b in self.buttons]
        return QSize(max(h.width() for h in hints), max(h.height() for h in hints))

    def _columns_for(self, width: int) -> int:
        cell = self._cell().width() + self.SPACING
        return 7 if width + self.SPACING >= 7 * cell else 4

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        rows = 1 if self._columns_for(width) == 7 else 2
        return rows * self._cell().height() + (rows - 1) * self.SPACING

    def sizeHint(self) -> QSize:
        cell = self._cell()
        return QSize(7 * cell.width() + 6 * self.SPACING, cell.height())

    def minimumSizeHint(self) -> QSize:
        cell = self._cell()
        return QSize(4 * cell.width() + 3 * self.SPACING, cell.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        cell = self._cell()
        columns = self._columns_for(event.size().width())
        for i, button in enumerate(self.buttons):
            row, column = divmod(i, columns)
            x = column * (cell.width() + self.SPACING)
            button.setGeometry(x, row * (cell.height() + self.SPACING), cell.width(), cell.height())

    def days(self) -> frozenset[int]:
        return frozenset(i for i, b in enumerate(self.buttons) if b.isChecked())

    def set_days(self, days: frozenset[int]) -> None:
        for i, button in enumerate(self.buttons):
            with QSignalBlocker(button):
                button.setChecked(i in days)


class SettingsWindow(QWidget):
    """Every setting, in six sections; each change is applied at once.

    Signals:
        settings_changed(object): the complete new :class:`Settings`, on every change.
        adjustment_finished(object): a volume slider was let go (save now; not on every step of
            a drag, while :meth:`is_adjusting` is True).
        erase_requested(): the person asked, and confirmed once, to delete all their data.
    """

    settings_changed = Signal(object)
    adjustment_finished = Signal(object)
    erase_requested = Signal()

    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        theme: themes.Theme | None = None,
        confirm: Callable[[QWidget, str], bool] = ask,
        confirm_erase: Callable[[QWidget, str], bool] = ask_erase,
        data_dir: Path | None = None,
    ) -> None:
        """``data_dir`` (shown under "Your data") is where Kindly keeps everything for this person."""
        super().__init__(parent)
        self.setWindowTitle("Kindly — Settings")
        self._settings = settings
        self._confirm_erase = confirm_erase
        self._data_dir = data_dir
        self._daily: list[DailyReminder] = []
        self._pair_labels: dict[QTimeEdit, tuple[QLabel, QLabel]] = {}
        self._confirm = confirm
        self.set_theme(theme or themes.current(settings.theme))

        self.nav = QListWidget(self)
        self.nav.setAccessibleName("Sections")
        self.nav.addItems(list(SECTIONS))
        self.nav.setObjectName("nav")
        self.pages = QStackedWidget(self)
        self._build_sound()
        self._build_breathing()
        self._build_display()
        self._build_practice()
        self._build_reminders()
        self._build_system()
        self.nav.setFixedWidth(max(150, self.nav.sizeHintForColumn(0) + 40))
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)

        self.reset_button = QPushButton("Reset to defaults…", self)
        self.reset_button.setAccessibleName("Reset all settings to their defaults")
        self.close_button = QPushButton("Close", self)
        self.close_button.setObjectName("primary")
        self.close_button.setAccessibleName("Close settings")
        self.reset_button.clicked.connect(self.reset_to_defaults)
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        top = QHBoxLayout()
        top.setSpacing(0)
        top.addWidget(self.nav)
        top.addWidget(self.pages, 1)
        self._outer = layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(12)
        layout.addLayout(top, 1)
        layout.addLayout(buttons)
        # Ctrl+Page Up/Down move between sections from anywhere, as tabs do in most apps.
        QShortcut(QKeySequence("Ctrl+PgDown"), self, lambda: self._step_section(1))
        QShortcut(QKeySequence("Ctrl+PgUp"), self, lambda: self._step_section(-1))

        self._load(settings)
        self.nav.setCurrentRow(0)
        self.resize(self._comfortable_size())

    def _comfortable_size(self) -> QSize:
        """Wide enough that no page needs to scroll sideways, even with large fonts."""
        bar = self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent) + 8
        bodies = [page.body for page in self.findChildren(_Page)]
        content = max(body.minimumSizeHint().width() for body in bodies)
        margins = self._outer.contentsMargins()
        width = self.nav.width() + content + bar + margins.left() + margins.right()
        height = max(580, self.nav.sizeHintForRow(0) * (len(SECTIONS) + 4) + 140)
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        size = QSize(max(700, width), height)
        return size.boundedTo(screen.size()) if screen is not None else size

    # -- public ------------------------------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        return self._settings

    def set_settings(self, settings: Settings) -> None:
        """Show ``settings`` (changed elsewhere, e.g. in the pacer) without emitting a change."""
        self._settings = settings
        self._load(settings)

    def set_theme(self, theme: themes.Theme) -> None:
        self.setStyleSheet(inputs_stylesheet(theme))

    def show_section(self, name: str) -> None:
        if name in SECTIONS:
            self.nav.setCurrentRow(SECTIONS.index(name))

    def is_adjusting(self) -> bool:
        """True while a volume slider is held: apply each step, save once it is let go."""
        return any(slider.isSliderDown() for slider in self.volume_sliders.values())

    def reset_to_defaults(self) -> None:
        if not self._confirm(self, RESET_QUESTION):
            return
        old = self._settings
        fresh = replace(Settings(), crisis_line=old.crisis_line, care_dismissed_at=old.care_dismissed_at)
        self.set_settings(fresh)
        self.message_for_pattern.setVisible(False)
        self.bells_message.setVisible(False)
        self.daily_message.setVisible(False)
        if fresh != old:
            self.settings_changed.emit(fresh)

    # -- pages -------------------------------------------------------------------------------------
    def _page(self, title: str) -> _Page:
        page = _Page(title, self.pages)
        self.pages.addWidget(page)
        return page

    def _check(self, page: _Page, text: str, hint: str = "") -> QCheckBox:
        box = QCheckBox(text, page.body)
        box.setAccessibleName(text)
        if hint:
            box.setAccessibleDescription(hint)
            box.setToolTip(hint)
        box.toggled.connect(lambda _on: self._changed())
        page.add(box)
        if hint:
            label = page.hint(hint)
            # Under the box's text, not its square: the words read as belonging to it.
            indent = box.style().pixelMetric(box.style().PixelMetric.PM_IndicatorWidth, None, box)
            label.setContentsMargins(indent + 8, 0, 0, 4)
        return box

    def _combo(self, name: str, items: tuple[tuple[object, str], ...], parent: QWidget) -> QComboBox:
        combo = QComboBox(parent)
        combo.setAccessibleName(name)
        for data, text in items:
            combo.addItem(text, data)
        combo.currentIndexChanged.connect(lambda _i: self._changed())
        return combo

    def _build_sound(self) -> None:
        page = self._page("Sound")
        page.heading("Volume")
        self.volume_sliders: dict[str, QSlider] = {}
        self.volume_labels: dict[str, QLabel] = {}
        for field, text in VOLUMES:
            slider = QSlider(Qt.Orientation.Horizontal, page.body)
            slider.setRange(0, 100)
            slider.setSingleStep(5)
            slider.setPageStep(10)
            slider.setAccessibleName(f"{text} volume")
            value = QLabel(page.body)
            value.setObjectName("muted")
            value.setMinimumWidth(value.fontMetrics().horizontalAdvance("100 %") + 4)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            row = QHBoxLayout()
            label = QLabel(text, page.body)
            label.setBuddy(slider)
            label.setMinimumWidth(label.fontMetrics().horizontalAdvance("Background sound") + 8)
            row.addWidget(label)
            row.addWidget(slider, 1)
            row.addWidget(value)
            page.column.addLayout(row)
            slider.valueChanged.connect(lambda v, f=field: self._volume_moved(f, v))
            slider.sliderReleased.connect(lambda: self.adjustment_finished.emit(self._settings))
            self.volume_sliders[field] = slider
            self.volume_labels[field] = value
        page.heading("During sessions")
        self.sounds = self._check(
            page, "Breath tones", "A soft sound as you breathe in, and as you breathe out."
        )
        self.ambient = self._combo("Background sound during sessions", AMBIENTS, page.body)
        page.row("Background sound", self.ambient, stretch=False)
        page.hint("Bells and the voice always sound, at the volumes above.")
        page.finish()

    def _build_breathing(self) -> None:
        page = self._page("Breathing")
        page.heading("Your usual breathing")
        items: list[tuple[object, str]] = [(pid, p.title) for pid, p in PRESETS.items()]
        items.append((CUSTOM, "Your own pattern…"))
        self.pattern = self._combo("Breathing pattern", tuple(items), page.body)
        for index, pid in enumerate(PRESETS):
            self.pattern.setItemData(index, PRESET_BLURBS[pid], Qt.ItemDataRole.ToolTipRole)
        page.row("Pattern", self.pattern)
        self.custom_pattern = QLineEdit(page.body)
        self.custom_pattern.setPlaceholderText("seconds in-hold-out, like 4-2-6")
        self.custom_pattern.setAccessibleName("Your own pattern, in seconds")
        self.custom_pattern.textEdited.connect(lambda _t: self._changed())
        self.custom_label = page.row("Seconds", self.custom_pattern)
        self.message_for_pattern = page.hint("")
        self.message_for_pattern.setVisible(False)
        self.length = self._combo(
            "Usual length", tuple((m, _minutes_text(m)) for m in LENGTHS_MIN), page.body
        )
        page.row("Length", self.length, stretch=False)
        page.heading("Comfort")
        self.no_holds = self._check(
            page, "No holds", "Breathe in and out without holding, whatever the pattern."
        )
        page.hint(
            "Holding the breath is always optional. If you feel light-headed, let the pattern go "
            "and breathe as you like."
        )
        page.finish()

    def _build_display(self) -> None:
        page = self._page("Display")
        page.heading("Look")
        self.theme = self._combo("Colours", THEMES, page.body)
        page.row("Colours", self.theme, stretch=False)
        self.reduced_motion = self._check(
            page, "Reduce motion", "The breathing circle brightens and dims instead of growing."
        )
        self.captions = self._check(page, "Show captions", "The spoken words, on screen as well.")
        page.heading("The breathing pacer")
        self.always_on_top = self._check(
            page, "Keep the pacer on top", "Above other windows while you breathe."
        )
        page.finish()

    def _build_practice(self) -> None:
        page = self._page("Practice")
        page.heading("Around each session")
        self.mood_checkins = self._check(
            page, "Ask how I feel", "A one-tap “how are you?” before and after; always yours to skip."
        )
        self.show_streaks = self._check(
            page, "Show days in a row", "Returning is what counts; a day off never takes anything away."
        )
        page.finish()

    def _build_reminders(self) -> None:
        page = self._page("Reminders")
        page.heading("Daily reminders")
        page.hint("A gentle note at a time you choose. You can start, snooze or skip it.")
        self.daily_list = QListWidget(page.body)
        self.daily_list.setAccessibleName("Your daily reminders")
        self.daily_list.setMinimumHeight(90)
        self.daily_list.setMaximumHeight(140)
        page.add(self.daily_list)
        self.remove_daily = QPushButton("Remove selected", page.body)
        self.remove_daily.setAccessibleName("Remove the selected reminder")
        self.remove_daily.clicked.connect(self._remove_daily)
        self.daily_list.currentRowChanged.connect(lambda row: self.remove_daily.setEnabled(row >= 0))
        self.daily_time = QTimeEdit(QTime(8, 30), page.body)
        self.daily_time.setDisplayFormat("HH:mm")
        self.daily_time.setAccessibleName("Time for a new reminder")
        _fit(self.daily_time)
        self.daily_days = DayPicker("a new reminder", page.body)
        self.daily_days.set_days(EVERY_DAY)
        self.add_daily = QPushButton("Add reminder", page.body)
        self.add_daily.setAccessibleName("Add a daily reminder at this time")
        self.add_daily.clicked.connect(self._add_daily)
        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove_daily)
        page.column.addLayout(remove_row)
        page.row("New one at", self.daily_time, stretch=False)
        page.row("On", self.daily_days)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_daily)
        add_row.addStretch(1)
        page.column.addLayout(add_row)
        self.daily_message = page.hint("")
        self.daily_message.setVisible(False)

        page.heading("Mindful bells")
        page.hint("A soft bell now and then: a moment to notice one breath.")
        self.bells_mode = self._combo(
            "Mindful bells",
            ((BELLS_OFF, "Off"), (BELLS_STEADY, "Steadily"), (BELLS_RANDOM, "At random")),
            page.body,
        )
        page.row("Bells", self.bells_mode, stretch=False)
        self.bells_every = QSpinBox(page.body)
        self.bells_every.setRange(MIN_BELL_EVERY_MIN, MAX_BELL_EVERY_MIN)
        self.bells_every.setSingleStep(5)
        self.bells_every.setSuffix(" minutes")
        self.bells_every.setAccessibleName("Minutes between bells")
        self.bells_every.valueChanged.connect(lambda _v: self._changed())
        _fit(self.bells_every)
        # Made with its longest wording, so the column of labels is wide enough for either.
        self.every_label = page.row("About every", self.bells_every, stretch=False)
        self.window_from, self.window_to = self._time_pair(
            page, "Between", "Random bells from", "Random bells until"
        )
        self.quiet = self._check(page, "Quiet hours", "No bells between these times.")
        self.quiet_from, self.quiet_to = self._time_pair(
            page, "From", "Quiet hours from", "Quiet hours until"
        )
        self.bells_days = DayPicker("bells", page.body)
        self.bells_days.changed.connect(self._changed)
        self.bells_days_label = page.row("On", self.bells_days)
        self.bells_message = page.hint("")
        self.bells_message.setVisible(False)
        page.finish()

    def _time_pair(
        self, page: _Page, label_text: str, first: str, second: str
    ) -> tuple[QTimeEdit, QTimeEdit]:
        start, end = QTimeEdit(page.body), QTimeEdit(page.body)
        row = QHBoxLayout()
        label = QLabel(label_text, page.body)
        label.setBuddy(start)
        page.row_labels.append(label)
        and_label = QLabel("and" if label_text == "Between" else "to", page.body)
        for edit, name in ((start, first), (end, second)):
            edit.setDisplayFormat("HH:mm")
            edit.setAccessibleName(name)
            _fit(edit)
            edit.timeChanged.connect(lambda _t: self._changed())
        row.addWidget(label)
        row.addWidget(start)
        row.addWidget(and_label)
        row.addWidget(end)
        row.addStretch(1)
        page.column.addLayout(row)
        self._pair_labels[start] = (label, and_label)
        return start, end

    def _build_system(self) -> None:
        page = self._page("System")
        page.heading("Starting Kindly")
        self.start_at_login = self._check(page, "Start Kindly when I log in")
        page.hint("Kindly will be there when you log in, ready whenever you want it.")
        page.heading("Your data")
        where = f" in {self._data_dir}" if self._data_dir is not None else ""
        page.hint(
            f"Everything Kindly keeps stays on this computer{where}: nothing is ever sent anywhere. "
            "You can delete all of it here."
        )
        self.erase_button = QPushButton("Delete all my data…", page.body)
        self.erase_button.setAccessibleName("Delete all my data")
        self.erase_button.setAccessibleDescription(
            "Deletes your practice log, moods and notes, settings, recordings and session scripts"
        )
        self.erase_button.clicked.connect(self.request_erase)
        erase_row = QHBoxLayout()
        erase_row.addWidget(self.erase_button)
        erase_row.addStretch(1)
        page.column.addLayout(erase_row)
        page.finish()

    def request_erase(self) -> None:
        """Ask once, with a clear warning; emit :attr:`erase_requested` only on an explicit yes."""
        if self._confirm_erase(self, ERASE_QUESTION):
            self.erase_requested.emit()

    # -- settings <-> controls ---------------------------------------------------------------------
    def _controls(self) -> list[QWidget]:
        return [
            *self.volume_sliders.values(),
            self.sounds,
            self.ambient,
            self.pattern,
            self.custom_pattern,
            self.length,
            self.no_holds,
            self.theme,
            self.reduced_motion,
            self.captions,
            self.always_on_top,
            self.mood_checkins,
            self.show_streaks,
            self.bells_mode,
            self.bells_every,
            self.window_from,
            self.window_to,
            self.quiet,
            self.quiet_from,
            self.quiet_to,
            self.start_at_login,
        ]

    def _load(self, s: Settings) -> None:
        blockers = [QSignalBlocker(w) for w in self._controls()]
        for field, slider in self.volume_sliders.items():
            slider.setValue(round(getattr(s, field) * 100))
            self.volume_labels[field].setText(f"{slider.value()} %")
        self.sounds.setChecked(s.sounds)
        self.ambient.setCurrentIndex(max(0, self.ambient.findData(s.ambient)))
        index = self.pattern.findData(s.pattern)
        if index < 0:
            index = self.pattern.findData(CUSTOM)
            self.custom_pattern.setText(s.pattern)
        self.pattern.setCurrentIndex(index)
        if self.length.findData(s.minutes) < 0:
            self.length.addItem(_minutes_text(s.minutes), s.minutes)
        self.length.setCurrentIndex(self.length.findData(s.minutes))
        self.no_holds.setChecked(s.no_holds)
        self.theme.setCurrentIndex(max(0, self.theme.findData(s.theme)))
        self.reduced_motion.setChecked(s.reduced_motion)
        self.captions.setChecked(s.captions)
        self.always_on_top.setChecked(s.always_on_top)
        self.mood_checkins.setChecked(s.mood_checkins)
        self.show_streaks.setChecked(s.show_streaks)
        self.start_at_login.setChecked(s.start_at_login)
        plan = s.reminder_plan()
        self._daily = list(plan.daily)
        self._show_daily()
        bells = plan.bells or MindfulBells(every_min=60, quiet_start="21:00", quiet_end="08:00")
        mode = BELLS_OFF if plan.bells is None else BELLS_RANDOM if bells.random_window else BELLS_STEADY
        self.bells_mode.setCurrentIndex(mode)
        self.bells_every.setValue(bells.every_min or 60)
        window = bells.random_window or ("09:00", "17:00")
        self.window_from.setTime(_qtime(window[0]))
        self.window_to.setTime(_qtime(window[1]))
        self.quiet.setChecked(bells.quiet_start is not None)
        self.quiet_from.setTime(_qtime(bells.quiet_start or "21:00"))
        self.quiet_to.setTime(_qtime(bells.quiet_end or "08:00"))
        self.bells_days.set_days(bells.weekdays)
        del blockers
        self._sync_visibility()

    def _sync_visibility(self) -> None:
        self.custom_pattern.setVisible(self.pattern.currentData() == CUSTOM)
        self.custom_label.setVisible(self.pattern.currentData() == CUSTOM)
        mode = self.bells_mode.currentData()
        bell_widgets: tuple[QWidget, ...] = (
            self.bells_every,
            self.every_label,
            self.quiet,
            self.bells_days,
            self.bells_days_label,
        )
        for widget in bell_widgets:
            widget.setEnabled(mode != BELLS_OFF)
        self.every_label.setText("About every" if mode == BELLS_RANDOM else "Every")
        quiet_on = mode != BELLS_OFF and self.quiet.isChecked()
        for shown in (self.window_from, self.window_to, *self._pair_labels[self.window_from]):
            shown.setVisible(mode == BELLS_RANDOM)
        for enabled in (self.quiet_from, self.quiet_to, *self._pair_labels[self.quiet_from]):
            enabled.setEnabled(quiet_on)
        self.remove_daily.setEnabled(self.daily_list.currentRow() >= 0)

    def _collect(self) -> Settings:
        """The controls as settings; a part that isn't valid yet keeps its last good value."""
        s = self._settings
        volume = {field: slider.value() / 100 for field, slider in self.volume_sliders.items()}
        plan = s.reminder_plan()
        bells = self._bells(plan.bells)
        plan = ReminderPlan(daily=tuple(sorted(self._daily, key=lambda r: r.time)), bells=bells)
        return replace(
            s,
            sounds=self.sounds.isChecked(),
            ambient=str(self.ambient.currentData()),
            pattern=self._pattern(s.pattern),
            minutes=float(self.length.currentData()),
            no_holds=self.no_holds.isChecked(),
            theme=str(self.theme.currentData()),
            reduced_motion=self.reduced_motion.isChecked(),
            captions=self.captions.isChecked(),
            always_on_top=self.always_on_top.isChecked(),
            mood_checkins=self.mood_checkins.isChecked(),
            show_streaks=self.show_streaks.isChecked(),
            start_at_login=self.start_at_login.isChecked(),
            reminders={} if plan.is_empty else plan.to_dict(),
            voice_volume=volume["voice_volume"],
            bell_volume=volume["bell_volume"],
            tone_volume=volume["tone_volume"],
            ambient_volume=volume["ambient_volume"],
        )

    def _pattern(self, last_good: str) -> str:
        data = self.pattern.currentData()
        if data != CUSTOM:
            self._say(self.message_for_pattern, "")
            return str(data)
        text = self.custom_pattern.text().strip()
        try:
            parse_pattern(text)
        except PatternError as exc:
            self._say(self.message_for_pattern, str(exc) if text else "Type a pattern, like 4-2-6.")
            return last_good
        self._say(self.message_for_pattern, "")
        return text

    def _bells(self, last_good: MindfulBells | None) -> MindfulBells | None:
        mode = self.bells_mode.currentData()
        if mode == BELLS_OFF:
            self._say(self.bells_message, "")
            return None
        quiet = self.quiet.isChecked()
        try:
            bells = MindfulBells(
                every_min=self.bells_every.value(),
                random_window=(_clock(self.window_from.time()), _clock(self.window_to.time()))
                if mode == BELLS_RANDOM
                else None,
                quiet_start=_clock(self.quiet_from.time()) if quiet else None,
                quiet_end=_clock(self.quiet_to.time()) if quiet else None,
                weekdays=self.bells_days.days(),
            )
        except ReminderError as exc:
            self._say(self.bells_message, str(exc))
            return last_good
        self._say(self.bells_message, "")
        return bells

    @staticmethod
    def _say(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    def _changed(self) -> None:
        self._sync_visibility()
        updated = self._collect()
        if updated != self._settings:
            self._settings = updated
            self.settings_changed.emit(updated)

    def _volume_moved(self, field: str, value: int) -> None:
        self.volume_labels[field].setText(f"{value} %")
        self._changed()

    # -- daily reminders ---------------------------------------------------------------------------
    def _show_daily(self) -> None:
        self.daily_list.clear()
        for reminder in sorted(self._daily, key=lambda r: r.time):
            self.daily_list.addItem(reminder.describe())
        if not self._daily:
            self.daily_list.addItem("No reminders yet.")
            self.daily_list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self.daily_list.setCurrentRow(-1)

    def _add_daily(self) -> None:
        time = _clock(self.daily_time.time())
        if any(r.time == time for r in self._daily):
            self._say(self.daily_message, f"There is already a reminder at {time}.")
            return
        if len(self._daily) >= MAX_DAILY:
            self._say(self.daily_message, f"Kindly keeps up to {MAX_DAILY} daily reminders.")
            return
        try:
            reminder = DailyReminder(time, self.daily_days.days())
        except ReminderError as exc:
            self._say(self.daily_message, str(exc))
            return
        self._say(self.daily_message, "")
        self._daily.append(reminder)
        self._show_daily()
        self._changed()

    def _remove_daily(self) -> None:
        row = self.daily_list.currentRow()
        ordered = sorted(self._daily, key=lambda r: r.time)
        if not 0 <= row < len(ordered):
            return
        self._daily.remove(ordered[row])
        self._show_daily()
        self._changed()

    # -- keys --------------------------------------------------------------------------------------
    def _step_section(self, step: int) -> None:
        self.nav.setCurrentRow((self.nav.currentRow() + step) % len(SECTIONS))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        elif event.key() == Qt.Key.Key_Delete and self.daily_list.hasFocus():
            self._remove_daily()
        else:
            super().keyPressEvent(event)


__all__ = ["SECTIONS", "DayPicker", "SettingsWindow"]
