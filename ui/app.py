"""Builds the real objects (tray, windows, controller, log) and wires them together."""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from sessions.clock import Clock, MonotonicClock
from sessions.events import SessionEnded
from sessions.history import HistoryError, HistoryLog, Record, worth_keeping
from sessions.paths import DataPaths
from sessions.patterns import PRESET_BLURBS, PRESETS, Pattern, PatternError, parse_pattern
from sessions.settings import Settings, load_settings, save_settings
from sessions.timeline import Timeline, breathing_timeline
from sessions.trace import TraceWriter
from ui import theme as themes
from ui.controller import SessionController
from ui.main_window import MainWindow, Playable
from ui.pacer import LENGTHS, PacerWindow
from ui.tray import Tray, app_icon


@dataclass(frozen=True)
class Command:
    """What the command line asked the app to do once it is up."""

    name: str = "window"  # window | start | pacer
    session_id: str = "breathing"
    pattern: str | None = None
    minutes: float | None = None
    open_ended: bool = False
    once: bool = False


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
    ) -> None:
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

        qapp.setApplicationName("Kindly")
        qapp.setApplicationDisplayName("Kindly")
        qapp.setWindowIcon(app_icon())
        self.theme = themes.current()
        qapp.setStyleSheet(themes.stylesheet(self.theme))

        self.settings, notice = load_settings(paths.settings)
        if notice:
            self._notify(notice)
        self.history = HistoryLog(paths.history)
        if self.history.notice:
            self._notify(self.history.notice)

        self.controller = SessionController(self.clock, trace=trace)
        self.controller.session_started.connect(self._on_started)
        self.controller.session_finished.connect(self._on_finished)
        self.controller.state_changed.connect(self._sync_tray)

        self.tray: Tray | None = None
        if use_tray and Tray.available():
            self.tray = Tray(self)
            self.tray.breathe_requested.connect(self.breathe_now)
            self.tray.pacer_requested.connect(self.show_pacer)
            self.tray.window_requested.connect(self.toggle_main_window)
            self.tray.pause_requested.connect(self.controller.toggle_pause)
            self.tray.stop_requested.connect(self.controller.stop)
            self.tray.quit_requested.connect(self.quit)
            self.tray.show()
        qapp.setQuitOnLastWindowClosed(self.tray is None)

    # -- windows ------------------------------------------------------------------------------
    @property
    def pacer(self) -> PacerWindow:
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
    def main_window(self) -> MainWindow:
        if self._main is None:
            window = MainWindow()
            window.set_playables(self._playables())
            window.play_requested.connect(self._play)
            window.pacer_requested.connect(self.show_pacer)
            for notice in self.notices:
                window.show_notice(notice)
            self._main = window
            self._refresh_greeting()
        return self._main

    def show_main_window(self) -> None:
        window = self.main_window
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
    def run_command(self, command: Command) -> None:
        """Carry out what the command line asked, once the event loop runs."""
        self._once = command.once
        if command.name == "start":
            pattern = parse_pattern(command.pattern or self.settings.pattern, no_holds=self.settings.no_holds)
            minutes = None if command.open_ended else (command.minutes or self.settings.minutes)
            self.show_pacer()
            self.pacer.select(command.pattern or self.settings.pattern, minutes)
            self.start_breathing(pattern, minutes)
        elif command.name == "pacer":
            self.show_pacer()
            if command.pattern or command.minutes:
                self.pacer.select(
                    command.pattern or self.settings.pattern, command.minutes or self.settings.minutes
                )
        else:
            self.show_main_window()
        if self.tray is None and command.name == "window":
            self.main_window.show_notice(
                "Your desktop has no system tray, so Kindly lives in this window. Closing it quits Kindly."
            )

    def breathe_now(self, minutes: float) -> None:
        pattern = parse_pattern(self.settings.pattern, no_holds=self.settings.no_holds)
        self.show_pacer()
        self.pacer.select(self.settings.pattern, minutes)
        self.start_breathing(pattern, minutes)

    def start_breathing(self, pattern: Pattern, minutes: float | None) -> None:
        self.start(breathing_timeline(pattern, minutes))

    def start(self, timeline: Timeline) -> None:
        self.controller.start(timeline)

    def quit(self) -> None:
        if self.controller.is_active:
            self.controller.stop()
        if self.tray is not None:
            self.tray.hide()
        self.qapp.quit()

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

    def _on_started(self) -> None:
        self._session_started_at = _now()

    def _on_finished(self, event: SessionEnded) -> None:
        runner = self.controller.runner
        if runner is not None and worth_keeping(event.practiced_s, event.completed):
            timeline = runner.timeline
            ended = _now()
            started = self._session_started_at or ended - timedelta(seconds=event.practiced_s)
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
            )
            try:
                self.history.append(record)
            except HistoryError as exc:
                self._notify(f"This session could not be saved to your log: {exc}")
                self.exit_code = 1
        self._refresh_greeting()
        self._sync_tray()
        if self._once:
            # Let the last frame and bell reach the screen and speakers, then leave.
            QTimer.singleShot(0, self.quit)

    def _sync_tray(self) -> None:
        if self.tray is None:
            return
        self.tray.set_session(active=self.controller.is_active, paused=self.controller.is_paused)
        runner = self.controller.runner
        if runner is not None and runner.is_active:
            self.tray.set_tooltip(f"Kindly — {runner.timeline.title}")
        else:
            self.tray.set_tooltip(f"Kindly — {self._today_text()}")

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

    # -- words ----------------------------------------------------------------------------------
    def _today_minutes(self) -> float:
        today = _now().date().isoformat()
        try:
            records = self.history.records()
        except HistoryError:
            return 0.0
        return sum(r.practiced_seconds for r in records if r.started_at[:10] == today) / 60.0

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
        items: list[Playable] = []
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
