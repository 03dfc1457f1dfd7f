"""Builds the real objects and wires them together; every piece of state has one owner elsewhere.

Owners: settings → :class:`SettingsStore`; the practice log → :class:`PracticeLog`; the journal,
course progress and your people → :class:`WritingData`; windows →
:class:`WindowRegistry`; starting and recording a practice → :class:`Practices`; what can be
started → :class:`LibraryModel`; notices → :class:`Notices`. See docs/ARCHITECTURE.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from sessions.clock import Clock, MonotonicClock
from sessions.commands import Command
from sessions.paths import DataPaths
from sessions.records import Record
from sessions.resume_points import ResumePoints
from sessions.settings import Settings
from sessions.trace import TraceWriter
from ui import theme as themes
from ui.app_desktop import people_names, wire_desktop
from ui.app_windows import refresh_greeting, register_windows, wire_main_window
from ui.checkin_flow import CheckIns
from ui.controller import SessionController
from ui.dbus import Bus
from ui.first_window import FirstWindow, identify, use_stylesheet
from ui.inhibit import KeepAwake, make_inhibitor
from ui.library_model import LibraryModel
from ui.look import Look
from ui.mpris import make_media_controls
from ui.notices import Notices
from ui.notifier import make_notifier
from ui.practice_log import PracticeLog
from ui.practices import Practices
from ui.reminders_hub import Reminders
from ui.settings_store import SettingsStore
from ui.tray import Tray
from ui.tray_presenter import TrayPresenter, make_tray
from ui.windows import WindowRegistry
from ui.writing_data import WritingData
from ui.writing_flow import WritingFlow

if TYPE_CHECKING:
    from audio.engine import AudioEngine
    from sessions.history import HistoryLog
    from ui.tray_watch import TrayArrival

#: Said when the tray host goes away while Kindly runs.
TRAY_LOST = (
    "Your desktop's tray has gone away, so Kindly is here in this window instead. "
    "Closing it quits Kindly; open Kindly again whenever you like."
)
#: With ``--once``, how long the closing bell may ring before the app quits.
ONCE_BELL_WAIT_S = 6.0


def _default_engine(volumes: dict[str, float]) -> AudioEngine:
    from audio.engine import AudioEngine
    from audio.sound_cache import SoundCache
    from sessions.paths import cache_dir

    # Bells and breath tones made once and kept: a session then begins as soon as Begin is pressed.
    return AudioEngine(settings_volumes=volumes, sound_cache=SoundCache(cache_dir() / "sounds"))


class KindlyApp(QObject):
    """The running app. Windows are built on first use, so start-up stays light.

    Signals:
        started(): the tray, the practice log and the reminders are up (:meth:`finish_start`).
    """

    started = Signal()

    def __init__(
        self,
        qapp: QApplication,
        paths: DataPaths,
        *,
        clock: Clock | None = None,
        trace: TraceWriter | None = None,
        use_tray: bool = True,
        silent: bool = False,
        engine_factory: Callable[[dict[str, float]], AudioEngine] | None = None,
        check_ins: bool = False,
        desktop_bus: bool = True,
        window_first: bool = False,
        first: FirstWindow | None = None,
    ) -> None:
        """``engine_factory`` makes the audio engine, from the saved volumes, on the first session.

        Tests pass one on a silent backend; ``silent=True`` runs with no engine at all.
        ``check_ins`` allows the optional check-ins (the person can still turn them off).
        ``desktop_bus``: talk to the session bus (inhibit, notifications, MPRIS) when there is one.
        ``window_first``: a launch that opens a window (the launcher's way): the tray icon, the
        practice log and the reminders wait for :meth:`finish_start`, called once that window is
        painted. Otherwise the tray icon is made at once and the rest follows at the first turn of
        the event loop.
        ``first``: the main window, the settings and the library, already made and painted by
        :func:`ui.first_window.show_first_window` (a plain launch): adopted, never made again.
        """
        super().__init__()
        self.qapp, self.paths = qapp, paths
        self.clock = clock or MonotonicClock()
        self.trace = trace
        self.exit_code = 0
        self._once = False
        self._quit_deadline = 0.0
        #: A window-first launch until :meth:`finish_start`: views leave out what needs the practice
        #: log (the greeting, the lengths last used) and fill it in on :attr:`started`.
        self.starting = window_first
        self._finished = False
        if first is None:
            identify(qapp)  # before any window exists
            self.notices = Notices(self)
            self.store, notice = SettingsStore.load(paths.settings, self)
            if notice:
                self.notices.say(notice)
            self.library = LibraryModel(paths, self.notices.say, self)
        else:
            self.notices, self.store, self.library = first.notices, first.store, first.library
            for owned in (self.notices, self.store, self.library):
                owned.setParent(self)
        say = self.notices.say
        use_stylesheet(qapp, self.theme)
        self.store.save_failed.connect(say)
        self.log = PracticeLog(paths.history, say, self)  # opened just after the tray shows
        self.writing = WritingData(paths, say, self)  # the journal, course progress, your people
        self.windows = WindowRegistry(self)
        self.controller = SessionController(self.clock, trace=trace)
        engine = None if silent else (engine_factory or _default_engine)
        self.practices = Practices(
            self.controller,
            store=self.store,
            library=self.library,
            log=self.log,
            windows=self.windows,
            notify=say,
            engine_factory=engine,
            resume_points=ResumePoints(paths.resume),
            parent=self,
        )
        # The desktop's services (DESIGN §2): each behind a small interface, null without a bus.
        self.bus = Bus.session(self) if desktop_bus else None
        self.keep_awake = KeepAwake(self.controller, self.store, make_inhibitor(self.bus, self), self)
        self.notifier = make_notifier(self.bus, self)
        self.look = Look(self.store, self.bus, self)  # the theme now: the setting, the desktop live
        self.media = make_media_controls(
            self.bus, self.controller, raise_window=self.show_practice, parent=self
        )
        self.checkins = CheckIns(
            self.store,
            self.log,
            self.windows,
            say,
            allowed=check_ins,
            people=lambda: people_names(self),
            parent=self,
        )
        register_windows(self)
        if first is not None:
            self.windows.adopt("main", first.window)
            wire_main_window(self, first.window, filled=True)
        self.writing_flow = WritingFlow(self)

        self.controller.session_started.connect(self.checkins.session_started)
        self.practices.recorded.connect(self._recorded)
        self.practices.record_failed.connect(lambda: setattr(self, "exit_code", 1))
        self.practices.ended.connect(self._ended)
        wire_desktop(self)

        self.tray: Tray | None = None
        self.tray_presenter: TrayPresenter | None = None
        self.tray_arrival: TrayArrival | None = None
        #: Window first: the tray icon (and Qt's first "is there a tray?", ~12 ms) waits for
        #: :meth:`show_tray_icon`, after the first window; until then Kindly counts on a tray.
        self._tray_due = use_tray and window_first
        tray_host = self._tray_due or (use_tray and Tray.available())
        if tray_host and not self._tray_due:
            self.tray = make_tray(self)
        elif use_tray and not tray_host:
            self._watch_for_tray()
        qapp.setQuitOnLastWindowClosed(not tray_host)
        icon = self.tray.icon if self.tray is not None else None
        self.reminders = Reminders(
            self.store,
            practices=self.practices,
            controller=self.controller,
            paths=paths,
            tray_icon=icon,
            notifier=self.notifier,
            parent=self,
        )
        # The log and the reminders are read once the event loop runs (or, window first, once the
        # window is painted), so the tray icon or the window is up before they load (they open at
        # once if something asks sooner).
        if not window_first:
            QTimer.singleShot(0, self.finish_start)

    def finish_start(self) -> None:
        """Everything the first window did not need: the tray icon, the practice log, the reminders."""
        if self._finished:
            return
        self._finished = True
        self.starting = False
        self.show_tray_icon()
        _ = self.log.log, self.reminders.scheduler
        # A letter to read again is offered at start and with the person's own reminders.
        self.reminders.scheduler.reminder_due.connect(lambda _kind: self.writing_flow.offer_letters())
        self.writing_flow.offer_letters()
        if self.tray_presenter is not None:
            self.tray_presenter.sync()
        self.started.emit()

    def show_tray_icon(self) -> None:
        """Window first: put the tray icon up, if it is still due (at the latest in :meth:`finish_start`);
        with no tray host after all, live in the main window, as a launch without one always does."""
        if not self._tray_due:
            return
        self._tray_due = False
        if Tray.available():
            self.tray = make_tray(self)
            self.reminders.use_tray(self.tray.icon)
            return
        self.qapp.setQuitOnLastWindowClosed(True)
        self._watch_for_tray()
        from ui.app_commands import NO_TRAY
        from ui.main_window import MainWindow

        window = self.windows.peek("main")
        if isinstance(window, MainWindow) and window.isVisible():
            window.show_notice(NO_TRAY)  # said where it is true, as ui/app_commands.py says it

    def _watch_for_tray(self) -> None:
        """None yet: a panel may come up a little after Kindly (at login, say)."""
        from ui.tray_watch import TrayArrival

        self.tray_arrival = TrayArrival(self.bus, self)
        self.tray_arrival.arrived.connect(self.tray_arrived)

    # -- what others read ---------------------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        """The current settings (owned by :attr:`store`; change them with ``store.update``)."""
        return self.store.value

    @property
    def has_tray(self) -> bool:
        """Kindly lives in the tray (its icon may still be on its way: :meth:`finish_start`)."""
        return self.tray is not None or self._tray_due

    @property
    def theme(self) -> themes.Theme:
        return self.look.theme if hasattr(self, "look") else themes.current(self.store.value.theme)

    @property
    def history(self) -> HistoryLog:
        """The practice log, opened on first use; a damaged one is set aside and reported."""
        return self.log.log

    # -- windows and commands -----------------------------------------------------------------------
    def show_main_window(self) -> None:
        from ui.main_window import MainWindow

        window = self.windows.typed("main", MainWindow)
        if not self.controller.is_active:
            window.show_library()
        refresh_greeting(self)
        self.windows.open("main")

    def show_practice(self) -> None:
        """Bring the running practice's window forward (the pacer, else the player)."""
        if self.windows.is_visible("pacer"):
            self.windows.open("pacer")
        else:
            self.show_main_window()

    def toggle_main_window(self) -> None:
        window = self.windows.peek("main")
        if window is not None and window.isVisible():
            window.hide()
        else:
            self.show_main_window()

    def run_command(self, command: Command, *, handed_over: bool = False) -> None:
        """Carry out a (checked) command once the event loop runs; see :func:`ui.app_commands.run`.

        ``handed_over``: a second launch sent it. Only this process's own command line decides
        ``--once``, so a window opened from another launch never cancels (or starts) quitting.
        """
        from ui.app_commands import run

        if not handed_over:
            self._once = command.once
        run(self, command)

    def run_request(self, command: Command) -> None:
        """A command handed over by a second launch (checked by the same rules as the command line)."""
        try:
            self.run_command(command, handed_over=True)
        except ValueError as exc:
            self.notices.say(str(exc))

    # -- reactions ----------------------------------------------------------------------------------
    def _recorded(self, record: Record) -> None:
        if not self._once:
            self.checkins.after(record)

    def _ended(self) -> None:
        if self._once:
            # Let the last frame reach the screen and the closing bell ring out, then leave.
            self._quit_deadline = self.clock.now() + ONCE_BELL_WAIT_S
            QTimer.singleShot(0, self._quit_when_quiet)

    def tray_arrived(self) -> None:
        """A tray host appeared after Kindly started: the icon goes up, and closing windows no
        longer quits (Kindly lives in the tray from now on, as if the tray had been there)."""
        if self.tray is not None:
            return
        self.tray = make_tray(self)
        self.qapp.setQuitOnLastWindowClosed(False)
        self.reminders.use_tray(self.tray.icon)
        if self.tray_presenter is not None:
            self.tray_presenter.sync()

    def tray_lost(self) -> None:
        """The tray went away while Kindly ran: live in the main window, as on a desktop without one."""
        self.qapp.setQuitOnLastWindowClosed(True)
        self.show_main_window()
        self.notices.say(TRAY_LOST)

    # -- leaving ------------------------------------------------------------------------------------
    def close_log(self) -> None:
        """Release the practice log (at exit), if it was ever opened."""
        self.log.close()

    def quit(self) -> None:
        self.reminders.close()
        self.practices.close()
        self.keep_awake.close()
        self.media.close()
        if self.tray_arrival is not None:
            self.tray_arrival.stop()
        if self.tray is not None:
            self.tray.hide()
        self.qapp.quit()

    def erase_all_data(self) -> None:
        """Settings → "Delete all my data…", confirmed there: delete everything, then leave."""
        from ui.erase_flow import erase_everything

        erase_everything(self)

    def _quit_when_quiet(self) -> None:
        """``--once``: leave when the closing bell has rung out (at most a few seconds)."""
        sound = self.practices.sound
        if sound is not None and sound.is_ringing() and self.clock.now() < self._quit_deadline:
            QTimer.singleShot(100, self._quit_when_quiet)
            return
        self.quit()


__all__ = ["KindlyApp"]
