"""Reminders on time from one single-shot timer, re-armed when the wall clock jumps; and their prompt."""

from __future__ import annotations

import ctypes
import errno
import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, QSocketNotifier, Qt, QTimer, QTimeZone, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSystemTrayIcon, QVBoxLayout, QWidget

from sessions.reminder_rules import SNOOZE_MIN, Arm, Decision, Disarm, Fire, ReminderRules
from sessions.reminders import ReminderKind, ReminderPlan
from ui.a11y import announce
from ui.notifier import DEFAULT_ACTION, Notifier

DAILY_TEXT = "A quiet minute is here if you'd like it."
DAILY_DETAIL = "It's only an invitation: begin, come back to it a little later, or let it pass."
BELL_TEXT = "A mindful bell: a moment to notice one breath, if you like."
#: A daily reminder's buttons in the desktop's notification (the prompt window's three choices).
NOTIFICATION_ACTIONS = (("start", "Start"), ("snooze", f"Snooze {SNOOZE_MIN} min"), ("skip", "Skip"))
#: Without a way to hear about clock changes (not Linux), re-check this often; see ReminderScheduler.
FALLBACK_RECHECK_MS = 60 * 60 * 1000
#: QTimer takes an int of milliseconds.
MAX_TIMER_MS = 2**31 - 1


def system_zone() -> tzinfo:
    """The system's time zone as a ``ZoneInfo`` (so DST changes are known), else a fixed offset."""
    zone_id = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "replace")
    try:
        return ZoneInfo(zone_id)
    except (ValueError, OSError):
        fixed = datetime.now().astimezone().tzinfo
        return fixed if fixed is not None else UTC


def local_now() -> datetime:
    return datetime.now(system_zone())


# -- hearing about wall-clock jumps without polling ------------------------------------------------
class _Timespec(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long)]


class _Itimerspec(ctypes.Structure):
    _fields_ = [("it_interval", _Timespec), ("it_value", _Timespec)]


_CLOCK_REALTIME = 0
_TFD_CLOEXEC = os.O_CLOEXEC
_TFD_NONBLOCK = os.O_NONBLOCK
_TFD_TIMER_ABSTIME = 1
_TFD_TIMER_CANCEL_ON_SET = 2
#: Armed this far ahead: the timer is only there to be cancelled; it never needs to expire.
_FAR_S = 365 * 24 * 3600


class ClockWatch(QObject):
    """Tells when the wall clock was set or the machine woke from sleep — with no wake-ups meanwhile.

    Linux's ``timerfd`` with ``TFD_TIMER_CANCEL_ON_SET``: a realtime timer that the kernel cancels
    (its fd turns readable with ``ECANCELED``) whenever the realtime clock jumps: set by hand, an
    NTP step, or a resume from suspend (the kernel's ``timerfd_resume``). Elsewhere it is simply
    not ``available``. (Python's own ``os.timerfd_*`` arrived in 3.13; this is ctypes on libc.)

    Signals:
        clock_changed(): the wall clock jumped; anything planned by it should be recomputed.
    """

    clock_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fd = -1
        self._notifier: QSocketNotifier | None = None
        if not sys.platform.startswith("linux"):
            return
        try:
            self._libc = ctypes.CDLL(None, use_errno=True)
            fd = self._libc.timerfd_create(_CLOCK_REALTIME, _TFD_CLOEXEC | _TFD_NONBLOCK)
        except (OSError, AttributeError):
            return
        if fd < 0:
            return
        self._fd = fd
        if not self._arm():
            self.close()
            return
        self._notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_readable)

    @property
    def available(self) -> bool:
        return self._fd >= 0

    def _arm(self) -> bool:
        spec = _Itimerspec(_Timespec(0, 0), _Timespec(int(time.time()) + _FAR_S, 0))
        flags = _TFD_TIMER_ABSTIME | _TFD_TIMER_CANCEL_ON_SET
        return bool(self._libc.timerfd_settime(self._fd, flags, ctypes.byref(spec), None) == 0)

    def _on_readable(self) -> None:
        try:
            os.read(self._fd, 8)
        except BlockingIOError:
            return  # woken for nothing
        except OSError as exc:
            if exc.errno != errno.ECANCELED:
                raise
        self._arm()  # a cancelled timer stays disarmed until set again
        self.clock_changed.emit()

    def close(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)  # before the fd goes, or Qt warns about a stale socket
            self._notifier.deleteLater()
            self._notifier = None
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


# -- the scheduler -------------------------------------------------------------------------------
class ReminderScheduler(QObject):
    """Fires reminders from a :class:`ReminderPlan` at their wall-clock times.

    The rules (what is due when, snooze, late grace after sleep, sessions) are
    :class:`~sessions.reminder_rules.ReminderRules`; this is their timer and their clock.

    One single-shot precise ``QTimer``, armed to the next due moment — no polling, no periodic
    wake-ups. A ``QTimer`` counts monotonic time, which stops while the machine sleeps and ignores
    the clock being set, so it is re-armed from the wall clock whenever: it fires (and compares the
    time it expected with the time it is); the :class:`ClockWatch` hears of a jump or a resume;
    the app becomes active; or :meth:`recompute` is called. Wake-ups on Linux: one per reminder,
    plus one per clock change or resume. Where ClockWatch is unavailable, the single-shot is capped
    at an hour (at most 24 extra wake-ups a day) so a jump is noticed within the hour.

    Signals:
        reminder_due(str): ``"daily"`` (words and a prompt) or ``"bell"`` (a bell only).
    """

    reminder_due = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        now: Callable[[], datetime] = local_now,
        seed: int = 0,
        watch_clock: bool = True,
    ) -> None:
        super().__init__(parent)
        self._now = now
        self.rules = ReminderRules(seed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        # Coarse timers may fire up to 5 % early (3 minutes on an hour); precise ones never early.
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.recompute)
        self.watch = ClockWatch(self) if watch_clock else None
        if self.watch is not None and self.watch.available:
            self.watch.clock_changed.connect(self.recompute)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._on_app_state)

    # -- commands --------------------------------------------------------------------------------
    def set_plan(self, plan: ReminderPlan) -> None:
        self._apply(self.rules.set_plan(plan, self._now()))

    def set_session_active(self, active: bool) -> None:
        """While a session runs nothing fires; what fell due is delivered when it ends."""
        self._apply(self.rules.set_session_active(active))

    def snooze(self, minutes: float = SNOOZE_MIN) -> None:
        """Offer the daily prompt again in ``minutes``."""
        self._apply(self.rules.snooze(self._now(), minutes))

    def recompute(self) -> None:
        """Re-read the wall clock: deliver what is due now, and re-arm for the next."""
        self._apply(self.rules.check(self._now()))

    def stop(self) -> None:
        self._timer.stop()
        if self.watch is not None:
            self.watch.close()

    # -- what tests and the tray tooltip may read ------------------------------------------------
    @property
    def due(self) -> tuple[datetime, ReminderKind] | None:
        """The moment the timer is armed for, and what is due then."""
        return self.rules.due

    @property
    def timer(self) -> QTimer:
        return self._timer

    # -- inside ------------------------------------------------------------------------------------
    def _apply(self, decisions: list[Decision]) -> None:
        # The timer first, the signal after: a slot that snoozes (or sets a plan) while the signal is
        # emitted arms the timer anew, and a stale wake-up decided before it must not undo that.
        for decision in decisions:
            if isinstance(decision, Arm):
                limit = (
                    MAX_TIMER_MS if self.watch is not None and self.watch.available else FALLBACK_RECHECK_MS
                )
                self._timer.start(min(decision.wait_ms, limit))
            elif isinstance(decision, Disarm):
                self._timer.stop()
        for decision in decisions:
            if isinstance(decision, Fire):
                self.reminder_due.emit(decision.kind)
        # Defer and Drop need nothing here: the rules hold the deferred one, a late one just goes.

    def _on_app_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.recompute()


# -- what the person sees --------------------------------------------------------------------------
class ReminderPrompt(QWidget):
    """A small, quiet, non-modal window: Start, Snooze 10 min, or Skip.

    It appears without taking keyboard focus from whatever the person is doing; once they turn to
    it, Start has focus, Enter presses the focused button, Esc skips, and Alt+S / Alt+N / Alt+K
    reach each button.

    Signals:
        start_requested(): the person would like the quiet minute now.
        snooze_requested(int): offer it again in that many minutes.
        skipped(): let this one pass.
    """

    start_requested = Signal()
    snooze_requested = Signal(int)
    skipped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self.setWindowTitle("Kindly")
        self.setAccessibleName("Kindly reminder")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.message = QLabel(DAILY_TEXT, self)
        self.message.setWordWrap(True)
        self.message.setObjectName("prompt")
        self.detail = QLabel(DAILY_DETAIL, self)
        self.detail.setObjectName("muted")
        self.detail.setWordWrap(True)
        self.start_button = QPushButton("&Start", self)
        self.start_button.setObjectName("primary")
        self.start_button.setAccessibleName("Start a quiet minute")
        self.snooze_button = QPushButton(f"S&nooze {SNOOZE_MIN} min", self)
        self.snooze_button.setAccessibleName(f"Remind me again in {SNOOZE_MIN} minutes")
        self.skip_button = QPushButton("S&kip", self)
        self.skip_button.setAccessibleName("Skip this reminder")

        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.start_button, 1)
        buttons.addWidget(self.snooze_button)
        buttons.addWidget(self.skip_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 18)
        layout.setSpacing(10)
        layout.addWidget(self.message)
        layout.addWidget(self.detail)
        layout.addSpacing(4)
        layout.addLayout(buttons)
        self.setStyleSheet("QLabel#prompt { font-size: 13pt; }")

        self.start_button.clicked.connect(lambda: self._answer(self.start_requested.emit))
        self.snooze_button.clicked.connect(
            lambda: self._answer(lambda: self.snooze_requested.emit(SNOOZE_MIN))
        )
        self.skip_button.clicked.connect(lambda: self._answer(self.skipped.emit))
        for button in (self.start_button, self.snooze_button, self.skip_button):
            button.setAutoDefault(True)  # Enter presses the focused button, as in a dialog
        self.setTabOrder(self.start_button, self.snooze_button)
        self.setTabOrder(self.snooze_button, self.skip_button)
        self.setFixedWidth(max(360, self.sizeHint().width()))

    def offer(self) -> None:
        """Show the prompt in the corner of the screen, without stealing focus."""
        self.adjustSize()
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            self.move(area.right() - self.width() - 24, area.bottom() - self.height() - 24)
        self.show()
        self.raise_()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.start_button.setFocus()
        announce(self, f"{DAILY_TEXT} {DAILY_DETAIL}")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.skip_button.click()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing the window is a skip: the person said no, and nothing else should follow.
        if self.isVisible():
            self.skipped.emit()
        super().closeEvent(event)

    def _answer(self, emit: Callable[[], None]) -> None:
        self.hide()
        emit()


class ReminderPresenter(QObject):
    """Turns ``reminder_due`` into what the person sees: a tray notification, and the prompt.

    A bell only shows a short notification (the app rings the bell itself); a daily reminder also
    offers the prompt. Clicking the notification brings the prompt forward with keyboard focus.

    Signals:
        start_requested(), snooze_requested(int), skipped(): the person's answer.
    """

    start_requested = Signal()
    snooze_requested = Signal(int)
    skipped = Signal()

    def __init__(
        self,
        tray_icon: QSystemTrayIcon | None = None,
        parent: QObject | None = None,
        *,
        notifier: Notifier | None = None,
    ) -> None:
        super().__init__(parent)
        self.tray_icon = tray_icon
        self.notifier = notifier
        self._prompt: ReminderPrompt | None = None
        if tray_icon is not None:
            tray_icon.messageClicked.connect(self._bring_forward)
        if notifier is not None:
            notifier.action_invoked.connect(self._action)
            notifier.failed.connect(self._not_shown)

    @property
    def prompt(self) -> ReminderPrompt:
        if self._prompt is None:
            prompt = ReminderPrompt()
            prompt.start_requested.connect(self.start_requested)
            prompt.snooze_requested.connect(self.snooze_requested)
            prompt.skipped.connect(self.skipped)
            self._prompt = prompt
        return self._prompt

    def present(self, kind: str) -> None:
        """A daemon shows our own notification (Start / Snooze / Skip on a daily one); without
        one, the tray's balloon and Kindly's own prompt window."""
        notifier = self.notifier
        if notifier is not None and notifier.available:
            if kind == "bell":
                notifier.show("bell", "Kindly", BELL_TEXT, (), 6000)
            else:
                notifier.show("daily", "Kindly", DAILY_TEXT, NOTIFICATION_ACTIONS)
            return
        if kind == "bell":
            self._notify(BELL_TEXT, 6000)
            return
        self._notify(DAILY_TEXT, 10000)
        self.prompt.offer()

    def withdraw(self) -> None:
        """The person began a practice some other way: the invitation has done its work."""
        if self.notifier is not None:
            self.notifier.withdraw("daily")
        if self._prompt is not None and self._prompt.isVisible():
            self._prompt.hide()

    def _not_shown(self, key: str) -> None:
        """The daemon could not show it after all: the balloon and prompt, as without one."""
        if key == "daily":
            self._notify(DAILY_TEXT, 10000)
            self.prompt.offer()

    def _action(self, key: str, action: str) -> None:
        if key != "daily":
            return
        if action == "start":
            self.start_requested.emit()
        elif action == "snooze":
            self.snooze_requested.emit(SNOOZE_MIN)
        elif action == "skip":
            self.skipped.emit()
        elif action == DEFAULT_ACTION:  # the notification itself: the same choice, in a window
            self.prompt.offer()

    def close(self) -> None:
        if self._prompt is not None:
            self._prompt.hide()
            self._prompt.deleteLater()
            self._prompt = None

    def _notify(self, text: str, duration_ms: int) -> None:
        if self.tray_icon is not None and self.tray_icon.isVisible() and QSystemTrayIcon.supportsMessages():
            self.tray_icon.showMessage("Kindly", text, self.tray_icon.icon(), duration_ms)

    def _bring_forward(self) -> None:
        if self._prompt is not None and self._prompt.isVisible():
            self._prompt.raise_()
            self._prompt.activateWindow()


__all__ = [
    "BELL_TEXT",
    "DAILY_TEXT",
    "ClockWatch",
    "ReminderPresenter",
    "ReminderPrompt",
    "ReminderScheduler",
    "local_now",
    "system_zone",
]
