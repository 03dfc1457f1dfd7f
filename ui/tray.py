"""The tray icon: a breathing break in two clicks, the pacer, the main window, and quit."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from ui.first_window import app_icon

QUICK_MINUTES = (1, 3, 5)


#: Favourites and recent practices shown at the top level of the menu.
MAX_PICKS = 5
#: Longer titles are shortened in the menu (the whole title is its tooltip), so it stays narrow.
MAX_TITLE_CHARS = 34


def _short(title: str) -> str:
    return title if len(title) <= MAX_TITLE_CHARS else title[: MAX_TITLE_CHARS - 1].rstrip() + "…"


def _minutes(minutes: float) -> str:
    return f"{minutes:g} min" if minutes >= 1 else f"{round(minutes * 60)} s"


class Tray(QObject):
    """Kindly's tray icon and menu.

    Signals:
        breathe_requested(float): breathe now for that many minutes.
        pacer_requested(): open the pacer window.
        history_requested(): open the practice history.
        write_requested(): open Write and read (writing practices, the journal, the course).
        window_requested(): show or hide the main window.
        pause_requested(): pause or continue the running session.
        stop_requested(): stop the running session.
        settings_requested(): open the settings window.
        care_requested(): open "About & support".
        session_requested(str, float): start that session (a script id) for that many minutes.
        quit_requested(): leave Kindly.
        lost(): the desktop's tray went away (its host quit or crashed): Kindly must show a window,
            or it would run on with no way to reach it. Emitted once each time the tray goes.
    """

    breathe_requested = Signal(float)
    session_requested = Signal(str, float)
    pacer_requested = Signal()
    history_requested = Signal()
    write_requested = Signal()
    window_requested = Signal()
    pause_requested = Signal()
    stop_requested = Signal()
    settings_requested = Signal()
    care_requested = Signal()
    reminders_pause_requested = Signal(str)
    quit_requested = Signal()
    lost = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.icon = QSystemTrayIcon(app_icon(), self)
        self.icon.setToolTip("Kindly")
        self.menu = QMenu()
        self.breathe_actions: list[QAction] = []
        for minutes in QUICK_MINUTES:
            label = "Breathe for 1 minute" if minutes == 1 else f"Breathe for {minutes} minutes"
            action = self.menu.addAction(label)
            action.triggered.connect(lambda _checked=False, m=minutes: self.breathe_requested.emit(float(m)))
            self.breathe_actions.append(action)
        self.compassion_action = self.menu.addAction("Self-compassion break")
        self.compassion_action.triggered.connect(
            lambda: self.session_requested.emit("self-compassion-break", 3.0)
        )
        # Favourites and recent practices, filled in when the menu opens. They sit below the fixed
        # items above, so nothing a hand has learnt to find ever moves under the pointer.
        self.picks_separator = self.menu.addSeparator()
        self.pick_actions: list[QAction] = []
        for _ in range(MAX_PICKS):
            action = self.menu.addAction("")
            action.setVisible(False)
            action.triggered.connect(lambda _checked=False, a=action: self._pick(a))
            self.pick_actions.append(action)
        self.picks_separator.setVisible(False)
        self.sessions_menu = self.menu.addMenu("All practices")
        self.menu.setToolTipsVisible(True)
        self.menu.addSeparator()
        self.pause_action = self.menu.addAction("Pause")
        self.pause_action.triggered.connect(self.pause_requested)
        self.stop_action = self.menu.addAction("Stop")
        self.stop_action.triggered.connect(self.stop_requested)
        self.menu.addSeparator()
        self.pacer_action = self.menu.addAction("Breathing pacer…")
        self.pacer_action.triggered.connect(self.pacer_requested)
        self.write_action = self.menu.addAction("Write and read…")
        self.write_action.triggered.connect(self.write_requested)
        self.history_action = self.menu.addAction("Your practice…")
        self.history_action.triggered.connect(self.history_requested)
        self.window_action = self.menu.addAction("Open Kindly")
        self.window_action.triggered.connect(self.window_requested)
        self.settings_action = self.menu.addAction("Settings…")
        self.settings_action.triggered.connect(self.settings_requested)
        # "Pause reminders": "" is until resumed, "resume" ends a pause (sessions/reminder_pause.py).
        self.reminders_menu = self.menu.addMenu("Pause reminders")
        for label, choice in (("For 1 hour", "1h"), ("Until tomorrow", "tomorrow"), ("Until I resume", "")):
            action = self.reminders_menu.addAction(label)
            action.triggered.connect(lambda _checked=False, c=choice: self.reminders_pause_requested.emit(c))
        self.resume_reminders_action = self.menu.addAction("Resume reminders")
        self.resume_reminders_action.triggered.connect(lambda: self.reminders_pause_requested.emit("resume"))
        self.set_reminders_paused(offered=False, paused=False)
        self.care_action = self.menu.addAction("About && support…")  # && shows one & (no mnemonic)
        self.care_action.triggered.connect(self.care_requested)
        self.menu.addSeparator()
        self.quit_action = self.menu.addAction("Quit Kindly")
        self.quit_action.triggered.connect(self.quit_requested)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.set_session(active=False, paused=False)
        self._gone = False
        # Qt has no public signal for the tray host going away, and Kindly never polls. The moment it
        # matters is when the last window closes (then the tray is the only way back), so look then.
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.lastWindowClosed.connect(self.check)

    @staticmethod
    def available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def check(self) -> bool:
        """True while the tray is there to show the icon; emits :attr:`lost` when it has gone away.

        Cheap (one question to the window system), so call it whenever reaching Kindly matters: when
        the last window closes (done here) and when a session starts or ends. A hidden icon (Kindly
        is quitting) is not a lost tray.
        """
        if not self.icon.isVisible():
            return False
        if self.available():
            self._gone = False  # there, or back again (Qt docks the icon again by itself)
            return True
        if not self._gone:
            self._gone = True
            self.lost.emit()
        return False

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def set_reminders_paused(self, *, offered: bool, paused: bool, text: str = "") -> None:
        """Offer "Resume reminders" while paused (until when as its tooltip), else "Pause reminders"
        when there are reminders or bells to pause (``offered``)."""
        self.reminders_menu.menuAction().setVisible(offered and not paused)
        self.resume_reminders_action.setVisible(paused)
        self.resume_reminders_action.setToolTip(text)

    def set_session(self, *, active: bool, paused: bool) -> None:
        """Show pause/stop only while a session runs, and mark the icon while it does."""
        self.pause_action.setVisible(active)
        self.stop_action.setVisible(active)
        self.pause_action.setText("Continue" if paused else "Pause")
        self.icon.setIcon(app_icon(active))

    def set_sessions(self, sessions: list[tuple[str, str, tuple[float, ...]]]) -> None:
        """Fill "All practices" with (id, title, lengths): a submenu of lengths when there are
        several, else one item (a recording plays at its own length)."""
        self.sessions_menu.clear()
        self.sessions_menu.setToolTipsVisible(True)
        for session_id, title, lengths in sessions:
            shown = _short(title)
            if len(lengths) == 1:
                action = self.sessions_menu.addAction(f"{shown}, {_minutes(lengths[0])}")
                self._connect(action, session_id, lengths[0], title)
                continue
            submenu = self.sessions_menu.addMenu(shown)
            if shown != title:
                submenu.menuAction().setToolTip(title)
            for minutes in lengths:
                self._connect(submenu.addAction(_minutes(minutes)), session_id, minutes, title)

    def set_picks(self, picks: list[tuple[str, str, float]]) -> None:
        """Favourites and recent practices, (id, title, minutes), at most :data:`MAX_PICKS`."""
        for action, pick in zip(self.pick_actions, [*picks[:MAX_PICKS], *([None] * MAX_PICKS)], strict=False):
            action.setVisible(pick is not None)
            if pick is None:
                action.setData(None)
                continue
            session_id, title, minutes = pick
            action.setText(f"{_short(title)}, {_minutes(minutes)}")
            action.setToolTip(title)
            action.setData((session_id, minutes))
        self.picks_separator.setVisible(bool(picks))

    def _connect(self, action: QAction, session_id: str, minutes: float, title: str) -> None:
        action.setToolTip(title)
        action.triggered.connect(
            lambda _checked=False, sid=session_id, m=minutes: self.session_requested.emit(sid, m)
        )

    def _pick(self, action: QAction) -> None:
        choice = action.data()
        if isinstance(choice, tuple):
            self.session_requested.emit(*choice)

    def show_message(self, text: str) -> None:
        """A notice, as the desktop shows a tray icon's message."""
        self.icon.showMessage("Kindly", text, app_icon(), 8000)

    def set_tooltip(self, text: str) -> None:
        self.icon.setToolTip(text)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.window_requested.emit()
