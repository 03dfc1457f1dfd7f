"""The Reminders section of the settings window: daily reminders and mindful bells, as one plan."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, QSize, Qt, QTime, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

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
from ui.settings_page import SettingsPage, say

DAY_LETTERS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
DAY_WORDS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
BELLS_OFF, BELLS_STEADY, BELLS_RANDOM = 0, 1, 2


def _clock(time: QTime) -> str:
    return time.toString("HH:mm")


def _qtime(text: str) -> QTime:
    return QTime.fromString(text, "HH:mm")


def _fit(field: QWidget) -> None:
    """Keep a field at its natural width: a time or a count needs no more, at any font size."""
    field.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)


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


class RemindersPage(SettingsPage):
    """Daily reminders (a list to add to and remove from) and mindful bells, shown as one plan.

    Signals:
        changed(): the plan shown here changed; :meth:`collect_plan` reads it.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__("Reminders", parent)
        self._daily: list[DailyReminder] = []
        self._pair_labels: dict[QTimeEdit, tuple[QLabel, QLabel]] = {}
        self.heading("Daily reminders")
        self.hint("A gentle note at a time you choose. You can start, snooze or skip it.")
        self.daily_list = QListWidget(self.body)
        self.daily_list.setAccessibleName("Your daily reminders")
        self.daily_list.setMinimumHeight(90)
        self.daily_list.setMaximumHeight(140)
        self.add(self.daily_list)
        self.remove_daily = QPushButton("Remove selected", self.body)
        self.remove_daily.setAccessibleName("Remove the selected reminder")
        self.remove_daily.clicked.connect(self.remove_selected)
        self.daily_list.currentRowChanged.connect(lambda row: self.remove_daily.setEnabled(row >= 0))
        self.daily_time = QTimeEdit(QTime(8, 30), self.body)
        self.daily_time.setDisplayFormat("HH:mm")
        self.daily_time.setAccessibleName("Time for a new reminder")
        _fit(self.daily_time)
        self.daily_days = DayPicker("a new reminder", self.body)
        self.daily_days.set_days(EVERY_DAY)
        self.add_daily = QPushButton("Add reminder", self.body)
        self.add_daily.setAccessibleName("Add a daily reminder at this time")
        self.add_daily.clicked.connect(self._add_daily)
        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove_daily)
        self.column.addLayout(remove_row)
        self.row("New one at", self.daily_time, stretch=False)
        self.row("On", self.daily_days)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_daily)
        add_row.addStretch(1)
        self.column.addLayout(add_row)
        self.daily_message = self.hint("")
        self.daily_message.setVisible(False)

        self.heading("Mindful bells")
        self.hint("A soft bell now and then: a moment to notice one breath.")
        self.bells_mode = self.combo(
            "Mindful bells", ((BELLS_OFF, "Off"), (BELLS_STEADY, "Steadily"), (BELLS_RANDOM, "At random"))
        )
        self.row("Bells", self.bells_mode, stretch=False)
        self.bells_every = QSpinBox(self.body)
        self.bells_every.setRange(MIN_BELL_EVERY_MIN, MAX_BELL_EVERY_MIN)
        self.bells_every.setSingleStep(5)
        self.bells_every.setSuffix(" minutes")
        self.bells_every.setAccessibleName("Minutes between bells")
        self.bells_every.valueChanged.connect(lambda _v: self.changed.emit())
        _fit(self.bells_every)
        # Made with its longest wording, so the column of labels is wide enough for either.
        self.every_label = self.row("About every", self.bells_every, stretch=False)
        self.window_from, self.window_to = self._time_pair(
            "Between", "Random bells from", "Random bells until"
        )
        self.quiet = self.check("Quiet hours", "No bells between these times.")
        self.quiet_from, self.quiet_to = self._time_pair("From", "Quiet hours from", "Quiet hours until")
        self.bells_days = DayPicker("bells", self.body)
        self.bells_days.changed.connect(self.changed)
        self.bells_days_label = self.row("On", self.bells_days)
        self.bells_message = self.hint("")
        self.bells_message.setVisible(False)
        self.finish()

    def _time_pair(self, label_text: str, first: str, second: str) -> tuple[QTimeEdit, QTimeEdit]:
        start, end = QTimeEdit(self.body), QTimeEdit(self.body)
        row = QHBoxLayout()
        label = QLabel(label_text, self.body)
        label.setBuddy(start)
        self.row_labels.append(label)
        and_label = QLabel("and" if label_text == "Between" else "to", self.body)
        for edit, name in ((start, first), (end, second)):
            edit.setDisplayFormat("HH:mm")
            edit.setAccessibleName(name)
            _fit(edit)
            edit.timeChanged.connect(lambda _t: self.changed.emit())
        row.addWidget(label)
        row.addWidget(start)
        row.addWidget(and_label)
        row.addWidget(end)
        row.addStretch(1)
        self.column.addLayout(row)
        self._pair_labels[start] = (label, and_label)
        return start, end

    # -- plan <-> controls -------------------------------------------------------------------------
    def _controls(self) -> list[QWidget]:
        return [
            self.bells_mode,
            self.bells_every,
            self.window_from,
            self.window_to,
            self.quiet,
            self.quiet_from,
            self.quiet_to,
        ]

    def load(self, plan: ReminderPlan) -> None:
        """Show ``plan`` without emitting :attr:`changed` (call :meth:`sync_visibility` after)."""
        blockers = [QSignalBlocker(w) for w in self._controls()]
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

    def sync_visibility(self) -> None:
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

    def collect_plan(self, last_good: ReminderPlan) -> ReminderPlan:
        """The plan shown here; bells that aren't valid yet keep ``last_good``'s (and say why)."""
        bells = self._bells(last_good.bells)
        return ReminderPlan(daily=tuple(sorted(self._daily, key=lambda r: r.time)), bells=bells)

    def _bells(self, last_good: MindfulBells | None) -> MindfulBells | None:
        mode = self.bells_mode.currentData()
        if mode == BELLS_OFF:
            say(self.bells_message, "")
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
            say(self.bells_message, str(exc))
            return last_good
        say(self.bells_message, "")
        return bells

    def hide_messages(self) -> None:
        self.bells_message.setVisible(False)
        self.daily_message.setVisible(False)

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
            say(self.daily_message, f"There is already a reminder at {time}.")
            return
        if len(self._daily) >= MAX_DAILY:
            say(self.daily_message, f"Kindly keeps up to {MAX_DAILY} daily reminders.")
            return
        try:
            reminder = DailyReminder(time, self.daily_days.days())
        except ReminderError as exc:
            say(self.daily_message, str(exc))
            return
        say(self.daily_message, "")
        self._daily.append(reminder)
        self._show_daily()
        self.changed.emit()

    def remove_selected(self) -> None:
        """Remove the reminder chosen in the list (the button, or Delete in the list)."""
        row = self.daily_list.currentRow()
        ordered = sorted(self._daily, key=lambda r: r.time)
        if not 0 <= row < len(ordered):
            return
        self._daily.remove(ordered[row])
        self._show_daily()
        self.changed.emit()


__all__ = ["DayPicker", "RemindersPage"]
