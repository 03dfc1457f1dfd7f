"""Builds the real objects (tray, windows, controller, log) and wires them together."""

from __future__ import annotations

import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from sessions.clock import Clock, MonotonicClock
from sessions.events import SessionEnded
from sessions.paths import DataPaths
from sessions.patterns import PRESET_BLURBS, PRESETS, Pattern, PatternError, parse_pattern
from sessions.records import HistoryError, Record, worth_keeping  # light: no log storage
from sessions.settings import Settings, load_settings, save_settings
from sessions.timeline import Timeline, breathing_timeline, mmss
from sessions.trace import TraceWriter
from ui import theme as themes
from ui.controller import SessionController
from ui.tray import Tray, app_icon

if TYPE_CHECKING:
    from audio.engine import AudioEngine
    from audio.recordings import Recording
    from sessions.history import HistoryLog
    from sessions.scripts import Library
    from ui.care import CareDialog
    from ui.checkin import CheckIn, CheckInDialog
    from ui.history_window import HistoryWindow
    from ui.main_window import MainWindow, Playable
    from ui.pacer import PacerWindow
    from ui.reminder_scheduler import ReminderPresenter, ReminderScheduler
    from ui.settings_window import SettingsWindow
    from ui.sound import EngineSound

#: Said when the tray host goes away while Kindly runs.
TRAY_LOST = (
    "Your desktop's tray has gone away, so Kindly is here in this window instead. "
    "Closing it quits Kindly; open Kindly again whenever you like."
)

#: With ``--once``, how long the closing bell may ring before the app quits.
ONCE_BELL_WAIT_S = 6.0


@dataclass(frozen=True)
class Command:
    """What the command line asked the app to do once it is up."""

    name: str = "window"  # window | background | start | pacer | history | settings
    session_id: str = "breathing"
    pattern: str | None = None
    minutes: float | None = None
    open_ended: bool = False
    once: bool = False


def _default_engine(volumes: dict[str, float]) -> AudioEngine:
    from audio.engine import AudioEngine

    return AudioEngine(settings_volumes=volumes)


def _now() -> datetime:
    return datetime.now().astimezone()


class KindlyApp(QObject):
    """The running app. Windows are built on first use, so start-up stays light."""

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
    ) -> None:
        """``engine_factory`` makes the audio engine, from the saved volumes, on the first session.

        Tests pass one on a silent backend; ``silent=True`` runs with no engine at all.
        """
        super().__init__()
        self.qapp = qapp
        self.paths = paths
        self.clock = clock or MonotonicClock()
        self.trace = trace
        self.notices: list[str] = []
        self.exit_code = 0
        self._once = False
        self._session_started_at: datetime | None = None
        self._pacer: PacerWindow | None = None
        self._main: MainWindow | None = None
        self.tray: Tray | None = None  # set below, once the log and settings are read
        self._library: Library | None = None
        self._recordings: list[Recording] | None = None
        self._engine_factory = None if silent else (engine_factory or _default_engine)
        self.sound: EngineSound | None = None
        self._quit_deadline = 0.0
        self._history_window: HistoryWindow | None = None
        #: Ask "How are you, right now?" before guided sessions and after every kept session.
        self.check_ins = check_ins
        self._mood_before: int | None = None

        qapp.setApplicationName("Kindly")
        qapp.setApplicationDisplayName("Kindly")
        qapp.setWindowIcon(app_icon())
        self.settings, notice = load_settings(paths.settings)
        self.theme = themes.current(self.settings.theme)
        qapp.setStyleSheet(themes.stylesheet(self.theme))
        # Check-ins are offered only when the caller allows them (not in tests) and the person does.
        self._check_ins_allowed = check_ins
        self.check_ins = check_ins and self.settings.mood_checkins
        if notice:
            self._notify(notice)
        self._history: HistoryLog | None = None  # opened just after the tray shows (see _finish_start)

        self.controller = SessionController(self.clock, trace=trace)
        self.controller.session_started.connect(self._on_started)
        self.controller.session_finished.connect(self._on_finished)
        self.controller.state_changed.connect(self._sync_tray)

        if use_tray and Tray.available():
            self.tray = Tray(self)
            self.tray.breathe_requested.connect(self.breathe_now)
            self.tray.pacer_requested.connect(self.show_pacer)
            self.tray.history_requested.connect(self.show_history)
            self.tray.window_requested.connect(self.toggle_main_window)
            self.tray.pause_requested.connect(self.controller.toggle_pause)
            self.tray.stop_requested.connect(self.controller.stop)
            self.tray.quit_requested.connect(self.quit)
            self.tray.session_requested.connect(self._tray_session)
            self.tray.settings_requested.connect(self.show_settings)
            self.tray.care_requested.connect(self.show_care)
            # The library is read when the menu first opens, not at start-up.
            self.tray.menu.aboutToShow.connect(self._fill_tray_menu)
            self.controller.cue_fired.connect(self._tray_tooltip_on_cue)
            self.tray.show()
            self.tray.lost.connect(self._tray_lost)
        qapp.setQuitOnLastWindowClosed(self.tray is None)

        self._settings_window: SettingsWindow | None = None
        self._care: CareDialog | None = None
        self._reminders: ReminderScheduler | None = None
        self._reminder_presenter: ReminderPresenter | None = None
        # Tray first: the log and the reminders are read once the event loop runs, so the icon is
        # up before they load (properties below open them at once if something asks sooner).
        QTimer.singleShot(0, self._finish_start)

    def _finish_start(self) -> None:
        _ = self.history, self.reminders
        self._sync_tray()

    @property
    def history(self) -> HistoryLog:
        """The practice log, opened on first use; a damaged one is set aside and reported."""
        if self._history is None:
            from sessions.history import HistoryLog

            self._history = HistoryLog(self.paths.history)
            if self._history.notice:
                self._notify(self._history.notice)
        return self._history

    @property
    def reminders(self) -> ReminderScheduler:
        """Reminders and mindful bells: one single-shot timer, armed with the saved plan."""
        if self._reminders is None:
            from ui.reminder_scheduler import ReminderPresenter, ReminderScheduler

            # A seed per data folder keeps random bells where they were.
            reminders = ReminderScheduler(self, seed=zlib.crc32(str(self.paths.root).encode()))
            presenter = ReminderPresenter(self.tray.icon if self.tray else None, self)
            reminders.reminder_due.connect(self._on_reminder_due)
            presenter.start_requested.connect(lambda: self.breathe_now(1.0))
            presenter.snooze_requested.connect(reminders.snooze)
            self.controller.session_started.connect(lambda: reminders.set_session_active(True))
            self.controller.session_finished.connect(lambda _event: reminders.set_session_active(False))
            self._reminders, self._reminder_presenter = reminders, presenter
            reminders.set_session_active(self.controller.is_active)
            reminders.set_plan(self.settings.reminders)
        return self._reminders

    @property
    def reminder_presenter(self) -> ReminderPresenter:
        _ = self.reminders
        assert self._reminder_presenter is not None
        return self._reminder_presenter

    # -- windows ------------------------------------------------------------------------------
    @property
    def pacer(self) -> PacerWindow:
        from ui.pacer import PacerWindow

        if self._pacer is None:
            pacer = PacerWindow(self.controller)
            pacer.orb.theme = self.theme
            pacer.orb.reduced_motion = self.settings.reduced_motion
            pacer.select(self.settings.pattern, self.settings.minutes)
            pacer.no_holds.setChecked(self.settings.no_holds)
            pacer.set_keep_on_top(self.settings.always_on_top)
            # Connected last: restoring saved choices above is not a change worth saving.
            pacer.start_requested.connect(self.start_breathing)
            pacer.settings_changed.connect(self._pacer_settings_changed)
            self._pacer = pacer
        return self._pacer

    @property
    def library(self) -> Library:
        """Built-in and user scripts, read on first use (not at start-up)."""
        from sessions.library import load_builtin_library

        if self._library is None:
            self._library = load_builtin_library(self.paths.user_sessions)
        return self._library

    @property
    def recordings(self) -> list[Recording]:
        """The person's imported recordings, read on first use."""
        from audio.recordings import LibraryError, list_recordings

        if self._recordings is None:
            try:
                self._recordings = list_recordings(self.paths.recordings)
            except LibraryError as exc:
                self._notify(str(exc))
                self._recordings = []
        return self._recordings

    @property
    def main_window(self) -> MainWindow:
        from ui.main_window import MainWindow

        if self._main is None:
            window = MainWindow(self.controller)
            window.set_playables(self._playables())
            window.play_requested.connect(self._play)
            window.player.set_volume(self.settings.voice_volume)
            window.player.volume_changed.connect(self._voice_volume_changed)
            window.player.volume.sliderReleased.connect(self._save_settings)
            window.pacer_requested.connect(self.show_pacer)
            window.files_dropped.connect(self.add_recordings)
            window.add_recordings_requested.connect(self._choose_recordings)
            window.care_requested.connect(self.show_care)
            window.care.dismissed.connect(self._care_dismissed)
            window.history_requested.connect(self.show_history)
            for notice in self.notices:
                window.show_notice(notice)
            self._main = window
            self._refresh_greeting()
        return self._main

    @property
    def history_window(self) -> HistoryWindow:
        from ui.history_window import HistoryWindow, SessionChoice

        if self._history_window is None:
            choices = [SessionChoice(s.id, s.title, s.kind) for s in self.library.scripts]
            choices.append(SessionChoice("other", "Another practice", "other"))
            window = HistoryWindow(
                self.history, self.theme, _now, choices=choices, show_streaks=self.settings.show_streaks
            )
            window.log_changed.connect(self._refresh_greeting)
            window.log_changed.connect(self._sync_tray)
            self._history_window = window
        return self._history_window

    def show_history(self) -> None:
        window = self.history_window
        window.show()
        window.raise_()
        window.activateWindow()

    def show_main_window(self) -> None:
        window = self.main_window
        if not self.controller.is_active:
            window.show_library()
        self._refresh_greeting()
        window.show()
        window.raise_()
        window.activateWindow()

    def toggle_main_window(self) -> None:
        if self._main is not None and self._main.isVisible():
            self._main.hide()
        else:
            self.show_main_window()

    def show_pacer(self) -> None:
        pacer = self.pacer
        pacer.show()
        pacer.raise_()
        pacer.activateWindow()

    # -- commands -----------------------------------------------------------------------------
    def run_command(self, command: Command, *, handed_over: bool = False) -> None:
        """Carry out what the command line asked, once the event loop runs.

        ``handed_over``: a second launch sent it. Only this process's own command line decides
        ``--once``, so a window opened from another launch never cancels (or starts) quitting.
        """
        from sessions.library import GUIDED_BREATHING_MIN_MINUTES

        if not handed_over:
            self._once = command.once
        if command.name == "start" and command.session_id != "breathing":
            script = self.library.get(command.session_id)
            if script is None:
                raise ValueError(f"there is no session '{command.session_id}'")
            self.play_guided(command.session_id, command.minutes or script.lengths_min[0])
        elif command.name == "start":
            pattern_text = command.pattern or self.settings.pattern
            pattern = parse_pattern(pattern_text, no_holds=self.settings.no_holds)
            minutes = None if command.open_ended else (command.minutes or self.settings.minutes)
            if minutes is not None and minutes >= GUIDED_BREATHING_MIN_MINUTES:
                # Long enough for a few spoken words around the breathing (CONTENT.md).
                self.play_guided("breathing", minutes, pattern=pattern)
            else:
                self.show_pacer()
                self.pacer.select(pattern_text, minutes)
                self.start_breathing(pattern, minutes)
        elif command.name == "pacer":
            self.show_pacer()
            if command.pattern or command.minutes:
                self.pacer.select(
                    command.pattern or self.settings.pattern, command.minutes or self.settings.minutes
                )
            if command.minutes or command.once:
                # A length (or --once) asks for a session now: the plain pacer, at any length.
                self.pacer.primary_action()
        elif command.name == "history":
            self.show_history()
        elif command.name == "settings":
            self.show_settings()
        elif command.name != "background" or self.tray is None:
            self.show_main_window()  # in the background only the tray shows, if there is one
        if self.tray is None and command.name in ("window", "background"):
            self.main_window.show_notice(
                "Your desktop has no system tray, so Kindly lives in this window. Closing it quits Kindly."
            )

    def run_request(self, request: dict[str, object]) -> None:
        """A command handed over by a second launch (ui/single_instance.py checked its shape)."""
        args = request.get("args")
        given = args if isinstance(args, dict) else {}
        minutes = given.get("minutes")
        command = Command(
            name=str(request.get("command", "window")),
            session_id=str(given.get("session_id") or "breathing"),
            pattern=str(given["pattern"]) if given.get("pattern") else None,
            minutes=float(minutes) if isinstance(minutes, int | float) else None,
            open_ended=bool(given.get("open_ended", False)),
        )
        try:
            self.run_command(command, handed_over=True)
        except (ValueError, PatternError) as exc:
            self._notify(str(exc))

    # -- settings, care, reminders --------------------------------------------------------------
    def show_settings(self) -> None:
        from ui.settings_window import SettingsWindow

        if self._settings_window is None:
            window = SettingsWindow(self.settings, theme=self.theme, data_dir=self.paths.root)
            window.erase_requested.connect(self.erase_all_data)
            window.settings_changed.connect(self._apply_settings)
            window.adjustment_finished.connect(lambda _s: self._save_settings())
            self._settings_window = window
        else:
            self._settings_window.set_settings(self.settings)
        self._settings_window.show()
        self._settings_window.raise_()
        self._settings_window.activateWindow()

    def _apply_settings(self, updated: Settings) -> None:
        """Every change from the settings window, applied at once (and saved, except mid-drag)."""
        old, self.settings = self.settings, updated
        if self.sound is not None:
            for channel, volume in updated.volumes().items():
                self.sound.engine.set_volume(channel, volume)  # type: ignore[arg-type]
            self.sound.tones = updated.sounds
        if updated.theme != old.theme:
            self.theme = themes.current(updated.theme)
            self.qapp.setStyleSheet(themes.stylesheet(self.theme))
            if self._settings_window is not None:
                self._settings_window.set_theme(self.theme)
        if self._pacer is not None:
            self._pacer.orb.reduced_motion = updated.reduced_motion
            self._pacer.orb.theme = self.theme
            if updated.always_on_top != old.always_on_top:
                self._pacer.set_keep_on_top(updated.always_on_top)
            breathing = (updated.pattern, updated.minutes, updated.no_holds)
            if breathing != (old.pattern, old.minutes, old.no_holds):
                self._pacer.select(updated.pattern, updated.minutes)
                self._pacer.no_holds.setChecked(updated.no_holds)
        if self._main is not None:
            self._main.player.set_volume(updated.voice_volume)
        if updated.reminders != old.reminders:
            self.reminders.set_plan(updated.reminders)
        if updated.start_at_login != old.start_at_login:
            from ui.desktop import set_autostart

            try:
                set_autostart(updated.start_at_login)
            except OSError as exc:
                self._notify(f"Starting at login could not be changed ({exc.strerror or exc}).")
        self.check_ins = self._check_ins_allowed and updated.mood_checkins
        if self._history_window is not None and updated.show_streaks != old.show_streaks:
            self._history_window.show_streaks = updated.show_streaks
            self._history_window.refresh()
        if self._settings_window is None or not self._settings_window.is_adjusting():
            self._save_settings()

    def show_care(self) -> None:
        from ui.care import CareDialog

        if self._care is None:
            self._care = CareDialog(self.settings.crisis_line, theme=self.theme)
            self._care.crisis_line_changed.connect(self._crisis_line_changed)
        self._care.show()
        self._care.raise_()
        self._care.activateWindow()

    def _crisis_line_changed(self, line: str) -> None:
        self.settings = replace(self.settings, crisis_line=line)
        self._save_settings()

    def _care_dismissed(self) -> None:
        self.settings = replace(self.settings, care_dismissed_at=_now().isoformat())
        self._save_settings()

    def _refresh_care(self) -> None:
        """Show the gentle note after several low check-ins; never again within a week of a dismissal."""
        from ui.care import recent_moods, should_suggest

        if self._main is None:
            return
        try:
            moods = recent_moods(self.history.records(), _now())
        except HistoryError:
            return
        dismissed = self.settings.care_dismissed_at
        when = datetime.fromisoformat(dismissed) if dismissed else None
        self._main.care.setVisible(should_suggest(moods, when, _now()))

    def _on_reminder_due(self, kind: str) -> None:
        if kind == "bell":
            sound = self._ensure_sound()
            if sound is not None:
                sound.engine.play_bell("small-bowl", volume=0.7)
        self.reminder_presenter.present(kind)

    def breathe_now(self, minutes: float) -> None:
        pattern = parse_pattern(self.settings.pattern, no_holds=self.settings.no_holds)
        self.show_pacer()
        self.pacer.select(self.settings.pattern, minutes)
        self.start_breathing(pattern, minutes)

    def start_breathing(self, pattern: Pattern, minutes: float | None) -> None:
        self.start(breathing_timeline(pattern, minutes))

    def start(self, timeline: Timeline) -> None:
        sound = self._ensure_sound()
        if sound is not None:
            # Build this session's bells and tones before its clock starts, so every cue is on time.
            sound.prepare(timeline)
            if sound.engine.notice:
                self._notify(sound.engine.notice)
        self.controller.start(timeline)
        if sound is not None and self.settings.ambient:
            sound.engine.start_ambient(self.settings.ambient)

    def _ensure_sound(self) -> EngineSound | None:
        from ui.sound import EngineSound

        if self.sound is None and self._engine_factory is not None:
            self.sound = EngineSound(
                self._engine_factory(self.settings.volumes()),
                tones=self.settings.sounds,
                on_notice=self._notify,  # the sound device vanished mid-session: say so once
            )
            self.controller.sound = self.sound
        return self.sound

    def play_guided(self, session_id: str, minutes: float, *, pattern: Pattern | None = None) -> bool:
        """Start a guided session in the main window's player; False (and a notice) if it can't."""
        from audio.tags import duration_s
        from sessions.guided import guided_timeline
        from sessions.scripts import ScriptError

        script = self.library.get(session_id)
        if script is None:
            self._notify(f"The session '{session_id}' could not be found.")
            return False
        try:
            timeline = guided_timeline(
                script, minutes, duration_s, pattern=pattern, no_holds=self.settings.no_holds
            )
        except (ScriptError, PatternError) as exc:
            self._notify(f"'{script.title}' can't be played: {exc}")
            return False
        window = self.main_window
        self.start(timeline)
        window.show_player()
        self.show_main_window()
        return True

    def close_log(self) -> None:
        """Release the practice log (at exit), if it was ever opened."""
        if self._history is not None:
            self._history.close()

    def quit(self) -> None:
        if self._reminders is not None:  # made together with its presenter
            self._reminders.stop()
            self.reminder_presenter.close()
        if self.controller.is_active:
            self.controller.stop()
        if self.tray is not None:
            self.tray.hide()
        if self.sound is not None:
            self.sound.engine.close()
        self.qapp.quit()

    def _tray_lost(self) -> None:
        """The tray went away while Kindly ran: live in the main window, as on a desktop without one."""
        self.qapp.setQuitOnLastWindowClosed(True)
        self.show_main_window()
        self._notify(TRAY_LOST)

    def erase_all_data(self) -> None:
        """Settings → "Delete all my data…", confirmed there: delete everything Kindly keeps, then leave."""
        from sessions.erase import EraseError, erase_all, remaining
        from ui.desktop import set_autostart

        self.check_ins = False  # no check-in for a session about to be deleted
        if self.controller.is_active:
            self.controller.stop()  # first: a session logged after the erase would survive it
        if self._reminders is not None:
            self._reminders.stop()
        self.close_log()
        try:
            set_autostart(False)  # it would start a Kindly with no settings at the next login
        except OSError as exc:
            self._notify(f"Starting at login could not be switched off ({exc.strerror or exc}).")
        try:
            erase_all(self.paths)
        except EraseError as exc:
            self._history = None  # opened afresh on next use
            self.show_main_window()
            self._notify(f"{exc}. Everything else was deleted.")
            return
        left = remaining(self.paths)
        kept = f" Files Kindly did not make were left in {self.paths.root}." if left else ""
        print(f"kindly: all your Kindly data was deleted.{kept}", file=sys.stderr)
        self.quit()

    def _quit_when_quiet(self) -> None:
        """``--once``: leave when the closing bell has rung out (at most a few seconds)."""
        if self.sound is not None and self.sound.is_ringing() and self.clock.now() < self._quit_deadline:
            QTimer.singleShot(100, self._quit_when_quiet)
            return
        self.quit()

    # -- reactions ----------------------------------------------------------------------------
    def _play(self, playable: Playable, minutes: float | None) -> None:
        if playable.kind == "breathing":
            try:
                pattern = parse_pattern(playable.key, no_holds=self.settings.no_holds)
            except PatternError as exc:
                self._notify(str(exc))
                return
            self.show_pacer()
            self.pacer.select(playable.key, minutes)
            self.start_breathing(pattern, minutes)
        elif playable.kind == "recording":
            recording = next((r for r in self.recordings if r.id == playable.key), None)
            if recording is not None:
                self.play_recording(recording)
        elif minutes is not None:
            key, length = playable.key, float(minutes)
            self.ask_before(lambda: self.play_guided(key, length))

    def play_recording(self, recording: Recording) -> bool:
        """Play an imported recording in the player; a file gone missing is a notice, not a session."""
        from sessions.guided import recording_timeline

        if not recording.path.is_file():
            self._notify(
                f"“{recording.title}” can't be played: its file is no longer in your library folder "
                f"({recording.path.parent}). Nothing was logged."
            )
            return False
        timeline = recording_timeline(
            recording.id,
            recording.title,
            kind=recording.kind,
            path=recording.path,
            duration_s=recording.duration_s,
            captions=[(c.start_s, c.text) for c in recording.captions],
        )
        window = self.main_window
        self.start(timeline)
        window.show_player()
        self.show_main_window()
        return True

    def add_recordings(self, files: list[str]) -> int:
        """Import audio files into the library; says what was added and what was refused, and why."""
        from audio.recordings import LibraryError, import_recordings

        try:
            report = import_recordings([Path(f) for f in files], self.paths.recordings)
        except LibraryError as exc:
            self._notify(str(exc))
            return 0
        lines = [f"Added “{t.title}” ({mmss(t.duration_s)})." for t in report.imported]
        lines += [f"Not added: {failure}" for failure in report.failed]
        for line in lines:
            self._notify(line)
        self._recordings = None
        if self._main is not None:
            self._main.set_playables(self._playables())
        return len(report.imported)

    def _choose_recordings(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(
            self._main,
            "Add recordings",
            str(Path.home()),
            "Audio (*.mp3 *.ogg *.oga *.flac *.wav *.opus);;All files (*)",
        )
        if files:
            self.add_recordings(files)

    def _on_started(self) -> None:
        self._session_started_at = _now()

    def _on_finished(self, event: SessionEnded) -> None:
        if self.sound is not None and self.settings.ambient:
            self.sound.engine.stop_ambient()
        runner = self.controller.runner
        if runner is not None and worth_keeping(event.practiced_s, event.completed):
            timeline = runner.timeline
            ended = _now()
            started = self._session_started_at or ended - timedelta(seconds=event.practiced_s)
            if started > ended:  # the wall clock was set back during the session (NTP, a time zone)
                started = ended - timedelta(seconds=event.practiced_s)
            record = Record.new(
                started_at=started,
                ended_at=ended,
                session_id=timeline.session_id,
                title=timeline.title,
                kind=timeline.kind,
                pattern=timeline.pattern_id,
                planned_seconds=event.planned_s,
                practiced_seconds=event.practiced_s,
                completed=event.completed,
                mood_before=self._mood_before,
            )
            self._mood_before = None
            try:
                self.history.append(record)
            except HistoryError as exc:
                self._notify(f"This session could not be saved to your log: {exc}")
                self.exit_code = 1
            else:
                if self._history_window is not None:
                    self._history_window.refresh()
                if self.check_ins and not self._once:
                    self.ask_after(record.id)
        self._refresh_greeting()
        self._sync_tray()
        if self._once:
            # Let the last frame reach the screen and the closing bell ring out, then leave.
            self._quit_deadline = self.clock.now() + ONCE_BELL_WAIT_S
            QTimer.singleShot(0, self._quit_when_quiet)

    # -- check-ins ------------------------------------------------------------------------------
    def ask_before(self, then: Callable[[], object]) -> None:
        """The optional one-tap check-in, then ``then()`` (at once when check-ins are off)."""
        from ui.checkin import CheckInDialog

        self._mood_before = None
        if not self.check_ins:
            then()
            return
        dialog = CheckInDialog(self.theme, parent=self._main)

        def answered(result: CheckIn) -> None:
            self._mood_before = result.mood
            then()

        dialog.checked_in.connect(answered)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def ask_after(self, record_id: str) -> CheckInDialog:
        """The check-in and reflection after a session; what is given is saved on that record."""
        from sessions.journal import prompt_for_date
        from sessions.stats import practice_day
        from ui.checkin import CheckInDialog

        prompt = prompt_for_date(practice_day(_now()))
        dialog = CheckInDialog(self.theme, after=True, prompt=prompt, parent=self._main)

        def answered(result: CheckIn) -> None:
            if result.skipped:
                return
            try:
                self.history.update(record_id, mood_after=result.mood, note=result.note)
            except HistoryError as exc:
                self._notify(f"Your check-in could not be saved: {exc}")
                return
            if self._history_window is not None:
                self._history_window.refresh()
            self._refresh_care()

        dialog.checked_in.connect(answered)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _sync_tray(self) -> None:
        if self.tray is None:
            return
        self.tray.set_session(active=self.controller.is_active, paused=self.controller.is_paused)
        self._update_tooltip()

    def _update_tooltip(self) -> None:
        """Time left in a running session, or today's practice (DESIGN: the tray's one line)."""
        if self.tray is None:
            return
        runner = self.controller.runner
        if runner is not None and runner.is_active:
            state = runner.state_at_now()
            left = "" if state.remaining_s is None else f", {mmss(state.remaining_s)} left"
            paused = " (paused)" if self.controller.is_paused else ""
            self.tray.set_tooltip(f"Kindly — {runner.timeline.title}{left}{paused}")
        else:
            self.tray.set_tooltip(f"Kindly — {self._today_text()}")

    def _tray_tooltip_on_cue(self, cue: object) -> None:
        del cue  # any cue is a moment worth refreshing the time left (no timer of its own)
        self._update_tooltip()

    def _fill_tray_menu(self) -> None:
        if self.tray is None:
            return
        sessions = [(s.id, s.title, s.lengths_min[0]) for s in self.library.scripts]
        sessions += [(f"recording:{r.id}", r.title, r.duration_s / 60) for r in self.recordings]
        self.tray.set_sessions(sessions)
        try:
            records = self.history.records()
        except HistoryError:
            records = []
        last = records[-1] if records else None
        if last is None or last.planned_seconds is None:
            self.tray.set_again(None)
        else:
            self.tray.set_again((last.session_id, last.title, round(last.planned_seconds / 60, 2)))

    def _tray_session(self, session_id: str, minutes: float) -> None:
        """A session from the tray: two clicks, no questions (the check-in comes after, if kept)."""
        from sessions.library import GUIDED_BREATHING_MIN_MINUTES

        if session_id.startswith("recording:"):
            recording = next((r for r in self.recordings if f"recording:{r.id}" == session_id), None)
            if recording is not None:
                self.play_recording(recording)
            return
        if session_id == "breathing" and minutes < GUIDED_BREATHING_MIN_MINUTES:
            self.breathe_now(minutes)
            return
        self.play_guided(session_id, minutes)

    def _pacer_settings_changed(self) -> None:
        pacer = self.pacer
        pattern = pacer.pattern_text()
        try:
            parse_pattern(pattern)
        except PatternError:
            pattern = self.settings.pattern  # keep the last good one until the text is valid
        minutes = pacer.chosen_minutes()
        updated = replace(
            self.settings,
            pattern=pattern,
            minutes=minutes if minutes is not None else self.settings.minutes,
            no_holds=pacer.no_holds.isChecked(),
            always_on_top=pacer.on_top.isChecked(),
        )
        if updated != self.settings:
            self.settings = updated
            self._save_settings()

    def _voice_volume_changed(self, volume: float) -> None:
        self.settings = replace(self.settings, voice_volume=volume)
        if self.sound is not None:
            self.sound.engine.set_volume("voice", volume)
        if not self.main_window.player.volume.isSliderDown():
            self._save_settings()  # while dragging, save once on release instead of every step

    def _save_settings(self) -> None:
        try:
            save_settings(self.paths.settings, self.settings)
        except OSError as exc:
            self._notify(
                f"Your settings could not be saved ({exc.strerror or exc}); they apply until you quit."
            )

    def _notify(self, text: str) -> None:
        """Say something once: on stderr, in the main window, and through the tray if there is one."""
        if text in self.notices:
            return
        self.notices.append(text)
        print(f"kindly: {text}", file=sys.stderr)
        if self._main is not None:
            self._main.show_notice(text)
        if self.tray is not None and (self._main is None or not self._main.isVisible()):
            # Nobody is looking at the main window (a pacer or tray-only session): tell them here.
            self.tray.icon.showMessage("Kindly", text, app_icon(), 8000)

    # -- words ----------------------------------------------------------------------------------
    def _today_minutes(self) -> float:
        from sessions.stats import minutes_per_day, practice_day

        today = practice_day(_now())
        try:
            records = self.history.records()
        except HistoryError:
            return 0.0
        return minutes_per_day(records, today, today).get(today, 0.0)

    def _today_text(self) -> str:
        minutes = self._today_minutes()
        if minutes <= 0:
            return "nothing yet today, and that's fine"
        whole = max(1, round(minutes))
        return f"{whole} minute{'s' if whole != 1 else ''} of practice today"

    def _refresh_greeting(self) -> None:
        if self._main is None:
            return
        hour = _now().hour
        part = "morning" if 4 <= hour < 12 else "afternoon" if hour < 18 else "evening"
        minutes = self._today_minutes()
        today = "Nothing yet today, and that's fine." if minutes <= 0 else f"Today: {self._today_text()}."
        self._main.set_greeting(f"Good {part}. A few calm minutes are here whenever you want them.", today)

    def _playables(self) -> list[Playable]:
        from ui.main_window import Playable
        from ui.pacer import LENGTHS

        items: list[Playable] = []
        order = ["self-compassion-break", "loving-kindness", "body-scan", "breathing"]
        scripts = sorted(
            self.library.scripts,
            key=lambda sc: (order.index(sc.id) if sc.id in order else len(order), sc.title.lower()),
        )
        for script in scripts:
            items.append(
                Playable(
                    key=script.id,
                    kind="guided",
                    title=script.title,
                    blurb=script.description,
                    lengths_min=script.lengths_min,
                    default_min=script.lengths_min[0],
                )
            )
        for recording in self.recordings:
            length = mmss(recording.duration_s)
            by = f"{recording.artist} · " if recording.artist else ""
            items.append(
                Playable(
                    key=recording.id,
                    kind="recording",
                    title=recording.title,
                    blurb=f"{by}your recording, {length}",
                    lengths_min=(recording.duration_s / 60,),
                    default_min=recording.duration_s / 60,
                    length_label=f"Full length, {length}",
                )
            )
        for broken in self.library.broken:
            first = broken.problems[0] if broken.problems else None
            items.append(
                Playable(
                    key=str(broken.path),
                    kind="broken",
                    title=broken.path.name,
                    blurb="",
                    lengths_min=(),
                    default_min=None,
                    problem=first.message if first else "it could not be read",
                )
            )
        for pattern_id, pattern in PRESETS.items():
            items.append(
                Playable(
                    key=pattern_id,
                    kind="breathing",
                    title=f"Breathing · {pattern.title}",
                    blurb=PRESET_BLURBS[pattern_id],
                    lengths_min=LENGTHS,
                    default_min=self.settings.minutes,
                )
            )
        return items


__all__ = ["Command", "KindlyApp", "Settings"]
