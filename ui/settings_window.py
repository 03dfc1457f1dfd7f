"""The settings window: sound, breathing, display, practice, reminders and system, applied at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSlider,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sessions.patterns import PRESET_BLURBS, PRESETS, PatternError, parse_pattern
from sessions.settings import Settings
from ui import theme as themes
from ui.a11y import inputs_stylesheet
from ui.pacer import SAVED_ROLE
from ui.settings_page import SettingsPage, say
from ui.settings_reminders import RemindersPage
from ui.settings_timer import TimerSettings

if TYPE_CHECKING:
    from ui.settings_store import SettingsStore

_P = TypeVar("_P", bound=SettingsPage)

SECTIONS = ("Sound", "Breathing", "Display", "Practice", "Reminders", "System")
LENGTHS_MIN = (1.0, 3.0, 5.0, 10.0, 15.0, 20.0)
CUSTOM = "custom"
#: What "Reset to defaults" leaves alone: the person's own words on the care page.
KEPT = frozenset({"crisis_line", "care_dismissed_at"})
AMBIENTS = (("", "None"), ("rain", "Gentle rain"), ("drone", "Soft drone"))
THEMES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))
VOLUMES = (
    ("voice_volume", "Voice"),
    ("bell_volume", "Bells"),
    ("tone_volume", "Breath tones"),
    ("ambient_volume", "Background sound"),
)
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


class SettingsWindow(QWidget):
    """Every setting, in six sections; each change goes to the settings store at once.

    The window keeps no copy of the settings: it asks the store to change the fields its controls
    show, and redraws them when the store says something changed (here, in the pacer, anywhere).
    A volume slider applies every step of a drag and saves once it is let go.

    Signals:
        erase_requested(): the person asked, and confirmed once, to delete all their data.
    """

    erase_requested = Signal()

    def __init__(
        self,
        store: SettingsStore,
        parent: QWidget | None = None,
        *,
        theme: themes.Theme | None = None,
        confirm: Callable[[QWidget, str], bool] = ask,
        confirm_erase: Callable[[QWidget, str], bool] = ask_erase,
        data_dir: Path | None = None,
    ) -> None:
        """``data_dir`` (shown under "Your data") is where Kindly keeps everything for this person."""
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.store = store
        self._applying = False
        settings = store.value
        self._confirm_erase = confirm_erase
        self._data_dir = data_dir
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
        self.reminders = self._add_page(RemindersPage(self.pages))
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
        store.changed.connect(self._store_changed)
        self.nav.setCurrentRow(0)
        self.resize(self._comfortable_size())

    def _comfortable_size(self) -> QSize:
        """Wide enough that no page needs to scroll sideways, even with large fonts."""
        bar = self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent) + 8
        bodies = [page.body for page in self.findChildren(SettingsPage)]
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
        """What the store holds now (the window shows it; it never saves a copy of its own)."""
        return self.store.value

    def _store_changed(self, _old: Settings, new: Settings) -> None:
        if not self._applying:  # a change made elsewhere (the pacer, the care page, a reset)
            self._load(new)
        if new.theme != _old.theme:
            self.set_theme(themes.current(new.theme))

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
        fresh = Settings()
        self.message_for_pattern.setVisible(False)
        self.reminders.hide_messages()
        # Everything but what the person wrote on the care page (their support line).
        self.store.update(**{f.name: getattr(fresh, f.name) for f in fields(Settings) if f.name not in KEPT})
        self._load(self.store.value)

    # -- pages -------------------------------------------------------------------------------------
    def _add_page(self, page: _P) -> _P:
        self.pages.addWidget(page)
        page.changed.connect(self._changed)
        return page

    def _build_sound(self) -> None:
        page = self._add_page(SettingsPage("Sound", self.pages))
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
            slider.sliderReleased.connect(self.store.save)
            self.volume_sliders[field] = slider
            self.volume_labels[field] = value
        page.heading("During sessions")
        self.sounds = page.check("Breath tones", "A soft sound as you breathe in, and as you breathe out.")
        self.ambient = page.combo("Background sound during sessions", AMBIENTS)
        page.row("Background sound", self.ambient, stretch=False)
        page.hint("Bells and the voice always sound, at the volumes above.")
        page.finish()

    def _build_breathing(self) -> None:
        page = self._add_page(SettingsPage("Breathing", self.pages))
        page.heading("Your usual breathing")
        items: list[tuple[object, str]] = [(pid, p.title) for pid, p in PRESETS.items()]
        items.append((CUSTOM, "Your own pattern…"))
        self.pattern = page.combo("Breathing pattern", tuple(items))
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
        self.length = page.combo("Usual length", tuple((m, _minutes_text(m)) for m in LENGTHS_MIN))
        page.row("Length", self.length, stretch=False)
        page.heading("Comfort")
        self.no_holds = page.check("No holds", "Breathe in and out without holding, whatever the pattern.")
        page.hint(
            "Holding the breath is always optional. If you feel light-headed, let the pattern go "
            "and breathe as you like."
        )
        page.finish()

    def _build_display(self) -> None:
        page = self._add_page(SettingsPage("Display", self.pages))
        page.heading("Look")
        self.theme = page.combo("Colours", THEMES)
        page.row("Colours", self.theme, stretch=False)
        self.reduced_motion = page.check(
            "Reduce motion", "The breathing circle brightens and dims instead of growing."
        )
        self.captions = page.check("Show captions", "The spoken words, on screen as well.")
        page.heading("The breathing pacer")
        self.always_on_top = page.check("Keep the pacer on top", "Above other windows while you breathe.")
        from ui.windows import can_keep_on_top

        if not can_keep_on_top():
            self.always_on_top.setEnabled(False)
            page.hint(
                "On this desktop (Wayland) apps can't keep themselves on top. Your desktop may offer "
                "“Always on top” in the pacer window's own menu (Alt+Space)."
            )
        page.finish()

    def _build_practice(self) -> None:
        page = self._add_page(SettingsPage("Practice", self.pages))
        page.heading("Around each session")
        self.mood_checkins = page.check(
            "Ask how I feel", "A one-tap “how are you?” before and after; always yours to skip."
        )
        self.show_streaks = page.check(
            "Show days in a row", "Returning is what counts; a day off never takes anything away."
        )
        self.keep_awake = page.check(
            "Keep the screen awake while I practise",
            "No dimming or locking until the practice ends or pauses.",
        )
        self.timer = TimerSettings(page)
        page.finish()

    def _build_system(self) -> None:
        page = self._add_page(SettingsPage("System", self.pages))
        page.heading("Starting Kindly")
        self.start_at_login = page.check("Start Kindly when I log in")
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
            self.keep_awake,
            self.start_at_login,
            *self.timer.controls(),
        ]

    def _load(self, s: Settings) -> None:
        blockers = [QSignalBlocker(w) for w in self._controls()]
        for field, slider in self.volume_sliders.items():
            slider.setValue(round(getattr(s, field) * 100))
            self.volume_labels[field].setText(f"{slider.value()} %")
        self.sounds.setChecked(s.sounds)
        self.ambient.setCurrentIndex(max(0, self.ambient.findData(s.ambient)))
        self._list_saved_patterns(s.patterns)
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
        self.keep_awake.setChecked(s.keep_awake)
        self.start_at_login.setChecked(s.start_at_login)
        self.reminders.load(s.reminders)
        self.timer.load(s)
        del blockers
        self._sync_visibility()

    def _list_saved_patterns(self, saved: tuple[tuple[str, str], ...]) -> None:
        """The person's own named patterns, before "Your own pattern…": any can be the usual one."""
        for index in reversed(range(self.pattern.count())):
            if self.pattern.itemData(index, SAVED_ROLE):
                self.pattern.removeItem(index)
        at = self.pattern.findData(CUSTOM)
        for offset, (name, spec) in enumerate(saved):
            self.pattern.insertItem(at + offset, name, spec)
            self.pattern.setItemData(at + offset, True, SAVED_ROLE)

    def _sync_visibility(self) -> None:
        self.custom_pattern.setVisible(self.pattern.currentData() == CUSTOM)
        self.custom_label.setVisible(self.pattern.currentData() == CUSTOM)
        self.reminders.sync_visibility()

    def _collect(self) -> dict[str, Any]:
        """The settings this window's controls show; a part that isn't valid yet keeps its last good
        value. Only these fields are ever sent to the store (never the care page's, say)."""
        s = self.store.value
        volume = {field: slider.value() / 100 for field, slider in self.volume_sliders.items()}
        plan = self.reminders.collect_plan(s.reminders)
        return dict(
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
            keep_awake=self.keep_awake.isChecked(),
            start_at_login=self.start_at_login.isChecked(),
            reminders=plan,
            voice_volume=volume["voice_volume"],
            bell_volume=volume["bell_volume"],
            tone_volume=volume["tone_volume"],
            ambient_volume=volume["ambient_volume"],
            **self.timer.collect(s),
        )

    def _pattern(self, last_good: str) -> str:
        data = self.pattern.currentData()
        if data != CUSTOM:
            say(self.message_for_pattern, "")
            return str(data)
        text = self.custom_pattern.text().strip()
        try:
            parse_pattern(text)
        except PatternError as exc:
            say(self.message_for_pattern, str(exc) if text else "Type a pattern, like 4-2-6.")
            return last_good
        say(self.message_for_pattern, "")
        return text

    def _changed(self) -> None:
        if self.timer.wants_file():
            self.timer.use_file(self._ask_for_bell_file(), self.store.value)
        self._sync_visibility()
        self._applying = True
        try:
            self.store.update(save=not self.is_adjusting(), **self._collect())
        finally:
            self._applying = False

    def _ask_for_bell_file(self) -> str | None:
        from PySide6.QtWidgets import QFileDialog  # its first use costs ~5 ms: not at start-up

        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Choose a bell", str(Path.home()), "Audio (*.mp3 *.ogg *.oga *.flac *.wav *.opus)"
        )
        return chosen or None

    def _volume_moved(self, field: str, value: int) -> None:
        self.volume_labels[field].setText(f"{value} %")
        self._changed()

    # -- keys --------------------------------------------------------------------------------------
    def _step_section(self, step: int) -> None:
        self.nav.setCurrentRow((self.nav.currentRow() + step) % len(SECTIONS))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        elif event.key() == Qt.Key.Key_Delete and self.reminders.daily_list.hasFocus():
            self.reminders.remove_selected()
        else:
            super().keyPressEvent(event)


__all__ = ["SECTIONS", "SettingsWindow"]
